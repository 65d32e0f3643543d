"""CMS conventions the crawler follows without a browser (pure functions, no Scrapy).

大汉 Hanweb column pages (`/col/colNNNN/index.html`) hold their list only inside
``<script type="text/xml"><datastore>…<record><![CDATA[<li>…]]></record>…</datastore>``
(extract.inline_datastore reads those) and show further records through the jpage
script, which asks ``/module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=…``
(with columnid / unitid / webid … as query or POST form) for the next records, answered
in the same <datastore> XML. `jpage_lists` finds the lists and their parameters in the
page's scripts; `dataproxy_urls` turns one list into the GET URLs of every record range
the page does not embed; `parse_datastore` reads an answer.

TRS WCM paging (createPageHTML) is read by extract.py into PageArtifact.paging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urljoin, urlsplit, urlunsplit

from .extract import canonicalize

DATAPROXY_PATH = "/module/web/jpage/dataproxy.jsp"
# jpage's defaults when a page does not say: 15 records a page, 3 pages a group.
DEFAULT_PER_PAGE = 15
DEFAULT_GROUP_SIZE = 3
# Parameters jpage forwards to dataproxy.jsp (lower-cased names).
_FORWARDED = ("col", "appid", "webid", "path", "columnid", "sourcecontenttype", "unitid", "webname",
              "permissiontype")
_RANGE_PARAMS = ("startrecord", "endrecord", "perpage")

_DATASTORE_SCRIPT = re.compile(r"<datastore\b", re.I)
_RECORD_RE = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP_RE = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S | re.I)
_HREF_RE = re.compile(r"href\s*=\s*['\"]([^'\"]+)['\"]", re.I)
_TOTAL_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_JPAGE_CALL = re.compile(r"""\$\(\s*['"]#([\w-]+)['"]\s*\)\s*\.jpage\s*\(\s*\{(.*?)\}\s*\)""", re.S)
# key: value (object literal) or key = value (var statements), quoted or not.
_KV = re.compile(
    r"""(?<![\w.])(totalRecord|totalrecord|perPage|perpage|groupSize|groupsize|proxyUrl|proxyurl|"""
    r"""col|appid|appId|webid|webId|path|columnid|columnId|sourceContentType|unitid|unitId|webname|"""
    r"""webName|permissiontype|permissionType)\s*[:=]\s*(?:'([^']*)'|"([^"]*)"|([\w./%-]+))"""
)
_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


@dataclass
class JpageList:
    """One jpage list on a Hanweb page."""

    page_url: str
    proxy_url: str  # absolute, without query
    params: dict[str, str] = field(default_factory=dict)  # forwarded to dataproxy.jsp, percent-encoded
    per_page: int = DEFAULT_PER_PAGE
    group_size: int = DEFAULT_GROUP_SIZE
    total: int | None = None  # totalRecord, when the page says
    embedded: int = 0  # records the page itself holds

    @property
    def step(self) -> int:
        return max(1, self.per_page * self.group_size)


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _pairs(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _KV.finditer(text):
        key = m.group(1).lower()
        value = next(v for v in m.group(2, 3, 4) if v is not None)
        out.setdefault(key, value)
    return out


def jpage_lists(page_url: str, html_text: str) -> list[JpageList]:
    """The jpage lists of a page, with what dataproxy.jsp needs to page them.

    Parameters come from, in order of trust: the `.jpage({...})` call for the list's
    container, the <nextgroup> link of its datastore, and `var x = …` statements."""
    if not _DATASTORE_SCRIPT.search(html_text):
        return []
    stores: dict[str, tuple[int, dict[str, str]]] = {}  # container id -> (records, nextgroup params)
    anonymous: list[tuple[int, dict[str, str]]] = []
    inline_js: list[str] = []
    for m in _SCRIPT_RE.finditer(html_text):
        attrs, body = m.group(1), m.group(2)
        if "text/xml" in attrs.lower() or _DATASTORE_SCRIPT.search(body):
            records = len(_RECORD_RE.findall(body))
            params: dict[str, str] = {}
            ng = _NEXTGROUP_RE.search(body)
            if ng:
                href = _HREF_RE.search(ng.group(1))
                if href:
                    absolute = urljoin(page_url, href.group(1).replace("&amp;", "&"))
                    parts = urlsplit(absolute)
                    # kept percent-encoded as the page wrote them: webname is often GBK bytes
                    params = {k.lower(): v for k, v in _raw_pairs(parts.query)}
                    params["__proxy__"] = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            owner = _owner_before(html_text, m.start())  # the <div id> that holds the datastore
            if owner:
                stores[owner] = (records, params)
            else:
                anonymous.append((records, params))
        elif "src=" not in attrs.lower():
            inline_js.append(body)
    js = "\n".join(inline_js)
    calls = {cid: _pairs(opts) for cid, opts in ((c.group(1), c.group(2)) for c in _JPAGE_CALL.finditer(js))}
    globals_ = _pairs(_JPAGE_CALL.sub("", js))
    found: list[JpageList] = []
    keys = list(stores) or [None] * len(anonymous)
    for i, key in enumerate(keys):
        records, ng_params = stores[key] if key is not None else anonymous[i]
        opts = calls.get(key or "", {})
        if not opts and len(calls) == 1 and len(keys) == 1:
            opts = next(iter(calls.values()))
        js_params = {k: quote(v, safe="/") for k, v in {**globals_, **opts}.items()}
        merged = {**js_params, **ng_params} if ng_params else js_params
        merged.update({k: v for k, v in js_params.items() if k in ("totalrecord", "perpage", "groupsize")})
        proxy = (opts.get("proxyurl") or globals_.get("proxyurl") or ng_params.get("__proxy__") or DATAPROXY_PATH)
        merged.pop("proxyurl", None)
        merged.pop("__proxy__", None)
        params = {k: v for k, v in merged.items() if k in _FORWARDED}
        if key and "unitid" not in params and key.isdigit():
            params["unitid"] = key
        if "columnid" not in params:
            continue  # not a list dataproxy.jsp can page
        found.append(JpageList(
            page_url=page_url,
            proxy_url=urljoin(page_url, proxy.split("?", 1)[0]),
            params=params,
            per_page=_int(merged.get("perpage")) or DEFAULT_PER_PAGE,
            group_size=_int(merged.get("groupsize")) or DEFAULT_GROUP_SIZE,
            total=_int(merged.get("totalrecord")),
            embedded=records,
        ))
    return found


def _raw_pairs(query: str) -> list[tuple[str, str]]:
    """Query pairs without percent-decoding (the page's own bytes stay as they were)."""
    out = []
    for part in query.split("&"):
        if part:
            k, _, v = part.partition("=")
            out.append((k, v))
    return out


def _owner_before(text: str, pos: int) -> str | None:
    """The id of a <div id=…> opened right before `pos` (only whitespace between)."""
    head = text[max(0, pos - 300):pos]
    m = re.search(r"""<div[^>]*\bid\s*=\s*['"]([\w-]+)['"][^>]*>\s*$""", head, re.I)
    return m.group(1) if m else None


def range_url(jl: JpageList, start: int, end: int) -> str:
    """The canonical GET URL of records start..end (1-based, inclusive) of a list."""
    query = {"startrecord": str(start), "endrecord": str(end), "perpage": str(jl.per_page), **jl.params}
    return canonicalize(f"{jl.proxy_url}?" + "&".join(f"{k}={v}" for k, v in query.items()))


def dataproxy_urls(jl: JpageList, *, limit: int = 200) -> tuple[list[str], bool]:
    """GET URLs for every record range the page does not embed, and whether the list must
    be followed range by range (totalRecord unknown: ask until a short answer)."""
    start = jl.embedded + 1
    if jl.total is None:
        return [range_url(jl, start, start + jl.step - 1)], True
    urls = []
    while start <= jl.total and len(urls) < limit:
        urls.append(range_url(jl, start, min(start + jl.step - 1, jl.total)))
        start += jl.step
    return urls, False


def is_dataproxy_url(url: str) -> bool:
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return False
    return path.endswith("/dataproxy.jsp")


def next_range_url(url: str) -> str:
    """The range after `url`'s, same size (for lists whose total is unknown)."""
    parts = urlsplit(url)
    query = dict(_raw_pairs(parts.query))
    start, end = _int(query.get("startrecord")) or 1, _int(query.get("endrecord")) or 1
    size = end - start + 1
    query["startrecord"], query["endrecord"] = str(end + 1), str(end + size)
    rebuilt = "&".join(f"{k}={v}" for k, v in query.items())
    return canonicalize(urlunsplit((parts.scheme, parts.netloc, parts.path, rebuilt, "")))


def range_size(url: str) -> int:
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    start, end = _int(query.get("startrecord")), _int(query.get("endrecord"))
    return end - start + 1 if start and end and end >= start else 0


def range_end(url: str) -> int:
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return _int(query.get("endrecord")) or 0


def post_form(url: str) -> tuple[str, str]:
    """The same range as jpage POSTs it: (URL with the range in its query, urlencoded form
    body with the other parameters, bytes as the page encoded them)."""
    parts = urlsplit(url)
    pairs = _raw_pairs(parts.query)
    head = [(k, v) for k, v in pairs if k in _RANGE_PARAMS]
    rest = [(k, v) for k, v in pairs if k not in _RANGE_PARAMS]
    query = "&".join(f"{k}={v}" for k, v in head)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")), "&".join(f"{k}={v}" for k, v in rest)


def parse_datastore(text: str) -> tuple[list[str], int | None, bool]:
    """(record HTML fragments, totalrecord if given, whether it was a datastore at all)."""
    if not _DATASTORE_SCRIPT.search(text):
        return [], None, False
    total = _TOTAL_RE.search(text)
    return _RECORD_RE.findall(text), int(total.group(1)) if total else None, True


def records_document(records: list[str], base_url: str) -> bytes:
    """An HTML document holding the records, relative links resolved against the list page."""
    base = base_url.replace('"', "%22")
    return ("<html><head><meta charset=\"utf-8\"><base href=\"" + base + "\"></head><body>"
            "<ul class=\"zwgk-datastore\">" + "".join(records) + "</ul></body></html>").encode("utf-8")
