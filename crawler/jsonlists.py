"""List items in JSON answers (pure functions, no Scrapy).

Many 政府信息公开目录 platforms (开普云, Vue-built 集约化 sites, Guangdong gkmlpt) build their
lists in the browser from a JSON API; the HTML holds only a script. When such a page is
rendered, the JSON answers the page asked for are recorded and read here:

* `find_lists(data, base_url)` finds every array of objects that carry a title, a URL and
  a date, whatever the field names (title/name/wzbt…, url/link/href…, date/publish_time/
  pubDate/created_at…, epoch seconds or milliseconds too), with the paging numbers found
  beside the array (page/pageNo, total, pageCount, pageSize).
* `page_urls(request_url, jl)` turns that paging into the GET URLs of the other pages, by
  changing the page parameter of the URL the page itself used.

A list is a list of publications only when its objects carry dates: menus and column
trees (name + url, no date) are not taken for lists.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from contracts import ListItem
from contracts.dates import parse_date

# Field names seen on real platforms, most specific first; matched case-insensitively.
TITLE_KEYS = ("title", "wzbt", "bt", "doctitle", "articletitle", "infotitle", "maintitle", "showtitle",
              "titlename", "subject", "xxmc", "wjmc", "name")
URL_KEYS = ("url", "post_url", "posturl", "link", "linkurl", "href", "docurl", "detailurl", "infourl",
            "articleurl", "pageurl", "lj", "wzlj", "ljdz", "path", "fileurl")
DATE_KEYS = ("display_publish_time", "first_publish_time", "publish_time", "publishtime", "publishdate",
             "pubdate", "pub_date", "pubtime", "releasetime", "releasedate", "fbrq", "fbsj", "fwrq",
             "docreltime", "docpubtime", "showtime", "created_at", "createtime", "create_time", "createdate",
             "inputtime", "addtime", "date", "time", "cwrq", "updated_at", "updatetime")
# Paging numbers beside a list (lower-cased names).
TOTAL_KEYS = ("total", "totalcount", "total_count", "totalrecord", "totalrecords", "totalnum", "totalelements",
              "recordcount", "records_total", "count", "post_count", "totalrow", "totalrows")
PAGE_COUNT_KEYS = ("pagecount", "page_count", "totalpage", "totalpages", "total_page", "pages", "pagetotal")
PAGE_SIZE_KEYS = ("pagesize", "page_size", "size", "limit", "rows", "perpage", "per_page", "pagenum_size")
PAGE_NO_KEYS = ("page", "pageno", "pagenum", "pageindex", "currentpage", "current", "curpage", "current_page",
                "pn", "p")
# Query parameters that select a page, as a list's own request writes them.
PAGE_PARAMS = ("page", "pageNo", "pageNum", "pageIndex", "currentPage", "current", "curPage", "pn", "p")
_PAGE_PARAMS_LOWER = {p.lower() for p in PAGE_PARAMS}
_CN_TZ = dt.timezone(dt.timedelta(hours=8))  # epoch times are read as 北京时间
_MIN_RATIO = 0.6  # share of an array's objects that must be list entries


@dataclass
class JsonList:
    """One list found in a JSON answer."""

    where: str  # JSON path of the array, e.g. data.list
    items: list[ListItem] = field(default_factory=list)
    total: int | None = None  # entries in the whole list, when the answer says
    page_count: int | None = None
    page_size: int | None = None
    page_no: int | None = None
    fields: tuple[str, str, str] = ("", "", "")  # the (title, url, date) keys used


def parse_json(text: str | bytes) -> Any | None:
    """The JSON value of an answer, also JSONP `cb({...})`; None when it is not JSON."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    s = text.strip().lstrip("\ufeff")
    if not s:
        return None
    if s[0] not in "[{":
        m = re.match(r"^[\w$.]+\s*\((.*)\)\s*;?\s*$", s, re.S)  # JSONP
        if not m:
            return None
        s = m.group(1)
    try:
        return json.loads(s)
    except ValueError:
        return None


def to_date(value: Any) -> dt.date | None:
    """A date from a string (2026-11-20, 2026/11/20 08:00, 2026年11月20日, ISO) or an epoch
    number (seconds or milliseconds, 北京时间)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, (int, float)):
        n = float(value)
        if n > 1e14 or n <= 0:
            return None
        if n > 1e11:  # milliseconds
            n /= 1000.0
        if n < 5e8:  # before 1985: not a publication time
            return None
        return dt.datetime.fromtimestamp(n, _CN_TZ).date()
    if isinstance(value, str):
        return parse_date(value)
    return None


def _pick(obj: dict, keys: tuple[str, ...], ok) -> tuple[str, Any] | None:
    lower = {k.lower(): k for k in obj if isinstance(k, str)}
    for want in keys:
        real = lower.get(want)
        if real is not None and ok(obj[real]):
            return real, obj[real]
    return None


def _is_title(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip()) and len(v) < 500


_RESOURCE = re.compile(r"\.(jpe?g|png|gif|bmp|webp|svg|ico|css|js|mp4|mp3|woff2?|ttf)(\?.*)?$", re.I)


def _is_url(v: Any) -> bool:
    """A link a reader would follow (images, scripts and media of an upload list are not)."""
    if not isinstance(v, str):
        return False
    s = v.strip()
    return (bool(s) and " " not in s and len(s) < 2000 and not s.lower().startswith(("javascript:", "data:"))
            and not _RESOURCE.search(s))


def _is_date(v: Any) -> bool:
    return to_date(v) is not None


def _entry(obj: dict, base_url: str, keys: tuple[str, str, str] | None = None) -> tuple[ListItem, tuple] | None:
    if keys is not None:
        t, u, d = keys
        title, url, date = obj.get(t), obj.get(u), obj.get(d)
        if not (_is_title(title) and _is_url(url)):
            return None
        return ListItem(title=" ".join(title.split()), url=urljoin(base_url, url.strip()), date=to_date(date)), keys
    t = _pick(obj, TITLE_KEYS, _is_title)
    u = _pick(obj, URL_KEYS, _is_url)
    d = _pick(obj, DATE_KEYS, _is_date)
    if not (t and u and d):
        return None
    item = ListItem(title=" ".join(t[1].split()), url=urljoin(base_url, u[1].strip()), date=to_date(d[1]))
    return item, (t[0], u[0], d[0])


def _int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)) and v >= 0:
        return int(v)
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None


def _paging(containers: list[dict]) -> dict[str, int | None]:
    """Paging numbers from the objects holding the array, nearest first (also one level
    down: {"data": {...}, "page": {"total": …}})."""
    out: dict[str, int | None] = {"total": None, "page_count": None, "page_size": None, "page_no": None}
    wanted = (("total", TOTAL_KEYS), ("page_count", PAGE_COUNT_KEYS), ("page_size", PAGE_SIZE_KEYS),
              ("page_no", PAGE_NO_KEYS))
    scopes: list[dict] = []
    for c in containers:
        scopes.append(c)
        scopes.extend(v for v in c.values() if isinstance(v, dict))
    for scope in scopes:
        lower = {k.lower(): v for k, v in scope.items() if isinstance(k, str)}
        for name, keys in wanted:
            if out[name] is not None:
                continue
            for k in keys:
                n = _int(lower.get(k))
                if n is not None:
                    out[name] = n
                    break
    return out


def find_lists(data: Any, base_url: str) -> list[JsonList]:
    """Every array of dated title+URL objects in a JSON value, with its paging numbers."""
    found: list[JsonList] = []

    def walk(node: Any, path: str, containers: list[dict]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else str(k), [node, *containers])
        elif isinstance(node, list):
            objs = [o for o in node if isinstance(o, dict)]
            if objs and len(objs) == len(node):
                first = next((e for e in (_entry(o, base_url) for o in objs) if e), None)
                if first is not None:
                    keys = first[1]
                    entries = [e for e in (_entry(o, base_url, keys) for o in objs) if e]
                    if len(entries) >= max(1, math.ceil(_MIN_RATIO * len(objs))):
                        p = _paging(containers)
                        found.append(JsonList(where=path or "$", items=[e[0] for e in entries], fields=keys,
                                              **p))
                        return
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]", containers)

    walk(data, "", [])
    return found


def pages_total(jl: JsonList) -> int | None:
    """How many pages the list has, when the answer says enough to know."""
    if jl.page_count is not None:
        return jl.page_count
    size = jl.page_size or (len(jl.items) if jl.items else None)
    if jl.total is not None and size:
        return max(1, math.ceil(jl.total / size))
    return None


def page_param(url: str) -> tuple[str, int] | None:
    """(name, value) of the page parameter in a list request's URL."""
    for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if k.lower() in _PAGE_PARAMS_LOWER and v.strip().isdigit():
            return k, int(v)
    return None


def with_page(url: str, name: str, number: int) -> str:
    parts = urlsplit(url)
    query = [(k, str(number) if k == name else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _page_numbers(n: int, current: int) -> list[int]:
    start = 0 if current == 0 else 1  # zero-based paging (pageIndex=0)
    last = n - 1 if start == 0 else n
    return [i for i in range(start, last + 1) if i != current]


def post_bodies(body: str | None, jl: JsonList, *, limit: int = 100) -> tuple[list[tuple[int, str]], str | None]:
    """(page number, body) of the list's other pages when the page POSTed its request (a
    JSON object or a form with pageNo / pageNum / page … in it), and why not when it cannot."""
    n = pages_total(jl)
    if n is None or n <= 1:
        return [], None
    text = (body or "").strip()
    data = parse_json(text) if text.startswith("{") else None
    if isinstance(data, dict):
        key = next((k for k in data if isinstance(k, str) and k.lower() in _PAGE_PARAMS_LOWER
                    and _int(data[k]) is not None), None)
        if key is not None:
            out = [(i, json.dumps({**data, key: i}, ensure_ascii=False, separators=(",", ":")))
                   for i in _page_numbers(n, _int(data[key]) or 0)]
            return out[:limit], None if len(out) <= limit else f"the JSON list at {jl.where} has {n} pages; read {limit + 1}"
    elif text and "=" in text:
        pairs = parse_qsl(text, keep_blank_values=True)
        key = next((k for k, v in pairs if k.lower() in _PAGE_PARAMS_LOWER and v.strip().isdigit()), None)
        if key is not None:
            current = int(dict(pairs)[key])
            out = [(i, urlencode([(k, str(i) if k == key else v) for k, v in pairs])) for i in _page_numbers(n, current)]
            return out[:limit], None if len(out) <= limit else f"the JSON list at {jl.where} has {n} pages; read {limit + 1}"
    return [], (f"the JSON list at {jl.where} says {n} pages but its POST body has no page field; "
                "only the first page was read")


def page_urls(request_url: str, jl: JsonList, *, limit: int = 100) -> tuple[list[str], str | None]:
    """GET URLs of the list's other pages, and why paging could not be followed (or None).

    The page parameter comes from the URL the page itself asked (page=1, pageNo=1 …); the
    number of pages from pageCount, else total / pageSize (else total / entries shown)."""
    n = pages_total(jl)
    if n is None or n <= 1:
        return [], None
    param = page_param(request_url)
    if param is None:
        return [], (f"the JSON list at {jl.where} says {n} pages but its request has no page parameter; "
                    "only the first page was read")
    name, current = param
    urls = [with_page(request_url, name, i) for i in _page_numbers(n, current)]
    if len(urls) > limit:
        return urls[:limit], f"the JSON list at {jl.where} has {n} pages; only {limit + 1} were read"
    return urls, None
