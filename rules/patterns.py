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
from contracts.dates import date_from_url as date_in_url  # noqa: F401 - the extractor's URL dates
from contracts.dates import parse_numeric_date as parse_date_text  # noqa: F401

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
    """Fold whitespace (incl. full-width spaces) away entirely: 政 务 公 开 → 政务公开.

    str.split() without arguments splits on exactly the characters `\\s` matches in a str
    pattern (both use Unicode's whitespace test, U+3000 and U+00A0 included), without the
    regex machinery: rules call this millions of times on a large site."""
    return "".join((text or "").split())


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
    in crawl order. Links on pages that themselves answered with an error are skipped.

    One walk per call, on purpose: one walk for all kinds cached on the site was measured
    (docs/benchmarks.md, audit stage) and the check as a whole got slower and 24 MB bigger
    (build_report and later rules took longer, probably the collector walking the ~330k
    references the cache kept for the rest of the run)."""
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


#: Field labels whose value is the publication date, best first.
PUBLISH_FIELDS = ("发布日期", "发布时间", "公开日期", "更新时间")
#: Field labels whose value is the date the document was made.
WRITTEN_FIELDS = ("成文日期", "生成日期", "印发日期", "签发日期")


def field_value(page: PageArtifact, *labels: str) -> str | None:
    """The value of the first labelled field present (labels compared without spaces/colons)."""
    wanted = [norm(l).rstrip(":：") for l in labels]
    found = {norm(k).rstrip(":："): v for k, v in page.fields.items()}
    for label in wanted:
        value = found.get(label)
        if value is not None and value.strip():
            return value.strip()
    return None


def page_date(page: PageArtifact) -> dt.date | None:
    """When a page was published: its publish_date, else a 发布日期-like field, else the
    date in its URL (articles only)."""
    if page.publish_date is not None:
        return page.publish_date
    for label in PUBLISH_FIELDS:
        d = parse_date_text(field_value(page, label))
        if d:
            return d
    if page.page_kind == "article":
        return date_in_url(page.final_url or page.url)
    return None


def written_date(page: PageArtifact) -> dt.date | None:
    """成文日期 / 生成日期 / 印发日期 of a document page, else None."""
    for label in WRITTEN_FIELDS:
        d = parse_date_text(field_value(page, label))
        if d:
            return d
    return None


# ---------------------------------------------------------------- working days

class CalendarRangeError(ValueError):
    """A date outside the years the chinese_calendar package has holiday data for."""


def is_working_day(day: dt.date) -> bool:
    """True on a Chinese working day: weekdays that are not public holidays, plus the
    weekend days made working days (调休). Raises CalendarRangeError outside the years
    of the installed chinese_calendar data (it holds the State Council's notices year by year)."""
    import chinese_calendar  # pure lookup tables, no IO

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarRangeError(
            f"chinese_calendar 没有 {day.year} 年的节假日数据（{exc}），无法计算工作日") from exc


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days after `start`, up to and including `end` (0 when end <= start).

    The day of the start event does not count: a 解读 published the next working day is 1
    working day late, on the same day 0. Raises CalendarRangeError (see is_working_day).
    """
    if end <= start:
        return 0
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


# ---------------------------------------------------------------- the 政府信息公开 专栏

#: Homepage link texts of the 专栏, in order of preference (matched in full, spaces removed).
PORTAL_LINK_PATTERNS = [
    r"政府信息公开(专栏|平台)?",
    r"政务公开(专栏|平台)?",
    r"信息公开(专栏|平台)?",
]
_REGION_ORDER = {"nav": 0, "main": 1, "other": 2, "footer": 3}


def portal_link(home: PageArtifact, patterns: Iterable[str] = PORTAL_LINK_PATTERNS) -> LinkRef | None:
    """The homepage link to the 政府信息公开 专栏 (nav first, then main, other, footer)."""
    candidates = [l for l in home.links
                  if not l.hidden and l.text and l.kind.value in ("page", "external")]
    for pattern in patterns:
        rx = re.compile(pattern)
        matches = [l for l in candidates if rx.fullmatch(norm(l.text))]
        if matches:
            return sorted(matches, key=lambda l: _REGION_ORDER.get(l.region.value, 9))[0]
    return None


def find_portal(site: SiteArtifacts, patterns: Iterable[str] = PORTAL_LINK_PATTERNS
                ) -> tuple[PageArtifact | None, LinkRef | None, PageArtifact | None]:
    """(homepage, its 专栏 link, the crawled 专栏 page); missing pieces are None."""
    home = site.homepage()
    if home is None or home.status >= 400:
        return home, None, None
    link = portal_link(home, patterns)
    if link is None:
        return home, None, None
    page = site.page(link.url)
    if page is not None and page.status >= 400:
        page = None
    return home, link, page


def linked_page(site: SiteArtifacts, page: PageArtifact, text_rx: re.Pattern[str],
                regions: tuple[str, ...] = ("nav", "main", "other")) -> tuple[LinkRef | None, PageArtifact | None]:
    """The first visible link on `page` whose text matches, and its crawled target (or None)."""
    for link in page.links:
        if link.hidden or not link.text or link.region.value not in regions:
            continue
        if link.kind.value not in ("page", "external"):
            continue
        if text_rx.search(norm(link.text)):
            target = site.page(link.url)
            if target is not None and target.status >= 400:
                target = None
            return link, target
    return None, None


# ---------------------------------------------------------------- page text and labels

GENERIC_CRUMBS = frozenset({"首页", "正文", "详情", "内容", "文章", "详细内容", "阅读", "查看", "列表", "当前位置"})


def crumbs(page: PageArtifact) -> list[str]:
    """The breadcrumb without 首页 and generic entries (正文, 详情 …), spaces removed."""
    return [norm(c) for c in page.breadcrumb if norm(c) and norm(c) not in GENERIC_CRUMBS]


def body_text(page: PageArtifact) -> str:
    """The page's visible text without its footer."""
    text = page.text or ""
    if page.footer_text and page.footer_text in text:
        text = text.replace(page.footer_text, " ")
    return text


def ok_pages(site: SiteArtifacts) -> Iterator[PageArtifact]:
    """Each crawled page once, only those that loaded (status < 400, not a soft 404)."""
    for p in unique_pages(site):
        if p.status < 400 and not p.soft_404:
            yield p


def titles_of(page: PageArtifact) -> list[str]:
    """The names a page goes by: ArticleTitle meta, heading, <title> without its suffix."""
    out = [page.meta.get("ArticleTitle", ""), page.heading, short_title(page.title or "")]
    return [norm(t) for t in out if t and t.strip()]


def newest_page(pages: Iterable[PageArtifact]) -> PageArtifact | None:
    """The page with the latest page_date (undated pages last, then crawl order)."""
    pages = list(pages)
    if not pages:
        return None
    return max(enumerate(pages), key=lambda ip: (page_date(ip[1]) or dt.date.min, -ip[0]))[1]


def column_pages(site: SiteArtifacts, col: ColumnArtifact) -> list[PageArtifact]:
    """The crawled pages of a column's list (first page first)."""
    out = []
    for u in [col.url, *col.pages]:
        p = site.page(u)
        if p is not None and p not in out:
            out.append(p)
    return out


def item_pages(site: SiteArtifacts, col: ColumnArtifact) -> list[PageArtifact]:
    """The crawled, loaded article pages a column lists."""
    out, seen = [], set()
    for item in col.items:
        if not item.url:
            continue
        p = site.page(item.url)
        if p is None or p.status >= 400 or seen_at(p) in seen:
            continue
        seen.add(seen_at(p))
        out.append(p)
    return out


def short_context(text: str, start: int, end: int, width: int = 20) -> str:
    """text[start:end] with `width` characters either side, for evidence."""
    return text[max(0, start - width):min(len(text), end + width)]


def columns_listing(site: SiteArtifacts) -> dict[str, list[ColumnArtifact]]:
    """item URL → every column listing it (crawl order). Built once per site (cached on the
    SiteArtifacts instance, rebuilt when `site.columns` is replaced or changes length); the
    dict and lists returned are the caller's own copies."""
    cached = site.__dict__.get("_col_listing")
    if cached is None or cached[0] is not site.columns or cached[1] != len(site.columns):
        cached = (site.columns, len(site.columns), _columns_listing(site))
        site.__dict__["_col_listing"] = cached
    return {url: list(cols) for url, cols in cached[2].items()}


def _columns_listing(site: SiteArtifacts) -> dict[str, list[ColumnArtifact]]:
    idx: dict[str, list[ColumnArtifact]] = {}
    for col in site.columns:
        for item in col.items:
            if item.url and col not in idx.setdefault(item.url, []):
                idx[item.url].append(col)
    return idx


def own_column(site: SiteArtifacts, page: PageArtifact,
               listing: dict[str, list[ColumnArtifact]] | None = None) -> tuple[str, str | None]:
    """(name, URL) of the column an article belongs to: its breadcrumb's last column entry,
    matched to a column listing the page (专题 and 最新信息 lists that quote it lose to the
    column the breadcrumb names), else to the breadcrumb's own link; else the first listing
    column; else ("", None)."""
    listing = columns_listing(site) if listing is None else listing
    cols = listing.get(page.url, []) + [c for c in listing.get(page.final_url, []) if c not in listing.get(page.url, [])]
    c = crumbs(page)
    titles = set(titles_of(page))
    if c and c[-1] in titles:
        c = c[:-1]
    if c:
        name = c[-1]
        for col in cols:
            if norm(col.name) == name:
                return col.name, col.url
        for link in page.links:
            if norm(link.text) == name and link.kind.value == "page" and not link.hidden:
                return name, link.url
        if not cols:
            return name, None
    if cols:
        return cols[0].name, cols[0].url
    return "", None


# ---------------------------------------------------------------- policies and their 解读

POLICY_CONTEXT_PATTERN = r"政策文件|规范性文件|文件"
INTERPRETATION_PATTERN = r"解读|图解|答记者问"
STRICT_POLICY_COLUMN = r"规范性文件"


def context_names(page: PageArtifact, listing: dict[str, list[ColumnArtifact]]) -> list[str]:
    """Names of the columns a page sits in: breadcrumb entries, listing columns, ColumnName."""
    names = crumbs(page)
    for col in listing.get(page.url, []) + listing.get(page.final_url, []):
        names.append(norm(col.name))
    if page.meta.get("ColumnName"):
        names.append(norm(page.meta["ColumnName"]))
    return names


def is_interpretation_page(page: PageArtifact, listing: dict[str, list[ColumnArtifact]],
                           pattern: str = INTERPRETATION_PATTERN) -> bool:
    """A 解读 article: 解读 / 图解 / 答记者问 in its own names or its own column (the last
    breadcrumb entry, the columns listing it, ColumnName) — not merely an ancestor such as
    政策文件及解读."""
    if page.page_kind in ("home", "column"):
        return False
    rx = re.compile(pattern)
    names = titles_of(page)
    c = crumbs(page)
    if len(c) > 1:
        names.append(c[-1])
    cols = listing.get(page.url, []) + listing.get(page.final_url, [])
    names += [norm(col.name) for col in cols[:1]]
    names.append(norm(page.meta.get("ColumnName", "")))
    return any(rx.search(n) for n in names if n)


def policy_pages(site: SiteArtifacts, listing: dict[str, list[ColumnArtifact]] | None = None,
                 context_pattern: str = POLICY_CONTEXT_PATTERN,
                 strict_column_pattern: str = STRICT_POLICY_COLUMN,
                 interpretation_pattern: str = INTERPRETATION_PATTERN) -> list[tuple[PageArtifact, str | None]]:
    """(page, 文号 or None) for each policy document (政策文件 / 规范性文件) crawled: an article
    with its own 文号 in a 政策文件 / 规范性文件 / …文件 column, or any article of a column
    named 规范性文件 (whose documents must all carry a 文号). 解读 pages are not policies.

    Computed once per site, listing and patterns, and shared by the rules that ask (PL001,
    PL002, JD002, JD003, JD007 each walked every page's titles again); callers only read it."""
    listing = columns_listing(site) if listing is None else listing
    key = (context_pattern, strict_column_pattern, interpretation_pattern)
    memo = site.__dict__.get("_policy_pages")
    if memo is None or memo[0] is not site.pages or memo[1] != len(site.pages):
        memo = (site.pages, len(site.pages), {})
        site.__dict__["_policy_pages"] = memo
    hit = memo[2].get(key)
    if hit is not None and hit[0] == listing:  # the same columns (compared by identity first: fast)
        return hit[1]
    out = _policy_pages(site, listing, context_pattern, strict_column_pattern, interpretation_pattern)
    memo[2][key] = (dict(listing), out)
    return out


def _policy_pages(site: SiteArtifacts, listing: dict[str, list[ColumnArtifact]], context_pattern: str,
                  strict_column_pattern: str, interpretation_pattern: str) -> list[tuple[PageArtifact, str | None]]:
    ctx_rx, strict_rx = re.compile(context_pattern), re.compile(strict_column_pattern)
    out = []
    for page in ok_pages(site):
        if page.page_kind in ("home", "column") or is_interpretation_page(page, listing, interpretation_pattern):
            continue
        names = context_names(page, listing)
        number = doc_number_of(page)
        if number is not None and any(ctx_rx.search(n) for n in names):
            out.append((page, number))
        elif page.page_kind == "article" and any(strict_rx.search(n) for n in names):
            out.append((page, number))
    return out


def _content_links(page: PageArtifact):
    for link in page.links:
        if link.hidden or link.region.value in ("nav", "footer"):
            continue
        if link.kind.value not in ("page", "external"):
            continue
        yield link


def interpretation_pairs(site: SiteArtifacts, listing: dict[str, list[ColumnArtifact]] | None = None,
                         policies: list[tuple[PageArtifact, str | None]] | None = None,
                         interpretation_pattern: str = INTERPRETATION_PATTERN
                         ) -> list[tuple[PageArtifact, PageArtifact, bool, bool]]:
    """(policy, 解读 page, policy links to it, it links to the policy) for every crawled pair
    linked in at least one direction (content links only: navigation and footer ignored)."""
    listing = columns_listing(site) if listing is None else listing
    policies = policy_pages(site, listing) if policies is None else policies
    interps = {}
    for page in ok_pages(site):
        if page.page_kind not in ("home", "column") and is_interpretation_page(page, listing, interpretation_pattern):
            interps[page.url] = page
            interps.setdefault(page.final_url, page)
    linking: dict[str, list[PageArtifact]] = {}  # target URL → 解读 pages linking it (one index pass)
    for j in {id(p): p for p in interps.values()}.values():
        for url in {l.url for l in _content_links(j)}:
            linking.setdefault(url, []).append(j)
    pairs: dict[tuple[str, str], list] = {}
    for policy, _ in policies:
        for link in _content_links(policy):
            j = interps.get(link.url)
            if j is not None and j is not policy:
                pairs.setdefault((seen_at(policy), seen_at(j)), [policy, j, False, False])[2] = True
        back = {id(j): j for key in {policy.url, policy.final_url} for j in linking.get(key, [])}
        for j in back.values():
            if j is not policy:
                pairs.setdefault((seen_at(policy), seen_at(j)), [policy, j, False, False])[3] = True
    return [tuple(v) for v in pairs.values()]
