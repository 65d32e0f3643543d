"""Absent vs unreachable: the one decision every presence rule shares.

A presence rule looks for something (the 指南, the 依申请公开 page, a 主动公开 column, the
年报, a 互动 channel …). When its own search finds it, the rule evaluates it. When it does
not, the rule asks `judge_missing` whether "missing" is a claim it may make:

* UNREACHABLE — an entry for the thing exists on a crawled page (a link whose text or URL
  names it) but its target could not be seen: the LinkCheck is dead / timeout / blocked /
  rate_limited / error / a redirect loop / skipped, the page is a soft 404, or it was never
  fetched; or the homepage itself was never seen (the start page is not the homepage, or
  the homepage fetch failed); or the thing lives in the 政府信息公开 专栏 and the 专栏's
  entry exists but its page was not seen. The rule says could not evaluate, naming the link.
  The link problem itself is the link rules' finding (LNK001–LNK003), not the presence rule's.
* PLACEHOLDER — the only entries are empty links (``#``, ``javascript:void(0)``): a finding
  of its own (栏目入口为空链接), never 未设置.
* ABSENT — the homepage (and the 专栏 when the thing belongs there) was seen and no entry
  exists anywhere on the crawled pages: the rule may fail with 未找到 / 未设置.

Rules declare what they look for as `PresenceSpec`s (`Rule.presence_specs`), which is also
how tests/rules/test_presence.py walks every presence rule through unreachable entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from contracts import NAVIGATION_FAILED_NOTE, PART_NOTE, LinkCheck, LinkRef, PageArtifact, SiteArtifacts, part_of

from .patterns import find_portal, norm, ok_pages, outcome_phrase, seen_at
from .scripted import unrendered

_PART_CN = {"header": "页头", "footer": "页脚", "navigation": "导航", "frame": "框架页面"}


@dataclass(frozen=True)
class PresenceSpec:
    """What a presence rule looks for, as portals link it."""

    item: str  # the name findings give it (evidence "item"): 政府信息公开指南
    link_text: str  # regex searched in an entry's link text (whitespace removed)
    example: str  # a real entry wording that matches link_text (the presence test uses it)
    url_pattern: str | None = None  # regex searched in an entry's URL path (zwgk/, /ysqgk/)
    exclude: str | None = None  # link texts that look alike but are something else
    in_portal: bool = False  # belongs in the 政府信息公开 专栏: that page must have been seen
    needs_home: bool = True  # False when the pages the rule read are all it needs (a page's own channels)
    max_text_chars: int = 20  # longer link texts are article titles, not entries
    found_on: str = ""  # the column whose pages carry the entry (在线申请 on 依申请公开), if not home/专栏
    link_is_the_thing: bool = False  # the requirement is the link itself (友情链接 to 中国政府网): a named
    # link counts whatever became of its target, which the link rules judge
    listed: bool = False  # the thing is published as an article (the 年度报表 of a year): a list item
    # or link whose title names it is an entry too (titles up to listed_chars)
    listed_chars: int = 60


class Presence(str, Enum):
    unreachable = "unreachable"
    placeholder = "placeholder"
    absent = "absent"


@dataclass
class Entry:
    """A link that names the thing, on a crawled page, and what became of its target."""

    page: str  # the page holding the link (as seen, after redirects)
    text: str
    target: str
    outcome: str  # LinkCheck outcome, or soft_404 / not_fetched / not_crawled / placeholder
    status: int | None = None
    phrase: str = ""  # Chinese: 无法访问（HTTP 404）

    def evidence(self) -> dict[str, Any]:
        return {"page": self.page, "text": self.text, "target": self.target, "outcome": self.outcome,
                "status": self.status, "phrase": self.phrase}


@dataclass
class Verdict:
    state: Presence
    reason: str  # entry_unreachable / homepage_not_seen / portal_not_seen / placeholder / absent
    entries: list[Entry] = field(default_factory=list)  # unreachable or placeholder entries
    seen: list[str] = field(default_factory=list)  # pages that were looked at (absent)

    def evidence(self) -> dict[str, Any]:
        out: dict[str, Any] = {"presence": self.state.value, "presence_reason": self.reason}
        if self.entries:
            first = self.entries[0]
            out.update(entry_text=first.text, entry_target=first.target, entry_outcome=first.outcome,
                       entry_status=first.status)
            out["entry"] = first.evidence()
            out["entries"] = [e.evidence() for e in self.entries[:5]]
        if self.seen:
            out["seen"] = self.seen[:5]
        return out


# ---------------------------------------------------------------- the homepage

def _unseen(page: PageArtifact | None) -> bool:
    return page is None or page.status >= 400 or page.soft_404


def navigation_failed(page: PageArtifact | None) -> str | None:
    """Where the page's script sent the browser when that navigation failed (the browser showed
    its own error page: an off-site URL not allowed, a dead host), or None."""
    for note in page.extract_notes if page is not None else ():
        if note.startswith(NAVIGATION_FAILED_NOTE):
            m = re.search(r"ended on (\S+?)\)?$", note)
            return m.group(1) if m else "浏览器错误页面"
    return None


def homepage_seen(site: SiteArtifacts) -> tuple[bool, str, str, LinkCheck | None]:
    """(seen, what was missing, the homepage URL that was not seen, its LinkCheck): the
    homepage (SiteArtifacts.homepage: the start URL's page, else the scope's root) loaded, and
    it is a homepage (page_kind home, or the root of the scope — /, /xxgk/countyA/, index.html)."""
    home = site.homepage()
    start = site.crawl.start_url
    if home is None:
        return False, "首页未采集", start, site.link(start)
    scope = site.scope()
    if home.page_kind != "home" and not (scope.is_root(home.url) or scope.is_root(home.final_url)):
        root = f"{urlsplit(start).scheme}://{scope.netloc}{scope.prefix}"
        return False, f"起始页面 {home.url} 不是网站首页，首页（{root}）未采集", root, site.link(root)
    if (home.refresh or home.frames) and len(home.text) <= 200:
        # a start page that only forwards (meta refresh, frames) and whose target did not load
        # (SiteArtifacts.shown kept the forwarding page): the homepage a reader gets was not seen
        target = home.refresh or home.frames[0]
        outcome, status, phrase = target_state(site, target)
        if outcome != "ok":
            return False, f"首页跳转至 {target}，该页面{phrase}", target, site.link(target)
    failed = navigation_failed(home)
    if failed is not None:
        return False, f"首页由脚本跳转，浏览器未能打开跳转目标（{failed}），首页内容未能看到", home.url, None
    if _unseen(home):
        check = site.link(home.url)
        phrase = outcome_phrase(check) if check else (f"HTTP {home.status}" if home.status >= 400 else "页面显示不存在")
        return False, f"首页{phrase}", home.url, check
    return True, "", home.url, None


def seen_homepage(site: SiteArtifacts) -> PageArtifact | None:
    """The homepage when it was seen (see homepage_seen), else None."""
    return site.homepage() if homepage_seen(site)[0] else None


# ---------------------------------------------------------------- parts of a page never seen

@dataclass(frozen=True)
class UnseenPart:
    """A part of a seen page whose content was not seen: a header / footer / navigation a
    script writes or fills (not rendered, or rendered while its script was not served), or a
    frame of the site whose page did not load."""

    part: str  # header / footer / navigation / frame
    target: str  # the frame's URL, or the page itself for a script-built part
    outcome: str  # not_rendered, or the frame's target outcome
    status: int | None
    phrase: str  # Chinese: 由脚本生成，未能看到（<script src=…>）

    @property
    def name(self) -> str:
        return _PART_CN.get(self.part, "部分内容")


def unseen_parts(site: SiteArtifacts, page: PageArtifact | None) -> list[UnseenPart]:
    """The parts of `page` that were never seen (crawler.extract.script_built_parts notes; frame
    embeds of the site that did not load). A frame on another host is a widget (weather, map),
    not a part of the site's own page; it is not counted."""
    if page is None:
        return []
    out: list[UnseenPart] = []
    for note in page.extract_notes:
        if not note.startswith(PART_NOTE + ": "):
            continue
        part, _, how = note[len(PART_NOTE) + 2:].partition(" ")
        how = how.strip("()")
        if page.rendered and how.startswith("<script"):
            continue  # the browser ran it: what it wrote is in the rendered page
        out.append(UnseenPart(part, seen_at(page), "not_rendered", None, f"由脚本生成，未能看到（{how}）"))
    for embed in page.embeds:
        if embed.kind.value != "frame" or not site.in_scope(embed.url):
            continue
        outcome, status, phrase = target_state(site, embed.url)
        if outcome != "ok":
            part = part_of(urlsplit(embed.url).path) or "frame"
            out.append(UnseenPart(part, embed.url, outcome, status, f"在框架页面 {embed.url} 中，该页面{phrase}"))
    return out


# ---------------------------------------------------------------- entries

_PLACEHOLDER_HREF = re.compile(r"^(?:#.*|javascript:\s*(?:void\s*\(\s*0?\s*\)|;)?\s*;?|)$", re.I)


def is_placeholder(link: LinkRef) -> bool:
    """An entry that leads nowhere: href="#", "javascript:void(0)", "javascript:;", or a
    malformed href (http://, http://#, a path pasted from Word)."""
    if link.kind.value == "malformed":
        return True  # http://, http://#, file:///C:/… : a reader clicking it gets nothing
    if link.kind.value not in ("anchor", "javascript"):
        return False
    raw = link.url.strip()
    if link.kind.value == "anchor":
        # a bare "#" stays put; "#xxgkzn" jumps to a section of the page, which may be the thing
        return raw in ("", "#")
    return bool(_PLACEHOLDER_HREF.match(raw))


def target_state(site: SiteArtifacts, url: str) -> tuple[str, int | None, str]:
    """(outcome, status, phrase) of an entry's target; outcome "ok" only when a crawled page
    loaded (a target checked but never crawled could not be looked at: not_crawled)."""
    page = site.page(url)
    check = site.link(url)
    if page is not None:
        if page.status >= 400:
            if check is not None and check.outcome != "ok":
                return check.outcome, check.status, outcome_phrase(check)
            outcome = "rate_limited" if page.status in (429, 503) else "dead"
            return outcome, page.status, f"无法访问（HTTP {page.status}）"
        if page.soft_404:
            return "soft_404", page.status, "页面显示“页面不存在”或“信息已删除”"
        return "ok", page.status, "可以访问"
    if check is None:
        return "not_fetched", None, "未被抓取"
    if check.outcome == "ok":
        return "not_crawled", check.status, "可以访问但内容未采集"
    return check.outcome, check.status, outcome_phrase(check)


_Ref = tuple[PageArtifact, int, LinkRef]  # page, position of the link on it, link


def _index(pages) -> tuple[dict[str, list[_Ref]], dict[str, list[_Ref]], dict[str, list[_Ref]]]:
    """(normalised link text → refs, URL path → refs, list-item title → refs) over pages;
    list-item links are kept apart (a column's articles are documents, not entries, except for
    things published as articles: PresenceSpec.listed). Navigation repeats on every page, so
    the regexes of a spec run once per distinct text and path, not once per link."""
    by_text: dict[str, list[_Ref]] = {}
    by_path: dict[str, list[_Ref]] = {}
    by_item: dict[str, list[_Ref]] = {}
    for page in pages:
        listed = {i.url for i in page.list_items if i.url}
        for pos, link in enumerate(page.links):
            if link.url in listed:
                by_item.setdefault(norm(link.text), []).append((page, pos, link))
                continue
            by_text.setdefault(norm(link.text), []).append((page, pos, link))
            if link.kind.value in ("page", "external"):
                by_path.setdefault(urlsplit(link.url).path, []).append((page, pos, link))
    return by_text, by_path, by_item


def _site_index(site: SiteArtifacts):
    cached = site.__dict__.get("_presence_index")
    if cached is None or cached[0] != len(site.pages):
        cached = (len(site.pages), _index(ok_pages(site)))
        site.__dict__["_presence_index"] = cached
    return cached[1]


def entries(site: SiteArtifacts, spec: PresenceSpec, within: list[PageArtifact] | None = None
            ) -> tuple[list[Entry], list[Entry], list[Entry]]:
    """(loaded, unreachable, placeholder) entries for the thing on the crawled pages (or on
    the pages `within`, when the thing belongs to given pages: the homepage's search box)."""
    text_rx = re.compile(spec.link_text)
    url_rx = re.compile(spec.url_pattern) if spec.url_pattern else None
    ex_rx = re.compile(spec.exclude) if spec.exclude else None
    by_text, by_path, by_item = _site_index(site) if within is None else _index(within)
    refs: list[_Ref] = []
    longest = max(spec.max_text_chars, spec.listed_chars) if spec.listed else spec.max_text_chars
    for text, group in by_text.items():
        if text and len(text) <= longest and text_rx.search(text) and not (ex_rx and ex_rx.search(text)):
            refs += group
    if spec.listed:  # an article listed under its title (北京住房公积金管理中心政府网站工作年度报表)
        for text, group in by_item.items():
            if text and len(text) <= spec.listed_chars and text_rx.search(text) and not (ex_rx and ex_rx.search(text)):
                refs += group
    if url_rx is not None:
        for path, group in by_path.items():
            if url_rx.search(path):
                refs += [r for r in group if not (ex_rx and norm(r[2].text) and ex_rx.search(norm(r[2].text)))]
    order = {id(p): i for i, p in enumerate(site.pages)}
    refs.sort(key=lambda r: (order.get(id(r[0]), -1), r[1]))  # crawl and page order: the first is named
    loaded: list[Entry] = []
    unreachable: list[Entry] = []
    placeholder: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for page, _, link in refs:
        if link.hidden and spec.link_is_the_thing:
            continue  # a required link must be seen by readers; hidden menus still hold entries
        key = (seen_at(page), link.url)
        if key in seen:
            continue
        seen.add(key)
        if is_placeholder(link):
            placeholder.append(Entry(seen_at(page), link.text, link.url, "placeholder", None, "为空链接"))
            continue
        if link.kind.value not in ("page", "external", "attachment"):
            continue
        outcome, status, phrase = target_state(site, link.url)
        entry = Entry(seen_at(page), link.text, link.url, outcome, status, phrase)
        # a required link is judged as a link: the rule saw it and refused it (another host …)
        (loaded if outcome == "ok" or spec.link_is_the_thing else unreachable).append(entry)
    return loaded, unreachable, placeholder


# ---------------------------------------------------------------- the decision

def judge_missing(site: SiteArtifacts, spec: PresenceSpec, within: list[PageArtifact] | None = None) -> Verdict:
    """The rule's own search found nothing: may it say the thing is missing?"""
    _, unreachable, placeholder = entries(site, spec, within)
    if unreachable:
        return Verdict(Presence.unreachable, "entry_unreachable", unreachable)
    if not spec.needs_home:
        for page in within or ():  # the pages the rule judged: a part of them never seen
            verdict = _part_not_seen(page, unseen_parts(site, page))
            if verdict is not None:
                return verdict
        return Verdict(Presence.placeholder if placeholder else Presence.absent,
                       "placeholder" if placeholder else "absent", placeholder)
    seen, why, target, check = homepage_seen(site)
    if not seen:
        entry = Entry(site.crawl.start_url, "网站首页", target, check.outcome if check else "not_fetched",
                      check.status if check else None, why)
        return Verdict(Presence.unreachable, "homepage_not_seen", [entry])
    home = site.homepage()
    looked = [seen_at(home)]
    pages = [home]
    if spec.in_portal:
        _, link, portal = find_portal(site)
        if link is not None and (portal is None or portal.soft_404):
            outcome, status, phrase = target_state(site, link.url)
            return Verdict(Presence.unreachable, "portal_not_seen",
                           [Entry(seen_at(home), link.text, link.url, outcome, status, phrase)])
        if portal is not None:
            looked.append(seen_at(portal))
            pages.append(portal)
    for page in pages:  # menus a script draws, recorded without the script's output: not seen
        why = unrendered(page)
        if why is not None:
            return Verdict(Presence.unreachable, "not_rendered",
                           [Entry(seen_at(page), "脚本生成的栏目与列表", seen_at(page), "not_rendered", None,
                                  f"由脚本生成，未能渲染（{why[:80]}）")])
        verdict = _part_not_seen(page, unseen_parts(site, page))
        if verdict is not None:
            return verdict
    if placeholder:
        return Verdict(Presence.placeholder, "placeholder", placeholder, looked)
    return Verdict(Presence.absent, "absent", [], looked)


def _part_not_seen(page: PageArtifact, parts: list[UnseenPart]) -> Verdict | None:
    """Could not evaluate when a part of a page the thing would be on was never seen (its
    header, navigation or footer written by a script, a frame that did not load)."""
    if not parts:
        return None
    return Verdict(Presence.unreachable, "part_not_seen",
                   [Entry(seen_at(page), p.name, p.target, p.outcome, p.status, p.phrase) for p in parts])


def unreachable_message(spec: PresenceSpec, verdict: Verdict) -> str:
    e = verdict.entries[0]
    if verdict.reason == "part_not_seen":
        return f"页面 {e.page} 的{e.text}{e.phrase}，无法判断是否设置“{spec.item}”"
    if verdict.reason == "homepage_not_seen":
        return f"{e.phrase}，无法判断是否设置“{spec.item}”"
    if verdict.reason == "not_rendered":
        return f"页面 {e.page} 的栏目与列表{e.phrase}，无法判断是否设置“{spec.item}”"
    where = "政府信息公开专栏入口" if verdict.reason == "portal_not_seen" else "入口"
    return (f"页面 {e.page} 上的{where}“{norm(e.text)}”（{e.target}）{e.phrase}，"
            f"无法判断是否设置“{spec.item}”（链接问题由链接检查报告）")


def placeholder_message(spec: PresenceSpec, verdict: Verdict) -> str:
    e = verdict.entries[0]
    return f"“{spec.item}”栏目入口“{norm(e.text)}”为空链接（{e.target or '空'}），点击后没有内容，且未找到其他有效入口"
