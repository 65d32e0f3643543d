"""What the 专栏 rules share: the 专栏 page, column-like links, first-level columns."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from contracts import Citation, LinkRef, PageArtifact, SiteArtifacts

from ..patterns import crumbs, norm, ok_pages

CITE_61_PLATFORM = Citation(
    document="国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知（国办公开办函〔2019〕61号）",
    article="一、找准定位；二、统一规范",
    note="牢牢把握“专栏姓专”的基本定位，聚焦法定主动公开内容；平台必须统一名称、统一格式；以已有的“政府信息公开”"
         "“政务公开”等栏目为依托，未设置“政府信息公开”栏目或有类似栏目但使用其他名称的，应当统一设置并统一名称",
)
CITE_61_COLUMNS = Citation(
    document="国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知（国办公开办函〔2019〕61号）",
    article="一级栏目：政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报",
    verified=False,
    note="四个一级栏目的名称为各地门户普遍采用，通知原文中的相应表述及“不得增设其他一级栏目”未核实",
)
CITE_ART24 = Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第二十四条",
                      note="利用统一的政府信息公开平台集中发布主动公开的政府信息")

COLUMN_URL_PATTERN = r"(/|/(index|list|default|more)(_\d+)?\.s?html?|/col/col\d+/index\.html)$"


def column_urls(site: SiteArtifacts) -> set[str]:
    urls = {c.url for c in site.columns} | {u for c in site.columns for u in c.pages}
    urls |= {p.url for p in site.pages if p.page_kind in ("home", "column")}
    urls |= {p.final_url for p in site.pages if p.page_kind in ("home", "column")}
    return urls


def is_column_link(link: LinkRef, known_columns: set[str], url_rx: re.Pattern[str] | None) -> bool:
    """A link to a column (栏目) rather than to an article: a known column page, or a list-like URL."""
    if link.url in known_columns:
        return True
    if url_rx is None:
        return False
    try:
        path = urlsplit(link.url).path or "/"
    except ValueError:
        return False
    return bool(url_rx.search(path))


def portal_names(link: LinkRef | None, portal: PageArtifact | None) -> set[str]:
    """The names the 专栏 goes by: the homepage link text and the 专栏 page's own crumb."""
    names = set()
    if link is not None and link.text:
        names.add(norm(link.text))
    if portal is not None:
        c = crumbs(portal)
        if c:
            names.add(c[-1])
    return {n for n in names if n}


def first_level_columns(site: SiteArtifacts, names: set[str]) -> dict[str, str]:
    """First-level column name → URL of its own page (or of the first page seen under it).

    A page whose breadcrumb (首页 and 正文-like entries removed) passes through the 专栏's name
    names the first-level column it sits in as the next entry: 首页 > 政府信息公开 > 政府信息公开指南
    > … Pages whose breadcrumb is exactly [专栏, X] are X's own page and give its URL.
    """
    out: dict[str, str] = {}
    own: dict[str, str] = {}
    def below(c: list[str]) -> tuple[str, bool] | None:
        """(first-level column, whether the trail ends there) for a trail through the 专栏."""
        idx = next((i for i, x in enumerate(c) if x in names), None)
        if idx is None or idx + 1 >= len(c):
            return None
        return c[idx + 1], len(c) == idx + 2

    for page in ok_pages(site):
        hit = below(crumbs(page))
        if hit is None:
            continue
        name, ends = hit
        out.setdefault(name, page.final_url or page.url)
        if ends and page.page_kind in ("column", "other") and name not in own:
            own[name] = page.final_url or page.url
    for col in site.columns:
        hit = below([norm(x) for x in col.path if norm(x) and norm(x) not in ("首页",)])
        if hit is not None and hit[1]:
            own.setdefault(hit[0], col.url)
            out.setdefault(hit[0], col.url)
    return {name: own.get(name, url) for name, url in out.items()}
