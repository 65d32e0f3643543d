"""Validity labels (有效性) of policy documents and their stated periods of validity."""

from __future__ import annotations

import datetime as dt
import re

from contracts import Citation, PageArtifact

from ..patterns import add_months, field_value, norm

VALIDITY_FIELDS = ("有效性", "时效性", "效力状态", "是否有效", "有效状态", "文件状态")
_VALIDITY_VALUE = re.compile(r"现行有效|有效|失效|废止|已修改|已修订|修改|修订|部分失效|宣布失效")
# a labelled value; "有效性： 废止日期：" (an empty cell before the next label) is no value
_VALIDITY_IN_TEXT = re.compile(r"(?:有\s*效\s*性|时\s*效\s*性|效力状态|是否有效)\s*[:：]\s*"
                               r"(现行有效|有效|已失效|失效|已废止|废止|已修改|已修订|部分失效)(?!\s*(?:日期|时间|[:：]))")
_MARK_IN_TITLE = re.compile(r"[【\[（(](已?废止|已?失效|已修改|已修订)[】\]）)]")
INVALID = re.compile(r"失效|废止")

CITE_47_CHG = Citation(
    document="国务院办公厅关于印发政府网站发展指引的通知（国办发〔2017〕47号）",
    article="信息发布：文件修改、废止、失效等情况应当明确标注",
    verified=False,
    note="据第三方摘要，未见原文",
)
CITE_ART20_1 = Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第二十条第（一）项",
                        note="行政法规、规章和规范性文件")


def validity_of(page: PageArtifact) -> str | None:
    """The validity the page shows: a 有效性-like field, a labelled value in its text, or a
    【已废止】-style mark in its title; None when it shows none."""
    value = field_value(page, *VALIDITY_FIELDS)
    if value:
        m = _VALIDITY_VALUE.search(norm(value))
        if m:
            return m.group(0)
    m = _VALIDITY_IN_TEXT.search(page.text or "")
    if m:
        return m.group(1)
    for t in (page.title, page.heading, page.meta.get("ArticleTitle", "")):
        m = _MARK_IN_TITLE.search(t or "")
        if m:
            return m.group(1)
    return None


_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PERIOD = re.compile(r"有效期(?:为|暂定为?|至)?\s*([一二两三四五六七八九十\d]{1,3})\s*(年|个月)")
_UNTIL = re.compile(r"有效期(?:至|到|截至)\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN[a] * 10 + (_CN[b] if b else 0)
    return _CN[s]


# The period must be the document's own (本办法…有效期, 自…起施行，有效期…), not that of a licence
# or a qualification it grants (认定有效期为3年).
_OWN_PERIOD = re.compile(r"(本(办法|规定|实施细则|细则|措施|意见|通知|方案|政策|文件|制度|规则|标准|决定)|施行|印发之日)[^。；;]*$")


def expiry(text: str, start: dt.date | None) -> tuple[dt.date | None, str | None]:
    """(date the document stops being valid, the words stating it) from its text:
    有效期至2020年12月31日, or 有效期N年 / N个月 counted from `start`."""
    flat = norm(text)
    m = next((m for m in _UNTIL.finditer(flat) if _OWN_PERIOD.search(flat[max(0, m.start() - 40):m.start()])), None)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(0)
        except ValueError:
            pass
    m = next((m for m in _PERIOD.finditer(flat) if _OWN_PERIOD.search(flat[max(0, m.start() - 40):m.start()])), None)
    if m and start is not None:
        try:
            n = _number(m.group(1))
        except KeyError:
            return None, None
        months = n * 12 if m.group(2) == "年" else n
        return add_months(start, months), m.group(0)
    return None, None
