"""Artifacts: what the crawler collects. The crawler writes them, rules read them.

Nothing here judges compliance: a `LinkCheck` says what the server answered, not
whether that is a defect. Every model is written as one JSON line per record in a
run folder (see `RunFiles`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from enum import Enum
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

ARTIFACT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LinkKind(str, Enum):
    page = "page"  # an HTML page inside the site's scope
    attachment = "attachment"  # a file (pdf, doc, xls, zip, ...) inside or outside scope
    external = "external"  # a page on another host
    mailto = "mailto"
    javascript = "javascript"  # javascript:... hrefs
    anchor = "anchor"  # "#" or a same-page fragment
    other = "other"  # tel:, data:, unknown schemes
    # What a page loads or embeds rather than links (issue 9 item 12): checked, never crawled,
    # except frames in scope, which are pages in their own right.
    image = "image"  # <img src/srcset>, <input type=image>, CSS url() in a style attribute
    frame = "frame"  # <frame>/<iframe src>
    embed = "embed"  # <embed>, <object data>, <video>/<audio>/<source>/<track src>: embedded documents and media
    stylesheet = "stylesheet"  # <link rel=stylesheet href>
    # An href nobody can follow: a scheme without a host (http://, http:/, http:, http://#),
    # an invalid host, file: and drive paths pasted from Word (file:///C:/…, C:\…). Never requested.
    malformed = "malformed"


#: Prefix of the extract note saying a page had more links than were read (ZWGK_MAX_LINKS_PER_PAGE).
LINKS_CAPPED_NOTE = "links capped"

#: Kinds a page embeds rather than links to.
EMBEDDED_KINDS = frozenset({LinkKind.image, LinkKind.frame, LinkKind.embed, LinkKind.stylesheet})


class Region(str, Enum):
    nav = "nav"
    footer = "footer"
    main = "main"
    other = "other"


class LinkRef(_Model):
    """One URL a page links to or embeds, as a browser sees it: <a>, <area>, <img>, <iframe>,
    <frame>, <embed>, <object>, media sources, stylesheets, CSS url() and a meta refresh."""

    url: str  # absolute, canonical; for javascript:/anchor/malformed links the raw href
    text: str = ""  # visible text, or title/alt when there is no text; empty for embedded resources
    kind: LinkKind
    region: Region = Region.other
    hidden: bool = False  # inside an element hidden by inline style / hidden attribute
    tag: str = ""  # the element it came from (a, img, iframe, …; "meta" for a refresh, "style" for CSS url())
    alt: str = ""  # alt/title naming an embedded resource (kept out of `text`: it is no link text)


class ListItem(_Model):
    """An entry of a column's list (title, link, date as the list shows them)."""

    title: str
    url: str | None = None
    date: dt.date | None = None


class PiiCandidate(_Model):
    """A personal-information value seen in page or attachment text, stored only masked.

    The full value never reaches an artifact: extraction replaces it in `text` with `masked`
    and keeps a salted hash so repeated values can be counted without being stored.
    """

    kind: Literal["id18", "id15", "mobile", "bank_card"]
    masked: str  # first and last digits kept, e.g. 1101**********1234
    digest: str  # salted sha256 of the full value (salt per run, never written)
    context: str = ""  # nearby text (itself masked), to judge 名单/公示 lists
    in_table: bool = False
    header: str = ""  # the column header when found in a table (姓名, 身份证号码, ...)
    # The value stands in a per-person row: a table row under a 姓名/联系人/身份证 column, or one
    # of several list entries "张三 13912345678；李四 …" (a name or ID number beside each value).
    per_person: bool = False


class FormField(_Model):
    """One control of a form: <input>, <select>, <textarea> or <button> (submit controls are
    summarised in `FormInfo.submit_text` instead)."""

    name: str = ""  # name attribute, else id
    type: str = "text"  # input type (text, hidden, radio, file …), select, textarea
    label: str = ""  # <label for>, wrapping <label>, placeholder/title, or the text before it (表格式表单)
    value: str = ""  # default value / selected option, PII masked
    required: bool = False  # required attribute, or a * / 必填 mark in its label


class FormInfo(_Model):
    """A form as the page shows it (extract.extract_forms). Recorded, never submitted.

    `formless` marks input groups outside any <form> that JavaScript submits (a search box
    whose button calls searchsubmit()); their `action` is empty."""

    action: str = ""  # absolute, canonical; the page's own URL when the form has no action
    method: str = "get"
    fields: list[FormField] = Field(default_factory=list)
    submit_text: str = ""  # the submit control's text: 搜索 / 提交申请 / 提交 …
    text: str = ""  # visible text inside the form (whitespace folded, truncated, PII masked)
    region: Region = Region.other
    hidden: bool = False
    formless: bool = False
    looks_like_search: bool = False  # q/keyword/searchword/wd/query input, or 搜索/检索 wording
    looks_like_application: bool = False  # 申请人/姓名/证件/所需信息… (政府信息公开申请 and the like)
    looks_like_message: bool = False  # 留言/写信/咨询 form: a text area with 标题/内容/诉求 …


class PageArtifact(_Model):
    """A crawled HTML page."""

    url: str  # the URL requested (canonical)
    final_url: str  # after redirects
    status: int
    fetched_at: dt.datetime
    content_type: str = ""
    encoding: str = ""  # the encoding the body was decoded with (e.g. gbk)
    depth: int = 0
    referrer: str | None = None
    rendered: bool = False  # True when a browser built the DOM
    page_kind: Literal["home", "column", "article", "other"] = "other"
    title: str = ""  # <title>
    heading: str = ""  # the main heading (h1 / article title) if any
    breadcrumb: list[str] = Field(default_factory=list)  # 当前位置 trail, home first
    meta: dict[str, str] = Field(default_factory=dict)  # <meta name=...> (47号 tags: SiteIDCode, PubDate, ...)
    fields: dict[str, str] = Field(default_factory=dict)  # labelled values: 索引号, 文号, 发布日期, 有效性 ...
    publish_date: dt.date | None = None
    text: str = ""  # visible text of the page body (whitespace folded)
    footer_text: str = ""
    links: list[LinkRef] = Field(default_factory=list)  # what a reader follows: <a>, <area>, a meta refresh
    # What the page loads (kinds in EMBEDDED_KINDS): images, frames, embedded documents and
    # media, stylesheets. Kept apart from `links`, whose texts rules read as navigation.
    embeds: list[LinkRef] = Field(default_factory=list)
    list_items: list[ListItem] = Field(default_factory=list)
    paging: list[str] = Field(default_factory=list)  # URLs of the other pages of this list
    tables: list[list[list[str]]] = Field(default_factory=list)  # cell texts, row by row
    pii: list[PiiCandidate] = Field(default_factory=list)
    forms: list[FormInfo] = Field(default_factory=list)  # <form>s and script-submitted search boxes
    soft_404: bool = False  # HTTP 2xx whose page says 页面不存在 / 该信息已删除 (recorded, not judged)
    refresh: str | None = None  # <meta http-equiv=refresh> target (absolute); the page itself is kept
    frames: list[str] = Field(default_factory=list)  # frame/iframe pages that make up a frameset or iframe-only body
    repost: str | None = None  # why the page looks reposted from another body (转发 / 来源 / 文号); None when its own
    extract_notes: list[str] = Field(default_factory=list)  # what extraction could not do


LinkOutcome = Literal[
    "ok",  # 2xx (after redirects)
    "dead",  # 4xx / 5xx (not rate limiting), DNS failure, connection refused
    "timeout",  # no answer within the timeout after retries
    "redirect_loop",
    "too_many_redirects",
    "rate_limited",  # 429, 503 with Retry-After, WAF pages: could not evaluate
    "blocked",  # robots.txt, budget exhausted, host paused: not checked
    "skipped",  # external host not allowed by the site profile: never requested
    "error",  # anything else (TLS error, malformed URL, ...)
]


class LinkCheck(_Model):
    """What fetching a link target gave. One record per distinct target URL."""

    url: str
    kind: LinkKind
    outcome: LinkOutcome
    status: int | None = None
    final_url: str | None = None
    redirects: list[str] = Field(default_factory=list)  # the chain, first hop first
    method: Literal["GET", "HEAD", "NONE"] = "GET"
    content_type: str | None = None
    content_length: int | None = None
    error: str | None = None  # exception class / message for failures
    retry_after: str | None = None
    checked_at: dt.datetime | None = None


class DocumentArtifact(_Model):
    """An attachment fetched and read (pdf, doc/docx, xls/xlsx, wps, ofd, ...)."""

    url: str
    status: int | None = None
    declared_type: str = ""  # from the URL's extension: pdf, docx, xls ...
    content_type: str = ""  # as served
    size: int | None = None
    outcome: Literal["ok", "empty", "corrupt", "html_instead", "unsupported", "too_large", "timeout", "error"]
    detected_type: str = ""  # from the bytes' signature
    text: str = ""  # extracted text, PII masked, truncated
    tables: list[list[list[str]]] = Field(default_factory=list)  # sheets / docx tables
    page_count: int | None = None
    title: str = ""
    linked_from: list[str] = Field(default_factory=list)  # pages that link to it
    link_texts: list[str] = Field(default_factory=list)
    pii: list[PiiCandidate] = Field(default_factory=list)
    error: str | None = None


class ColumnArtifact(_Model):
    """A column (栏目): a list page, its paging pages merged."""

    url: str  # the first page of the list
    name: str  # the column's name (breadcrumb tail or heading)
    path: list[str] = Field(default_factory=list)  # breadcrumb, home first
    pages: list[str] = Field(default_factory=list)  # all list pages seen (first page first)
    items: list[ListItem] = Field(default_factory=list)
    latest_date: dt.date | None = None
    parent_url: str | None = None


class AccountArtifact(_Model):
    """A 政务新媒体 account as listed on the portal (issue 3 adds visits)."""

    name: str
    platform: str = ""
    url: str | None = None
    listed_on: str | None = None
    reachable: bool | None = None
    latest_post: dt.date | None = None
    has_interaction: bool | None = None
    interaction_entries: list[str] = Field(default_factory=list)  # 留言 / 评论 / 私信 labels seen
    outcome: LinkOutcome | None = None  # of the visit to the account page
    status: int | None = None
    checked_at: dt.datetime | None = None
    source: Literal["portal", "profile"] = "portal"
    error: str | None = None


class CrawlInfo(_Model):
    """One per run: where it started, what it was allowed, how it ended."""

    version: int = ARTIFACT_VERSION
    start_url: str
    site_host: str
    allowed_hosts: list[str] = Field(default_factory=list)
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    finish_reason: str | None = None
    stats: dict[str, int | float | str] = Field(default_factory=dict)
    capped: list[str] = Field(default_factory=list)  # what limits cut off (budget, depth, traps)
    errors: list[str] = Field(default_factory=list)  # pages that broke extraction etc.


class SiteArtifacts(_Model):
    """Everything the rules get: one site's crawl, loaded from a run folder."""

    crawl: CrawlInfo
    pages: list[PageArtifact] = Field(default_factory=list)
    links: list[LinkCheck] = Field(default_factory=list)
    columns: list[ColumnArtifact] = Field(default_factory=list)
    accounts: list[AccountArtifact] = Field(default_factory=list)
    documents: list[DocumentArtifact] = Field(default_factory=list)

    def page(self, url: str) -> PageArtifact | None:
        return self._page_index().get(url)

    def link(self, url: str) -> LinkCheck | None:
        return self._link_index().get(url)

    # -- the site's scope (one definition for the crawler, the rules and the history)

    def scope(self) -> "SiteScope":
        """The site this crawl audits: the start URL's netloc and path prefix."""
        scope = self.__dict__.get("_scope")
        if scope is None or scope.start_url != self.crawl.start_url:
            scope = SiteScope.of(self.crawl.start_url)
            self.__dict__["_scope"] = scope
        return scope

    def in_scope(self, url: str | None) -> bool:
        return bool(url) and self.scope().contains(url)

    def homepage(self) -> PageArtifact | None:
        """The start URL's page; else the page at the root of the scope (``/xxgk/countyA/``,
        its ``index.html`` …). Never another page that merely looks like a homepage
        (page_kind "home" on another prefix of a shared host): None when neither was crawled.
        A homepage that only forwards (meta refresh, frames) shows the page it forwards to."""
        page = self.page(self.crawl.start_url)
        if page is not None:
            return self.shown(page)
        scope = self.scope()
        for p in self.pages:
            if scope.is_root(p.url) or scope.is_root(p.final_url):
                return self.shown(p)
        return None

    def site_code(self) -> str:
        """The 网站标识码 the homepage declares (<meta name="SiteIDCode">), or ""."""
        home = self.homepage()
        if home is None:
            return ""
        value = (home.meta.get("SiteIDCode") or home.meta.get("siteidcode") or "").strip()
        return value if _SITE_CODE.match(value) else ""

    def identity(self, name: str = "") -> str:
        """The site's identity, as the history keys it: the profile's site name, else the
        网站标识码, else the scope (``host:port`` or ``host:port/xxgk/countyA/``)."""
        return name or self.site_code() or self.scope().key

    def other_site_pages(self) -> set[str]:
        """URLs of crawled pages that belong to another site: outside the scope (another path
        prefix of a shared host, another host), or inside a sub-tree of the scope whose pages
        carry a 网站标识码 (SiteIDCode) other than the homepage's and none of them the
        homepage's — a county site hosted below a city platform. A page whose code differs on
        its own, among pages of this site, stays this site's page (an inconsistent code)."""
        cached = self.__dict__.get("_other")
        if cached is not None and cached[0] == len(self.pages):
            return cached[1]
        scope = self.scope()
        own_code = self.site_code()
        other: set[str] = set()
        inside: list[PageArtifact] = []
        for p in self.pages:
            if scope.contains(p.url) and scope.contains(p.final_url or p.url):
                inside.append(p)
            else:
                other.add(p.url)
        by_code: dict[str, list[PageArtifact]] = {}
        for p in inside:
            code = (p.meta.get("SiteIDCode") or p.meta.get("siteidcode") or "").strip()
            if code and code != own_code:
                by_code.setdefault(code, []).append(p)
        own_dirs = [_directory(p.final_url or p.url) for p in inside
                    if own_code and (p.meta.get("SiteIDCode") or p.meta.get("siteidcode") or "").strip() == own_code]
        for code, pages in (by_code.items() if own_code else ()):
            root = _common_dir([_directory(p.final_url or p.url) for p in pages])
            if len(root) <= len(scope.prefix) or not root.startswith(scope.prefix.lower()):
                continue  # scattered over this site: an inconsistency, not another site
            if any(d.startswith(root) for d in own_dirs):
                continue  # this site's own pages live there too
            other.update(p.url for p in inside if _directory(p.final_url or p.url).startswith(root))
        self.__dict__["_other"] = (len(self.pages), other)
        return other

    def own_pages(self) -> list[PageArtifact]:
        """The crawled pages of this site (see other_site_pages)."""
        other = self.other_site_pages()
        return [p for p in self.pages if p.url not in other]

    def shown(self, page: PageArtifact | None) -> PageArtifact | None:
        """The page a reader actually sees at `page`: a page that only forwards (a meta
        refresh, a frameset or a lone iframe, little text of its own) shows the page it
        forwards to — of several frames, the one with most links. Rules that follow a
        navigation link to judge its target should look through it with this."""
        for _ in range(3):
            if page is None or not (page.refresh or page.frames) or len(page.text) > 200:
                break
            targets = [self.page(u) for u in ([page.refresh] if page.refresh else page.frames)]
            targets = [t for t in targets if t is not None and t is not page and t.status < 400]
            if not targets:
                break
            page = max(targets, key=lambda t: len(t.links))
        return page

    # The indexes are rebuilt when the list they index was replaced or changed length. They
    # remember that list and its length: comparing with the index's own size would rebuild
    # it on every lookup as soon as one page redirected (url and final_url are two keys) or
    # a URL appeared twice.
    def _page_index(self) -> dict[str, PageArtifact]:
        cached = self.__dict__.get("_pidx")
        if cached is None or cached[0] is not self.pages or cached[1] != len(self.pages):
            idx: dict[str, PageArtifact] = {}
            for p in self.pages:
                idx.setdefault(p.url, p)
                idx.setdefault(p.final_url, p)
            cached = (self.pages, len(self.pages), idx)
            self.__dict__["_pidx"] = cached
        return cached[2]

    def _link_index(self) -> dict[str, LinkCheck]:
        cached = self.__dict__.get("_lidx")
        if cached is None or cached[0] is not self.links or cached[1] != len(self.links):
            cached = (self.links, len(self.links), {c.url: c for c in self.links})
            self.__dict__["_lidx"] = cached
        return cached[2]


_SITE_CODE = re.compile(r"^[0-9A-Za-z]{10}$")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _netloc(parts) -> str:
    """host[:port] lower-cased, default ports dropped (http and https of one host and port
    are one site, as crawler.guard.in_scope has it)."""
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return ""
    if port is None or str(port) == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def _directory(url: str) -> str:
    """The lower-cased directory of a URL's path: ``/xxgk/countya/`` for ``/xxgk/countyA/a.html``."""
    path = urlsplit(url).path or "/"
    return path[: path.rfind("/") + 1].lower() or "/"


def _common_dir(dirs: list[str]) -> str:
    if not dirs:
        return "/"
    common = os.path.commonprefix(dirs)
    return common[: common.rfind("/") + 1] or "/"


class SiteScope:
    """The start URL's scope: its netloc (host and port) and path prefix.

    The prefix is the start URL's directory: ``/`` for ``http://h/`` or ``http://h/index.html``,
    ``/xxgk/countyA/`` for ``http://h/xxgk/countyA/`` or ``…/countyA/index.html``; a last
    segment without a dot (``/xxgk/countyA``) is a directory too. Several portals often share
    one host (a city platform hosting county sites, /xxgk/ sub-sites): a URL on the same host
    outside the prefix belongs to another site. Paths compare case-insensitively (IIS hosts).
    """

    __slots__ = ("start_url", "netloc", "prefix")

    def __init__(self, start_url: str, netloc: str, prefix: str):
        self.start_url = start_url
        self.netloc = netloc
        self.prefix = prefix

    @classmethod
    def of(cls, start_url: str) -> "SiteScope":
        parts = urlsplit(start_url.strip())
        path = parts.path or "/"
        last = path.rsplit("/", 1)[-1]
        if last and "." not in last:
            path += "/"
        prefix = path[: path.rfind("/") + 1] or "/"
        return cls(start_url, _netloc(parts), prefix)

    @property
    def key(self) -> str:
        """``host:port`` for a site at the root of its host, else ``host:port/prefix/``."""
        return self.netloc if self.prefix == "/" else self.netloc + self.prefix

    def contains(self, url: str | None) -> bool:
        if not url:
            return False
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or _netloc(parts) != self.netloc:
            return False
        path = (parts.path or "/").lower()
        prefix = self.prefix.lower()
        return path.startswith(prefix) or path + "/" == prefix

    def is_root(self, url: str | None) -> bool:
        """The scope's root page: the prefix itself or its index page (index.html, default.htm …)."""
        if not self.contains(url):
            return False
        path = (urlsplit(url).path or "/").lower()
        prefix = self.prefix.lower()
        if path in (prefix, prefix.rstrip("/")):
            return True
        rest = path[len(prefix):]
        return "/" not in rest and rest.split(".", 1)[0] in ("index", "default", "main", "home")

    def __repr__(self) -> str:
        return f"SiteScope({self.key!r})"


class RunFiles:
    """File names inside a crawl run folder (JSON lines, one model per line)."""

    CRAWL = "crawl.json"
    PAGES = "pages.jsonl"
    LINKS = "links.jsonl"
    COLUMNS = "columns.jsonl"
    ACCOUNTS = "accounts.jsonl"
    DOCUMENTS = "documents.jsonl"

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def path(self, name: str) -> Path:
        return self.folder / name


def load_site(folder: str | Path) -> SiteArtifacts:
    """Read a run folder written by the crawler."""
    files = RunFiles(folder)
    crawl = CrawlInfo.model_validate_json(files.path(RunFiles.CRAWL).read_text("utf-8"))

    def read(name: str, model):
        p = files.path(name)
        if not p.exists():
            return []
        out = []
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line:
                    out.append(model.model_validate_json(line))
        return out

    return SiteArtifacts(
        crawl=crawl,
        pages=read(RunFiles.PAGES, PageArtifact),
        links=read(RunFiles.LINKS, LinkCheck),
        columns=read(RunFiles.COLUMNS, ColumnArtifact),
        accounts=read(RunFiles.ACCOUNTS, AccountArtifact),
        documents=read(RunFiles.DOCUMENTS, DocumentArtifact),
    )
