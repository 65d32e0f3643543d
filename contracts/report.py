"""The report model: computed once by the auditor, rendered by every report writer.

JSON contract version 1 (stable; later versions only add fields):
{"version": 1, "site": ..., "as_of": ..., "findings": [{"rule", "task", "severity",
 "url", "target", "message", "evidence", ...}], "summary": {...}}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .findings import Finding, RuleMeta

REPORT_VERSION = 1


class TaskSection(BaseModel):
    """One plan task with the gaps mapped to it."""

    model_config = ConfigDict(extra="forbid")

    number: int
    title: str
    group: str
    responsible: str
    deadlines: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)  # rules mapped to the task
    status: str  # 达标 / 存在问题 / 无法评估 / 未检查
    counts: dict[str, int] = Field(default_factory=dict)  # by status
    findings: list[int] = Field(default_factory=list)  # indexes into AuditReport.findings


class Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pages_crawled: int = 0
    links_checked: int = 0
    rules_run: int = 0
    by_status: dict[str, int] = Field(default_factory=dict)
    by_severity: dict[str, int] = Field(default_factory=dict)  # failures only
    by_rule: dict[str, int] = Field(default_factory=dict)  # failures only
    fail_on: str = "error"
    gate_failed: bool = False


class AuditReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = REPORT_VERSION
    tool: str = "zwgk"
    site: str
    start_url: str
    as_of: dt.date
    generated_at: dt.datetime
    plan_title: str = ""
    findings: list[Finding]  # every non-pass result, ordered by task, severity, rule, url
    summary: Summary
    tasks: list[TaskSection] = Field(default_factory=list)
    rules: list[RuleMeta] = Field(default_factory=list)
    crawl: dict[str, Any] = Field(default_factory=dict)  # finish reason, stats, caps
