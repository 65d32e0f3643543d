"""Excel 整改台账 (openpyxl): sheet 整改台账 (one row per gap) and, when the run has any, sheet
人工核查 (the manual checklist items beside their task, with the pages found as evidence); frozen
headers, auto filters, Chinese headings.

Text from pages goes in as text cells only: a message starting with "=" is never a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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


def _cell(ws, value, *, font=None, fill=None, alignment=None) -> WriteOnlyCell:
    """One streamed cell (write-only mode): the value as _text sets it, and its style."""
    c = WriteOnlyCell(ws)
    _text(c, value)
    if font is not None:
        c.font = font
    if fill is not None:
        c.fill = fill
    if alignment is not None:
        c.alignment = alignment
    return c


def _sheet(ws, headers, widths, rows, link_col: int, link_of) -> None:
    """Header and rows streamed into a write-only sheet. Column widths, the frozen header and
    the auto filter are set before the first row: write-only mode writes them with the sheet."""
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F0F2F5")
    for col, width in enumerate(widths[:len(headers)], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    last = max(2, len(rows) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    ws.freeze_panes = "A2"
    centre = Alignment(vertical="center", horizontal="center")
    ws.append([_cell(ws, name, font=bold, fill=fill, alignment=centre) for name in headers])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        cells = [_cell(ws, value, alignment=wrap) for value in row.cells()]
        href = safe_href(link_of(row))
        if href:
            while len(cells) < link_col:  # a link column past the row's values: an empty cell holds it
                cells.append(WriteOnlyCell(ws))
            cells[link_col - 1].hyperlink = href
        ws.append(cells)


def _coverage_sheet(wb, report: AuditReport) -> None:
    """Sheet 检查覆盖 when the run did not cover everything: the summary line, the figures and
    the targets not checked by cause (the ledger lists gaps only)."""
    cov = report.coverage
    if cov is None or cov.complete:
        return
    ws = wb.create_sheet(COVERAGE_SHEET)
    bold = Font(bold=True)
    for col, width in zip("ABCD", (34, 80, 12, 60)):
        ws.column_dimensions[col].width = width
    rows = [("覆盖情况", cov.text), ("覆盖率（已检查链接 / 应检查链接）", f"{cov.percent:g}%"),
            ("已抓取页面", cov.pages_fetched), ("已发现页面", cov.pages_discovered),
            ("已检查链接", cov.links_checked), ("应检查链接", cov.links_in_scope),
            ("按配置不检查", cov.links_excluded), ("受限", "；".join(cov.limits) or "—"), (None, None),
            ("未检查原因", "链接数", "其中页面", "示例")]
    rows += [(r.label + ("（按配置）" if r.excluded else ""), r.count, r.pages, "\n".join(r.examples))
             for r in cov.reasons]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([None if value is None else
                   _cell(ws, value, alignment=wrap, font=bold if col == 1 or row[0] == "未检查原因" else None)
                   for col, value in enumerate(row, 1)])


def _workbook(report: AuditReport) -> Workbook:
    """The workbook in write-only mode: rows are streamed, not kept as cell objects."""
    wb = Workbook(write_only=True)
    _sheet(wb.create_sheet(SHEET), HEADERS, WIDTHS, ledger_rows(report), 3, lambda row: row.page.split("\n", 1)[0])
    manual = manual_rows(report)
    if manual:
        _sheet(wb.create_sheet(MANUAL_SHEET), MANUAL_HEADERS, MANUAL_WIDTHS, manual, 6, lambda row: row.first_url)
    _coverage_sheet(wb, report)
    wb.properties.title = f"政务公开整改台账 {report.site} {report.as_of.isoformat()}"
    wb.properties.creator = "zwgk"
    return wb


def render_xlsx(report: AuditReport) -> bytes:
    buf = io.BytesIO()
    _workbook(report).save(buf)
    return buf.getvalue()


def save_xlsx(report: AuditReport, path: str | Path) -> Path:
    """Write the workbook straight to `path` (not atomically: for a staging folder)."""
    _workbook(report).save(str(path))
    return Path(path)


def write_xlsx(report: AuditReport, path: str | Path) -> Path:
    return write_atomic(path, render_xlsx(report))


__all__ = ["render_xlsx", "save_xlsx", "write_xlsx", "SHEET", "MANUAL_SHEET", "COVERAGE_SHEET"]
