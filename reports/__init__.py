"""Renderers over `contracts.AuditReport`: JSON (contract version 1) and HTML.

They lay out what `auditor.build.build_report` computed; they never count or judge.
Every writer is atomic: a report file is either whole or absent.
"""

from .atomic import write_atomic
from .html_report import render_html, write_html
from .json_report import read_json, report_to_dict, write_json

__all__ = ["write_atomic", "render_html", "write_html", "read_json", "report_to_dict", "write_json"]
