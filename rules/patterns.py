"""Shared regexes and small pure helpers for rules (no network, no file IO).

Everything here reads artifacts; nothing judges. Rules keep their own thresholds and
patterns in `RuleMeta.options` so that sites can override them; the defaults below are
only the building blocks those options start from.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Iterable, Iterator

from contracts import ColumnArtifact, LinkCheck, LinkRef, PageArtifact, SiteArtifacts

# ---------------------------------------------------------------- link outcomes

#: LinkCheck outcomes that are a broken link (a defect).
BROKEN_OUTCOMES = frozenset({"dead", "redirect_loop", "too_many_redirects"})
#: Outcomes that say nothing about the target: the rule could not evaluate it.
UNKNOWN_OUTCOMES = frozenset({"timeout", "rate_limited", "blocked", "error"})

OUTCOME_ZH = {
    "ok": "可以访问",
    "dead": "无法访问",
    "timeout": "访问超时",
    "redirect_loop": "重定向循环",
    "too_many_redirects": "重定向次数过多",
    "rate_limited": "访问被限流",
    "blocked": "未被检查",
    "skipped": "未被检查",
    "error": "检查出错",
}


def outcome_phrase(check: LinkCheck) -> str:
    """A short Chinese description of a LinkCheck, e.g. 无法访问（HTTP 404）."""
    base = OUTCOME_ZH.get(check.outcome, check.outcome)
    if check.status:
        return f"{base}（HTTP {check.status}）"
    if check.error:
        return f"{base}（{check.error.split(':', 1)[0].strip()[:60]}）"
    return base


# ---------------------------------------------------------------- text

_WS = re.compile(r"\s+")


def norm(text: str | None) -> str:
    """Fold whitespace (incl. full-width spaces) away entirely: 政 务 公 开 → 政务公开."""
    return _WS.sub("", (text or "").replace("\u3000", "").replace("\xa0", ""))


def compile_any(patterns: str | Iterable[str]) -> re.Pattern[str]:
    """One regex from a pattern string or a list of alternatives (options may give either)."""
    if isinstance(patterns, str):
        return re.compile(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_TITLE_SEP = re.compile(r"\s*(?:_|\||｜| - | — |——|－)\s*")


def short_title(title: str) -> str:
    """<title> without the "_栏目_站点名" / " - 站点名" suffixes CMSs append."""
    head = _TITLE_SEP.split(title.strip(), maxsplit=1)[0]
    return head if len(head) >= 4 else title.strip()


def page_label(page: PageArtifact | None, fallback: str = "") -> str:
    """How a message names a page: the 47号 ArticleTitle meta tag, else its heading (unless
    that is the site name in a logo <h1>), else <title> without its site suffix, else its URL."""
    if page is None:
        return fallback
    title = (page.title or "").strip()
    site_names = {n for n in (page.meta.get("SiteName", ""),) if n}
    if title and _TITLE_SEP.search(title):
        site_names.add(_TITLE_SEP.split(title)[-1])
    candidates = [page.meta.get("ArticleTitle", ""), page.heading]
    for cand in candidates:
        cand = (cand or "").strip()
        if cand and cand not in site_names:
            return cand[:80]
    if title:
        return short_title(title)[:80]
    return page.url


def seen_at(page: PageArtifact) -> str:
    """The address a reader sees the page at: after redirects."""
    return page.final_url or page.url


def book_title(title: str) -> str:
    """《title》, with 《》 inside the title turned into 〈〉 as Chinese typography wants."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def quote_page(page: PageArtifact | None, url: str) -> str:
    """《标题》 when the page is known, else the bare URL."""
    if page is None:
        return url
    label = page_label(page, url)
    return book_title(label) if label != page.url else seen_at(page)


# ---------------------------------------------------------------- 文号 (document numbers)

#: A document number: 机关代字 + year in any bracket style + serial + 号. Accepts 〔〕 (the
#: standard), ﹝﹞, [], ［］, (), （）, 【】, 〖〗 and an optional 第 before the serial.
DOC_NUMBER_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fa5A-Za-z]{0,20})\s*"
    r"[〔﹝\[［(（【〖]\s*(?P<year>(?:19|20)\d{2})\s*[〕﹞\]］)）】〗]\s*"
    r"第?\s*(?P<serial>\d{1,5})\s*号"
)
#: Field labels under which CMS metadata tables show the 文号.
DOC_NUMBER_FIELDS = ("文号", "发文字号", "发文号", "文件编号")


DOC_NUMBER_LABEL_RE = re.compile(r"^(?:" + "|".join(DOC_NUMBER_FIELDS) + r")[:：]?$")
#: "文号：…号" in running text; TRS tables space the label out ("文 号：").
_LABELLED_DOC_NUMBER = re.compile(
    r"(?:文\s*号|发\s*文\s*字\s*号|发\s*文\s*号|文\s*件\s*编\s*号)\s*[:：]\s*(.{0,40}?号)"
)


def find_doc_number(text: str | None) -> str | None:
    if not text:
        return None
    m = DOC_NUMBER_RE.search(text)
    return _WS.sub("", m.group(0)) if m else None


def doc_number_of(page: PageArtifact) -> str | None:
    """The page's own 文号: from its metadata fields (文号 / 发文字号 / 发文号 / 文件编号),
    else from a metadata table cell labelled so (labels with spaces: "文 号："), else from a
    labelled "文号：…" in its text. A 文号 merely quoted in running text does not count."""
    for key, value in page.fields.items():
        if norm(key).rstrip(":：") in DOC_NUMBER_FIELDS:
            number = find_doc_number(value)
            if number:
                return number
    for table in page.tables:
        for row in table:
            for i, cell in enumerate(row[:-1]):
                if DOC_NUMBER_LABEL_RE.match(norm(cell)):
                    number = find_doc_number(row[i + 1])
                    if number:
                        return number
    for m in _LABELLED_DOC_NUMBER.finditer(page.text):
        number = find_doc_number(m.group(1))
        if number:
            return number
    return None


# ---------------------------------------------------------------- dates

def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clamping the day: 2020-08-31 − 6 months = 2020-02-29."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


# ---------------------------------------------------------------- site navigation

def links_by_target(site: SiteArtifacts, kinds: set[str], *, include_hidden: bool = True,
                    skip_error_pages: bool = True) -> dict[str, list[tuple[PageArtifact, LinkRef]]]:
    """target URL → [(page holding the link, the link)], one entry per page per target,
    in crawl order. Links on pages that themselves answered with an error are skipped."""
    out: dict[str, list[tuple[PageArtifact, LinkRef]]] = {}
    seen_pages: set[str] = set()
    for page in site.pages:
        if seen_at(page) in seen_pages:
            continue
        seen_pages.add(seen_at(page))
        if skip_error_pages and page.status >= 400:
            continue
        seen_targets: set[str] = set()
        for link in page.links:
            kind = link.kind.value if hasattr(link.kind, "value") else str(link.kind)
            if kind not in kinds:
                continue
            if link.hidden and not include_hidden:
                continue
            if link.url in seen_targets:
                continue
            seen_targets.add(link.url)
            out.setdefault(link.url, []).append((page, link))
    return out


def check_for(site: SiteArtifacts, url: str) -> LinkCheck | None:
    """The LinkCheck of a URL, or one derived from a crawled page when the crawler wrote
    none (status < 400 → ok, 4xx/5xx other than 429/503 → dead)."""
    check = site.link(url)
    if check is not None:
        return check
    page = site.page(url)
    if page is None:
        return None
    if page.status < 400:
        return LinkCheck(url=url, kind="page", outcome="ok", status=page.status, final_url=page.final_url)
    if page.status in (429, 503):
        return LinkCheck(url=url, kind="page", outcome="rate_limited", status=page.status)
    return LinkCheck(url=url, kind="page", outcome="dead", status=page.status)


def target_loaded(site: SiteArtifacts, url: str) -> bool | None:
    """True when the URL loaded, False when it is broken, None when unknown."""
    check = check_for(site, url)
    if check is None:
        return None
    if check.outcome == "ok":
        return True
    if check.outcome in BROKEN_OUTCOMES:
        return False
    return None


def column_index(site: SiteArtifacts) -> dict[str, ColumnArtifact]:
    """item URL → the column listing it (first column wins)."""
    idx: dict[str, ColumnArtifact] = {}
    for col in site.columns:
        for item in col.items:
            if item.url:
                idx.setdefault(item.url, col)
    return idx


def unique_pages(site: SiteArtifacts) -> Iterator[PageArtifact]:
    """Each crawled page once (by final URL)."""
    seen: set[str] = set()
    for p in site.pages:
        key = p.final_url or p.url
        if key in seen:
            continue
        seen.add(key)
        yield p
