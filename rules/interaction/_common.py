"""Published messages (留言 / 来信 / 咨询) with their 留言时间 and 答复时间, read from list tables
and from detail pages, for the 互动回应 rule."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from contracts import Citation, PageArtifact, SiteArtifacts

from ..patterns import body_text, norm, ok_pages, page_label, seen_at
from ..proactive._timeliness import parse_any_date

DOC_19 = "国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）"
CITE_VETO_INTERACT = Citation(
    document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 互动回应差",
    note="1.未提供网上有效咨询建言渠道（网上信访、纪检举报等专门渠道除外）；2.监测时间点前1年内，对网民留言应及时答复处理的"
         "政务咨询类栏目（在线访谈、调查征集、网上信访、纪检举报类栏目除外）存在超过3个月未回应有效留言的现象",
)
CITE_19_HD = Citation(
    document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 互动交流",
    verified=False,
    note="留言公开及办理答复、公开留言时间和答复时间（部委自查报告、北京2019年第四季度通报引述）；具体扣分标准未见原文",
)

SUBMITTED_LABELS = r"留言时间|留言日期|来信时间|来信日期|写信时间|写信日期|提问时间|提问日期|咨询时间|咨询日期|提交时间|提交日期|信件时间|发信时间|诉求时间|反映时间|投诉时间"
REPLIED_LABELS = r"答复时间|答复日期|回复时间|回复日期|办结时间|办结日期|反馈时间|反馈日期|处理时间|回复于|答复于"
STATUS_LABELS = r"办理状态|处理状态|答复状态|回复状态|办理情况|状态"
TITLE_LABELS = r"留言标题|信件标题|来信标题|咨询标题|留言主题|信件主题|来信主题|标题|主题|事项"

_DATE_HEAD = re.compile(r"\s*[:：]?\s*((?:19|20)\d{2}\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}|"
                        r"[〇○零ＯO一二三四五六七八九]{4}\s*年)")


@dataclass
class Message:
    title: str
    url: str  # the page the message is read from (its detail page when crawled)
    submitted: dt.date
    replied: dt.date | None = None
    status: str = ""
    source: str = "detail"  # detail | table | list
    key_url: str = ""  # the detail page this entry stands for (dedupe)


def _labelled_date(text: str, label_rx: re.Pattern[str], start: int = 0, end: int | None = None
                   ) -> tuple[dt.date | None, bool, int]:
    """(date right after the first label, whether the label was seen, its position)."""
    end = len(text) if end is None else end
    for m in label_rx.finditer(text, start, end):
        head = _DATE_HEAD.match(text, m.end(), min(end, m.end() + 40))
        if head:
            return parse_any_date(text[head.start(1):head.start(1) + 30]), True, m.start()
        return None, True, m.start()
    return None, False, -1


def _status(text: str, status_rx: re.Pattern[str], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    m = status_rx.search(text, start, end)
    if not m:
        return ""
    value = re.match(r"\s*[:：]?\s*([^\s:：]{1,16})", text[m.end():end])
    return value.group(1) if value else ""


def detail_messages(page: PageArtifact) -> list[Message]:
    """Messages a page shows as labelled text: one on a detail page (留言时间：… 答复时间：…), or
    several on a list that labels each entry."""
    text = body_text(page)
    sub_rx = re.compile(rf"(?:{SUBMITTED_LABELS})(?=\s*[:：]?\s*)")
    rep_rx = re.compile(REPLIED_LABELS)
    st_rx = re.compile(STATUS_LABELS)
    starts = []
    for m in sub_rx.finditer(text):
        if _DATE_HEAD.match(text, m.end(), m.end() + 40):
            starts.append(m.start())
    out: list[Message] = []
    url = seen_at(page)
    for i, pos in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        submitted, _, _ = _labelled_date(text, sub_rx, pos, end)
        if submitted is None:
            continue
        replied, _, _ = _labelled_date(text, rep_rx, pos, end)
        status = _status(text, st_rx, pos, end)
        if len(starts) == 1:
            title = page_label(page, url)
        else:
            prev_end = starts[i - 1] if i else 0
            before = text[prev_end:pos]
            if i:
                # skip the previous entry's own labelled values
                before = re.split(rf"(?:{REPLIED_LABELS}|{STATUS_LABELS})\s*[:：]?\s*\S+", before)[-1]
            title = before.strip()[-40:] or page_label(page, url)
        out.append(Message(title=title, url=url, submitted=submitted, replied=replied, status=status,
                           source="detail" if len(starts) == 1 else "list",
                           key_url=url if len(starts) == 1 else ""))
    return out


def _header(table: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    sub_rx = re.compile(rf"^(?:{SUBMITTED_LABELS})[:：]?$")
    rep_rx = re.compile(rf"^(?:{REPLIED_LABELS})[:：]?$")
    st_rx = re.compile(rf"^(?:{STATUS_LABELS})[:：]?$")
    ti_rx = re.compile(rf"^(?:{TITLE_LABELS})[:：]?$")
    for r, row in enumerate(table[:3]):
        cols: dict[str, int] = {}
        for c, cell in enumerate(row):
            n = norm(cell)
            for key, rx in (("submitted", sub_rx), ("replied", rep_rx), ("status", st_rx), ("title", ti_rx)):
                if key not in cols and rx.match(n):
                    cols[key] = c
        if "submitted" in cols:
            return r, cols
    return None


def table_messages(page: PageArtifact) -> list[Message]:
    """Messages of list tables headed 标题 | 留言时间 | 答复时间 | 状态 (any order)."""
    out: list[Message] = []
    url = seen_at(page)
    links = {norm(l.text): l.url for l in page.links if l.text and l.kind.value == "page"}
    for table in page.tables:
        found = _header(table)
        if found is None:
            continue
        r0, cols = found
        for row in table[r0 + 1:]:
            if len(row) <= cols["submitted"]:
                continue
            submitted = parse_any_date(row[cols["submitted"]])
            if submitted is None:
                continue
            replied = parse_any_date(row[cols["replied"]]) if "replied" in cols and len(row) > cols["replied"] else None
            status = norm(row[cols["status"]]) if "status" in cols and len(row) > cols["status"] else ""
            if "title" in cols and len(row) > cols["title"]:
                title = row[cols["title"]]
            else:
                title = next((c for i, c in enumerate(row) if i not in cols.values() and len(norm(c)) > 4
                              and not parse_any_date(c)), "")
            t = norm(title)
            target = links.get(t) or next((u for lt, u in links.items() if lt and len(lt) >= 6 and
                                           (t.startswith(lt.rstrip(".…")) or lt.startswith(t.rstrip(".…")))), "")
            out.append(Message(title=title.strip(), url=url, submitted=submitted, replied=replied, status=status,
                               source="table", key_url=target))
    return out


def site_messages(site: SiteArtifacts, exclude: re.Pattern[str]) -> list[Message]:
    """Every dated message the crawl shows, once: detail pages win over table rows that link to
    them (missing 答复时间 / 状态 filled from the other)."""
    by_key: dict[tuple, Message] = {}
    order: list[tuple] = []

    def key_of(m: Message) -> tuple:
        return (m.key_url or norm(m.title)[:40], m.submitted)

    def add(m: Message) -> None:
        k = key_of(m)
        known = by_key.get(k)
        if known is None:
            by_key[k] = m
            order.append(k)
            return
        winner, other = (m, known) if m.source == "detail" and known.source != "detail" else (known, m)
        winner.replied = winner.replied or other.replied
        winner.status = winner.status or other.status
        by_key[k] = winner

    for page in ok_pages(site):
        names = [norm(x) for x in page.breadcrumb] + [norm(page.meta.get("ColumnName", "")),
                                                       norm(page_label(page, ""))]
        if any(exclude.search(n) for n in names if n):
            continue
        for m in table_messages(page):
            add(m)
        for m in detail_messages(page):
            add(m)
    return [by_key[k] for k in order]
