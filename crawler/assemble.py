"""Pure assembly: crawled pages → columns (栏目), paging pages merged into one column."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from contracts import ColumnArtifact, ListItem, PageArtifact

_PAGED_NAME = re.compile(r"^(index|list|default|more)(?:[_-](\d+))?(\.\w+)$", re.I)
_INDEX_NAME = re.compile(r"^(index|default)\.\w+$", re.I)
_PAGE_PARAMS = re.compile(r"^(page|pageno|pagenum|pageindex|currentpage|curpage|p|pn|startrecord|endrecord|perpage)$", re.I)
_TITLE_SEP = re.compile(r"\s*[-_|—–]\s*")
_GENERIC_CRUMBS = {"正文", "列表", "详情", "内容", "首页", "主页", "网站首页", "文章", "当前位置"}
_DEDE_LIST = re.compile(r"^list_\d+_(\d+)(\.\w+)$", re.I)  # DedeCMS list_{typeid}_{page}.html


def column_key(url: str) -> tuple[str, int]:
    """(key shared by all pages of one list, page number within it)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    head, _, last = path.rpartition("/")
    page_no = 0
    m = _PAGED_NAME.match(last)
    dede = _DEDE_LIST.match(last)
    if dede:
        page_no, last = int(dede.group(1)), ""  # page n of the directory's index
    elif m:
        page_no = int(m.group(2) or 0)
        last = f"{m.group(1)}{m.group(3)}"
        if _INDEX_NAME.match(last):
            last = ""  # dir/ and dir/index.html are one column
    query = []
    for k, v in parse_qsl(parts.query, keep_blank_values=True):
        if _PAGE_PARAMS.match(k):
            if v.isdigit():
                page_no = max(page_no, int(v))  # only used to order the pages
            continue
        query.append((k, v))
    key = urlunsplit((parts.scheme, parts.netloc, f"{head}/{last}", urlencode(query), ""))
    return key, page_no


def column_name(page: PageArtifact) -> str:
    crumbs = [c for c in page.breadcrumb if c not in _GENERIC_CRUMBS]
    if crumbs:
        return crumbs[-1]
    for key in ("ColumnName", "columnname", "column"):
        if page.meta.get(key):
            return page.meta[key]
    if page.heading:
        return page.heading
    title = _TITLE_SEP.split(page.title.strip())[0] if page.title else ""
    return title or page.url


_FRAGMENT_OFFSET = 10**9  # fragments sort after the column's own pages


def _is_fragment(page: PageArtifact) -> bool:
    """A list fragment a CMS endpoint returned (大汉 dataproxy.jsp records): no title, no
    breadcrumb, only list entries."""
    return not page.breadcrumb and not page.title.strip() and not page.heading


def _merge_fragments(groups: dict[str, list[tuple[int, PageArtifact]]]) -> None:
    """Merge groups made only of list fragments into the column whose page declared them in
    its paging (directly or through an earlier fragment)."""
    owner: dict[str, str] = {}
    for key, members in groups.items():
        for _, p in members:
            for u in p.paging:
                owner.setdefault(u, key)
    for key in list(groups):
        members = groups.get(key)
        if not members or not all(_is_fragment(p) for _, p in members):
            continue
        target, hops = key, 0
        while hops < 10:  # follow fragment → fragment → column page
            nxt = next((owner[p.url] for _, p in groups.get(target, []) if p.url in owner
                        and owner[p.url] != target), None)
            if nxt is None:
                break
            target, hops = nxt, hops + 1
        if target != key and target in groups and not all(_is_fragment(p) for _, p in groups[target]):
            groups[target].extend((_FRAGMENT_OFFSET + no, p) for no, p in members)
            del groups[key]


def build_columns(pages: Iterable[PageArtifact]) -> list[ColumnArtifact]:
    """One ColumnArtifact per list, in first-seen order. Only successful column pages count."""
    groups: dict[str, list[tuple[int, PageArtifact]]] = {}
    for page in pages:
        if page.page_kind != "column" or not (200 <= page.status < 300):
            continue
        key, page_no = column_key(page.final_url or page.url)
        groups.setdefault(key, []).append((page_no, page))
    _merge_fragments(groups)
    columns: list[ColumnArtifact] = []
    for members in groups.values():
        members.sort(key=lambda m: m[0])
        first = members[0][1]
        items: list[ListItem] = []
        seen: set[tuple] = set()
        for _, page in members:
            for item in page.list_items:
                k = (item.url, item.title)
                if k not in seen:
                    seen.add(k)
                    items.append(item)
        dates = [i.date for i in items if i.date]
        columns.append(ColumnArtifact(
            url=first.url,
            name=column_name(first),
            path=list(first.breadcrumb),
            pages=[p.url for _, p in members],
            items=items,
            latest_date=max(dates) if dates else None,
        ))
    return columns
