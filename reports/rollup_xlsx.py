"""rollup.xlsx (openpyxl) over the RollupReport: sheet 排名 (every site, the audited ones by
rank, then those that could not be audited), sheet 问题分办 (one row per open gap, by plan
task and 责任单位) and sheet 未能完成检查. Text cells only: page text never becomes a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from contracts.rollup import RollupReport

from .atomic import write_atomic
from .html_report import safe_href

RANK_SHEET, GAPS_SHEET, MISSING_SHEET = "排名", "问题分办", "未能完成检查"
RANK_HEADERS = ["排名", "网站", "标识", "网址", "检查日期", "得分", "结论", "单项否决", "新增问题", "持续存在", "已整改",
                "页面（已抓取）", "页面（已发现）", "链接（已检查）", "链接（已发现）", "最近完整检查", "报告"]
GAP_HEADERS = ["任务", "任务名称", "责任单位", "网站", "级别", "变化", "问题", "页面", "目标", "首次发现", "规则"]
MISSING_HEADERS = ["网站", "标识", "网址", "检查日期", "原因", "最近完整检查", "上次检查报告"]
DIFF_ZH = {"new": "新增", "regressed": "复现", "open": "持续存在"}


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:32000]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _sheet(ws, headers: list[str], rows: list[list], widths: list[int]) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F0F2F5")
    for col, (name, width) in enumerate(zip(headers, widths), 1):
        _put(ws, 1, col, name)
        ws.cell(row=1, column=col).font = bold
        ws.cell(row=1, column=col).fill = fill
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row, 1):
            _put(ws, r, col, value)
            ws.cell(row=r, column=col).alignment = wrap
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(2, len(rows) + 1)}"
    ws.freeze_panes = "A2"


def render_rollup_xlsx(rollup: RollupReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = RANK_SHEET
    rows = []
    for s in rollup.sites:
        c = s.coverage
        audited = s.state == "audited"
        rows.append([
            s.rank if audited else "未排名", s.title, s.name, s.start_url, s.as_of.isoformat() if s.as_of else "",
            s.score if audited and s.score is not None else "—",
            (s.verdict or "—") if audited else "未能完成检查",
            "、".join(v.name + ("（新增）" if v in s.new_vetoes else "") for v in s.vetoes) or ("无" if audited else "—"),
            s.new if audited else "—", s.open if audited else "—", s.resolved if audited else "—",
            c.pages_fetched if c else "—", c.pages_discovered if c else "—",
            c.links_checked if c else "—", c.links_found if c else "—",
            s.last_good_as_of.isoformat() if s.last_good_as_of else "尚无完整检查",
            (s.report_href if audited else s.last_good_href) or "",
        ])
    _sheet(ws, RANK_HEADERS, rows, [6, 24, 14, 32, 12, 8, 12, 28, 9, 9, 9, 10, 10, 10, 10, 14, 40])
    gaps = wb.create_sheet(GAPS_SHEET)
    grows, links = [], []
    for g in rollup.groups:
        for x in g.gaps:
            grows.append([g.task if g.task is not None else "—", g.task_title, g.responsible, x.site_title, x.severity_zh,
                          DIFF_ZH.get(x.diff or "", ""), x.message, x.url or "", x.target or "",
                          x.first_seen.isoformat() if x.first_seen else "", x.rule])
            links.append(safe_href(x.url))
    _sheet(gaps, GAP_HEADERS, grows, [6, 30, 24, 16, 8, 8, 60, 40, 40, 12, 9])
    for r, href in enumerate(links, 2):
        if href:
            gaps.cell(row=r, column=8).hyperlink = href
    missing = wb.create_sheet(MISSING_SHEET)
    _sheet(missing, MISSING_HEADERS, [[s.title, s.name, s.start_url, s.as_of.isoformat() if s.as_of else "", s.reason or "",
                                       s.last_good_as_of.isoformat() if s.last_good_as_of else "尚无完整检查",
                                       s.last_good_href or ""]
                                      for s in rollup.sites if s.state == "not_audited"], [24, 14, 32, 12, 60, 14, 40])
    wb.properties.title = f"{rollup.title} {rollup.as_of.isoformat()}"
    wb.properties.creator = "zwgk"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_rollup_xlsx(rollup: RollupReport, path: str | Path) -> Path:
    return write_atomic(path, render_rollup_xlsx(rollup))


__all__ = ["render_rollup_xlsx", "write_rollup_xlsx", "RANK_SHEET", "GAPS_SHEET", "MISSING_SHEET"]
