"""Excel 整改台账 (openpyxl): sheet 整改台账 (one row per gap) and, when the run has any, sheet
人工核查 (the manual checklist items beside their task, with the pages found as evidence); frozen
headers, auto filters, Chinese headings.

Text from pages goes in as text cells only: a message starting with "=" is never a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from contracts.report import AuditReport

from .atomic import write_atomic
from .html_report import safe_href
from .ledger import HEADERS, MANUAL_HEADERS, ledger_rows, manual_rows

SHEET = "整改台账"
MANUAL_SHEET = "人工核查"
COVERAGE_SHEET = "检查覆盖"
WIDTHS = (6, 60, 48, 40, 28, 24, 16, 22, 12, 56)
MANUAL_WIDTHS = (6, 50, 28, 24, 16, 60, 40, 22)


MAX_CELL = 32_000  # Excel's limit is 32,767 characters


def _text(cell, value) -> None:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:MAX_CELL]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the page said


def _sheet(ws, headers, widths, rows, link_col: int, link_of) -> None:
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F0F2F5")
    for col, (name, width) in enumerate(zip(headers, widths), 1):
        c = ws.cell(row=1, column=col)
        _text(c, name)
        c.font, c.fill = bold, fill
        c.alignment = Alignment(vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row.cells(), 1):
            c = ws.cell(row=r, column=col)
            _text(c, value)
            c.alignment = wrap
        href = safe_href(link_of(row))
        if href:
            ws.cell(row=r, column=link_col).hyperlink = href
    last = max(2, len(rows) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    ws.freeze_panes = "A2"


def _coverage_sheet(wb, report: AuditReport) -> None:
    """Sheet 检查覆盖 when the run did not cover everything: the summary line, the figures and
    the targets not checked by cause (the ledger lists gaps only)."""
    cov = report.coverage
    if cov is None or cov.complete:
        return
    ws = wb.create_sheet(COVERAGE_SHEET)
    bold = Font(bold=True)
    rows = [("覆盖情况", cov.text), ("覆盖率（已检查链接 / 应检查链接）", f"{cov.percent:g}%"),
            ("已抓取页面", cov.pages_fetched), ("已发现页面", cov.pages_discovered),
            ("已检查链接", cov.links_checked), ("应检查链接", cov.links_in_scope),
            ("按配置不检查", cov.links_excluded), ("受限", "；".join(cov.limits) or "—"), (None, None),
            ("未检查原因", "链接数", "其中页面", "示例")]
    rows += [(r.label + ("（按配置）" if r.excluded else ""), r.count, r.pages, "\n".join(r.examples))
             for r in cov.reasons]
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row, 1):
            if value is None:
                continue
            c = ws.cell(row=r, column=col)
            _text(c, value)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            if col == 1 or row[0] == "未检查原因":
                c.font = bold
    for col, width in zip("ABCD", (34, 80, 12, 60)):
        ws.column_dimensions[col].width = width


def render_xlsx(report: AuditReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _sheet(ws, HEADERS, WIDTHS, ledger_rows(report), 3, lambda row: row.page.split("\n", 1)[0])
    manual = manual_rows(report)
    if manual:
        _sheet(wb.create_sheet(MANUAL_SHEET), MANUAL_HEADERS, MANUAL_WIDTHS, manual, 6, lambda row: row.first_url)
    _coverage_sheet(wb, report)
    wb.properties.title = f"政务公开整改台账 {report.site} {report.as_of.isoformat()}"
    wb.properties.creator = "zwgk"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(report: AuditReport, path: str | Path) -> Path:
    return write_atomic(path, render_xlsx(report))


__all__ = ["render_xlsx", "write_xlsx", "SHEET", "MANUAL_SHEET", "COVERAGE_SHEET"]
