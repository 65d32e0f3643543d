"""Deep-document content of the 开发区 sample (issue 6): full 政府信息公开工作年度报告 built on
the national template (60号 for 2019-2020, 30号 from 2021), attachments of every readable
type plus broken ones, and 名单 pages and files with personal information — planted
defects and masked decoys, with their truth entries.

`plant(builder)` runs after the generator's own `plant()` and before rendering: it edits
the 年报 articles, adds articles, writes its own files into `builder.files` (marking those
attachments so the generator does not render them) and appends to the truth lists. It
never draws from the generator's random stream.

The report builders (`ReportData`, `report_html`, `report_lines`) are also what the tests
use to make fixture reports.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .. import docfiles

COLS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
# Table 三 result rows as the templates print them: (key, group label, item label).
WITHHELD = [("secret", "1.属于国家秘密"), ("law", "2.其他法律行政法规禁止公开"),
            ("security", "3.危及“三安全一稳定”"), ("third_party", "4.保护第三方合法权益"),
            ("internal", "5.属于三类内部事务信息"), ("process", "6.属于四类过程性信息"),
            ("enforcement", "7.属于行政执法案卷"), ("query", "8.属于行政查询事项")]
UNABLE = [("not_held", "1.本机关不掌握相关政府信息"), ("create", "2.没有现成信息需要另行制作"),
          ("unclear", "3.补正后申请内容仍不明确")]
REFUSED = [("petition", "1.信访举报投诉类申请"), ("repeat", "2.重复申请"), ("publication", "3.要求提供公开出版物"),
           ("mass", "4.无正当理由大量反复申请"), ("confirm", "5.要求行政机关确认或重新出具已获取信息")]
OTHER_30 = [("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other", "3.其他")]
GROUPS = [("withheld", "（三）不予公开", WITHHELD), ("unable", "（四）无法提供", UNABLE),
          ("refused", "（五）不予处理", REFUSED)]


def result_keys(template: str) -> list[str]:
    keys = ["open", "partial"] + [f"{g}.{k}" for g, _, items in GROUPS for k, _ in items]
    return keys + ([f"other.{k}" for k, _ in OTHER_30] if template == "30号" else ["other"])


@dataclass
class ReportData:
    """The figures of one 年度报告. `requests` rows hold 6 applicant values (总计 is computed
    unless `totals` overrides a cell); `review` holds 3 blocks of 4 values."""

    year: int
    org: str
    new: list[int]
    carried_in: list[int]
    results: dict[str, list[int]]
    carried_out: list[int]
    review: list[list[int]]
    rules: dict[str, tuple[int, int, int]]  # 规章 / 行政规范性文件 → (制发, 废止, 现行有效) or 60号 (制作, 公开, 总数)
    decisions: dict[str, int] = field(default_factory=dict)  # 行政许可, 行政处罚, 行政强制
    fees: float = 0.0
    overrides: dict[tuple[str, int], int] = field(default_factory=dict)  # (row key, column) → printed value
    prose_overrides: dict[str, int] = field(default_factory=dict)  # claim kind → number the text states

    @property
    def template(self) -> str:
        return "30号" if self.year >= 2021 else "60号"

    @property
    def title(self) -> str:
        return f"{self.org}{self.year}年政府信息公开工作年度报告"

    def row(self, key: str) -> list[int]:
        """The 7 printed values of a table 三 row (overrides applied)."""
        base = {"new": self.new, "carried_in": self.carried_in, "carried_out": self.carried_out}.get(key)
        if key == "total":
            keys = result_keys(self.template)
            base = [sum(self.results.get(k, [0] * 6)[c] for k in keys) for c in range(6)]
        if base is None:
            base = self.results.get(key, [0] * 6)
        vals = list(base) + [sum(base)]
        for (k, c), v in self.overrides.items():
            if k == key:
                vals[c] = v
        return vals

    def totals(self) -> dict[str, int]:
        rv = [sum(b) for b in self.review]
        return {"requests_new": self.row("new")[6], "results_total": self.row("total")[6],
                "carried_out": self.row("carried_out")[6], "review_total": rv[0],
                "litigation_total": rv[1] + rv[2], "rules_issued": self.rules["行政规范性文件"][0],
                "rules_repealed": self.rules["行政规范性文件"][1]}


def make_series(org: str, years: list[int], seed: int = 6) -> dict[int, ReportData]:
    """Consistent reports for consecutive years: 结转 and 现行有效 chain from year to year."""
    rng = random.Random(seed)
    out: dict[int, ReportData] = {}
    carried = [1, 0, 0, 0, 0, 0]
    in_force = {"规章": 0, "行政规范性文件": 14}
    for y in sorted(years):
        new = [rng.randint(8, 16), rng.randint(1, 4), 0, rng.randint(0, 1), rng.randint(0, 2), rng.randint(0, 1)]
        carried_in = list(carried)
        avail = [a + b for a, b in zip(new, carried_in)]
        carried_out = [min(1, avail[0]), 0, 0, 0, 0, 0] if y % 2 else [0] * 6
        handled = [a - b for a, b in zip(avail, carried_out)]
        template = "30号" if y >= 2021 else "60号"
        results = {k: [0] * 6 for k in result_keys(template)}
        for c, t in enumerate(handled):
            partial, not_held, third = t // 6, t // 4, t // 8
            repeat = 1 if t >= 10 else 0
            results["partial"][c] = partial
            results["unable.not_held"][c] = not_held
            results["withheld.third_party"][c] = third
            results["refused.repeat"][c] = repeat
            results["open"][c] = t - partial - not_held - third - repeat
        carried = carried_out
        issued, repealed = rng.randint(2, 6), rng.randint(0, 3)
        if template == "30号":
            in_force["行政规范性文件"] += issued - repealed
            rules = {"规章": (0, 0, 0), "行政规范性文件": (issued, repealed, in_force["行政规范性文件"])}
        else:
            rules = {"规章": (0, 0, 0), "行政规范性文件": (issued, issued, 10 + issued)}
        review = [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]] if y % 3 == 0 else [[0] * 4 for _ in range(3)]
        out[y] = ReportData(year=y, org=org, new=new, carried_in=carried_in, results=results,
                            carried_out=carried_out, review=review, rules=rules,
                            decisions={"行政许可": rng.randint(80, 200), "行政处罚": rng.randint(0, 6), "行政强制": 0},
                            fees=0.0)
    return out


# ---------------------------------------------------------------- prose

def prose(d: ReportData) -> list[str]:
    t = {**d.totals(), **d.prose_overrides}
    lines = [f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室"
             f"有关要求编制。报告所列数据统计期限自{d.year}年1月1日起至{d.year}年12月31日止。",
             "一、总体情况",
             f"{d.year}年，{d.org}坚持以公开为常态、不公开为例外，持续做好主动公开、依申请公开和政府信息管理工作。",
             f"（一）主动公开。全年制发行政规范性文件{t['rules_issued']}件"
             + (f"，废止行政规范性文件{t['rules_repealed']}件。" if d.template == "30号" else "。"),
             f"（二）依申请公开。全年共收到政府信息公开申请{t['requests_new']}件，办结{t['results_total']}件，"
             f"结转下年度继续办理{t['carried_out']}件。"]
    if t["review_total"] or t["litigation_total"]:
        lines.append(f"（三）被申请行政复议{t['review_total']}件，提起行政诉讼{t['litigation_total']}件。")
    else:
        lines.append("（三）全年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。")
    lines.append("（四）政府信息管理与平台建设。严格落实公开前保密审查，政府信息公开专栏运行平稳。")
    return lines


TAIL = ["五、存在的主要问题及改进情况",
        "一是政策解读形式不够丰富；二是个别栏目更新不够及时。下一步将加强培训，完善考核机制。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。"]


# ---------------------------------------------------------------- HTML tables

def _td(v, **attrs) -> str:
    a = "".join(f' {k}="{x}"' for k, x in attrs.items())
    return f"<td{a}>{escape(str(v))}</td>"


def table2_html(d: ReportData) -> str:
    r = d.rules
    if d.template == "30号":
        rows = ['<tr><td colspan="4">第二十条第（一）项</td></tr>',
                "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>",
                *("<tr>" + _td(n) + "".join(_td(v) for v in r[n]) + "</tr>" for n in ("规章", "行政规范性文件")),
                '<tr><td colspan="4">第二十条第（五）项</td></tr>',
                '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>',
                f'<tr>{_td("行政许可")}{_td(d.decisions["行政许可"], colspan=3)}</tr>',
                '<tr><td colspan="4">第二十条第（六）项</td></tr>',
                '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>',
                f'<tr>{_td("行政处罚")}{_td(d.decisions["行政处罚"], colspan=3)}</tr>',
                f'<tr>{_td("行政强制")}{_td(d.decisions["行政强制"], colspan=3)}</tr>',
                '<tr><td colspan="4">第二十条第（八）项</td></tr>',
                '<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>',
                f'<tr>{_td("行政事业性收费")}{_td(f"{d.fees:g}", colspan=3)}</tr>']
    else:
        rows = ['<tr><td colspan="4">第二十条第（一）项</td></tr>',
                "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>",
                f'<tr>{_td("规章")}{"".join(_td(v) for v in r["规章"])}</tr>',
                f'<tr>{_td("规范性文件")}{"".join(_td(v) for v in r["行政规范性文件"])}</tr>',
                '<tr><td colspan="4">第二十条第（五）项</td></tr>',
                "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>",
                f'<tr>{_td("行政许可")}{_td(12)}{_td(0)}{_td(d.decisions["行政许可"])}</tr>',
                f'<tr>{_td("其他对外管理服务事项")}{_td(3)}{_td(0)}{_td(0)}</tr>',
                '<tr><td colspan="4">第二十条第（六）项</td></tr>',
                "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>",
                f'<tr>{_td("行政处罚")}{_td(5)}{_td(0)}{_td(d.decisions["行政处罚"])}</tr>',
                f'<tr>{_td("行政强制")}{_td(2)}{_td(0)}{_td(0)}</tr>',
                '<tr><td colspan="4">第二十条第（八）项</td></tr>',
                "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td></tr>",
                f'<tr>{_td("行政事业性收费")}{_td(0)}{_td(0)}</tr>']
    return '<table class="nb-table" border="1" cellspacing="0">' + "".join(rows) + "</table>"


def _cells(vals: list[int], blank_zero: bool) -> str:
    return "".join(_td("" if (blank_zero and v == 0) else v) for v in vals)


def table3_html(d: ReportData, blank_zero: bool = False) -> str:
    """Table 三 with the template's rowspans and colspans; `blank_zero` leaves zero cells empty."""
    rows = ['<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
            '<td colspan="7">申请人情况</td></tr>',
            '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
            "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>",
            f'<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>{_cells(d.row("new"), blank_zero)}</tr>',
            f'<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>{_cells(d.row("carried_in"), blank_zero)}</tr>']
    n_result = 2 + sum(len(items) for _, _, items in GROUPS) + (3 if d.template == "30号" else 1) + 1
    rows.append(f'<tr><td rowspan="{n_result}">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>'
                f'{_cells(d.row("open"), blank_zero)}</tr>')
    rows.append(f'<tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td>'
                f'{_cells(d.row("partial"), blank_zero)}</tr>')
    for g, glabel, items in GROUPS:
        for i, (k, label) in enumerate(items):
            head = f'<td rowspan="{len(items)}">{glabel}</td>' if i == 0 else ""
            rows.append(f"<tr>{head}<td>{escape(label)}</td>{_cells(d.row(f'{g}.{k}'), blank_zero)}</tr>")
    if d.template == "30号":
        for i, (k, label) in enumerate(OTHER_30):
            head = '<td rowspan="3">（六）其他处理</td>' if i == 0 else ""
            rows.append(f"<tr>{head}<td>{escape(label)}</td>{_cells(d.row(f'other.{k}'), blank_zero)}</tr>")
    else:
        rows.append(f'<tr><td colspan="2">（六）其他处理</td>{_cells(d.row("other"), blank_zero)}</tr>')
    rows.append(f'<tr><td colspan="2">（七）总计</td>{_cells(d.row("total"), blank_zero)}</tr>')
    rows.append(f'<tr><td colspan="3">四、结转下年度继续办理</td>{_cells(d.row("carried_out"), blank_zero)}</tr>')
    return '<table class="nb-table" border="1" cellspacing="0">' + "".join(rows) + "</table>"


def review_values(d: ReportData) -> list[int]:
    return [v for block in d.review for v in (*block, sum(block))]


def table4_html(d: ReportData) -> str:
    heads = "".join(f"<td>{h}</td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
    return ('<table class="nb-table" border="1" cellspacing="0">'
            '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
            f'<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td>'
            f'<td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td>'
            f'<td colspan="5">复议后起诉</td></tr><tr>{heads}{heads}</tr>'
            f"<tr>{''.join(_td(v) for v in review_values(d))}</tr></table>")


def report_html(d: ReportData, *, blank_zero: bool = False) -> tuple[list[str], str]:
    """(paragraphs before the tables, HTML of sections 二 to 六 with the tables)."""
    h = lambda s: f'<p style="text-indent:2em"><strong>{escape(s)}</strong></p>'  # noqa: E731
    p = lambda s: f'<p style="text-indent:2em">{escape(s)}</p>'  # noqa: E731
    html = "".join([h("二、主动公开政府信息情况"), table2_html(d),
                    h("三、收到和处理政府信息公开申请情况"), table3_html(d, blank_zero),
                    h("四、政府信息公开行政复议、行政诉讼情况"), table4_html(d),
                    h(TAIL[0]), p(TAIL[1]), h(TAIL[2]), p(TAIL[3])])
    return prose(d), html


# ---------------------------------------------------------------- text (PDF) layout

def report_lines(d: ReportData) -> list[str]:
    """The report as a PDF shows it: one table row per line, label then numbers."""
    fmt = lambda vals: " ".join(str(v) for v in vals)  # noqa: E731
    r = d.rules
    out = prose(d) + ["二、主动公开政府信息情况", "第二十条第（一）项"]
    if d.template == "30号":
        out += ["信息内容 本年制发件数 本年废止件数 现行有效件数",
                f"规章 {fmt(r['规章'])}", f"行政规范性文件 {fmt(r['行政规范性文件'])}",
                "第二十条第（五）项", "信息内容 本年处理决定数量", f"行政许可 {d.decisions['行政许可']}",
                "第二十条第（六）项", "信息内容 本年处理决定数量", f"行政处罚 {d.decisions['行政处罚']}",
                f"行政强制 {d.decisions['行政强制']}", "第二十条第（八）项", "信息内容 本年收费金额（单位：万元）",
                f"行政事业性收费 {d.fees:g}"]
    else:
        out += ["信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
                f"规章 {fmt(r['规章'])}", f"规范性文件 {fmt(r['行政规范性文件'])}"]
    out += ["三、收到和处理政府信息公开申请情况",
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他",
            f"一、本年新收政府信息公开申请数量 {fmt(d.row('new'))}",
            f"二、上年结转政府信息公开申请数量 {fmt(d.row('carried_in'))}",
            f"三、本年度办理结果 （一）予以公开 {fmt(d.row('open'))}",
            f"（二）部分公开（区分处理的，只计这一情形，不计其他情形） {fmt(d.row('partial'))}"]
    for g, glabel, items in GROUPS:
        for i, (k, label) in enumerate(items):
            out.append(f"{glabel + ' ' if i == 0 else ''}{label} {fmt(d.row(f'{g}.{k}'))}")
    if d.template == "30号":
        for i, (k, label) in enumerate(OTHER_30):
            out.append(f"{'（六）其他处理 ' if i == 0 else ''}{label} {fmt(d.row(f'other.{k}'))}")
    else:
        out.append(f"（六）其他处理 {fmt(d.row('other'))}")
    out += [f"（七）总计 {fmt(d.row('total'))}", f"四、结转下年度继续办理 {fmt(d.row('carried_out'))}",
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
            "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
            fmt(review_values(d)), *TAIL]
    return out


def make_pdf_pages(title: str, lines: list[str], per_page: int = 38) -> bytes:
    """A multi-page PDF (docfiles.make_pdf writes one page): STSong-Light, UniGB-UCS2-H."""
    chunks = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    n = len(chunks)
    font_id, cid_id, desc_id = 3 + 2 * n, 4 + 2 * n, 5 + 2 * n
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>",
                            ("<< /Type /Pages /Kids [%s] /Count %d >>" % (
                                " ".join(f"{3 + 2 * i} 0 R" for i in range(n)), n)).encode()]
    for i, chunk in enumerate(chunks):
        ops = ["BT", "/F1 11 Tf", "72 780 Td"]
        if i == 0:
            ops += ["/F1 15 Tf", f"{docfiles._pdf_text(title)} Tj", "/F1 10 Tf", "0 -26 Td"]
        for line in chunk:
            ops += [f"{docfiles._pdf_text(line)} Tj", "0 -19 Td"]
        ops.append("ET")
        stream = "\n".join(ops).encode("ascii")
        objects.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                        "/Contents %d 0 R >>" % (font_id, 4 + 2 * i)).encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects += [
        ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
         "/DescendantFonts [%d 0 R] >>" % cid_id).encode(),
        ("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
         "/Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R /DW 1000 >>" % desc_id).encode(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        ("<< /Title %s /Producer (zwgk samples) >>" % docfiles._pdf_info_string(title)).encode("ascii"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, len(objects), xref))
    return out.getvalue()


# ---------------------------------------------------------------- other file types

def make_ofd(title: str, lines: list[str]) -> bytes:
    """A minimal OFD (GB/T 33190) package: OFD.xml → Doc_0/Document.xml → one page of TextObjects."""
    ns = "http://www.ofdspec.org/2016"
    objs = "".join(
        f'<ofd:TextObject ID="{i + 10}" Boundary="20 {20 + 8 * i} 170 7" Font="3" Size="4.2">'
        f'<ofd:TextCode X="0" Y="5">{escape(t)}</ofd:TextCode></ofd:TextObject>'
        for i, t in enumerate([title, *lines]))
    members = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{ns}" Version="1.0" DocType="OFD">'
                   f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>zwgk-sample</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>"
                   "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{ns}">'
                              '<ofd:CommonData><ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea>'
                              "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
                              '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/Pages/Page_0/Content.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{ns}">'
                                          f'<ofd:Content><ofd:Layer ID="2">{objs}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def make_corrupt_pdf(title: str) -> bytes:
    """The first 700 bytes of a real PDF: what an interrupted upload leaves on a server."""
    return make_pdf_pages(title, ["本文件上传不完整。"] * 30)[:700]


def html_in_place_of_file() -> bytes:
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
            "<body><div class=\"error\">抱歉，您访问的页面不存在或已被删除！</div></body></html>\n").encode("utf-8")


# ---------------------------------------------------------------- planting

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17: str) -> str:
    """A made-up 18-digit number with a valid GB 11643 check digit."""
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS))
    return first17 + "10X98765432"[total % 11]


def luhn_number(prefix: str) -> str:
    for d in "0123456789":
        digits = prefix + d
        total = sum((int(ch) * 2 - 9 if int(ch) * 2 > 9 else int(ch) * 2) if i % 2 else int(ch)
                    for i, ch in enumerate(reversed(digits)))
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


# Planted full values (fictional people; the e2e test greps every output for them).
PLANTED_IDS = [resident_id("22080219850312001"), resident_id("22080219900521002"), resident_id("22080219780916003")]
PLANTED_MOBILES = ["13812345678", "15943601234", "18704365566"]
PLANTED_SUBSIDY_IDS = [resident_id("22080219680302011"), resident_id("22080219720415012"),
                       resident_id("22080219811130013")]
PLANTED_CARDS = [luhn_number("622848012345678901"), luhn_number("622202080100123456"), luhn_number("621700123400567890")]
PLANTED_VALUES = PLANTED_IDS + PLANTED_MOBILES + PLANTED_SUBSIDY_IDS + PLANTED_CARDS


def _mask_id(v: str) -> str:
    return v[:4] + "*" * 10 + v[-4:]


def plant(b) -> None:
    """Add the issue-6 content to a generator `_Builder` (see the module docstring)."""
    from . import content as c
    from . import layout as L
    from .generator import Article, Attachment

    rng = random.Random(20261127)
    reports = _plant_reports(b, Article, Attachment, L)
    docid = max(a.docid for col in b.columns.values() for a in col.articles)
    made: list = []

    def article(key: str, title: str, days_back: int, paras: list[str], **kw):
        nonlocal docid
        docid += 7
        when = dt.datetime.combine(b.as_of - dt.timedelta(days=days_back), dt.time(9, 30))
        col = b.columns[key]
        art = Article(col, title, when, paras, docid=docid, topic=kw.pop("topic", "综合政务"), **kw)
        if col.xxgk:
            art.index_no = f"{c.ORG_CODE}/{when.year}-{90000 + len(made):05d}"
        col.articles.append(art)
        made.append(art)
        return art

    def attach(art, ext: str, label: str, data: bytes):
        name = f"W0{art.when:%Y%m%d}{rng.randrange(10 ** 11, 10 ** 12)}.{ext}"
        # written here, so the generator must not render it: `missing` keeps it out of render_attachments
        art.attachments.append(Attachment(name, label, ext, label, [], missing=True))
        b.files[(art.dir + name).lstrip("/")] = data
        return art.dir + name

    year = b.as_of.year
    # 名单 with full IDs and mobiles (planted) and one with masked values and look-alikes (decoy).
    rows = "".join(f"<tr><td>{i + 1}</td><td>{n}</td><td>{s}</td><td>{pid}</td><td>{m}</td><td>{job}</td></tr>"
                   for i, (n, s, pid, m, job) in enumerate(zip(["张伟", "李娜", "王强"], ["男", "女", "男"], PLANTED_IDS,
                                                                PLANTED_MOBILES, ["综合管理", "财务会计", "工程技术"])))
    leak = article("rsxx", f"{year}年公开招聘工作人员拟聘用人员公示（第二批）", 20,
                   [f"根据{year}年公开招聘工作人员有关规定，现将拟聘用人员名单公示如下，公示期为7个工作日。"],
                   topic="人事")
    leak.extra_html = ('<table class="gs-table" border="1" cellspacing="0"><tr><th>序号</th><th>姓名</th><th>性别</th>'
                       f"<th>身份证号码</th><th>手机号码</th><th>拟聘岗位</th></tr>{rows}</table>\n"
                       f"<p>监督电话：{L.e(c.PHONE)}</p>\n")
    masked_rows = "".join(f"<tr><td>{i + 1}</td><td>{n}</td><td>{_mask_id(pid)}</td><td>{m[:3]}****{m[-4:]}</td></tr>"
                          for i, (n, pid, m) in enumerate(zip(["赵敏", "孙磊"], PLANTED_IDS[:2], PLANTED_MOBILES[:2])))
    bad_check = PLANTED_IDS[0][:17] + ("0" if PLANTED_IDS[0][17] != "0" else "1")
    decoy = article("rsxx", f"{year}年公开招聘工作人员体检合格人员名单（第二批）", 25,
                    ["现将体检合格人员名单公布如下（个人信息已作去标识化处理）。"], topic="人事")
    decoy.extra_html = ('<table class="gs-table" border="1" cellspacing="0"><tr><th>序号</th><th>姓名</th>'
                        f"<th>身份证号码</th><th>手机号码</th></tr>{masked_rows}</table>\n"
                        f"<p>档案编号：{bad_check}　体检流水号：1139043612345566778　"
                        f"订单号：{year}11201234567890</p>\n<p>咨询电话：{L.e(c.PHONE)}</p>\n")
    # 补贴 公示 whose spreadsheet lists IDs and bank cards in full (planted); its docx masks them.
    subsidy = article("czyjs", f"{year}年第三季度稳岗补贴发放情况公示", 40,
                      ["根据稳岗补贴政策有关规定，现将第三季度稳岗补贴发放情况予以公示，详见附件。"], topic="财政")
    sheet = [["序号", "姓名", "身份证号", "开户银行", "银行卡号", "补贴金额（元）"]] + [
        [str(i + 1), n, pid, bank, card, "3000"]
        for i, (n, pid, bank, card) in enumerate(zip(["钱芳", "吴刚", "郑丽"], PLANTED_SUBSIDY_IDS,
                                                     ["农业银行", "工商银行", "建设银行"], PLANTED_CARDS))]
    xlsx_path = attach(subsidy, "xlsx", "稳岗补贴发放明细.xlsx", docfiles.make_xlsx("发放明细", sheet))
    docx_path = attach(subsidy, "docx", "稳岗补贴发放说明.docx", docfiles.make_docx("稳岗补贴发放说明", [
        "本次发放对象3人，身份证号、银行卡号已作去标识化处理：", f"钱芳 {_mask_id(PLANTED_SUBSIDY_IDS[0])} "
        f"{PLANTED_CARDS[0][:4]}{'*' * 11}{PLANTED_CARDS[0][-4:]}"]))
    # Every readable attachment type, and three that are not documents at all.
    files = article("zdxm", f"{c.SHORT}重大项目申报材料模板", 30,
                    ["为做好重大项目申报工作，现将申报材料模板予以公开，请按需下载。"], topic="重大项目")
    lines = ["项目名称：", "建设单位：", "建设地点：", "总投资（万元）：", "建设内容及规模："]
    ok_paths = [
        attach(files, "pdf", "重大项目申报指南.pdf", make_pdf_pages("重大项目申报指南", ["一、申报条件", *lines] * 8)),
        attach(files, "doc", "项目申报书.doc", docfiles.make_doc("项目申报书", lines)),
        attach(files, "docx", "项目申报书（新版）.docx", docfiles.make_docx("项目申报书", lines)),
        attach(files, "xls", "项目汇总表.xls", docfiles.make_xls("汇总表", [["序号", "项目名称", "总投资"], ["1", "示例项目", "1000"]])),
        attach(files, "xlsx", "项目汇总表（新版）.xlsx", docfiles.make_xlsx("汇总表", [["序号", "项目名称"], ["1", "示例项目"]])),
        attach(files, "ofd", "项目申报承诺书.ofd", make_ofd("项目申报承诺书", ["本单位承诺所报材料真实有效。"])),
        attach(files, "doc", "项目申报书（Word 97-2003）.doc", make_word97("项目申报书", lines)),
        attach(files, "wps", "项目申报书（WPS版）.wps", make_word97("项目申报书", lines)),
        attach(files, "xls", "项目汇总表（Excel 97-2003）.xls",
               make_biff8("汇总表", [["序号", "项目名称", "总投资"], ["1", "示例项目", "1000"]])),
    ]
    bad = {"corrupt": attach(files, "pdf", "项目申报流程图.pdf", make_corrupt_pdf("项目申报流程图")),
           "html_instead": attach(files, "pdf", "项目评审办法.pdf", html_in_place_of_file()),
           "empty": attach(files, "xls", "项目储备库清单.xls", b"")}
    labels = {"corrupt": "项目申报流程图.pdf", "html_instead": "项目评审办法.pdf", "empty": "项目储备库清单.xls"}

    defects = list(reports["defects"])
    for outcome, path in bad.items():
        defects.append({"rule": "DOC001", "url": files.path, "target": path,
                        "evidence": {"outcome": outcome, "link_text": labels[outcome]},
                        "note": f"attachment answers 200 but is {outcome}"})
    defects += [
        {"rule": "PII001", "url": leak.path, "evidence": {"kind": "id_number", "count": 3},
         "note": "拟聘用人员公示 lists full 身份证号码"},
        {"rule": "PII002", "url": leak.path, "evidence": {"kind": "mobile", "count": 3},
         "note": "拟聘用人员公示 lists full 手机号码"},
        {"rule": "PII001", "url": subsidy.path, "target": xlsx_path, "evidence": {"kind": "id_number", "count": 3},
         "note": "稳岗补贴 spreadsheet lists full 身份证号"},
        {"rule": "PII003", "url": subsidy.path, "target": xlsx_path, "evidence": {"kind": "bank_card", "count": 3},
         "note": "稳岗补贴 spreadsheet lists full 银行卡号"},
    ]
    for i, d in enumerate(defects, start=1):
        b.defects.append({"id": f"DD{i:02d}", **d})
    b.correct += reports["correct"] + [
        {"url": decoy.path, "rules": ["PII001", "PII002", "PII003"],
         "note": "masked IDs/mobiles, an ID-like serial with a wrong check digit, a 19-digit run holding a "
                 "mobile, an order number, a landline"},
        {"target": docx_path, "rules": ["DOC001", "PII001", "PII003"], "note": "docx with masked values"},
        *({"target": p, "rules": ["DOC001"], "note": f"readable {p.rsplit('.', 1)[1]} attachment"} for p in ok_paths),
    ]


def _plant_reports(b, Article, Attachment, L) -> dict:
    """Full tables for every 年报 from 2019 on; defects on three of them (see the module doc)."""
    import re

    col = b.columns["xxgknb"]
    by_year = {}
    for a in col.articles:
        m = re.search(r"(\d{4})年政府信息公开工作年度报告", a.title)
        if m:
            by_year[int(m.group(1))] = a
    years = sorted(y for y in by_year if y >= 2019)
    out = {"defects": [], "correct": []}
    if not years:
        return out
    org = by_year[years[0]].title.split(str(years[0]))[0]
    series = make_series(org, years)
    last = years[-1]
    role = {y: last - y for y in years}
    # planted: 2 years back → 表三 does not add up; 3 back → 上年结转 breaks the chain; 4 back → text ≠ table
    for y, k in role.items():
        d = series[y]
        if k == 2:
            d.overrides[("open", 0)] = d.row("open")[0] + 2
        elif k == 3 and (y - 1) in series:
            d.carried_in = [d.carried_in[0] + 2, *d.carried_in[1:]]
            d.new = [d.new[0] - 2, *d.new[1:]]
        elif k == 4:
            d.prose_overrides["requests_new"] = d.totals()["requests_new"] + d.totals().get("carried_out", 0) + 3
    for y in years:
        art, d, k = by_year[y], series[y], role[y]
        paras, html = report_html(d, blank_zero=(k == 0))
        if k == 1:  # this year's page only points to its PDF: the numbers are read from the PDF text
            art.paras = [f"{d.title}全文详见附件。"]
            art.extra_html = ""
        else:
            art.paras = paras
            art.extra_html = html + "\n"
        pdf = art.attachments[0] if art.attachments else None
        if pdf is not None and pdf.ext == "pdf":
            pdf.missing = True  # written here (multi-page), not by the generator's one-page writer
            b.files[(art.dir + pdf.filename).lstrip("/")] = make_pdf_pages(d.title, report_lines(d))
        if k == 2:
            out["defects"].append({"rule": "DOC003", "url": art.path, "evidence": {"table": "三", "year": y},
                                   "note": "表三 予以公开/自然人 printed 2 too high"})
        elif k == 3 and (y - 1) in series:
            out["defects"].append({"rule": "DOC004", "url": art.path, "target": by_year[y - 1].path,
                                   "evidence": {"chain": "结转", "year": y},
                                   "note": f"{y} 上年结转 does not equal {y - 1} 结转下年度继续办理"})
        elif k == 4:
            out["defects"].append({"rule": "DOC005", "url": art.path, "evidence": {"claim": "requests_new", "year": y},
                                   "note": "the text states more applications than 表三"})
        elif k in (0, 1):
            out["correct"].append({"url": art.path, "rules": ["DOC002", "DOC003", "DOC004", "DOC005"],
                                   "note": "consistent report" + (" (numbers in its PDF)" if k == 1 else "")})
    return out


# ---------------------------------------------------------------- legacy binary Office files

_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def make_ole(streams: dict[str, bytes]) -> bytes:
    """A compound file (CFB v3, 512-byte sectors) holding `streams` at its root. Every stream
    is padded to 4096 bytes so that none lives in the mini stream."""
    items = [(name, data.ljust(4096, b"\0")) for name, data in streams.items()]
    n_dir_sectors = (len(items) + 1 + 3) // 4
    data_sectors = [len(d) // 512 + (1 if len(d) % 512 else 0) for _, d in items]
    n_fat = 1
    while (n_fat + n_dir_sectors + sum(data_sectors)) > n_fat * 128:
        n_fat += 1
    fat = [_FATSECT] * n_fat
    dir_start = len(fat)
    fat += [dir_start + i + 1 for i in range(n_dir_sectors - 1)] + [_END]
    starts = []
    for count in data_sectors:
        start = len(fat)
        starts.append(start)
        fat += [start + i + 1 for i in range(count - 1)] + [_END]
    fat += [_FREE] * (n_fat * 128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, _FREE, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), items[i][0].upper()))
    dirs = [entry("Root Entry", 5, order[0] + 1 if items else _FREE, _FREE, _END, 0)]
    for i, (name, d) in enumerate(items):
        pos = order.index(i)
        right = order[pos + 1] + 1 if pos + 1 < len(order) else _FREE  # siblings as a right-leaning chain
        dirs.append(entry(name, 2, _FREE, right, starts[i], len(d)))
    dir_bytes = b"".join(dirs).ljust(n_dir_sectors * 512, b"\0")
    for k in range(len(dirs), n_dir_sectors * 4):  # unused entries: empty, no siblings
        off = k * 128
        dir_bytes = dir_bytes[:off + 68] + struct.pack("<III", _FREE, _FREE, _FREE) + dir_bytes[off + 80:]
    difat = list(range(n_fat)) + [_FREE] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", *difat))
    body = struct.pack(f"<{len(fat)}I", *fat) + dir_bytes + b"".join(
        d.ljust(count * 512, b"\0") for (_, d), count in zip(items, data_sectors))
    return header + body


def make_word97(title: str, paragraphs: list[str]) -> bytes:
    """A Word 97-2003 binary document (also what WPS 文字 writes as .wps): the text is one
    UTF-16 piece at 0x800 of the WordDocument stream; the piece table is in 1Table."""
    text = "\r".join([title, *paragraphs]) + "\r"
    word = bytearray(0x800)
    struct.pack_into("<HH", word, 0, 0xA5EC, 0x00C1)  # wIdent, nFib (Word 97)
    struct.pack_into("<H", word, 0x0A, 0x0200)  # fWhichTblStm: the 1Table stream
    struct.pack_into("<H", word, 0x20, 14)  # csw
    struct.pack_into("<H", word, 0x3E, 22)  # cslw
    struct.pack_into("<i", word, 0x4C, len(text))  # ccpText
    struct.pack_into("<H", word, 0x98, 0x5D)  # cbRgFcLcb
    plc = struct.pack("<ii", 0, len(text)) + struct.pack("<HIH", 0, 0x800, 0)  # CPs, one PCD (uncompressed)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, 0x1A2, 0, len(clx))  # fcClx, lcbClx
    word += text.encode("utf-16-le")
    return make_ole({"WordDocument": bytes(word), "1Table": clx})


def _biff(rtype: int, data: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def _xl_string(s: str, short: bool = False) -> bytes:
    raw = s.encode("utf-16-le")
    return (struct.pack("<B", len(s)) if short else struct.pack("<H", len(s))) + b"\x01" + raw


def make_biff8(sheet: str, rows: list[list[str]]) -> bytes:
    """An Excel 97-2003 (BIFF8) workbook with one sheet of text cells (numbers as NUMBER)."""
    bof = lambda kind: _biff(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))  # noqa: E731
    cells = []
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v.isdigit() and len(v) <= 15:  # longer digit strings (身份证号) are text cells, as in Excel
                cells.append(_biff(0x0203, struct.pack("<HHHd", r, c, 0, float(v))))
            else:
                cells.append(_biff(0x0204, struct.pack("<HHH", r, c, 0) + _xl_string(v)))
    ncols = max((len(r) for r in rows), default=0)
    sheet_stream = (bof(0x0010) + _biff(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, ncols, 0))
                    + b"".join(cells) + _biff(0x000A, b""))
    name = _xl_string(sheet, short=True)
    globals_len = len(bof(0x0005)) + 4 + 6 + len(name) + len(_biff(0x000A, b""))
    boundsheet = _biff(0x0085, struct.pack("<IBB", globals_len, 0, 0) + name)
    stream = bof(0x0005) + boundsheet + _biff(0x000A, b"") + sheet_stream
    return make_ole({"Workbook": stream})
