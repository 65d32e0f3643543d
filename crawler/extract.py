"""Pure extraction: response bytes → PageArtifact. No network, no Scrapy.

Written for the conventions of Chinese government CMSs (TRS WCM, 大汉 Hanweb, 开普云,
DedeCMS-style templates): 当前位置 breadcrumbs, 信息公开 metadata tables
(索引号/文号/发布日期/有效性), dated list items, 47号 <meta> tags, paging by links or by
TRS's createPageHTML() script. Extraction records what pages show; it never judges.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from functools import lru_cache
from typing import Iterable
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import charset_normalizer
import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode
from w3lib.url import canonicalize_url

from contracts import EMBEDDED_KINDS, LINKS_CAPPED_NOTE, FormField, FormInfo, LinkKind, LinkRef, ListItem, PageArtifact, Region

from contracts.dates import DATE_RE, date_from_url, parse_date  # noqa: F401 - DATE_RE re-exported

from .pii import Collector, mask_page

ATTACHMENT_EXTENSIONS = frozenset(
    "pdf doc docx xls xlsx wps et dps ofd zip rar 7z ppt pptx txt csv".split()
)
# Query parameters that identify a session or a campaign, not a resource.
_VOLATILE_PARAMS = re.compile(
    r"^(jsessionid|phpsessid|aspsessionid\w*|sid|sessionid|utm_\w+|spm|from|share_token|_t|timestamp|rnd|random)$",
    re.I,
)
_JSESSION_PATH = re.compile(r";jsessionid=[^/?#]*", re.I)

BREADCRUMB_LABEL = re.compile(r"(当前位置|您现在的位置|您的位置|所在位置|现在位置|当前页面|位置)\s*[:：]?")
BREADCRUMB_SEP = re.compile(r"\s*(?:>>|»|›|＞|>|/|→|-&gt;|\\)\s*")
_CLASS_BREADCRUMB = re.compile(
    r"(position|location|crumb|bread|dqwz|weizhi|wz_|curpos|current|path|daohang_wz|(^|[\s_-])(place|dqwz|mbx)($|[\s_-]))", re.I)
# Whole class names (or ids) of title blocks; "bt-data-time" or "list-title-more" are not.
_CLASS_TITLE = re.compile(
    r"(title|tit|bt|biaoti|article[_-]?title|art[_-]?title|detail[_-]?title|con[_-]?title|xl[_-]?tit|"
    r"content[_-]?title|news[_-]?title|wz[_-]?title|article[_-]?tit|main[_-]?title)", re.I)
_LABEL_WRAPPERS = {"strong", "b", "span", "em", "label", "font", "i"}
_CLASS_FOOTER = re.compile(r"(footer|foot|bottom|copyright|copy_right|banquan|(^|[\s_-])(ft|bq|fot)($|[\s_-]))", re.I)
_CLASS_HEADER = re.compile(r"(header|logo|banner|(^|[\s_-])(top|head|tou)($|[\s_-]))", re.I)
_CLASS_NAV = re.compile(r"(^|[\s_-])(nav|menu|daohang|dh|topnav|mainnav)", re.I)
_CLASS_PAGING = re.compile(r"(page|paging|pager|fenye|pagination|pagebar|pages)", re.I)
_PAGING_TEXT = re.compile(r"^(下一页|上一页|下页|上页|首页|尾页|末页|最后一页|第一页|\d{1,4}|»|«|>|<|>>|<<|next|prev)$", re.I)
# Paging words that cannot mean anything else; 首页 and digits count only inside a pager.
_PAGING_UNAMBIGUOUS = re.compile(r"^(下一页|上一页|下页|上页|尾页|末页|最后一页|next|prev)$", re.I)
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px)?\s*(?:;|$)|"
    r"(?:left|top|text-indent)\s*:\s*-\d{3,}px|height\s*:\s*0(?:px)?\s*;.*overflow\s*:\s*hidden",
    re.I,
)
_CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
# Labels of 信息公开 metadata tables and article headers, longest first so that
# 发布日期 wins over 日期.
FIELD_LABELS = (
    "索引号", "主题分类", "信息分类", "体裁分类", "组配分类", "服务对象分类", "发布机构", "发文机关", "发文单位",
    "成文日期", "生成日期", "发文日期", "签发日期", "发布日期", "公开日期", "印发日期", "实施日期", "废止日期", "发布时间", "更新时间",
    "文号", "发文字号", "发文号", "有效性", "时效性", "效力状态", "是否有效", "主题词", "关键词", "公开方式",
    "公开范围", "公开形式", "公开时限", "信息来源", "来源", "文章来源", "作者", "责任编辑", "名称", "标题",
    "内容概述", "摘要", "解读人", "解读机关",
)
# TRS templates often space label characters out (文 号：, 索 引 号：).
_LABEL_ALT = "|".join(r"\s*".join(map(re.escape, lab)) for lab in sorted(FIELD_LABELS, key=len, reverse=True))
_FIELD_RE = re.compile(
    r"(?P<label>" + _LABEL_ALT + r")\s*[:：]\s*(?P<value>.*?)(?=\s*(?:" + _LABEL_ALT + r")\s*[:：]|$)"
)
_WS = re.compile(r"\s+")
_SKIP_TEXT_TAGS = {"script", "style", "noscript", "template"}
MAX_TEXT = 200_000
# Links read from one page (ZWGK_MAX_LINKS_PER_PAGE): a 100,000-link page must not become
# 100,000 checks and findings; the cut is said once in extract_notes (LINKS_CAPPED_NOTE).
MAX_LINKS = 5000
MAX_TABLES = 40
MAX_TABLE_ROWS = 400


def _looks_like_value(t: str) -> bool:
    """A table cell that holds data (a date, a code, a number) rather than a column header."""
    return bool(re.search(r"\d{3,}|〔|\[\d{4}\]", t))


_REFRESH_URL = re.compile(r"^\s*\d*(?:\.\d*)?\s*[;,]?\s*url\s*=\s*(.+)$", re.I | re.S)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)", re.I)


def _srcset_urls(srcset: str | None) -> list[str]:
    """The URLs of a srcset ("a.jpg 1x, b.jpg 2x")."""
    out = []
    for cand in re.split(r",\s+", (srcset or "").strip()):
        url = cand.strip().split()[0] if cand.strip() else ""
        if url:
            out.append(url.rstrip(","))
    return out


def _css_kind(url: str) -> LinkKind:
    return LinkKind.stylesheet if path_extension(url) == "css" else LinkKind.image


def fold(s: str | None) -> str:
    return _WS.sub(" ", (s or "").replace("\u3000", " ").replace("\xa0", " ")).strip()


# ---------------------------------------------------------------- URLs

@lru_cache(maxsize=65536)  # navigation links repeat on every page of a site
def canonicalize(url: str) -> str:
    """Canonical form used as identity everywhere: no fragment, no session/tracking params."""
    url = _JSESSION_PATH.sub("", url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    query = _drop_volatile_params(parts.query)
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = parts.path or "/"
    rebuilt = urlunsplit((scheme, netloc, path, query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def _drop_volatile_params(query: str) -> str:
    """The query without session/tracking parameters, every other byte kept as written:
    decoding would turn GBK percent-escapes (webname=%D4%C6…, keyword=%D5%FE…) into U+FFFD."""
    kept = []
    for part in query.split("&"):
        if not part:
            continue
        key = unquote(part.partition("=")[0].replace("+", " "), errors="replace")
        if not _VOLATILE_PARAMS.match(key):
            kept.append(part)
    return "&".join(kept)


@lru_cache(maxsize=65536)  # a site's navigation links repeat on every page
def absolute_url(base: str, href: str) -> str:
    """`href` as written on a page whose base URL is `base`, resolved and canonical
    (javascript:, mailto:, tel:, data:, fragments and empty hrefs as written)."""
    href = href.strip().replace("\n", "").replace("\r", "").replace("\t", "")
    low = href.lower()
    if low.startswith(("javascript:", "mailto:", "tel:", "data:", "vbscript:")) or href.startswith("#") or href == "":
        return href
    try:
        return canonicalize(urljoin(base, href))
    except ValueError:
        return href


@lru_cache(maxsize=65536)  # pure, and asked for the same URLs on every page
def netloc_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:  # malformed netloc such as "http://[::1"
        return ""
    if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{port}"


@lru_cache(maxsize=65536)
def path_extension(url: str) -> str:
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


_SCHEME_NO_SLASHES = re.compile(r"^https?:(?!//)", re.I)  # http:, http:/, http:www.x
_DRIVE_PATH = re.compile(r"^(?:[a-z]:[\\/]|\\\\|file:)", re.I)  # C:\…, \\server\…, file:///C:/…
_HOST_OK = re.compile(r"^(?:\[[0-9a-f:.]+\]|(?:[\w\u0080-\uffff](?:[\w\u0080-\uffff-]*[\w\u0080-\uffff])?\.)*"
                      r"[\w\u0080-\uffff](?:[\w\u0080-\uffff-]*[\w\u0080-\uffff])?\.?)$", re.I)


@lru_cache(maxsize=65536)
def malformed_reason(href: str) -> str | None:
    """Why a raw href can lead nowhere (a browser resolves it to nothing, or to the page
    itself), or None: a scheme without a host (http://, http:/, http:, http://#), an invalid
    host, a file: or drive path pasted from Word (file:///C:/…, C:\\…)."""
    h = href.strip()
    if _DRIVE_PATH.match(h):
        return "local file path"
    if _SCHEME_NO_SLASHES.match(h):
        return "scheme without //host"
    if h.startswith("//"):
        h = "http:" + h  # scheme-relative: the host must be there all the same
    elif not re.match(r"^https?://", h, re.I):
        return None
    try:
        parts = urlsplit(h)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "invalid host"
    if not host:
        return "no host"
    if not _HOST_OK.match(host) or host.startswith((".", "-")) or ".." in host:
        return "invalid host"
    return None


@lru_cache(maxsize=65536)
def link_kind(url: str, site_netloc: str) -> LinkKind:
    low = url.strip().lower()
    if low.startswith("mailto:"):
        return LinkKind.mailto
    if low.startswith("javascript:") or low.startswith("vbscript:"):
        return LinkKind.javascript
    if low.startswith("#") or low == "":
        return LinkKind.anchor
    if not low.startswith(("http://", "https://")) or not netloc_of(url):
        return LinkKind.other
    if path_extension(url) in ATTACHMENT_EXTENSIONS:
        return LinkKind.attachment
    return LinkKind.page if netloc_of(url) == site_netloc else LinkKind.external


# ---------------------------------------------------------------- decoding and parsing

_CJK_ENCODINGS = {"utf-8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "hz", "utf-16-le", "utf-16-be",
                  "utf-16", "utf-32"}


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def decode(body: bytes, headers: dict[str, str] | None) -> tuple[str, str]:
    """Return (encoding, text); header charset, BOM and <meta charset> are honoured (GBK → gb18030).

    A declared charset the bytes contradict is overruled: bytes that are valid UTF-8 with
    non-ASCII in them are UTF-8 whatever a gbk declaration says; bytes that do not decode
    under the declared charset are given to charset-normalizer, GB18030 when it has no CJK
    answer (the fallback for Chinese sites)."""
    content_type = ""
    for k, v in (headers or {}).items():
        if k.lower() == "content-type":
            content_type = v
    enc, text = html_to_unicode(content_type or None, body)
    if body.isascii():
        return enc, text
    name = _codec(enc)
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return enc, text
    if name != "utf-8":
        try:
            return "utf-8", body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        body.decode(name)
        return enc, text
    except (UnicodeDecodeError, LookupError):
        pass
    bad = text.count("\ufffd")
    if bad <= 3 or bad * 200 < sum(1 for c in text if ord(c) > 127):
        return enc, text  # a stray byte or two in a page otherwise right: keep the declaration
    best = charset_normalizer.from_bytes(body[:256 * 1024]).best()
    guess = _codec(best.encoding) if best is not None else ""
    for candidate in ([guess] if guess in _CJK_ENCODINGS and guess != name else []) + ["gb18030"]:
        if candidate == name:
            continue
        try:
            return candidate, body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return enc, text


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)




def parse_html(text: str):
    text = _XML_DECL.sub("", text)
    if not text.strip():
        text = "<html><body></body></html>"
    try:
        # huge_tree: without it libxml2 stops below ~255 levels of nesting and silently drops
        # the rest of the page, a hidden link placed after deep markup included. A parser per
        # call: lxml parsers are not thread-safe.
        return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


def _classes(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _ancestors_and_self(el):
    while el is not None:
        yield el
        el = el.getparent()


def visible_text(el) -> str:
    """Text a reader sees (no script/style/comments), whitespace folded. Iterative: deep
    documents (hundreds of nested levels) must not hit Python's recursion limit."""
    parts: list[str] = []
    skipping = None  # the script/style/comment being skipped
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if event == "start":
            if skipping is None:
                if not isinstance(node.tag, str) or node.tag in _SKIP_TEXT_TAGS:
                    skipping = node
                elif node.text:
                    parts.append(node.text)
            continue
        if node is skipping:
            skipping = None
        if skipping is None and node is not el and node.tail:
            parts.append(node.tail)
    return fold(" ".join(parts))


# ---------------------------------------------------------------- the page

class _Page:
    """Per-page extraction state; one instance per document."""

    def __init__(self, url: str, doc, max_links: int = MAX_LINKS):
        self.url = url
        self.doc = doc
        self.max_links = max_links
        self.base = url
        base_el = doc.find(".//base[@href]")
        if base_el is not None:
            self.base = urljoin(url, base_el.get("href").strip())
        self.site_netloc = netloc_of(url)
        try:
            bparts = urlsplit(self.base)
            self.origin = f"{bparts.scheme}://{bparts.netloc}/" if bparts.scheme in ("http", "https") else ""
        except ValueError:
            self.origin = ""
        self.footer_els = self._find_footer()
        # lxml makes element proxies on demand and Python reuses ids of dead ones:
        # keep the nodes referenced so their ids stay unique.
        self._footer_nodes = [e for f in self.footer_els for e in f.iter()]
        self.footer_ids = {id(e) for e in self._footer_nodes}
        self.notes: list[str] = []

    # regions ------------------------------------------------------
    def _find_footer(self):
        found = list(self.doc.iter("footer"))
        for el in self.doc.iter():
            if not isinstance(el.tag, str) or el.tag in ("html", "body"):
                continue
            if _CLASS_FOOTER.search(_classes(el)) and el.tag in ("div", "section", "table", "td", "p", "ul"):
                # keep outermost footer-like containers only
                if not any(a in found for a in _ancestors_and_self(el.getparent())):
                    found.append(el)
        if not found:
            # Templates without a footer class: the last block mentioning 主办/备案/版权.
            body = self.doc.find("body")
            if body is not None:
                blocks = [c for c in body if isinstance(c.tag, str) and c.tag not in _SKIP_TEXT_TAGS]
                for el in reversed(blocks[-3:]):
                    t = visible_text(el)
                    if re.search(r"主办|备案|版权所有|Copyright|网站标识码", t, re.I):
                        found.append(el)
                        break
        return found

    def region(self, el) -> Region:
        for a in _ancestors_and_self(el):
            if id(a) in self.footer_ids:
                return Region.footer
            if not isinstance(a.tag, str):
                continue
            if a.tag == "nav" or (a.tag in ("div", "ul", "td", "table") and _CLASS_NAV.search(_classes(a))):
                return Region.nav
        return Region.main

    @staticmethod
    def hidden(el) -> bool:
        for a in _ancestors_and_self(el):
            if not isinstance(a.tag, str):
                continue
            if a.get("hidden") is not None:
                return True
            style = a.get("style")
            if style and _HIDDEN_STYLE.search(style):
                return True
        return False

    # pieces --------------------------------------------------------
    def absolute(self, href: str) -> str:
        # A path-absolute href ("/col1/index.html", most navigation) resolves the same against
        # every page of the site: cache it under the base's origin, not the page's own URL.
        h = href.lstrip()
        if self.origin and h.startswith("/") and not h.startswith("//"):
            return absolute_url(self.origin, href)
        return absolute_url(self.base, href)

    def _nav_ref(self, el, href: str) -> LinkRef:
        """An <a>/<area> (or a meta refresh) as a LinkRef."""
        reason = malformed_reason(href)
        url = href.strip() if reason else self.absolute(href)
        if el.tag == "meta":
            text = ""
        else:
            text = fold(el.text_content()) if el.tag == "a" else ""
            if not text:
                text = fold(el.get("title") or "")
            if not text:
                img = el.find(".//img")
                if img is not None:
                    text = fold(img.get("alt") or img.get("title") or "")
        kind = LinkKind.malformed if reason else link_kind(url, self.site_netloc)
        return LinkRef(url=url, text=text[:300], kind=kind, region=self.region(el), hidden=self.hidden(el),
                       tag=el.tag)

    def _embedded_ref(self, el, raw: str, kind: LinkKind, tag: str | None = None) -> LinkRef | None:
        """An image, frame, embedded document or stylesheet the page loads."""
        raw = raw.strip()
        low = raw.lower()
        if not raw or low.startswith(("data:", "about:", "javascript:", "blob:", "#")):
            return None  # inline data, blank frames, script: nothing to fetch
        reason = malformed_reason(raw)
        url = raw if reason else self.absolute(raw)
        if reason:
            kind = LinkKind.malformed
        elif not url.startswith(("http://", "https://")) or not netloc_of(url):
            kind = LinkKind.other
        elif kind == LinkKind.frame and path_extension(url) in ATTACHMENT_EXTENSIONS:
            kind = LinkKind.embed  # an <iframe src=x.pdf> embeds a document, not a page
        alt = fold(el.get("alt") or el.get("title") or el.get("name") or "") if isinstance(el.tag, str) else ""
        return LinkRef(url=url, kind=kind, region=self.region(el), hidden=self.hidden(el),
                       tag=tag or el.tag, alt=alt[:300])

    def refresh(self) -> str | None:
        """The target of <meta http-equiv=refresh content="N; url=…">, as written."""
        for m in self.doc.iter("meta"):
            if (m.get("http-equiv") or "").strip().lower() != "refresh":
                continue
            hit = _REFRESH_URL.search(m.get("content") or "")
            if hit:
                return hit.group(1).strip().strip("'\"")
        return None

    def links(self, max_links: int = MAX_LINKS) -> list[LinkRef]:
        """Every URL the page links to or loads, in document order (issue 9 item 12): <a>,
        <area>, the meta refresh target, images (src, srcset, input type=image, background
        attributes, CSS url() in style attributes and <style>), frames, <embed>, <object
        data>, media sources, stylesheets and icons. At most `max_links`; the cut is noted once."""
        out: list[LinkRef] = []
        total = 0

        def add(ref: LinkRef | None) -> None:
            nonlocal total
            if ref is not None:
                total += 1
                out.append(ref)

        target = self.refresh()
        if target:
            meta_el = next(m for m in self.doc.iter("meta") if (m.get("http-equiv") or "").strip().lower() == "refresh")
            add(self._nav_ref(meta_el, target))
        for el in self.doc.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if len(out) >= max_links:
                # past the cap only count, cheaply: no LinkRef, no region or visibility walk
                total += sum(1 for a in ("href", "src", "data", "srcset", "background", "poster") if el.get(a)) \
                    + (1 if "url(" in (el.get("style") or "") else 0)
                continue
            if tag in ("a", "area"):
                href = el.get("href")
                if href is not None:
                    add(self._nav_ref(el, href))
            elif tag == "img" or (tag == "input" and (el.get("type") or "").lower() == "image"):
                src = el.get("src")
                if src:
                    add(self._embedded_ref(el, src, LinkKind.image))
                for cand in _srcset_urls(el.get("srcset")):
                    add(self._embedded_ref(el, cand, LinkKind.image))
            elif tag in ("iframe", "frame"):
                if el.get("src"):
                    add(self._embedded_ref(el, el.get("src"), LinkKind.frame))
            elif tag == "embed":
                if el.get("src"):
                    add(self._embedded_ref(el, el.get("src"), LinkKind.embed))
            elif tag == "object":
                if el.get("data"):
                    add(self._embedded_ref(el, el.get("data"), LinkKind.embed))
            elif tag in ("video", "audio", "source", "track"):
                if el.get("src"):
                    add(self._embedded_ref(el, el.get("src"), LinkKind.embed))
                if el.get("poster"):
                    add(self._embedded_ref(el, el.get("poster"), LinkKind.image))
                for cand in _srcset_urls(el.get("srcset")):
                    add(self._embedded_ref(el, cand, LinkKind.image))
            elif tag == "link":
                rel = (el.get("rel") or "").lower().split()
                if el.get("href") and "stylesheet" in rel:
                    add(self._embedded_ref(el, el.get("href"), LinkKind.stylesheet))
                elif el.get("href") and "icon" in rel:
                    add(self._embedded_ref(el, el.get("href"), LinkKind.image))
            elif tag == "style":
                for u in _CSS_URL.findall(el.text or ""):
                    add(self._embedded_ref(el, u[1], _css_kind(u[1]), tag="style"))
            if tag in ("body", "table", "td", "th", "tr") and el.get("background"):
                add(self._embedded_ref(el, el.get("background"), LinkKind.image))
            style = el.get("style")
            if style and "url(" in style:
                for u in _CSS_URL.findall(style):
                    add(self._embedded_ref(el, u[1], _css_kind(u[1]), tag="style"))
        if total > max_links:
            del out[max_links:]
            self.notes.append(f"{LINKS_CAPPED_NOTE}: the first {len(out)} of {total} links were read "
                              f"(ZWGK_MAX_LINKS_PER_PAGE={max_links})")
        return out

    def frames(self, links: list[LinkRef], embeds: list[LinkRef]) -> list[str]:
        """The pages a frameset, or a body that is little more than an iframe, is made of."""
        frame_urls = [l.url for l in embeds if l.kind == LinkKind.frame]
        if not frame_urls:
            return []
        if self.doc.find(".//frameset") is not None:
            return frame_urls
        body = self.doc.find("body")
        anchors = sum(1 for l in links if l.tag in ("a", "area"))
        if len(frame_urls) <= 2 and anchors <= 2 and len(visible_text(body if body is not None else self.doc)) < 200:
            return frame_urls
        return []

    def breadcrumb(self) -> list[str]:
        candidates = []
        for el in self.doc.iter("div", "p", "span", "td", "nav", "ol", "ul", "section"):
            own = fold(el.text or "")
            if not own and len(el) and isinstance(el[0].tag, str) and el[0].tag in _LABEL_WRAPPERS:
                # DedeCMS/PHPCMS: <div class="place"><strong>当前位置:</strong> <a>主页</a> > …
                own = fold(el[0].text_content())
            cls = _classes(el)
            if _CLASS_BREADCRUMB.search(cls) or BREADCRUMB_LABEL.match(own):
                txt = visible_text(el)
                if BREADCRUMB_LABEL.search(txt) or _CLASS_BREADCRUMB.search(cls):
                    if len(txt) < 200:
                        candidates.append(txt)
        for txt in candidates:
            m = BREADCRUMB_LABEL.search(txt)
            body = txt[m.end():] if m else txt
            parts = [fold(p) for p in BREADCRUMB_SEP.split(body)]
            parts = [p for p in parts if p and p not in (">", "»")]
            if len(parts) >= 2 or (parts and m):
                return parts[:12]
        return []

    def meta(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for m in self.doc.iter("meta"):
            name = m.get("name") or m.get("property") or m.get("http-equiv")
            content = m.get("content")
            if name and content is not None and name not in out:
                out[name.strip()] = fold(content)[:1000]
        return out

    def heading(self, meta: dict[str, str]) -> str:
        for key in ("ArticleTitle", "articletitle"):
            if meta.get(key):
                return meta[key]
        site_name = meta.get("SiteName", "")
        for tag in ("h1", "h2"):
            for h in self.doc.iter(tag):
                t = visible_text(h)
                if not t or len(t) >= 200 or t == site_name or self.region(h) != Region.main:
                    continue
                if h.find(".//img") is not None or any(
                    isinstance(a.tag, str) and _CLASS_HEADER.search(_classes(a)) for a in _ancestors_and_self(h)
                ):
                    continue  # the site logo / banner, not the page's heading
                return t
        # 开普云 / 网站群 templates put the title in <div class="title">, <div class="xl-tit"> …
        for el in self.doc.iter("div", "p", "td", "span", "strong"):
            if not any(_CLASS_TITLE.fullmatch(c) for c in _classes(el).split()) or self.region(el) != Region.main:
                continue
            t = visible_text(el)
            if not t or len(t) >= 200 or t == site_name or el.find(".//img") is not None \
                    or el.find(".//a") is not None or _FIELD_RE.search(t) or (len(t) < 25 and parse_date(t)):
                continue
            if any(isinstance(a.tag, str) and a.tag in ("li", "dd", "dt") for a in _ancestors_and_self(el)):
                continue  # an entry of a list, not the page's title
            if any(isinstance(a.tag, str) and _CLASS_HEADER.search(_classes(a)) for a in _ancestors_and_self(el)):
                continue
            return t
        return meta.get("title", "")

    def fields(self) -> dict[str, str]:
        out: dict[str, str] = {}

        def put(label: str, value: str) -> None:
            label = re.sub(r"\s", "", label)
            value = fold(value).strip("：: ")
            if label not in out and value and len(value) < 300:
                out[label] = value

        label_only = re.compile(r"^(" + _LABEL_ALT + r")\s*[:：]?$")
        for row in self.doc.iter("tr"):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
            texts = [visible_text(c) for c in cells]
            if sum(1 for t in texts if label_only.match(t)) >= 2 and \
                    not any(_FIELD_RE.search(t) for t in texts) and \
                    all(label_only.match(t) or not _looks_like_value(t) for t in texts):
                # the header row of a 目录 list (索引号 | 名称 | 发布机构 | 生成日期 | 文号), no values
                continue
            i = 0
            while i < len(cells):
                t = texts[i]
                m = label_only.match(t)
                if m and i + 1 < len(cells) and not label_only.match(texts[i + 1]):
                    put(m.group(1), texts[i + 1])
                    i += 2
                    continue
                for fm in _FIELD_RE.finditer(t):
                    put(fm.group("label"), fm.group("value"))
                i += 1
        # A label element followed by its value element without a colon:
        # <dl><dt>发文字号</dt><dd>…</dd>, <li><span>索引号</span><span>…</span></li>.
        for el in self.doc.iter("dt", "span", "label", "em", "b", "strong", "div", "li"):
            if id(el) in self.footer_ids:
                continue
            m = label_only.match(visible_text(el))
            if not m:
                continue
            nxt = el.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):
                nxt = nxt.getnext()
            if nxt is None or nxt.tag in ("dt", "script", "style") or (el.tag == "dt") != (nxt.tag == "dd"):
                continue
            value = visible_text(nxt)
            if value and not label_only.match(value) and not _FIELD_RE.search(value):
                put(m.group(1), value)
        # "label：value" runs in short blocks (article headers, Hanweb tables); the smallest
        # block holding a label wins, so that a value never runs on into the article body.
        blocks = []
        for order, el in enumerate(self.doc.iter("li", "span", "p", "div", "dd", "dt", "em", "label", "font", "b", "strong")):
            if id(el) in self.footer_ids:
                continue
            t = visible_text(el)
            if not t or len(t) > 400 or ("：" not in t and ":" not in t):
                continue
            blocks.append((len(t), order, t))
        for _, _, t in sorted(blocks):
            for fm in _FIELD_RE.finditer(t):
                put(fm.group("label"), fm.group("value"))
        return out

    def list_items(self) -> list[ListItem]:
        """Dated link entries grouped by their list container; groups of one are kept only in
        obvious list markup (ul/ol/table)."""
        groups: dict[int, list[ListItem]] = {}
        containers: dict[int, object] = {}
        for n, a in enumerate(self.doc.iter("a")):
            if n >= self.max_links:
                break  # a list page never has more entries than the link cap; huge pages stay cheap
            href = a.get("href")
            if not href or self.region(a) != Region.main:
                continue
            title = fold(a.get("title") or "") or fold(a.text_content())
            if not title or _PAGING_TEXT.match(title):
                continue
            row = None
            for anc in _ancestors_and_self(a.getparent()):
                if not isinstance(anc.tag, str):
                    continue
                if anc.tag in ("li", "tr", "dd", "dt"):
                    row = anc
                    break
                if anc.tag in ("div", "p") and len(visible_text(anc)) < 200 and anc.getparent() is not None \
                        and sum(1 for s in anc.getparent() if isinstance(s.tag, str) and s.tag == anc.tag) >= 2:
                    row = anc
                    break
                if anc.tag in ("body", "table", "ul", "ol"):
                    break
            if row is None or sum(1 for _ in row.iter("a")) > 3:
                continue
            row_text = visible_text(row)
            if len(row_text) > 300:
                continue
            rest = row_text.replace(fold(a.text_content()), " ", 1)
            date = parse_date(rest) or parse_date(row_text)
            container = row.getparent()
            if date is None:
                date = _month_day_under_year(rest, container)
            url = self.absolute(href)
            if not url.startswith(("http://", "https://")):
                url = None
            item = ListItem(title=title[:300], url=url, date=date)
            groups.setdefault(id(container), []).append(item)
            containers[id(container)] = container
        out: list[ListItem] = []
        for key, items in groups.items():
            dated = [i for i in items if i.date]
            tag = containers[key].tag if isinstance(containers[key].tag, str) else ""
            if len(dated) >= 2 or (dated and tag in ("ul", "ol", "tbody", "table", "dl")):
                out.extend(items)
        seen: set[tuple] = set()
        unique = []
        for i in out:
            k = (i.url, i.title)
            if k not in seen:
                seen.add(k)
                unique.append(i)
        return unique

    def paging(self) -> list[str]:
        urls: list[str] = []
        for n, a in enumerate(self.doc.iter("a")):
            if n >= self.max_links:
                break
            href = a.get("href")
            if not href:
                continue
            text = fold(a.text_content())
            in_pager = any(isinstance(x.tag, str) and _CLASS_PAGING.search(_classes(x)) for x in _ancestors_and_self(a.getparent()))
            if _PAGING_UNAMBIGUOUS.match(text) or (in_pager and _PAGING_TEXT.match(text)):
                u = self.absolute(href)
                if u.startswith("http") and u != self.url:
                    urls.append(u)
        # TRS WCM writes its pager with createPageHTML(countPage, currentPage, "index", "html").
        for script in self.doc.iter("script"):
            m = _CREATE_PAGE_HTML.search(script.text or "")
            if m:
                count, prefix, ext = int(m.group(1)), m.group(3), m.group(4)
                for i in range(min(count, 500)):
                    name = f"{prefix}.{ext}" if i == 0 else f"{prefix}_{i}.{ext}"
                    urls.append(canonicalize(urljoin(self.base, name)))
        seen, out = set(), []
        for u in urls:
            if u not in seen and u != self.url:
                seen.add(u)
                out.append(u)
        return out

    def tables(self) -> list[list[list[str]]]:
        out = []
        for table in self.doc.iter("table"):
            if table.find(".//table") is not None:
                continue  # layout table holding others
            rows = []
            for tr in table.iter("tr"):
                cells = [visible_text(c) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
                if cells:
                    rows.append([c[:500] for c in cells])
                if len(rows) >= MAX_TABLE_ROWS:
                    break
            if len(rows) >= 2:
                out.append(rows)
            if len(out) >= MAX_TABLES:
                break
        return out



# ---------------------------------------------------------------- forms

MAX_FORMS = 30
MAX_FORM_FIELDS = 80
MAX_FORM_TEXT = 500
# Names search boxes use on TRS (searchword), Hanweb jsearch (q), 开普云 (keyword, kw), Baidu-style (wd) …
SEARCH_INPUT_NAME = re.compile(
    r"^(q|qt|wd|kw|sw|key|keys|word|words|query|keyword|keywords|keyWord|searchword|searchwords|searchkey|searchkeyword|"
    r"searchtext|searchvalue|search_text|search_key|search_word|searchinput|searchword1|search|s|text_search|sousuo|ss)$",
    re.I,
)
SEARCH_WORDING = re.compile(r"搜\s*索|检\s*索|站内搜|全文检索|全站搜|请输入(?:搜索)?关键[字词]|search|sousuo|jsearch|was5|fulltext", re.I)
APPLICATION_SUBJECT = re.compile(
    r"申请人|申请单位|所需(?:的)?(?:政府)?信息|申请(?:公开)?(?:的)?政府信息|政府信息(?:的)?(?:名称|内容)|信息(?:的)?内容描述|"
    r"获取(?:信息)?(?:的)?方式|提供(?:信息)?(?:的)?(?:方式|形式|载体)|信息(?:的)?载体|申请公开|依申请|申请事项")
APPLICATION_PERSON = re.compile(r"姓\s*名|名\s*称|证件|身份证|联系电话|联系方式|通信地址|通讯地址|电子邮箱|工作单位|法定代表人|邮政编码")
MESSAGE_WORDING = re.compile(r"留言|来信|写信|信件|咨询|投诉|建议|意见|诉求|反映|提问|问题描述|我要问")
_SUBMIT_WORDING = re.compile(r"^(?:搜\s*索|检\s*索|站内搜索|全文检索|查\s*询|提\s*交|提交申请|提交留言|我要提交|确\s*定|发\s*送|"
                             r"go|search|submit|ok)$", re.I)
_TEXT_TYPES = {"text", "search", "email", "tel", "number", "url", ""}
_VALUE_TYPES = _TEXT_TYPES | {"hidden", "date", "datetime-local", "month", "week", "time", "password"}
_CONTROL_TAGS = ("input", "select", "textarea", "button")


def _clean_label(s: str) -> str:
    return fold(s).strip("：:*＊ ").strip()[:60]


def _text_before(el) -> str:
    """The words written just before a control: its table cell's neighbour (表格式表单
    <td>申请人姓名：</td><td><input></td>), else the text preceding it in its parent."""
    cell = None
    for a in _ancestors_and_self(el.getparent()):
        if not isinstance(a.tag, str) or a.tag in ("form", "table", "body"):
            break
        if a.tag in ("td", "th", "dd"):
            cell = a
            break
    if cell is not None:
        prev = cell.getprevious()
        while prev is not None and not (isinstance(prev.tag, str) and prev.tag in ("td", "th", "dt")):
            prev = prev.getprevious()
        if prev is not None:
            t = visible_text(prev)
            if t:
                return t[-40:]
    prev = el.getprevious()
    while prev is not None:
        if prev.tail and prev.tail.strip():
            return fold(prev.tail)[-40:]
        if isinstance(prev.tag, str) and prev.tag not in _CONTROL_TAGS and prev.tag not in _SKIP_TEXT_TAGS:
            t = visible_text(prev)
            if t:
                return t[-40:]
        prev = prev.getprevious()
    parent = el.getparent()
    if parent is not None and parent.text and parent.text.strip():
        return fold(parent.text)[-40:]
    return ""


def _submit_text(container) -> str:
    for el in container.iter("input", "button", "a", "img", "span"):
        tag = el.tag
        if tag == "input":
            typ = (el.get("type") or "text").lower()
            if typ in ("submit", "image", "button"):
                t = fold(el.get("value") or el.get("alt") or el.get("title") or "")
                if t or typ == "submit":
                    return t or "提交"
        elif tag == "button":
            if (el.get("type") or "submit").lower() in ("submit", "button"):
                t = fold(el.text_content()) or fold(el.get("title") or el.get("aria-label") or "")
                if t:
                    return t
        elif tag in ("a", "span"):
            t = fold(el.text_content()) or fold(el.get("title") or "")
            if t and _SUBMIT_WORDING.match(t):
                return t
            if tag == "a" and not t:
                img = el.find(".//img")
                alt = fold(img.get("alt") or img.get("title") or "") if img is not None else ""
                if alt and _SUBMIT_WORDING.match(alt):
                    return alt
        elif tag == "img" and (el.get("onclick") or "").strip():
            t = fold(el.get("alt") or el.get("title") or "")
            if t:
                return t
    return ""


def _is_submit_like(el) -> bool:
    tag = el.tag
    if tag == "input":
        return (el.get("type") or "text").lower() in ("submit", "image", "button")
    if tag == "button":
        return True
    if tag in ("a", "span", "img", "div"):
        t = fold(el.text_content() if tag != "img" else "") or fold(el.get("alt") or el.get("title") or "")
        return bool(t and _SUBMIT_WORDING.match(t)) and (tag != "div" or el.get("onclick") is not None)
    return False


def _form_fields(controls, label_for: dict[str, str], collector: Collector) -> tuple[list[FormField], int, int]:
    """FormFields of the controls (radio/checkbox groups merged by name); also the number of
    visible text inputs and of text areas."""
    fields: list[FormField] = []
    grouped: dict[str, FormField] = {}
    text_inputs = textareas = 0
    for el in controls:
        tag = el.tag
        if tag == "button":
            continue
        typ = (el.get("type") or "text").lower() if tag == "input" else tag
        if typ in ("submit", "image", "button", "reset"):
            continue
        name = (el.get("name") or el.get("id") or "").strip()[:80]
        raw_label = ""
        ident = (el.get("id") or "").strip()
        if ident and ident in label_for:
            raw_label = label_for[ident]
        if not raw_label:
            for a in _ancestors_and_self(el.getparent()):
                if isinstance(a.tag, str) and a.tag == "label":
                    raw_label = visible_text(a)
                    break
                if isinstance(a.tag, str) and a.tag in ("form", "td", "div", "p", "li", "body"):
                    break
        if not raw_label:
            raw_label = el.get("aria-label") or ""
        if not raw_label and typ != "hidden":
            raw_label = _text_before(el)
        if not raw_label:
            raw_label = el.get("placeholder") or el.get("title") or ""
        required = el.get("required") is not None or (el.get("aria-required") or "").lower() == "true" \
            or "*" in raw_label or "＊" in raw_label or "必填" in raw_label
        label = _clean_label(raw_label)
        if tag == "select":
            opts = list(el.iter("option"))
            chosen = next((o for o in opts if o.get("selected") is not None), None)
            value = fold(chosen.text_content()) if chosen is not None else ""
        elif tag == "textarea":
            value = fold(el.text_content())
            textareas += 1
        elif typ in ("radio", "checkbox"):
            value = fold(el.get("value") or "") if el.get("checked") is not None else ""
        elif typ in _VALUE_TYPES:
            value = fold(el.get("value") or "")
        else:
            value = ""
        if typ in _TEXT_TYPES:
            text_inputs += 1
        label = collector.quiet(label)
        if value:
            # masked with its label beside it: an id15 counts only next to 证件/身份证 wording
            head = f"{label}：" if label else ""
            value = collector.text(head + value[:200])[len(head):]
        if typ in ("radio", "checkbox") and name:
            known = grouped.get(name)
            if known is not None:
                if value and not known.value:
                    known.value = value
                continue
            field = FormField(name=name, type=typ, label=label, value=value, required=required)
            grouped[name] = field
        else:
            field = FormField(name=name, type=typ, label=label, value=value, required=required)
        fields.append(field)
        if len(fields) >= MAX_FORM_FIELDS:
            break
    return fields, text_inputs, textareas


def _classify(info: FormInfo, text_inputs: int, textareas: int, hints: str) -> None:
    words = " ".join([hints, info.submit_text, info.text[:300]] + [f.label for f in info.fields])
    names = [f.name for f in info.fields if f.type in _TEXT_TYPES]
    visible = [f for f in info.fields if f.type != "hidden"]
    search_name = any(SEARCH_INPUT_NAME.match(n) for n in names)
    if 1 <= text_inputs <= 3 and textareas == 0 and len(visible) <= 6 and \
            (search_name or SEARCH_WORDING.search(words) or SEARCH_WORDING.search(info.action)):
        info.looks_like_search = True
        return
    if len(visible) >= 3 and APPLICATION_SUBJECT.search(words) and APPLICATION_PERSON.search(words):
        info.looks_like_application = True
        return
    if (textareas or len(visible) >= 2) and MESSAGE_WORDING.search(words) and \
            (textareas or MESSAGE_WORDING.search(info.submit_text)):
        info.looks_like_message = True


def extract_forms(doc, url: str, *, page: "_Page | None" = None, collector: Collector | None = None) -> list[FormInfo]:
    """Every <form> of a parsed page, plus search boxes outside any form that a script submits
    (TRS/开普云 headers often have <input id="searchword"> and <a onclick="search()">搜索</a>).

    Records what a reader sees: action (absolute; the page itself when absent), method, the
    controls with their labels (<label for>, a wrapping <label>, the neighbouring table cell
    as in 依申请公开 tables, placeholder), default values masked for personal information
    (`collector` gathers the PiiCandidates), the submit text, and whether the form looks like
    a search, a 政府信息公开申请 (or other application) or a 留言/写信 form. Never submits."""
    page = page or _Page(url, doc)
    collector = collector or Collector()
    label_for = {}
    for lab in doc.iter("label"):
        target = (lab.get("for") or "").strip()
        if target:
            label_for.setdefault(target, visible_text(lab))
    out: list[FormInfo] = []

    def build(container, controls, *, action: str, method: str, formless: bool, hints: str) -> FormInfo | None:
        fields, text_inputs, textareas = _form_fields(controls, label_for, collector)
        if not fields:
            return None
        info = FormInfo(action=action, method=method, fields=fields, submit_text=_submit_text(container)[:40],
                        text=collector.quiet(visible_text(container)[:MAX_FORM_TEXT]),
                        region=page.region(container), hidden=_Page.hidden(container), formless=formless)
        _classify(info, text_inputs, textareas, hints)
        return info

    for form in doc.iter("form"):
        raw = (form.get("action") or "").strip()
        action = page.absolute(raw) if raw and not raw.startswith("#") else canonicalize(page.url) \
            if page.url.startswith("http") else page.url
        method = (form.get("method") or "get").strip().lower() or "get"
        controls = [el for el in form.iter(*_CONTROL_TAGS)]
        hints = " ".join(filter(None, [form.get("name"), form.get("id"), form.get("class"), form.get("onsubmit")]))
        info = build(form, controls, action=action, method=method, formless=False, hints=hints)
        if info is not None:
            out.append(info)
        if len(out) >= MAX_FORMS:
            return out

    # Controls outside any form (text boxes, text areas, selects): group each with its nearest
    # ancestor (up to 6 levels) that holds a submit-like control. Bounded: a page of hundreds of
    # loose checkboxes is no form.
    groups: dict[int, tuple[object, list]] = {}
    has_submit: dict[object, bool] = {}
    seeds = 0
    for el in doc.iter("input", "textarea", "select"):
        if el.tag == "input" and (el.get("type") or "text").lower() not in _TEXT_TYPES:
            continue
        if any(isinstance(a.tag, str) and a.tag == "form" for a in _ancestors_and_self(el)):
            continue
        seeds += 1
        if seeds > 200:
            break
        container = None
        for depth, a in enumerate(_ancestors_and_self(el.getparent())):
            if depth > 6 or not isinstance(a.tag, str) or a.tag in ("body", "html"):
                break
            known = has_submit.get(a)
            if known is None:
                known = has_submit[a] = any(_is_submit_like(x) for x in a.iter("input", "button", "a", "span", "img", "div"))
            if known:
                container = a
                break
        if container is None:
            continue
        groups.setdefault(id(container), (container, []))[1].append(el)
    for container, controls in groups.values():
        hints = " ".join(filter(None, [container.get("class"), container.get("id")]
                                + [x.get("onclick") or "" for x in container.iter("a", "button", "img", "input", "span")]
                                + [c.get("class") or "" for c in controls] + [c.get("id") or "" for c in controls]
                                + [c.get("placeholder") or "" for c in controls]))
        info = build(container, controls, action="", method="get", formless=True, hints=hints)
        if info is not None and (info.looks_like_search or info.looks_like_message or info.looks_like_application):
            out.append(info)
        if len(out) >= MAX_FORMS:
            break
    return out


def _merge_pii(page: PageArtifact, extra) -> PageArtifact:
    known = {c.digest for c in page.pii}
    for cand in extra:
        if cand.digest not in known:
            known.add(cand.digest)
            page.pii.append(cand)
    return page


_HOME_PATH = re.compile(r"^/(?:index|default|main|home)?(?:\.(?:s?html?|jsp|php|aspx?))?$", re.I)
_ARTICLE_URL = re.compile(
    r"(/t\d{8}_\d+\.s?html?$|/art/\d{4}/\d{1,2}/\d{1,2}/|/art_\d+_\d+\.html|content_\d+|/content/|/detail|"
    r"[?&](?:id|articleid|infoid|newsid)=|/\d{6}/[\w-]{6,}\.s?html?$|/\d{4}-\d{2}/\d{2}/|"
    r"/(?:19|20)\d{2}/[01]\d[0-3]\d/\d+\.s?html?$)",
    re.I,
)
_COLUMN_URL = re.compile(r"(/$|/index(_\d+)?\.s?html?$|/list[\w-]*\.s?html?$|/col/col\d+|/default\.s?html?$|[?&](?:page|pageNum|pageNo)=)", re.I)
PLACEHOLDER_RE = re.compile(r"暂无(信息|内容|数据|相关信息|记录)|正在建设中|栏目建设中|敬请期待|无相关信息|没有相关信息|信息正在更新")


def _page_kind(url: str, fields: dict[str, str], meta: dict[str, str], items: list[ListItem],
               paging: list[str], text: str) -> str:
    path = urlsplit(url).path or "/"
    if _HOME_PATH.match(path):
        return "home"
    has_info_table = "索引号" in fields or ("发布日期" in fields and "文号" in fields)
    if _ARTICLE_URL.search(url) and not (len(items) >= 5 and paging):
        return "article"
    if has_info_table and len(items) < 5:
        return "article"
    if items or paging or _COLUMN_URL.search(url) or PLACEHOLDER_RE.search(text[:5000]):
        return "column"
    if meta.get("ArticleTitle") or "发布日期" in fields or "发布时间" in fields:
        return "article"
    return "other"


_MONTH_DAY = re.compile(r"(?<![\d./-])(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})(?:\s*日)?(?![\d./-])")
_YEAR_HEADING = re.compile(r"^((?:19|20)\d{2})\s*年?(?:\s*\d{1,2}\s*月)?(?:份)?$")


def _month_day_under_year(text: str, container) -> dt.date | None:
    """A list that shows only 月-日 (11-20) under a year heading (<h3>2026年</h3><ul>…): the
    year comes from that heading. Without a year heading no date is guessed."""
    m = _MONTH_DAY.search(text)
    if m is None or container is None:
        return None
    node = container
    for _ in range(3):
        sib = node.getprevious()
        while sib is not None:
            if isinstance(sib.tag, str) and sib.tag not in _SKIP_TEXT_TAGS:
                t = visible_text(sib)
                if t:
                    y = _YEAR_HEADING.match(t)
                    if y:
                        try:
                            return dt.date(int(y.group(1)), int(m.group(1)), int(m.group(2)))
                        except ValueError:
                            return None
                    break  # the nearest preceding block is not a year heading
            sib = sib.getprevious()
        node = node.getparent()
        if node is None or not isinstance(node.tag, str) or node.tag in ("body", "html"):
            break
    return None


_RECORD_RE = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)


def inline_datastore(doc) -> int:
    """大汉 Hanweb writes column lists only inside <script type="text/xml"><datastore>
    <record><![CDATA[<li>…</li>]]></record>…; put the records into the DOM where the
    script stands so that links and list items are read like any other list."""
    count = 0
    for script in list(doc.iter("script")):
        src = script.text or ""
        if "<record" not in src.lower():
            continue
        records = _RECORD_RE.findall(src)
        if not records:
            continue
        holder = lxml.html.fragment_fromstring(
            "<ul class=\"zwgk-datastore\">" + "".join(records) + "</ul>", create_parent="div"
        )
        parent = script.getparent()
        if parent is None:
            continue
        parent.insert(parent.index(script) + 1, holder)
        count += len(records)
    return count


# Labels of the date a page says it was published, in the order they are trusted.
_PUBLISH_LABELS = ("发布日期", "发布时间", "公开日期", "生成日期", "成文日期")
_PUBLISH_META = ("PubDate", "pubdate", "publishdate", "PublishDate", "firstpublishedtime", "article:published_time")


_URL_MONTH = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/")  # TRS month folders: /202305/


def publication_date(fields: dict[str, str], meta: dict[str, str], url: str, kind: str) -> tuple[dt.date | None, str]:
    """(date, source): a visible 发布日期/发布时间 label first, then the date in an article's URL
    (t20230511_, /art/2023/5/11/), then metadata (PubDate). A PubDate meta is rewritten
    whenever the CMS regenerates the page (页面生成时间), so it only stands in when the page
    shows no date of its own, and not when it is later than the month folder the URL names
    (/202305/): then the publication date is unknown (issue 9 item 5)."""
    for key in _PUBLISH_LABELS:
        if key in fields:
            d = parse_date(fields[key])
            if d:
                return d, key
    if kind == "article":
        d = date_from_url(url)
        if d:
            return d, "url"
    month = _URL_MONTH.search(urlsplit(url).path) if url.startswith("http") else None
    for key in _PUBLISH_META:
        if meta.get(key):
            d = parse_date(meta[key])
            if d and month and (d.year, d.month) > (int(month.group(1)), int(month.group(2))):
                return None, f"{key} {d.isoformat()} later than the URL's month {month.group(1)}{month.group(2)}"
            if d:
                return d, key
    return None, ""


_SOURCE_LABELS = ("来源", "信息来源", "文章来源", "发布机构", "发文机关", "发文单位")
_GOV_BODY = re.compile(r"国务院|中共中央|全国人大|人民政府|政府办|办公厅|办公室|委员会|[^\s]{1,8}(?:部|厅|局|委)$|"
                       r"^[\u4e00-\u9fa5]{2,8}(?:省|自治区|市|州|盟|县|区|旗)")
_CENTRAL = re.compile(r"^(?:国务院|中共中央|中央|全国人大|国家|中华人民共和国)")
_PLACE = re.compile(r"^([\u4e00-\u9fa5]{2,8}?(?:省|自治区|市|州|盟|县|区|旗))")
_PROVINCE_ABBR = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕秦甘陇青蒙桂藏宁新"
_SUPERIOR_DOC_NO = re.compile(r"^(?:国发|国办发|国函|国办函|中发|中办发|国务院令|[" + _PROVINCE_ABBR
                              + r"](?:府|政)办?(?:发|字|函|电|规)?[〔\[［(（【﹝])")
_REPOST_TITLE = re.compile(r"^(?:\s*转发|转载)|关于转发|转发.{0,40}(?:的)?通知$")


def repost_reason(fields: dict[str, str], meta: dict[str, str], title: str, heading: str) -> str | None:
    """Why the page looks like a document the site reposts from another (superior) body, or
    None: a 转发 title, a 来源 / 发文机关 naming another government, a 文号 of the State Council
    or of a provincial government on a site that is not that government's."""
    site = re.sub(r"\s", "", meta.get("SiteName", "") or title.split("_")[-1].split("-")[-1])
    site_place = _PLACE.match(site)
    for label in _SOURCE_LABELS:
        value = re.sub(r"\s", "", fields.get(label, ""))
        if not value or not _GOV_BODY.search(value):
            continue
        place = _PLACE.match(value)
        if _CENTRAL.search(value) and not _CENTRAL.search(site):
            return f"{label}：{value}"
        if place and site_place and place.group(1) not in site and site_place.group(1) not in value:
            return f"{label}：{value}"
    number = re.sub(r"\s", "", fields.get("文号", "") or fields.get("发文字号", "") or fields.get("发文号", ""))
    if number and _SUPERIOR_DOC_NO.match(number) and number[0] not in site \
            and not _CENTRAL.search(site):
        return f"文号：{number}"
    for t in (heading, title):
        if t and _REPOST_TITLE.search(t.strip()):
            return f"标题：{t.strip()[:60]}"
    return None


def extract_page(url: str, body: bytes, *, status: int = 200, headers: dict[str, str] | None = None,
                 final_url: str | None = None, fetched_at: dt.datetime | None = None,
                 max_links: int = MAX_LINKS) -> PageArtifact:
    """Build the PageArtifact of one HTML response."""
    final = final_url or url
    encoding, text = decode(body, headers)
    doc = parse_html(text)
    records = inline_datastore(doc)
    page = _Page(final, doc, max_links)
    if records:
        page.notes.append(f"datastore records: {records}")
    meta = page.meta()
    fields = page.fields()
    items = page.list_items()
    paging = page.paging()
    every = page.links(max_links)
    links = [l for l in every if l.kind not in EMBEDDED_KINDS]
    embeds = [l for l in every if l.kind in EMBEDDED_KINDS]
    refresh = next((l.url for l in links if l.tag == "meta" and l.url.startswith(("http://", "https://"))), None)
    frames = page.frames(links, embeds)
    body_el = doc.find("body")
    full_text = visible_text(body_el if body_el is not None else doc)[:MAX_TEXT]
    title_el = doc.find(".//title")
    title = fold(title_el.text_content()) if title_el is not None else ""
    kind = _page_kind(final, fields, meta, items, paging, full_text)
    if frames and kind == "column" and not items:
        kind = "other"  # a frame container: its frames are the pages (crawled on their own)
        page.notes.append(f"frames: {len(frames)} frame pages make up this page")
    publish, publish_source = publication_date(fields, meta, final, kind)
    if publish is None and publish_source:
        page.notes.append(f"publish date unknown: {publish_source} (a page regeneration time)")
    elif publish_source and publish_source not in _PUBLISH_LABELS:
        page.notes.append(f"publish date from {publish_source}")
    heading = page.heading(meta)
    repost = repost_reason(fields, meta, title, heading) if kind == "article" else None
    content_type = ""
    for k, v in (headers or {}).items():
        if k.lower() == "content-type":
            content_type = v
    form_pii = Collector()
    forms = extract_forms(doc, final, page=page, collector=form_pii)
    # Personal information is masked before the artifact leaves extraction (crawler.pii, issue 6);
    # form values were masked by extract_forms, their candidates join the page's.
    return _merge_pii(mask_page(PageArtifact(
        url=canonicalize(url) if url.startswith("http") else url,
        final_url=canonicalize(final) if final.startswith("http") else final,
        status=status,
        fetched_at=fetched_at or dt.datetime.now(dt.timezone.utc),
        content_type=content_type,
        encoding=encoding,
        page_kind=kind,
        title=title[:500],
        heading=heading[:500],
        breadcrumb=page.breadcrumb(),
        meta=meta,
        fields=fields,
        publish_date=publish,
        text=full_text,
        footer_text=" ".join(visible_text(f) for f in page.footer_els)[:5000],
        links=links,
        embeds=embeds,
        refresh=refresh,
        frames=frames,
        repost=repost,
        list_items=items,
        paging=paging,
        tables=page.tables(),
        forms=forms,
        extract_notes=page.notes,
    )), form_pii.candidates)


def iter_dates(texts: Iterable[str]) -> Iterable[dt.date]:
    for t in texts:
        d = parse_date(t)
        if d:
            yield d
