"""Guangdong 政府信息公开目录管理平台 (gkmlpt): its column tree and list API, without a browser
(pure functions, no Scrapy).

Hundreds of Guangdong county, district and department sites serve their 公开目录 at
``…/gkmlpt/index``: the HTML holds a Vue bundle and a config script

    window._CONFIG = { SID: '200025', …, TREE: [{"id": 2, "name": "…", "children": [...],
                       "jump_url": ""}, …], SERVICE_AREA_ID: … }

and the browser lists a column (``/gkmlpt/index#721``) from

    GET …/gkmlpt/api/all/{column id}?page=N&sid={SID}
    → {"total": 145, "classify": {"post_count": …}, "articles": [{"id", "title", "url",
       "post_url", "created_at": "2026-06-18 16:25:04", "display_publish_time": 1781771108,
       "document_number", …}]}

Shapes as public gkmlpt crawlers use them: the TREE/SID config read and the
``api/all/{id}?page=&sid=`` list with ``articles``/``classify.post_count`` in
github.com/hulelan/china-governance ``crawlers/gkmlpt.py``; ``total``/``articles[].url``/
``created_at``/``create_time`` in a Yangjiang gkmlpt list-strategy test; gd.gov.cn
``/gkmlpt/api/all/5?page=1&sid=2`` in a public policy scraper.
Nodes with a ``jump_url`` open another page instead of a list.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from contracts import ListItem

from .extract import canonicalize
from .jsonlists import to_date

_CONFIG_RE = re.compile(r"window\._CONFIG\s*=\s*\{")
_SID_RE = re.compile(r"""\bSID\s*:\s*['"]?(\d+)""")
_TREE_RE = re.compile(r"""\bTREE\s*:\s*\[""")
_API_PATH = re.compile(r"/gkmlpt/api/all/(\d+)$")
# Publication time first (the 发布日期 the list shows), then creation.
DATE_FIELDS = ("display_publish_time", "first_publish_time", "publish_time", "created_at", "create_time", "date")
URL_FIELDS = ("url", "post_url", "link")


@dataclass
class Node:
    """One column of the 公开目录 tree."""

    id: int
    name: str
    path: list[str] = field(default_factory=list)  # ancestor names, root first
    jump_url: str | None = None
    has_children: bool = False


@dataclass
class Config:
    base: str  # …/gkmlpt/ (absolute)
    sid: str | None
    nodes: list[Node]


def _balanced(text: str, start: int, open_c: str, close_c: str) -> str | None:
    """The bracketed text starting at text[start] == open_c (strings respected)."""
    depth, i, quote = 0, start, None
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == open_c:
            depth += 1
        elif c == close_c:
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
        i += 1
    return None


def is_gkmlpt_page(url: str, html_text: str) -> bool:
    return "/gkmlpt/" in (urlsplit(url).path + "/") and bool(_CONFIG_RE.search(html_text))


def base_of(url: str) -> str:
    parts = urlsplit(url)
    head = parts.path.split("/gkmlpt/", 1)[0] if "/gkmlpt/" in parts.path else parts.path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, f"{head}/gkmlpt/", "", ""))


def parse_config(page_url: str, html_text: str) -> Config | None:
    """The SID and column tree of a gkmlpt page's ``window._CONFIG``; None when absent."""
    m = _CONFIG_RE.search(html_text)
    if not m:
        return None
    body = _balanced(html_text, m.end() - 1, "{", "}") or html_text[m.end() - 1:]
    sid = _SID_RE.search(body)
    nodes: list[Node] = []
    t = _TREE_RE.search(body)
    if t:
        raw = _balanced(body, t.end() - 1, "[", "]")
        try:
            tree = json.loads(raw) if raw else []
        except ValueError:
            tree = []
        _flatten(tree, [], nodes, page_url)
    return Config(base=base_of(page_url), sid=sid.group(1) if sid else None, nodes=nodes)


def _flatten(tree: Any, path: list[str], out: list[Node], page_url: str) -> None:
    if not isinstance(tree, list):
        return
    for n in tree:
        if not isinstance(n, dict) or "id" not in n or not str(n.get("name") or "").strip():
            continue
        try:
            nid = int(n["id"])
        except (TypeError, ValueError):
            continue
        name = " ".join(str(n["name"]).split())
        children = n.get("children") or []
        jump = str(n.get("jump_url") or "").strip()
        out.append(Node(id=nid, name=name, path=list(path),
                        jump_url=canonicalize(urljoin(page_url, jump)) if jump else None,
                        has_children=bool(children)))
        _flatten(children, [*path, name], out, page_url)


def api_url(cfg: Config, column_id: int, page: int = 1) -> str:
    # Not canonicalize(): it drops `sid` as a session parameter, but here it names the site.
    sid = f"&sid={cfg.sid}" if cfg.sid else ""
    return f"{canonicalize(cfg.base)}api/all/{column_id}?page={page}{sid}"


def is_api_url(url: str) -> bool:
    try:
        return bool(_API_PATH.search(urlsplit(url).path))
    except ValueError:
        return False


def column_id(url: str) -> int | None:
    m = _API_PATH.search(urlsplit(url).path)
    return int(m.group(1)) if m else None


def page_of(url: str) -> int:
    q = dict(parse_qsl(urlsplit(url).query))
    return int(q["page"]) if q.get("page", "").isdigit() else 1


def with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    q = [(k, str(page) if k == "page" else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    if not any(k == "page" for k, _ in q):
        q.append(("page", str(page)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(f"{k}={v}" for k, v in q), ""))


@dataclass
class ApiPage:
    items: list[ListItem]
    total: int | None
    articles: int  # entries in this answer (with or without a usable title/url)


def parse_api(data: Any, api_page_url: str) -> ApiPage | None:
    """One answer of ``api/all/{id}``; None when it is not that shape."""
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        return None
    items: list[ListItem] = []
    for a in data["articles"]:
        if not isinstance(a, dict):
            continue
        title = " ".join(str(a.get("title") or "").split())
        url = next((str(a[k]).strip() for k in URL_FIELDS if isinstance(a.get(k), str) and a[k].strip()), None)
        date = next((d for d in (to_date(a.get(k)) for k in DATE_FIELDS) if d), None)
        if title:
            items.append(ListItem(title=title, url=canonicalize(urljoin(api_page_url, url)) if url else None,
                                  date=date))
    total = data.get("total")
    if not isinstance(total, int):
        classify = data.get("classify") if isinstance(data.get("classify"), dict) else {}
        total = classify.get("post_count") if isinstance(classify.get("post_count"), int) else None
    return ApiPage(items=items, total=total, articles=len(data["articles"]))


def next_pages(api_page_url: str, page: ApiPage, *, first_page_size: int | None = None,
               limit: int = 200) -> list[str]:
    """API URLs of the later pages, from page 1's answer (total / entries per page). Some
    installations answer everything on page 1 (then total <= entries, nothing more)."""
    if page_of(api_page_url) != 1 or page.total is None or page.articles == 0:
        return []
    size = first_page_size or page.articles
    n = math.ceil(page.total / size)
    return [with_page(api_page_url, p) for p in range(2, min(n, limit) + 1)]
