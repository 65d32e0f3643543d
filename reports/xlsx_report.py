"""Excel 整改台账 (openpyxl): one sheet, frozen header, auto filter, Chinese headings.

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
from .ledger import HEADERS, ledger_rows

SHEET = "整改台账"
WIDTHS = (6, 60, 48, 40, 28, 24, 16, 22, 12)


MAX_CELL = 32_000  # Excel's limit is 32,767 characters


def _text(cell, value) -> None:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:MAX_CELL]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the page said


def render_xlsx(report: AuditReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F0F2F5")
    for col, (name, width) in enumerate(zip(HEADERS, WIDTHS), 1):
        c = ws.cell(row=1, column=col)
        _text(c, name)
        c.font, c.fill = bold, fill
        c.alignment = Alignment(vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = ledger_rows(report)
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row.cells(), 1):
            c = ws.cell(row=r, column=col)
            _text(c, value)
            c.alignment = wrap
        page_url = row.page.split("\n", 1)[0]
        if safe_href(page_url):
            ws.cell(row=r, column=3).hyperlink = safe_href(page_url)
    last = max(2, len(rows) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{last}"
    ws.freeze_panes = "A2"
    wb.properties.title = f"政务公开整改台账 {report.site} {report.as_of.isoformat()}"
    wb.properties.creator = "zwgk"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(report: AuditReport, path: str | Path) -> Path:
    return write_atomic(path, render_xlsx(report))


__all__ = ["render_xlsx", "write_xlsx", "SHEET"]
