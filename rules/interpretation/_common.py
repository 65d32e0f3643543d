"""Citations and helpers the 解读 rules share."""

from __future__ import annotations

import re

from contracts import Citation, ColumnArtifact, PageArtifact, SiteArtifacts

from ..patterns import INTERPRETATION_PATTERN, is_interpretation_page, ok_pages

CITE_80 = Citation(
    document="国务院办公厅印发《〈关于全面推进政务公开工作的意见〉实施细则》的通知（国办发〔2016〕80号）",
    article="政策解读：三同步；主要负责人是“第一解读人和责任人”",
    verified=False,
    note="条文系据记忆，未见原文；“三同步”“第一解读人”的表述见于多地实施文件（如辽政办〔2022〕43号）",
)
CITE_19_JD = Citation(
    document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
    article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 发布解读",
    note="检查通报列“抽查的政策文件未被解读”“解读稿未与政策原文做好双向关联”（株洲2022年第四季度通报引述）",
)


def interpretation_pages(site: SiteArtifacts, listing: dict[str, list[ColumnArtifact]],
                         pattern: str = INTERPRETATION_PATTERN) -> list[PageArtifact]:
    return [p for p in ok_pages(site)
            if p.page_kind not in ("home", "column") and is_interpretation_page(p, listing, pattern)]


# ---------------------------------------------------------------- which documents need a 解读

# A document that issues a policy: 印发/发布/公布 … 办法/规定/细则/意见/方案/措施/规划/… .
# Such a title needs a 解读 whatever its 文号 says (…办函〔2023〕5号 sometimes prints a 方案).
_ISSUES_POLICY = re.compile(
    r"(?:印发|发布|公布|颁布|出台)[^，。；]*?(?:办法|规定|细则|实施意见|意见|方案|措施|规划|规则|条例|纲要|计划|政策|指引|标准|清单|目录)")
# 文种 at the end of the title (after 关于…的): 批复, 复函, 函.
_REPLY_TITLE = re.compile(r"(?:批复|复函|的函|之函|函告)$")
# Meeting notices: 关于召开/举办…会议/培训…的通知, 会议通知.
_MEETING_TITLE = re.compile(
    r"关于(?:召开|举办|举行|参加|组织召开|组织参加)[^，。；]*?(?:会议|会|培训班|培训|座谈|论坛|研讨|推进会|调度会|活动)[^，。；]*?的(?:通知|函)$"
    r"|会议(?:的)?通知$|会议纪要$")
# Appointments and personnel notices: 任免, 任职, 免职, 任命, 聘任, 职务, 人事, 干部任前公示 …
_PERSONNEL_TITLE = re.compile(
    r"职务任免|人事任免|干部任前公示|(?:同志|等人)[^，。；]{0,12}(?:任职|免职|职务|任命|聘任|解聘|试用期)"
    r"|^(?:.*关于)?(?:任命|免去|聘任|解聘)[^，。；]{1,30}(?:职务|为)")
# 文号 of the 函 / 任免 series: 国办函〔2023〕12号, 白政函〔2022〕3号, X府任〔2023〕1号, X府任字〔…〕, X政人〔…〕.
_REPLY_NUMBER = re.compile(r"(?:函|复)(?:字)?[〔﹝\[［(（【]\d{4}")
_PERSONNEL_NUMBER = re.compile(r"(?:任|免|人|干)(?:字)?[〔﹝\[［(（【]\d{4}")


def _title_core(title: str) -> str:
    t = re.sub(r"\s+", "", title or "")
    t = re.sub(r"[（(〔\[［【﹝][^）)〕\]］】﹞]*\d{4}[^）)〕\]］】﹞]*[）)〕\]］】﹞]\d*号?[）)]?$", "", t)  # trailing 文号
    return t.rstrip("。.")


def interpretation_exemption(titles: list[str], number: str | None) -> str | None:
    """Why a document with a 文号 needs no 解读, or None when it does.

    Decided from the 文种 in its title and from its 文号: 批复 and 函 (answers to one
    requester, 国办函/府函 series), meeting notices (关于召开…会议的通知) and appointments or
    personnel notices (…等同志职务任免的通知, 府任〔…〕) are neither 规范性文件 nor major
    policies. A title that issues a policy (关于印发…办法的通知) always needs one."""
    cores = [_title_core(t) for t in titles if t]
    if any(_ISSUES_POLICY.search(c) for c in cores):
        return None
    for c in cores:
        if _PERSONNEL_TITLE.search(c):
            return "任免及人事类通知"
        if _MEETING_TITLE.search(c):
            return "会议通知"
        if c.endswith("批复"):
            return "批复"
        if _REPLY_TITLE.search(c):
            return "函"
    if number:
        if _PERSONNEL_NUMBER.search(number):
            return "任免及人事类通知（文号）"
        if _REPLY_NUMBER.search(number):
            return "函（文号）"
    return None
