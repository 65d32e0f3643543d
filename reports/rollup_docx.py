"""rollup.docx: a 检查情况通报 draft (python-docx) in the usual 公文 layout, for the office to
edit and send.

Layout (after GB/T 9704): 发文机关标志 in red large type and the 发文字号, a red line; the
title centred in 方正小标宋简体 二号 (22 pt, bold); 主送机关; 正文 in 仿宋_GB2312 三号 (16 pt)
with 一级标题 一、总体情况 二、存在的主要问题 三、整改要求 in 黑体; the ranking table; 落款 and
成文日期 (the audit date, --as-of) on the right. Every sentence is filled from the
RollupReport; nothing is counted here.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from contracts.rollup import RollupReport

from .atomic import write_atomic

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAITI = "楷体_GB2312"
RED = RGBColor(0xC0, 0x00, 0x00)
SECTIONS = ("一、总体情况", "二、存在的主要问题", "三、整改要求")
TABLE_HEADERS = ["排名", "网站", "得分", "结论", "单项否决", "新增问题", "已整改"]
MAX_GAP_EXAMPLES = 3


def cn_date(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def notice_title(rollup: RollupReport) -> str:
    return f"关于{rollup.as_of.year}年{rollup.as_of.month}月政府网站检查情况的通报"


def _font(run, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _para(doc, text: str = "", *, font: str = BODY_FONT, size: float = 16, bold: bool = False, indent: bool = True,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, color: RGBColor | None = None, style: str | None = None):
    p = doc.add_paragraph(style=style)
    p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if text:
        _font(p.add_run(text), font, size, bold=bold, color=color)
    return p


def _red_rule(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


def _cell(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), BODY_FONT, 12, bold=bold)


def render_rollup_docx(rollup: RollupReport) -> bytes:
    s = rollup.summary
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    doc.core_properties.title = notice_title(rollup)
    doc.core_properties.author = "zwgk"

    # 版头: 发文机关标志, 发文字号, red line
    issuer = rollup.issuer or "（发文机关）"
    _para(doc, f"{issuer}文件" if rollup.issuer else issuer, font=TITLE_FONT, size=30, indent=False,
          align=WD_ALIGN_PARAGRAPH.CENTER, color=RED).paragraph_format.line_spacing = Pt(48)
    head = _para(doc, rollup.doc_number or "（发文字号）", size=16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _red_rule(head)
    _para(doc, "", indent=False)

    # 标题, 主送机关
    t = _para(doc, notice_title(rollup), font=TITLE_FONT, size=22, bold=True, indent=False,
              align=WD_ALIGN_PARAGRAPH.CENTER)
    t.paragraph_format.line_spacing = Pt(36)
    _para(doc, "", indent=False)
    _para(doc, f"{rollup.addressee}：", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)

    # 一、总体情况
    who = rollup.issuer or "我办"
    _para(doc, SECTIONS[0], font=HEADING_FONT)
    missing = [x for x in rollup.sites if x.state == "not_audited"]
    text = (f"{cn_date(rollup.as_of)}，{who}对{s.sites}个政府网站开展了检查。完成检查{s.audited}个，"
            f"其中合格{s.passed}个、不合格{s.failed}个、单项否决{s.vetoed}个")
    if missing:
        text += f"；{s.not_audited}个网站未能完成检查（{'、'.join(x.title for x in missing)}），不作结论，待复查"
    text += f"。本次检查新增问题{s.new_gaps}个，已整改问题{s.resolved_gaps}个。检查指标得分排名如下："
    _para(doc, text)
    table = doc.add_table(rows=1, cols=len(TABLE_HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(table.rows[0].cells, TABLE_HEADERS):
        _cell(cell, name, bold=True)
    for x in rollup.sites:
        audited = x.state == "audited"
        values = [str(x.rank) if audited else "—", x.title,
                  (f"{x.score:g}" if x.score is not None else "—") if audited else "—",
                  (x.verdict or "—") if audited else "未能完成检查",
                  "、".join(v.name for v in x.vetoes) or ("无" if audited else "—"),
                  str(x.new) if audited else "—", str(x.resolved) if audited else "—"]
        for cell, value in zip(table.add_row().cells, values):
            _cell(cell, value)

    # 二、存在的主要问题
    _para(doc, SECTIONS[1], font=HEADING_FONT)
    _para(doc, "（一）单项否决情况", font=KAITI)
    vetoed = [x for x in rollup.sites if x.vetoes]
    if vetoed:
        for x in vetoed:
            new = [v.name for v in x.new_vetoes]
            _para(doc, f"{x.title}：触发单项否决指标“{'”“'.join(v.name for v in x.vetoes)}”"
                       + (f"，其中“{'”“'.join(new)}”为本次新增" if new else "") + "。")
    else:
        _para(doc, "完成检查的网站均未触发单项否决指标。")
    _para(doc, "（二）按任务和责任单位分列的问题", font=KAITI)
    if rollup.groups:
        for g in rollup.groups:
            task = f"任务{g.task} {g.task_title}" if g.task is not None else g.task_title
            _para(doc, f"{task}（责任单位：{g.responsible}）：问题{len(g.gaps)}个，其中新增{g.new}个，"
                       f"涉及{'、'.join(g.sites)}。")
            for x in g.gaps[:MAX_GAP_EXAMPLES]:
                _para(doc, f"如{x.site_title}：{x.message}")
    else:
        _para(doc, "完成检查的网站没有待整改的问题。")
    if missing:
        _para(doc, "（三）未能完成检查的网站", font=KAITI)
        for x in missing:
            last = f"上次完整检查为{cn_date(x.last_good_as_of)}" if x.last_good_as_of else "尚无完整检查记录"
            _para(doc, f"{x.title}：{x.reason}，{last}。")

    # 三、整改要求
    _para(doc, SECTIONS[2], font=HEADING_FONT)
    deadline = f"于{cn_date(rollup.rectify_by)}前" if rollup.rectify_by else "在规定时限内"
    _para(doc, f"请各责任单位对照问题分办表逐项整改，{deadline}将整改情况报送{who}。触发单项否决指标的网站主办单位"
               f"要立即整改，整改完成后及时报告。未能完成检查的网站，请主办单位核实网站运行情况，确保网站正常访问，"
               f"并配合开展复查。")
    _para(doc, "附件：政府网站检查问题分办表", indent=True)

    # 落款, 成文日期
    _para(doc, "", indent=False)
    _para(doc, rollup.issuer or "（发文机关）", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, cn_date(rollup.as_of), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_rollup_docx(rollup: RollupReport, path: str | Path) -> Path:
    return write_atomic(path, render_rollup_docx(rollup))


__all__ = ["render_rollup_docx", "write_rollup_docx", "notice_title", "cn_date", "SECTIONS", "TABLE_HEADERS"]
