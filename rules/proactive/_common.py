"""Columns and items the 主动公开 rules look for, wherever the portal puts them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from contracts import Citation, SiteArtifacts

from ..patterns import body_text, crumbs, norm, ok_pages, page_date, titles_of

PLACEHOLDER = re.compile(r"暂无(信息|内容|数据|相关信息|记录|文章)|正在建设中|栏目建设中|敬请期待|无相关信息|没有相关信息")

ART = "中华人民共和国政府信息公开条例（国务院令第711号）"
CITE_ART20 = Citation(document=ART, article="第二十条",
                      note="行政机关应当依照第十九条的规定，主动公开本行政机关的下列政府信息：（一）至（十五）")
CITE_ART21 = Citation(document=ART, article="第二十一条",
                      note="设区的市级、县级人民政府及其部门还应当根据本地方的具体情况，主动公开涉及市政建设、公共服务、"
                           "公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息")
CITE_ART22 = Citation(document=ART, article="第二十二条",
                      note="行政机关应当依照第二十条、第二十一条的规定，确定主动公开政府信息的具体内容，并按照上级行政机关的部署，"
                           "不断增加主动公开的内容")


@dataclass
class Item:
    title: str
    url: str | None
    date: dt.date | None
    column: str


@dataclass
class Col:
    name: str
    url: str
    items: list[Item] = field(default_factory=list)
    single_page: bool = False  # a column that is one page of text (机构职能, 指南 …)

    @property
    def non_empty(self) -> bool:
        return bool(self.items) or self.single_page

    def latest(self, as_of: dt.date) -> dt.date | None:
        dates = [i.date for i in self.items if i.date and i.date <= as_of]
        return max(dates) if dates else None


def site_columns(site: SiteArtifacts, min_single_chars: int = 150) -> list[Col]:
    """Every column of the site: ColumnArtifacts (placeholder entries dropped), plus crawled
    column-like pages without a list (single-page columns when they have text of their own)."""
    out: list[Col] = []
    seen: set[str] = set()
    for c in site.columns:
        if c.url in seen:
            continue
        seen.add(c.url)
        seen.update(c.pages)
        items = [Item(i.title, i.url, i.date, c.name) for i in c.items
                 if i.url or not PLACEHOLDER.search(norm(i.title))]
        col = Col(c.name, c.url, items)
        if not items:
            page = site.page(c.url)
            if page is not None and not PLACEHOLDER.search(norm(body_text(page))) \
                    and _own_chars(page) >= min_single_chars:
                col.single_page = True
        out.append(col)
    for page in ok_pages(site):
        if page.page_kind not in ("column", "other") or page.url in seen or page.final_url in seen:
            continue
        seen.add(page.url)
        c = crumbs(page)
        name = c[-1] if c else (titles_of(page) or [""])[0]
        if not name:
            continue
        col = Col(name, page.final_url or page.url)
        if not PLACEHOLDER.search(norm(body_text(page))) and _own_chars(page) >= min_single_chars:
            col.single_page = True
        out.append(col)
    return out


def _own_chars(page) -> int:
    text = body_text(page)
    for link in page.links:
        if link.text:
            text = text.replace(link.text, " ", 1)
    return len(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", text))


def matching_columns(cols: list[Col], pattern: str, exclude: str | None = None) -> list[Col]:
    rx = re.compile(pattern)
    ex = re.compile(exclude) if exclude else None
    return [c for c in cols if rx.search(norm(c.name)) and not (ex and ex.search(norm(c.name)))]


def all_items(site: SiteArtifacts) -> list[Item]:
    """Every list item of every column, plus every crawled article (by its title), once per URL."""
    out: list[Item] = []
    seen: set[str] = set()
    for c in site.columns:
        for i in c.items:
            key = i.url or f"{c.url}#{i.title}"
            if key in seen:
                continue
            seen.add(key)
            out.append(Item(i.title, i.url, i.date, c.name))
    for page in ok_pages(site):
        if page.page_kind != "article" or page.url in seen or page.final_url in seen:
            continue
        seen.add(page.url)
        names = titles_of(page)
        c = crumbs(page)
        out.append(Item(names[0] if names else page.url, page.final_url or page.url, page_date(page),
                        c[-1] if c else ""))
    return out
