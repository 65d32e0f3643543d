"""Pure parsing of 政府信息公开工作年度报告 into numbers: extraction, not judgement.

It lives beside the rules that judge the numbers (DOC002-DOC005) because rules may not
import the crawler package; it reads only what artifacts hold (page/attachment text and
tables), so it runs at audit time and needs no artifact field of its own.

The national template (国办公开办函〔2019〕60号 for the 2019-2020 reports, 〔2021〕30号
from the 2021 reports on) has six sections and three tables:

* 二、主动公开政府信息情况: rows keyed to 条例第二十条 items (规章, 行政规范性文件,
  行政许可, 行政处罚, 行政强制, 行政事业性收费, …) with the columns of the template in force;
* 三、收到和处理政府信息公开申请情况: 7 applicant columns (自然人, 商业企业, 科研机构,
  社会公益组织, 法律服务机构, 其他, 总计) × rows 本年新收, 上年结转, the 办理结果 (予以公开,
  部分公开, 不予公开 1-8, 无法提供 1-3, 不予处理 1-5, 其他处理 [30号: 1-3], 总计), 结转下年度;
* 四、行政复议、行政诉讼: 15 numbers, three blocks (行政复议, 未经复议直接起诉, 复议后起诉)
  of 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.

`parse_report` reads them from HTML tables (`PageArtifact.tables`, docx/xlsx tables: a blank
cell is 0) or from plain text (a PDF's text: a row is a label followed by its run of numbers;
a row with too few numbers is recorded as unreadable, never guessed). It also collects the
numbers the prose states (共收到政府信息公开申请N件, 行政复议N件 …) so that a rule can compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REVIEW_BLOCKS = ("行政复议", "未经复议直接起诉", "复议后起诉")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

TITLE_RE = re.compile(r"政府信息公开(?:工作)?年度报告|政务公开(?:工作)?年度报告|信息公开(?:工作)?年报")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")

SECTIONS = (
    ("一", "总体情况", r"总体情况"),
    ("二", "主动公开政府信息情况", r"主动公开政府信息(?:的)?情况"),
    ("三", "收到和处理政府信息公开申请情况", r"收到和处理政府信息公开申请(?:的)?情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况", r"(?:政府信息公开)?行政复议[、，,和及与]?\s*行政诉讼(?:的)?情况"),
    ("五", "存在的主要问题及改进情况", r"存在的主要问题(?:及|和|与)改进情况"),
    ("六", "其他需要报告的事项", r"其他需要报告的事项"),
)
_ARABIC = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6"}


def _loose(s: str) -> str:
    """A regex source that allows whitespace between the characters of a literal-ish pattern
    (PDF text often splits headings: 总 体 情 况)."""
    out, i = [], 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            out.append(s[i:i + 2])
            i += 2
            continue
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff":
            out.append(r"\s*")
        i += 1
    return "".join(out)


_SECTION_RES = {
    num: re.compile(r"(?:^|[\s。；：:>）)])\s*(?:第\s*)?[" + num + _ARABIC[num] + r"]\s*[、.．,，]?\s*" + _loose(rx))
    for num, _, rx in SECTIONS
}
_SECTION_LOOSE = {num: re.compile(_loose(rx)) for num, _, rx in SECTIONS}
# A numbered heading whose wording strays from the template (a typo: 平潭 2022
# "四、政府信息公开行政法复议、行政诉讼情况") is still the section when its content words stand
# in the heading, in order: the words every wording of the section keeps.
SECTION_MARKERS = {"一": ("总体",), "二": ("主动公开",), "三": ("申请",), "四": ("复议", "诉讼"),
                   "五": ("问题", "改进"), "六": ("其他", "事项")}
_SECTION_TOLERANT = {
    num: re.compile(r"(?:^|[\s。；：:>）)])\s*(?:第\s*)?[" + num + _ARABIC[num] + r"]\s*[、.．]\s*[^。；！？\n、]{0,20}?"
                    + r"[^。；！？\n]{0,12}?".join(re.escape(w) for w in words))
    for num, words in SECTION_MARKERS.items()
}

# ---------------------------------------------------------------- table 三 vocabulary

_TOP_KEYS = (
    ("new", r"本年新收"),
    ("carried_in", r"上年结转"),
    ("carried_out", r"结转下年度|结转下一年度|转入下年度"),
    ("open", r"予以公开"),
    ("partial", r"部分公开"),
    ("total", r"总计|合计"),
)
_GROUPS = (
    ("withheld", r"不予公开"),
    ("unable", r"无法提供"),
    ("refused", r"不予处理"),
    ("other", r"其他处理"),
)
_ITEMS = {
    "withheld": (("secret", r"国家秘密"), ("law", r"禁止公开"), ("security", r"三安全一稳定|三安全"),
                 ("third_party", r"第三方合法权益"), ("internal", r"内部事务"), ("process", r"过程性"),
                 ("enforcement", r"执法案卷"), ("query", r"行政查询")),
    "unable": (("not_held", r"不掌握"), ("create", r"另行制作"), ("unclear", r"仍不明确|不明确")),
    "refused": (("petition", r"信访|举报|投诉"), ("repeat", r"重复申请"), ("publication", r"公开出版物"),
                ("mass", r"大量反复"), ("confirm", r"重新出具|确认")),
    "other": (("no_correction", r"逾期不补正|不补正"), ("no_fee", r"缴纳费用|收费通知"), ("other", r"其他")),
}
ITEM_LABELS = {
    "new": "本年新收政府信息公开申请数量", "carried_in": "上年结转政府信息公开申请数量",
    "open": "予以公开", "partial": "部分公开", "total": "办理结果总计", "carried_out": "结转下年度继续办理",
    "withheld": "不予公开", "unable": "无法提供", "refused": "不予处理", "other": "其他处理",
    "withheld.secret": "不予公开-属于国家秘密", "withheld.law": "不予公开-其他法律行政法规禁止公开",
    "withheld.security": "不予公开-危及“三安全一稳定”", "withheld.third_party": "不予公开-保护第三方合法权益",
    "withheld.internal": "不予公开-属于三类内部事务信息", "withheld.process": "不予公开-属于四类过程性信息",
    "withheld.enforcement": "不予公开-属于行政执法案卷", "withheld.query": "不予公开-属于行政查询事项",
    "unable.not_held": "无法提供-本机关不掌握相关政府信息", "unable.create": "无法提供-没有现成信息需要另行制作",
    "unable.unclear": "无法提供-补正后申请内容仍不明确", "refused.petition": "不予处理-信访举报投诉类申请",
    "refused.repeat": "不予处理-重复申请", "refused.publication": "不予处理-要求提供公开出版物",
    "refused.mass": "不予处理-无正当理由大量反复申请", "refused.confirm": "不予处理-要求行政机关确认或重新出具已获取信息",
    "other.no_correction": "其他处理-申请人无正当理由逾期不补正", "other.no_fee": "其他处理-申请人逾期未按收费通知要求缴纳费用",
    "other.other": "其他处理-其他",
}
RESULT_KEYS = ("open", "partial", "withheld", "unable", "refused", "other")

# ---------------------------------------------------------------- table 二 vocabulary

ACTIVE_ROWS = (
    ("规章", r"规章"),
    ("行政规范性文件", r"行政规范性文件|规范性文件"),
    ("行政许可", r"行政许可"),
    ("其他对外管理服务事项", r"其他对外管理服务事项"),
    ("行政处罚", r"行政处罚"),
    ("行政强制", r"行政强制"),
    ("行政事业性收费", r"行政事业性收费"),
    ("政府集中采购", r"政府集中采购"),
)
ACTIVE_HEADERS = (
    ("本年制发件数", r"本年制发"), ("本年废止件数", r"本年废止"), ("现行有效件数", r"现行有效"),
    ("本年新制作数量", r"本年新制作"), ("本年新公开数量", r"本年新公开"), ("对外公开总数量", r"对外公开总数"),
    ("上一年项目数量", r"上一年项目数量"), ("本年增/减", r"本年增\s*[/／]?\s*减"),
    ("本年处理决定数量", r"本年处理决定数量"), ("处理决定数量", r"处理决定数量"),
    ("本年收费金额", r"本年收费金额"), ("采购项目数量", r"采购项目数量"), ("采购总金额", r"采购总金额"),
)
_ACTIVE_ROW_RE = re.compile("|".join(f"(?P<r{i}>{rx})" for i, (_, rx) in enumerate(ACTIVE_ROWS)))
_ACTIVE_HEADER_RE = re.compile("|".join(f"(?P<h{i}>{rx})" for i, (_, rx) in enumerate(ACTIVE_HEADERS)))

_NUM = r"[-+]?\d+(?:\.\d+)?"
_INT_CELL = re.compile(r"^\s*(\d+)\s*(?:件|个|人|次)?\s*$")
_NUM_CELL = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(?:万元|元|件|个|项)?\s*$")
_BLANK_CELL = re.compile(r"^\s*(?:[-—–/／—]|—+|无|空)?\s*$")
# A run of whole numbers separated by whitespace: one table row in PDF text.
_RUN_RE = re.compile(r"(?<![\d.．A-Za-z])\d+(?:[ \t\u3000]+\d+)+(?![\d.．、])"
                     r"|(?<![\d.．A-Za-z])\d+(?:\s+\d+){4,}(?![\d.．、])")


@dataclass
class Claim:
    """A number the report's prose states."""

    kind: str  # requests_new, results_total, carried_out, review_total, litigation_total, rules_issued, rules_repealed
    value: int
    snippet: str


@dataclass
class AnnualReport:
    url: str
    title: str = ""
    year: int | None = None
    org: str = ""
    source: str = "text"  # "table" (HTML/docx/xlsx cells) or "text" (PDF/DOC text rows)
    layout: str = ""  # "30号" / "60号": from 表二's column headers, else from 表三's rows; "" unknown
    layout_source: str = ""  # "表二" / "表三": which table decided the layout
    layout_requests: str = ""  # what 表三 alone suggests (其他处理 in 3 rows → 30号)
    active_headers: list[str] = field(default_factory=list)  # 表二 column headers seen
    sections: dict[str, bool] = field(default_factory=dict)  # 一..六 → present
    active: dict[str, dict[str, float | None]] = field(default_factory=dict)  # table 二 row → column → value
    requests: dict[str, list[int | None]] = field(default_factory=dict)  # table 三 key → 7 values
    review: dict[str, list[int | None]] = field(default_factory=dict)  # table 四 block → 5 values
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be read

    @property
    def expected_template(self) -> str:
        if self.year is None:
            return ""
        if self.year >= 2021:
            return "30号"
        if self.year >= 2019:
            return "60号"
        return "legacy"

    def has_tables(self) -> dict[str, bool]:
        return {"二": bool(self.active), "三": bool(self.requests), "四": bool(self.review)}


# ---------------------------------------------------------------- identification

def is_report_title(s: str) -> bool:
    return bool(s and TITLE_RE.search(s) and YEAR_RE.search(s))


def report_year(*texts: str) -> int | None:
    """The year the report covers: the year just before 政府信息公开…年度报告 in a title."""
    for t in texts:
        if not t:
            continue
        m = TITLE_RE.search(t)
        if m:
            years = list(YEAR_RE.finditer(t[:m.start()]))
            if years:
                return int(years[-1].group(1))
    for t in texts:
        m = YEAR_RE.search(t or "")
        if m:
            return int(m.group(1))
    return None


def report_org(title: str) -> str:
    """Who reports: the title's text before the year (白鹭湖经济开发区管理委员会), '' if none."""
    m = YEAR_RE.search(title or "")
    if not m:
        return ""
    org = re.sub(r"^[《〈“\"\s]+|关于$|[\s_-]+$", "", title[:m.start()])
    return org.strip()


# One body under its varying names: 白城市洮北区人民政府 / 洮北区人民政府 / 洮北区政府.
_ADMIN_UNIT = re.compile(r"[\u4e00-\u9fa5]{1,8}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|地区|盟|区|县|旗)")


def publisher_key(org: str) -> str:
    """The reporting body's name reduced to what stays the same across its name variants:
    人民政府 → 政府, 管理委员会 → 管委会, and the leading administrative units kept down to
    the last one (江苏省白城市洮北区人民政府 → 洮北区政府; 白城市财政局 → 白城市财政局)."""
    name = re.sub(r"\s+", "", org or "")
    name = name.replace("人民政府", "政府").replace("管理委员会", "管委会")
    units: list[str] = []
    rest = name
    while True:
        m = _ADMIN_UNIT.match(rest)
        if not m or m.end() == len(rest) and not units:
            break
        units.append(m.group())
        rest = rest[m.end():]
        if not rest:
            break
    if not units:
        return name
    return units[-1] + rest


# ---------------------------------------------------------------- numbers

def _int_or_none(cell: str) -> tuple[bool, int | None]:
    """(is this a number cell, its value); blank cells are numbers with value 0."""
    if _BLANK_CELL.match(cell or ""):
        return True, 0
    m = _INT_CELL.match(cell)
    if m:
        return True, int(m.group(1))
    return False, None


def _num_or_none(cell: str) -> tuple[bool, float | None]:
    if _BLANK_CELL.match(cell or ""):
        return True, 0
    m = _NUM_CELL.match(cell)
    if m:
        v = float(m.group(1))
        return True, int(v) if v.is_integer() and "." not in m.group(1) else v
    return False, None


_CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """Whole numbers written in digits or in Chinese up to 9999 (十五, 一百零二, 两千)."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    if not s or any(ch not in _CN_NUM and ch not in units for ch in s):
        return None
    for ch in s:
        if ch in _CN_NUM:
            cur = _CN_NUM[ch]
        else:
            total += (cur or 1) * units[ch]
            cur = 0
    return total + cur


# ---------------------------------------------------------------- table 三 rows

def _rightmost(label: str, pairs) -> tuple[str | None, int]:
    best, pos = None, -1
    for key, rx in pairs:
        for m in re.finditer(rx, label):
            if m.start() > pos:
                best, pos = key, m.start()
    return best, pos


class _RequestRows:
    """Assigns (label, values) rows to table 三 keys, remembering the current result group."""

    def __init__(self) -> None:
        self.group: str | None = None
        self.rows: dict[str, list[int | None]] = {}
        self.layout_30 = False
        self.layout_60 = False

    def label_key(self, label: str) -> str | None:
        label = re.sub(r"\s+", "", label)
        group, gpos = _rightmost(label, _GROUPS)
        top, tpos = _rightmost(label, _TOP_KEYS)
        if group and gpos > tpos:
            self.group = group
        elif top in ("open", "partial", "total", "new", "carried_in", "carried_out") and tpos >= 0:
            self.group = None
        if self.group:
            tail = label[gpos:] if group == self.group and gpos >= 0 else label
            item, ipos = _rightmost(re.sub(r"^" + dict(_GROUPS)[self.group], "", tail) if group else tail,
                                    _ITEMS[self.group])
            if item:
                if self.group == "other":
                    self.layout_30 = True
                return f"{self.group}.{item}"
            if group == self.group == "other":
                self.layout_60 = True
                return self.group  # 其他处理 shown as one row (60号); other groups always have items
            moved = self._other_group(label)
            if moved:
                return moved
            return None
        if top is None:
            return self._other_group(label)
        return top

    def _other_group(self, label: str) -> str | None:
        """A row whose group label was dropped or split by the PDF (“（四）无” on one line,
        “法提供” on the next page): its item names one group only (本机关不掌握 → 无法提供),
        so the row is placed there and the group follows it. Items shared by several groups
        (其他) are not guessed."""
        hits = []
        for g, items in _ITEMS.items():
            item, _ = _rightmost(label, tuple(i for i in items if i[0] != "other"))
            if item:
                hits.append((g, item))
        if len(hits) == 1:
            self.group = hits[0][0]
            if self.group == "other":
                self.layout_30 = True
            return f"{hits[0][0]}.{hits[0][1]}"
        return None

    def add(self, label: str, values: list[int | None]) -> str | None:
        key = self.label_key(label)
        if key and key not in self.rows:
            self.rows[key] = values
        return key


def _table_kind(table: list[list[str]]) -> str:
    flat = re.sub(r"\s+", "", " ".join(" ".join(r) for r in table))
    if "本年新收" in flat or ("上年结转" in flat and "予以公开" in flat):
        return "三"
    if "结果维持" in flat and "尚未审结" in flat:
        return "四"
    if re.search(r"规章|规范性文件|行政许可|行政处罚", flat) and _ACTIVE_HEADER_RE.search(flat):
        return "二"
    return ""


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _garbled(cell: str) -> bool:
    """A value cell the PDF garbled (1O, l2, ■, ?): short, no Chinese, not a number."""
    c = (cell or "").strip()
    return 0 < len(c) <= 8 and not _CJK.search(c)


def _split_row(row: list[str], width: int, parse=_int_or_none,
               max_garbled: int = 0) -> tuple[list[str], list | None]:
    """(label cells, the last `width` values) when the row ends in `width` number-or-blank cells.
    Up to `max_garbled` value cells may be garbled: they become None (that cell could not be
    read; the row's other cells still count)."""
    cells = [c or "" for c in row]
    if len(cells) < width + 1:
        return cells, None
    tail = cells[-width:]
    parsed = [parse(c) for c in tail]
    bad = [i for i, (ok, _) in enumerate(parsed) if not ok]
    if bad and (len(bad) > max_garbled or not all(_garbled(tail[i]) for i in bad)):
        return cells, None
    labels = [c for c in cells[:-width] if c.strip()]
    if not labels or all(_BLANK_CELL.match(c) or _INT_CELL.match(c) for c in labels):
        return cells, None
    return labels, [v if ok else None for ok, v in parsed]


def _requests_from_table(table: list[list[str]], rep: AnnualReport) -> None:
    rr = _RequestRows()
    for row in table:
        labels, values = _split_row(row, 7, max_garbled=2)
        if values is None:
            if any(re.search(rx, "".join(row)) for _, rx in _GROUPS):
                rr.label_key(" ".join(row))  # a group heading on its own row
            continue
        rr.add(" ".join(labels), values)
    _finish_requests(rr, rep)


def _finish_requests(rr: _RequestRows, rep: AnnualReport) -> None:
    if not rr.rows:
        return
    rep.requests = rr.rows
    rep.layout_requests = "30号" if rr.layout_30 else ("60号" if rr.layout_60 else "")


# 表二's column headers name the template: 本年制发件数 / 本年废止件数 / 现行有效件数 (30号) or
# 本年新制作数量 / 本年新公开数量 / 对外公开总数量 (60号).
LAYOUT_HEADERS = {
    "30号": ("本年制发件数", "本年废止件数", "现行有效件数"),
    "60号": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
}


def layout_from_headers(headers) -> str:
    seen = set(headers)
    votes = {name: len(seen & set(cols)) for name, cols in LAYOUT_HEADERS.items()}
    best = max(votes.values())
    if best == 0 or list(votes.values()).count(best) > 1:
        return ""
    return next(name for name, v in votes.items() if v == best)


def _review_from_table(table: list[list[str]], rep: AnnualReport) -> None:
    for row in table:
        cells = [c for c in row]
        if len(cells) < 15:
            continue
        parsed = [_int_or_none(c) for c in cells[-15:]]
        if all(ok for ok, _ in parsed) and any(c.strip() for c in cells[-15:]):
            values = [v for _, v in parsed]
            rep.review = {b: values[i * 5:(i + 1) * 5] for i, b in enumerate(REVIEW_BLOCKS)}
            return


def _active_from_table(table: list[list[str]], rep: AnnualReport) -> None:
    """Table 二 is a run of small tables (第二十条第（一）项, （五）项 …), each under its own
    header row; a PDF may split them over pages. A row padded with empty cells (merged cells
    of a wider table) is trimmed to its header's width."""
    headers: list[str] = []
    for row in table:
        found = [ACTIVE_HEADERS[int(m.lastgroup[1:])][0]
                 for c in row for m in [_ACTIVE_HEADER_RE.search(re.sub(r"\s+", "", c or ""))] if m]
        if found:
            headers = found
            rep.active_headers.extend(h for h in found if h not in rep.active_headers)
            continue
        if not headers:
            continue
        cells = [c or "" for c in row]
        while len(cells) > len(headers) + 1 and not cells[-1].strip():
            cells.pop()
        labels, values = _split_row(cells, len(headers), _num_or_none)
        if values is None:
            continue
        m = _ACTIVE_ROW_RE.search(re.sub(r"\s+", "", labels[-1]))
        if m:
            name = ACTIVE_ROWS[int(m.lastgroup[1:])][0]
            rep.active.setdefault(name, dict(zip(headers, values)))


# ---------------------------------------------------------------- text mode

def section_spans(text: str) -> dict[str, tuple[int, int]]:
    """Where each of the six sections starts and ends in text (only sections found)."""
    starts: dict[str, int] = {}
    for num, _, _ in SECTIONS:
        m = _SECTION_RES[num].search(text)
        if m is None:
            m = _SECTION_LOOSE[num].search(text)
        if m is None:
            m = _SECTION_TOLERANT[num].search(text)
        if m:
            starts[num] = m.start()
    order = sorted(starts.items(), key=lambda kv: kv[1])
    spans = {}
    for i, (num, s) in enumerate(order):
        e = order[i + 1][1] if i + 1 < len(order) else len(text)
        spans[num] = (s, e)
    return spans


def _requests_from_text(text: str, rep: AnnualReport) -> None:
    rr = _RequestRows()
    pos = 0
    for m in _RUN_RE.finditer(text):
        nums = m.group().split()
        label = text[pos:m.start()]
        pos = m.end()
        if len(nums) < 7:
            if rr.label_key(label) and len(nums) >= 1:
                rep.notes.append(f"表三“{_short(label)}”一行只读到{len(nums)}个数字")
            continue
        values: list[int | None] = [int(n) for n in nums[:7]]
        rr.add(label, values)
        # a line holding two rows: the rest starts the next (label-less) row — not guessed
        if len(nums) > 7:
            rep.notes.append(f"表三“{_short(label)}”一行有{len(nums)}个数字，只取前7个")
    _finish_requests(rr, rep)


def _review_from_text(text: str, rep: AnnualReport) -> None:
    at = re.search(r"结\s*果\s*维\s*持", text)
    if not at:
        return
    nums: list[int] = []
    for m in _RUN_RE.finditer(text, at.start()):
        nums.extend(int(n) for n in m.group().split())
        if len(nums) >= 15:
            break
    if len(nums) >= 15:
        rep.review = {b: list(nums[i * 5:(i + 1) * 5]) for i, b in enumerate(REVIEW_BLOCKS)}
    elif nums:
        rep.notes.append(f"表四只读到{len(nums)}个数字（应为15个）")


def _active_from_text(text: str, rep: AnnualReport) -> None:
    headers: list[str] = []
    pos = 0
    tokens = list(_ACTIVE_HEADER_RE.finditer(text)) + list(_ACTIVE_ROW_RE.finditer(text))
    tokens.sort(key=lambda m: m.start())
    last_was_header = False
    headers_seen: list[str] = []
    for m in tokens:
        if m.start() < pos:
            continue
        if m.lastgroup.startswith("h"):
            name = ACTIVE_HEADERS[int(m.lastgroup[1:])][0]
            headers_seen.append(name)
            headers = [name] if not last_was_header else headers + [name]
            last_was_header = True
            pos = m.end()
            continue
        last_was_header = False
        if not headers:
            continue
        name = ACTIVE_ROWS[int(m.lastgroup[1:])][0]
        nm = re.match(r"\s*((?:" + _NUM + r")(?:\s+" + _NUM + r"){0,%d})(?![\d.])" % (len(headers) - 1), text[m.end():])
        if not nm:
            continue
        vals = nm.group(1).split()
        pos = m.end() + nm.end()
        if len(vals) != len(headers):
            rep.notes.append(f"表二“{name}”一行读到{len(vals)}个数字（应为{len(headers)}个）")
            continue
        parsed = [_num_or_none(v)[1] for v in vals]
        rep.active.setdefault(name, dict(zip(headers, parsed)))
    for h in headers_seen:
        if h not in rep.active_headers:
            rep.active_headers.append(h)


def _short(s: str, n: int = 24) -> str:
    s = re.sub(r"\s+", "", s)
    return s[-n:]


# ---------------------------------------------------------------- prose claims

_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_CLAIMS = (
    ("requests_new", re.compile(r"(?:收到|新收|接收)(?:各类|群众|公民、法人(?:或者|和)其他组织(?:提出的|的)?)?(?:政府信息公开|信息公开|依申请公开)?申请(?:共|共计|合计)?\s*" + _NUMBER + r"\s*(?:件|个|份|条)")),
    ("results_total", re.compile(r"(?:办结|答复|办理完毕)(?:政府信息公开|依申请公开)?(?:申请)?(?:共|共计)?\s*" + _NUMBER + r"\s*(?:件|个|份)")),
    ("carried_out", re.compile(r"结转(?:至|到)?下(?:一)?年度(?:继续)?(?:办理)?\s*" + _NUMBER + r"\s*(?:件|个)")),
    ("review_total", re.compile(r"行政复议(?:案件)?(?:共)?\s*" + _NUMBER + r"\s*(?:件|起|宗|次)")),
    ("litigation_total", re.compile(r"行政诉讼(?:案件)?(?:共)?\s*" + _NUMBER + r"\s*(?:件|起|宗|次)")),
    ("rules_issued", re.compile(r"(?:制发|出台|印发)(?:行政)?规范性文件\s*" + _NUMBER + r"\s*(?:件|个|份)")),
    ("rules_repealed", re.compile(r"废止(?:行政)?规范性文件\s*" + _NUMBER + r"\s*(?:件|个|份)")),
)
_NO_REVIEW = re.compile(r"(?:未|没有)(?:发生|收到|出现)[^。；]{0,16}?(?:被申请)?行政复议(?:、|和|或|及)?(?:提起)?(行政诉讼)?")


def _claims(prose: str, rep: AnnualReport) -> None:
    for kind, rx in _CLAIMS:
        for m in rx.finditer(prose):
            v = cn_int(m.group(1))
            if v is not None:
                rep.claims.append(Claim(kind, v, _snippet(prose, m)))
    for m in _NO_REVIEW.finditer(prose):
        rep.claims.append(Claim("review_total", 0, _snippet(prose, m)))
        if m.group(1):
            rep.claims.append(Claim("litigation_total", 0, _snippet(prose, m)))


def _snippet(text: str, m: re.Match) -> str:
    return re.sub(r"\s+", " ", text[max(0, m.start() - 12):m.end() + 4]).strip()


# ---------------------------------------------------------------- entry point

def parse_report(*, url: str, title: str = "", text: str = "", tables: list[list[list[str]]] | None = None,
                 year_hint: str = "") -> AnnualReport:
    """Read one report source (a page or an attachment). `title`: its title/heading (the year
    and the organisation come from it); `year_hint`: other text naming the year (link text)."""
    rep = AnnualReport(url=url, title=title)
    rep.year = report_year(title, year_hint, text[:400])
    rep.org = report_org(title) if is_report_title(title) else report_org(year_hint)
    spans = section_spans(text)
    rep.sections = {num: num in spans for num, _, _ in SECTIONS}
    for table in tables or []:
        kind = _table_kind(table)
        if kind == "三" and not rep.requests:
            _requests_from_table(table, rep)
        elif kind == "四" and not rep.review:
            _review_from_table(table, rep)
        elif kind == "二":
            _active_from_table(table, rep)  # 表二's small tables may come as several
    if rep.requests or rep.review or rep.active:
        rep.source = "table"
    if not rep.active:
        s = spans.get("二")
        _active_from_text(text[s[0]:s[1]] if s else "", rep)
    if not rep.requests:
        s = spans.get("三")
        if s:
            _requests_from_text(text[s[0]:s[1]], rep)
    if not rep.review:
        s = spans.get("四")
        if s:
            _review_from_text(text[s[0]:s[1]], rep)
    if not rep.active_headers:
        s = spans.get("二")
        if s:  # headers in the text even when no row could be read
            rep.active_headers = list(dict.fromkeys(
                ACTIVE_HEADERS[int(m.lastgroup[1:])][0] for m in _ACTIVE_HEADER_RE.finditer(text[s[0]:s[1]])))
    # The template: 表二's column headers decide (本年制发件数… → 30号, 本年新制作数量… → 60号);
    # one row of 表三 (其他处理 split or not) only when 表二 shows neither.
    rep.layout = layout_from_headers(rep.active_headers)
    rep.layout_source = "表二" if rep.layout else ""
    if not rep.layout and rep.layout_requests:
        rep.layout, rep.layout_source = rep.layout_requests, "表三"
    # prose: section 一 (总体情况) and the text before the tables start
    prose_end = min([spans[k][0] for k in ("二", "三") if k in spans] or [len(text)])
    _claims(text[:prose_end], rep)
    s5 = spans.get("五")
    if s5:
        _claims(text[s5[0]:s5[1]], rep)
    return rep
