"""The portal spider: crawl one site's HTML pages inside its scope and check every link.

What it yields (the pipeline writes them to the run folder):

* a `PageArtifact` for every HTML page it fetched in scope (any status, except answers
  that are rate-limiting pages rather than the page), built by `crawler.extract.extract_page`
  (from the browser's DOM when the page needs rendering: ``rendered=True``);
* exactly one `LinkCheck` for every distinct target URL it met: the start URL, every page,
  attachment and external link on a crawled page, every list page it asked a CMS for
  (mailto:, javascript: and same-page anchors are not targets). A page's LinkCheck is
  written after its PageArtifact, so a resumed crawl knows which pages are finished
  (see crawler.resume).

How targets are treated:

* the scope is the start URL's netloc and path prefix (contracts.SiteScope): started at
  ``/xxgk/countyA/``, a link to ``/xxgk/countyB/`` on the same host is another site's page,
  checked like an external link (same host: always allowed), never crawled.
* in-scope page links: GET, parsed, followed (up to ZWGK_MAX_PAGES page requests; beyond
  it → outcome ``blocked``; trap caps and ZWGK_MAX_DEPTH → ``blocked`` too, see
  crawler.traps). A response that is not HTML is recorded like an attachment. Paging the
  page declares is followed: plain pager links, TRS createPageHTML(), and 大汉 Hanweb jpage
  lists, whose further records are asked from dataproxy.jsp (crawler.cms) and recorded as
  list pages of their column.
* a page that looks built by JavaScript (crawler.render.needs_render, or a site-profile
  pattern) is fetched again through Chromium when one is available; the JSON answers it
  received are read for lists (crawler.jsonlists), whose further pages are asked with GET
  and recorded as list fragments of its column.
* a Guangdong gkmlpt 公开目录 (crawler.cms_gkmlpt) is not rendered: its config tree becomes
  links of the page and each list column is asked from its JSON API, one list page per
  answer, named and placed as the tree says.
* attachments (in scope, or on an allowed external host): HEAD, then GET when the HEAD
  answer is an error (some servers refuse or mishandle HEAD); the GET stops reading after
  the headers (or after ZWGK_CHECK_BODY_BYTES of an HTML body). `attachment_checked` is
  the hook for fetching attachment bodies.
* external links on allowed hosts: the same HEAD/GET check, never parsed or followed.
  Not allowed (ZWGK_EXTERNAL_HOSTS, ZWGK_CHECK_EXTERNAL) → outcome ``skipped``, method
  ``NONE``, no request at all.

Outcomes a user can trust: a 2xx page that says 页面不存在 / 该信息已删除, or a deep link
redirected to the homepage, is a soft-404 (``PageArtifact.soft_404``, LinkCheck ``dead``,
error "soft-404: …"). Rate limiting (429, 503, 访问过于频繁 pages) is never dead: the URL
is asked again later in the run after Retry-After (capped) or an exponential backoff,
the host slowed meanwhile, at most ZWGK_RATE_LIMIT_RETRIES times; what stayed limited
ends ``rate_limited`` and CrawlInfo.capped says how many.

Scrapy's middlewares do retries, redirects (chain in ``meta["redirect_urls"]``),
robots.txt, the egress guard, the request budget and the circuit breaker; the spider
turns their results into LinkCheck outcomes (see `outcome_for_*`). Requests carry
``dont_filter=True``: deduplication happens here, in a set of canonical URLs checked
before a Request is built.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import json
import logging
import re
import time
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DontCloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    StopDownload,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as txerror
from twisted.internet import task

from contracts import LinkCheck, LinkKind, LinkRef, ListItem, PageArtifact, Region, SiteScope
from crawler import cms, cms_gkmlpt, jsonlists, render
from crawler.extract import canonicalize, decode, extract_page, link_kind, netloc_of
from crawler.fetch_documents import DocumentFetchMixin  # issue 6: attachment reading
from crawler.guard import in_scope, is_external_allowed
from crawler.middlewares import EgressRefused, external_hosts_setting, install_log_filters
from crawler.politeness import BudgetExhausted, HostPaused, RedirectLoop, user_agent
from crawler.soft404 import soft_404_reason
from crawler.traps import TrapGuard

logger = logging.getLogger(__name__)

RATE_LIMIT_MARKERS = ("访问过于频繁", "请求过于频繁", "访问频率过高", "访问太频繁")
_MARKER_BYTES = tuple(
    {m.encode(enc) for m in RATE_LIMIT_MARKERS for enc in ("utf-8", "gb18030")}
)
_NOT_REQUESTED = (LinkKind.mailto, LinkKind.javascript, LinkKind.anchor, LinkKind.other, LinkKind.malformed)
_DEAD_ERRORS = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    txerror.DNSLookupError,
    txerror.ConnectionRefusedError,
    txerror.NoRouteError,
    txerror.UnknownHostError,
)
_TIMEOUT_ERRORS = (DownloadTimeoutError, txerror.TimeoutError, TimeoutError)
# Error prefix of LinkChecks written for targets still unanswered when the crawl ended.
UNFINISHED = "unfinished:"
# Priority of requests asked again later (rate limiting, paused hosts): after the frontier.
_LATER_PRIORITY = -10_000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    if value is None:
        return None
    return value.decode("latin-1", "replace").strip()


def content_type_of(response: Response) -> str:
    return (_header(response, "Content-Type") or "").lower()


def is_html_response(response: Response) -> bool:
    ctype = content_type_of(response)
    if ctype:
        return "html" in ctype
    return isinstance(response, HtmlResponse)


def rate_limited(response: Response) -> bool:
    """429; 503 (with or without Retry-After: an overloaded small host is throttling, not
    gone); a (small) text body saying 访问过于频繁 and the like."""
    if response.status in (429, 503):
        return True
    ctype = content_type_of(response)
    if ctype and not ctype.startswith("text/") and "html" not in ctype:
        return False
    head = response.body[:65536]
    return any(m in head for m in _MARKER_BYTES)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - _now()).total_seconds())


def outcome_for_response(response: Response) -> str:
    if rate_limited(response):
        return "rate_limited"
    if 200 <= response.status < 300:
        return "ok"
    if response.status >= 400:
        return "dead"
    return "error"  # 1xx, or a 3xx that could not be followed (no/unsupported Location)


def outcome_for_failure(exc: BaseException, chain: list[str] | None = None) -> str:
    """Outcome of a request that produced no usable response."""
    if isinstance(exc, EgressRefused):
        return "skipped"
    if isinstance(exc, RedirectLoop):
        return "redirect_loop"
    if isinstance(exc, IgnoreRequest):
        msg = str(exc)
        if "max redirections" in msg:
            canon = [canonicalize(u) for u in (chain or [])]
            return "redirect_loop" if len(set(canon)) < len(canon) else "too_many_redirects"
        return "blocked"  # robots.txt, budget, paused host, or another middleware's refusal
    if isinstance(exc, DownloadCancelledError):
        return "blocked"  # cancelled by us: a body beyond DOWNLOAD_MAXSIZE (could not evaluate)
    if isinstance(exc, _TIMEOUT_ERRORS):
        return "timeout"
    if isinstance(exc, _DEAD_ERRORS):
        return "dead"
    return "error"


def _head_failure_is_final(exc: BaseException) -> bool:
    """After a failed HEAD, is a GET pointless? Yes when the host is unreachable, slow,
    refused by policy or looping; no for protocol errors (servers that drop HEAD)."""
    return isinstance(exc, (IgnoreRequest, *_TIMEOUT_ERRORS, *_DEAD_ERRORS))


def _compile_patterns(values) -> list[re.Pattern]:
    out = []
    for v in values or ():
        try:
            out.append(re.compile(v))
        except re.error as exc:
            logger.warning("ignoring render pattern %r: %s", v, exc)
    return out


class PortalSpider(DocumentFetchMixin, scrapy.Spider):
    name = "portal"

    def __init__(self, start_url: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("the portal spider needs start_url")
        self.start_url = canonicalize(start_url)
        if not self.start_url.startswith(("http://", "https://")):
            raise ValueError(f"start_url must be http(s): {start_url!r}")
        self.site_netloc = netloc_of(self.start_url)  # the host (+ port) the site lives on
        # The site's scope: that netloc and the start URL's path prefix (contracts.SiteScope):
        # pages of another site on a shared host (another prefix) are checked, never crawled.
        self.site_scope = SiteScope.of(self.start_url)
        self.seen: set[str] = set()  # targets that have (or will get) their LinkCheck
        self.parsed: set[str] = set()  # canonical URLs whose document became a PageArtifact
        self.done: set[str] = set()  # targets whose LinkCheck was yielded
        self.outstanding: dict[str, tuple[LinkKind, str]] = {}  # requested, no LinkCheck yet
        self.limited_once: set[str] = set()  # answered 429/503 at least once, asked again later
        self.pages_requested = 0
        self.over_budget = 0
        self.rate_limited_urls = 0
        self.rate_limit_retries_done = 0
        self.paused_blocked = 0
        self.paused_waiting: set[str] = set()  # targets refused by the breaker, asked again later
        self.budget_blocked = 0
        self.renders = 0
        self.renders_failed = 0
        self.renders_skipped = 0
        self.dataproxy_pages = 0
        # JSON list endpoints to ask (gkmlpt API pages, later pages of recorded JSON lists):
        # URL as the list asks it (sid= kept; a POSTed page is URL#zwgk-post-page=N) ->
        # what the answer is ({adapter, name, path, keys, post, post_type})
        self.json_targets: dict[str, dict] = {}
        self.json_items = {"gkmlpt": 0, "generic": 0}
        self.json_pages = 0
        self.gkmlpt_pages: set[str] = set()
        self.soft_404s = 0
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.resumed = False
        self._later: list[tuple[float, int, scrapy.Request]] = []
        self._seq = itertools.count()
        self._host_slowed: dict[str, float] = {}
        self._loop: task.LoopingCall | None = None
        # defaults; from_crawler reads the settings
        self.max_pages = 5000
        self.external_hosts: list[str] | None = None
        self.check_external = True
        self.external_obey_robots = False
        self.check_body_bytes = 64 * 1024
        self.max_url_length = 2083
        self.traps = TrapGuard()
        self.rate_limit_retries = 2
        self.rate_limit_max_wait = 60.0
        self.rate_limit_backoff = 10.0
        self.rate_limit_host_delay = 2.0
        self.render_available = False
        self.render_patterns: list[re.Pattern] = []
        self.max_renders = 300
        self.render_wait_ms = 5000
        self.max_dataproxy = 200
        self.max_links = 5000
        self.resume = False
        self.run_dir: str | None = None
        self.cache_enabled = False
        self.egress_abort: render.EgressAbort | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_pages = s.getint("ZWGK_MAX_PAGES", 5000)
        spider.external_hosts = external_hosts_setting(s)
        spider.check_external = s.getbool("ZWGK_CHECK_EXTERNAL", True)
        spider.external_obey_robots = s.getbool("ZWGK_EXTERNAL_OBEY_ROBOTS", False)
        spider.check_body_bytes = s.getint("ZWGK_CHECK_BODY_BYTES", 64 * 1024)
        spider.max_url_length = s.getint("URLLENGTH_LIMIT", 2083) or 10**9
        spider.traps = TrapGuard(
            max_depth=s.getint("ZWGK_MAX_DEPTH", 25),
            max_query_variants=s.getint("ZWGK_MAX_QUERY_VARIANTS", 100),
            max_calendar_variants=s.getint("ZWGK_MAX_CALENDAR_VARIANTS", 24),
            max_paging_variants=s.getint("ZWGK_MAX_PAGING_VARIANTS", 1000),
        )
        spider.rate_limit_retries = s.getint("ZWGK_RATE_LIMIT_RETRIES", 2)
        spider.rate_limit_max_wait = s.getfloat("ZWGK_RATE_LIMIT_MAX_WAIT", 60.0)
        spider.rate_limit_backoff = s.getfloat("ZWGK_RATE_LIMIT_BACKOFF", 10.0)
        spider.rate_limit_host_delay = s.getfloat("ZWGK_RATE_LIMIT_HOST_DELAY", 2.0)
        spider.max_renders = s.getint("ZWGK_MAX_RENDERS", 300)
        spider.render_wait_ms = int(s.getfloat("ZWGK_RENDER_WAIT", 5.0) * 1000)
        spider.render_patterns = _compile_patterns(s.getlist("ZWGK_RENDER_PATTERNS"))
        spider.max_dataproxy = s.getint("ZWGK_MAX_DATAPROXY_PAGES", 200)
        spider.max_links = s.getint("ZWGK_MAX_LINKS_PER_PAGE", 5000)
        spider.resume = s.getbool("ZWGK_RESUME", False)
        spider.run_dir = s.get("ZWGK_RUN_DIR")
        spider._configure(crawler)
        crawler.signals.connect(spider._on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider._on_bytes, signal=signals.bytes_received)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._on_closed, signal=signals.spider_closed)
        install_log_filters()
        return spider

    def _configure(self, crawler) -> None:
        """Settings that depend on the profile (the settings are not frozen yet here)."""
        s = crawler.settings
        if s.frozen:  # built by a test harness with fixed settings: nothing to install
            self.cache_enabled = s.getbool("HTTPCACHE_ENABLED")
            return
        contact = s.get("ZWGK_CONTACT")
        if (s.getpriority("USER_AGENT") or 0) <= 20:  # not chosen by the caller: identify ourselves
            s.set("USER_AGENT", user_agent(contact), priority="spider")
        if not contact:
            logger.info("ZWGK_CONTACT is not set: the User-Agent carries no contact for the site's webmaster")
        if s.getbool("ZWGK_IGNORE_ROBOTS") or not s.getbool("ROBOTSTXT_OBEY", True):
            s.set("ROBOTSTXT_OBEY", False, priority="cmdline")
            logger.warning("robots.txt is NOT obeyed for this crawl (ZWGK_IGNORE_ROBOTS / ROBOTSTXT_OBEY override)")
            self.notes.append("robots.txt not obeyed (override)")
        cache_dir = s.get("ZWGK_CACHE_DIR")
        if cache_dir:
            # Conditional re-crawls: every page is asked again with If-Modified-Since /
            # If-None-Match (Cache-Control: max-age=0 on the request), a 304 is served from the
            # cache and re-extracted; pages are never skipped for having been seen before.
            s.set("HTTPCACHE_ENABLED", True, priority="spider")
            s.set("HTTPCACHE_DIR", str(cache_dir), priority="spider")
            s.set("HTTPCACHE_POLICY", "crawler.httpcache.RevalidateOnlyPolicy", priority="spider")
            s.set("HTTPCACHE_STORAGE", "scrapy.extensions.httpcache.FilesystemCacheStorage", priority="spider")
            s.set("HTTPCACHE_EXPIRATION_SECS", 0, priority="spider")
            self.cache_enabled = True
        self.render_available, self.egress_abort, note = render.configure(crawler, self.site_netloc,
                                                                          self.external_hosts)
        if note:
            self.notes.append(note)

    # ------------------------------------------------------------ what the pipeline reads

    @property
    def capped(self) -> list[str]:
        out = []
        if self.over_budget:
            out.append(
                f"page budget: ZWGK_MAX_PAGES={self.max_pages} reached; "
                f"{self.over_budget} page links not crawled (outcome blocked)"
            )
        if self.budget_blocked:
            out.append(f"request budget: ZWGK_MAX_REQUESTS spent; {self.budget_blocked} targets not checked "
                       f"(outcome blocked)")
        out.extend(self.traps.summary())
        if self.rate_limited_urls:
            out.append(
                f"rate limiting: {self.rate_limited_urls} URLs still answered 429 / 503 / 访问过于频繁 after "
                f"{self.rate_limit_retries} later attempts (outcome rate_limited: could not evaluate, no PageArtifact)"
            )
        if self.paused_blocked:
            out.append(f"circuit breaker: {self.paused_blocked} targets not checked: their host was given up "
                       f"after failing through ZWGK_BREAKER_MAX_PAUSED of pauses (outcome blocked)")
        if self.renders_skipped:
            out.append(f"rendering: {self.renders_skipped} pages looked built by JavaScript but were not rendered "
                       f"({'ZWGK_MAX_RENDERS=' + str(self.max_renders) + ' reached' if self.render_available else 'no browser'})")
        if self.renders_failed:
            out.append(f"rendering: {self.renders_failed} pages failed to render; their unrendered HTML was recorded")
        if self.json_pages:
            out.append(f"JSON lists: {self.json_pages} list answers read; items from the gkmlpt API "
                       f"{self.json_items['gkmlpt']}, from recorded JSON {self.json_items['generic']}")
        out.extend(self.notes)
        return out

    def unfinished_checks(self) -> list[LinkCheck]:
        """LinkChecks for targets requested but unanswered when the crawl ends (a timeout,
        a page budget, a signal): could not evaluate, never silently missing. Their error
        starts with "unfinished:" so that a resumed crawl asks for them again."""
        out = []
        for url, (kind, method) in list(self.outstanding.items()):
            if url in self.done:
                continue
            paused = url in self.paused_waiting  # the latest wait was the breaker's
            limited = url in self.limited_once and not paused
            why = (" its host was paused by the circuit breaker when the crawl ended" if paused
                   else " rate limited and waiting to be asked again" if limited
                   else " requested, no answer before the crawl ended")
            out.append(LinkCheck(
                url=url, kind=kind, outcome="rate_limited" if limited else "blocked",
                method=method if method in ("GET", "HEAD") else "GET", checked_at=_now(),
                error=UNFINISHED + why))
            self.done.add(url)
        self.outstanding.clear()
        if out:
            self.notes.append(f"unfinished: {len(out)} targets had no final answer when the crawl ended "
                              f"(outcome blocked / rate_limited, could not evaluate)")
            self.crawler.stats.set_value("zwgk/links/unfinished", len(out))
        return out

    # ------------------------------------------------------------ lifecycle

    def _on_opened(self, spider) -> None:
        if spider is not self:
            return
        self._loop = task.LoopingCall(self._release_due)
        self._loop.start(0.2, now=False)

    def _on_closed(self, spider, reason) -> None:
        if spider is not self:
            return
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        state = getattr(self, "state", None)
        if isinstance(state, dict):  # JOBDIR's spider.state: counters survive a graceful stop
            state["counters"] = {"over_budget": self.over_budget, "rate_limited_urls": self.rate_limited_urls,
                                 "renders": self.renders}
        if self.egress_abort is not None and self.egress_abort.refused:
            logger.info("Render: %d outside requests aborted, e.g. %s", len(self.egress_abort.refused),
                        self.egress_abort.refused[0])

    def _on_idle(self, spider) -> None:
        if spider is self and self._later:
            self._release_due()
            raise DontCloseSpider

    def _release_due(self) -> None:
        now = time.monotonic()
        while self._later and self._later[0][0] <= now:
            _, _, request = heapq.heappop(self._later)
            self.crawler.engine.crawl(request)
        for host, until in list(self._host_slowed.items()):
            if until <= now:
                del self._host_slowed[host]
                slot = self._slot(host)
                if slot is not None:
                    slot.delay = self.crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0)

    def _slot(self, host: str):
        try:
            downloader = self.crawler.engine.downloader
        except (AttributeError, RuntimeError):  # no engine (offline tests)
            return None
        return downloader.slots.get(host.split(":")[0].strip("[]"))

    def _ask_later(self, request: scrapy.Request, wait: float) -> None:
        heapq.heappush(self._later, (time.monotonic() + wait, next(self._seq), request))

    # ------------------------------------------------------------ start

    async def start(self):
        if self.resume and self.run_dir:
            for request in self._resume_requests():
                yield request
            return
        self.seen.add(self.start_url)
        self.pages_requested += 1
        yield self._page_request(self.start_url, depth=0, referrer=None)

    def _resume_requests(self) -> Iterator[Any]:
        from crawler.resume import load_state

        state = load_state(self.run_dir)
        self.resumed = True
        self.done |= state.checked
        self.seen |= state.checked
        self.parsed |= state.parsed
        self.pages_requested = state.page_requests
        counters = (getattr(self, "state", None) or {}).get("counters", {})
        self.over_budget = counters.get("over_budget", 0)
        logger.info("Resuming: %d targets checked, %d pages written, %d pending", len(state.checked),
                    state.pages, len(state.pending))
        self.crawler.stats.set_value("zwgk/resume/pending", len(state.pending))
        self.notes.append(f"resumed an interrupted crawl: {len(state.checked)} targets were already checked, "
                          f"{len(state.pending)} pending")
        if self.start_url not in self.done:
            self.seen.add(self.start_url)
            self.pages_requested += 1
            yield self._page_request(self.start_url, depth=0, referrer=None)
        self._restore_json_targets()
        for p in state.pending:
            if p.url in self.seen:
                continue
            if p.url in self.json_targets:
                yield from self._json_target(p.url, depth=p.depth, referrer=p.referrer or self.start_url)
                continue
            if "#zwgk-post-page=" in p.url:
                self.seen.add(p.url)
                yield self._unrequested(p.url, LinkKind.page, "blocked",
                                        "POSTed JSON list page: its body was not kept across the resume")
                continue
            if cms.is_dataproxy_url(p.url):
                self.seen.add(p.url)
                yield self._dataproxy_request(p.url, depth=p.depth, referrer=p.referrer or self.start_url)
                continue
            for out in self._target(p.url, LinkKind(p.kind), depth=p.depth, referrer=p.referrer):
                if out is not None:
                    yield out  # a Request, or the LinkCheck of a target that gets none

    def _restore_json_targets(self) -> None:
        """After a resume: which pending URLs are JSON list pages, read back from the pages
        written (gkmlpt tree links by their names, paging of JSON lists). A gkmlpt column
        asked this way is placed by its own name only (the tree path is not in the
        artifacts); POSTed pages are not asked again (their bodies are not kept)."""
        from contracts import RunFiles

        path = RunFiles(self.run_dir).path(RunFiles.PAGES)
        if not path.exists():
            return
        lost = 0
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    page = json.loads(line)
                except ValueError:
                    continue
                notes = " ".join(page.get("extract_notes") or [])
                if "gkmlpt column tree:" in notes:
                    for link in page.get("links") or []:
                        if cms_gkmlpt.is_api_url(link["url"]):
                            self.json_targets.setdefault(link["url"], {"adapter": "gkmlpt", "name": link["text"],
                                                                       "path": [link["text"]]})
                if "JSON list answer" in notes or "list items from recorded JSON" in notes:
                    adapter = "gkmlpt" if notes.startswith("gkmlpt") else "generic"
                    for u in page.get("paging") or []:
                        if "#zwgk-post-page=" in u:
                            lost += 1
                            continue
                        target = {"adapter": adapter}
                        if adapter == "gkmlpt":
                            target.update(name=page.get("title", ""), path=page.get("breadcrumb") or [])
                        self.json_targets.setdefault(u, target)
        if lost:
            self.notes.append(f"resume: {lost} POSTed JSON list pages could not be asked again (their bodies "
                              f"are not kept)")

    # ------------------------------------------------------------ requests

    def _page_request(self, url: str, *, depth: int, referrer: str | None) -> scrapy.Request:
        self.outstanding.setdefault(url, (LinkKind.page, "GET"))
        meta: dict[str, Any] = {
            "zwgk": {"role": "page", "url": url, "kind": LinkKind.page, "depth": depth,
                     "referrer": referrer, "method": "GET"},
        }
        headers = {"Cache-Control": "max-age=0"} if self.cache_enabled else None
        return scrapy.Request(
            url,
            callback=self._on_response,
            errback=self._on_failure,
            dont_filter=True,
            priority=-depth,  # breadth first: the homepage's columns before deep articles
            meta=meta,
            headers=headers,
        )

    def _check_request(self, url: str, kind: LinkKind, *, method: str, depth: int,
                       referrer: str | None) -> scrapy.Request:
        self.outstanding[url] = (kind, method)
        meta: dict[str, Any] = {
            "zwgk": {"role": "check", "url": url, "kind": kind, "depth": depth,
                     "referrer": referrer, "method": method},
            "dont_cache": True,  # a check may stop reading early: never cache a partial body
        }
        if not in_scope(url, self.site_netloc) and not self.external_obey_robots:
            meta["dont_obey_robotstxt"] = True
        return scrapy.Request(
            url,
            method=method,
            callback=self._on_response,
            errback=self._on_failure,
            dont_filter=True,
            priority=-depth,
            meta=meta,
        )

    def _dataproxy_request(self, url: str, *, depth: int, referrer: str, post: bool = False) -> scrapy.Request:
        self.outstanding.setdefault(url, (LinkKind.page, "GET"))
        z = {"role": "dataproxy", "url": url, "kind": LinkKind.page, "depth": depth, "referrer": referrer,
             "method": "POST" if post else "GET"}
        if post:
            post_url, form = cms.post_form(url)
            return scrapy.Request(post_url, method="POST", body=form, callback=self._on_response,
                                  errback=self._on_failure, dont_filter=True, priority=-depth, meta={"zwgk": z},
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        return scrapy.Request(url, callback=self._on_response, errback=self._on_failure, dont_filter=True,
                              priority=-depth, meta={"zwgk": z})

    def _render_request(self, z: dict, check: LinkCheck, plain: PageArtifact) -> scrapy.Request:
        rz = {**z, "role": "render", "check": check, "plain": plain}
        meta = render.record_json({"zwgk": rz, **render.render_meta(self.render_wait_ms)}, render.JsonRecorder())
        return scrapy.Request(z["url"], callback=self._on_response, errback=self._on_failure, dont_filter=True,
                              priority=-z["depth"], meta=meta)

    def _on_headers(self, headers, body_length, request, **_: Any) -> None:
        """Stop reading bodies we do not need: non-HTML answers to page requests, and
        anything but a (possibly rate-limiting) HTML page for link checks."""
        z = request.meta.get("zwgk")
        if z is None:
            return
        ctype = (headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if z["role"] == "page":
            if ctype and "html" not in ctype and not ctype.startswith("text/"):
                raise StopDownload(fail=False)
        elif z["role"] == "check" and request.method != "HEAD" and not (ctype.startswith("text/") or "html" in ctype):
            raise StopDownload(fail=False)

    def _on_bytes(self, data, request, **_: Any) -> None:
        z = request.meta.get("zwgk")
        if z is None or z["role"] != "check":
            return
        got = request.meta.get("zwgk_bytes", 0) + len(data)
        request.meta["zwgk_bytes"] = got
        if got >= self.check_body_bytes:
            raise StopDownload(fail=False)

    # ------------------------------------------------------------ scheduling links

    def _external_ok(self, url: str) -> bool:
        return self.check_external and is_external_allowed(url, self.site_netloc, self.external_hosts)

    def _in_site(self, url: str) -> bool:
        """In the site's scope: its netloc and its path prefix."""
        return in_scope(url, self.site_netloc) and self.site_scope.contains(url)

    def _target(self, url: str, kind: LinkKind, *, depth: int, referrer: str | None) -> Iterator[Any]:
        """One target met on a page: its request, or its LinkCheck when it gets none."""
        if kind in _NOT_REQUESTED or url in self.seen:
            return
        if not url.startswith(("http://", "https://")):
            return
        self.seen.add(url)
        if len(url) > self.max_url_length:
            # UrlLengthMiddleware would drop the request silently and leave the target
            # without its LinkCheck.
            yield self._unrequested(url, kind, "blocked", "URL longer than URLLENGTH_LIMIT")
            return
        scoped = self._in_site(url)
        if kind in (LinkKind.page, LinkKind.external) or (kind == LinkKind.frame and scoped):
            # extract_page classifies relative to the page's own netloc; the crawl's scope
            # is the start URL's. A frame in scope is a page of the site: crawled.
            kind = LinkKind.page if scoped else LinkKind.external
        elif kind == LinkKind.frame:
            kind = LinkKind.external
        if kind == LinkKind.page:
            trap = self.traps.check(url, depth)
            if trap is not None:
                self.crawler.stats.inc_value("zwgk/pages/trap_capped")
                yield self._unrequested(url, kind, "blocked", f"trap cap: {trap}")
                return
            if self.pages_requested >= self.max_pages:
                self.over_budget += 1
                self.crawler.stats.inc_value("zwgk/pages/over_budget")
                yield self._unrequested(url, kind, "blocked", "page budget (ZWGK_MAX_PAGES) reached")
                return
            self.pages_requested += 1
            yield self._page_request(url, depth=depth, referrer=referrer)
            return
        if scoped or in_scope(url, self.site_netloc) or self._external_ok(url):  # same host: another site's page
            yield self._check_request(url, kind, method="HEAD", depth=depth, referrer=referrer)
            return
        reason = ("external link checks disabled (ZWGK_CHECK_EXTERNAL)" if not self.check_external
                  else "host not allowed by the crawl profile (ZWGK_EXTERNAL_HOSTS)")
        yield self._unrequested(url, kind, "skipped", reason)

    def _unrequested(self, url: str, kind: LinkKind, outcome: str, reason: str) -> LinkCheck | None:
        return self._link_check(url, kind, outcome, method="NONE", error=reason)

    def _link_check(self, url: str, kind: LinkKind, outcome: str, **fields: Any) -> LinkCheck | None:
        if url in self.done:
            return None  # exactly one LinkCheck per target, also across a resume
        self.done.add(url)
        self.outstanding.pop(url, None)
        self.crawler.stats.inc_value(f"zwgk/links/{outcome}")
        return LinkCheck(url=url, kind=kind, outcome=outcome, checked_at=_now(), **fields)

    def _emit(self, check: LinkCheck) -> LinkCheck | None:
        """Yield a LinkCheck built earlier (render path), once."""
        if check.url in self.done:
            return None
        self.done.add(check.url)
        self.outstanding.pop(check.url, None)
        self.crawler.stats.inc_value(f"zwgk/links/{check.outcome}")
        return check

    # ------------------------------------------------------------ responses

    def _on_response(self, response: Response) -> Iterator[Any]:
        for out in self._handle_response(response):
            if out is not None:
                yield out

    def _on_failure(self, failure) -> Iterator[Any]:
        for out in self._handle_failure(failure):
            if out is not None:
                yield out

    def _again(self, z: dict, **changes: Any) -> scrapy.Request:
        """The request for z's target built afresh (first URL of a redirect chain), later."""
        if z["role"] == "dataproxy":
            req = self._dataproxy_request(z["url"], depth=z["depth"], referrer=z["referrer"],
                                          post=z["method"] == "POST")
        elif z["role"] == "jsonlist":
            req = self._json_request(z["url"], depth=z["depth"], referrer=z["referrer"])
        elif z["role"] == "check":
            req = self._check_request(z["url"], z["kind"], method=z["method"], depth=z["depth"],
                                      referrer=z["referrer"])
        else:
            req = self._page_request(z["url"], depth=z["depth"], referrer=z["referrer"])
        req.meta["zwgk"] = {**req.meta["zwgk"], **{k: v for k, v in z.items() if k in ("attempt", "paused")},
                            **changes}
        return req.replace(priority=_LATER_PRIORITY - z["depth"])

    def _handle_failure(self, failure) -> Iterator[Any]:
        exc = failure.value
        if isinstance(exc, HttpError):  # non-2xx answers end up here (HttpErrorMiddleware)
            yield from self._handle_response(exc.response)
            return
        request = failure.request
        z = request.meta["zwgk"]
        if isinstance(exc, HostPaused) and exc.until is not None:
            # Ask again once the pause is over, as often as it takes: the run's time budget
            # (CLOSESPIDER_TIMEOUT) or the breaker giving the host up ends it.
            self.paused_waiting.add(z["url"])
            self.crawler.stats.inc_value("zwgk/breaker/asked_later")
            later = (request.replace(priority=_LATER_PRIORITY - z["depth"]) if z["role"] == "render"
                     else self._again(z, paused=z.get("paused", 0) + 1))
            self._ask_later(later, max(0.0, exc.until - time.monotonic()) + 0.5)
            return
        if z["role"] == "render":
            yield from self._render_failed(z, f"{type(exc).__name__}: {exc}")
            return
        if isinstance(exc, HostPaused):
            self.paused_blocked += 1
        if isinstance(exc, BudgetExhausted):
            self.budget_blocked += 1
        chain = [*request.meta.get("redirect_urls", []), request.url]
        outcome = outcome_for_failure(exc, chain)
        if z["role"] == "check" and z["method"] == "HEAD" and not _head_failure_is_final(exc):
            yield self._check_request(z["url"], z["kind"], method="GET", depth=z["depth"],
                                      referrer=z["referrer"])
            return
        redirects = chain[:-1]
        error = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        if isinstance(exc, DownloadCancelledError) and not str(exc):
            error += (f": response body larger than DOWNLOAD_MAXSIZE "
                      f"({self.crawler.settings.getint('DOWNLOAD_MAXSIZE')} bytes), not read")
        yield self._link_check(
            z["url"], z["kind"], outcome,
            final_url=request.url if redirects else None,
            redirects=redirects,
            method=request.method if request.method in ("GET", "HEAD") else "GET",
            error=error[:500],
        )

    def _maybe_later(self, response: Response) -> bool:
        """A rate-limited answer: ask again later (True) while attempts remain."""
        request = response.request
        z = request.meta["zwgk"]
        attempt = z.get("attempt", 0)
        if attempt >= self.rate_limit_retries:
            return False
        hinted = retry_after_seconds(_header(response, "Retry-After"))
        wait = hinted if hinted is not None else self.rate_limit_backoff * (2 ** attempt)
        wait = min(max(wait, 0.1), self.rate_limit_max_wait)
        host = netloc_of(response.url)
        slot = self._slot(host)
        if slot is not None and self.rate_limit_host_delay > slot.delay:
            slot.delay = self.rate_limit_host_delay  # slow the whole host while it is throttling us
        self._host_slowed[host] = max(self._host_slowed.get(host, 0.0), time.monotonic() + wait)
        self._ask_later(self._again(z, attempt=attempt + 1), wait)
        self.limited_once.add(z["url"])
        self.paused_waiting.discard(z["url"])
        self.rate_limit_retries_done += 1
        self.crawler.stats.inc_value("zwgk/rate_limit/asked_later")
        logger.info("Rate limited (%s) on %s: asking again in %.1f s (attempt %d of %d)", response.status,
                    z["url"], wait, attempt + 1, self.rate_limit_retries)
        return True

    def _handle_response(self, response: Response) -> Iterator[Any]:
        request = response.request
        meta = response.meta
        z = meta["zwgk"]
        if z["role"] == "render":
            yield from self._on_rendered(response, z)
            return
        url: str = z["url"]
        status = response.status
        limited = rate_limited(response)
        if z["role"] == "check" and request.method == "HEAD" and status >= 400 and not limited:
            # HEAD refused or mishandled (405, 501, 403, 404 ...): ask again with GET.
            yield self._check_request(url, z["kind"], method="GET", depth=z["depth"],
                                      referrer=z["referrer"])
            return
        if limited and self._maybe_later(response):
            return
        if z["role"] == "dataproxy":
            yield from self._on_dataproxy(response, z)
            return
        if z["role"] == "jsonlist":
            yield from self._on_jsonlist(response, z)
            return
        outcome = outcome_for_response(response)
        if outcome == "rate_limited":
            self.rate_limited_urls += 1
        redirects = list(meta.get("redirect_urls", []))
        final = response.url
        html = z["role"] == "page" and is_html_response(response)
        kind = z["kind"]
        if z["role"] == "page" and not html and 200 <= status < 300:
            kind = LinkKind.attachment  # an in-scope link to a file without a file extension
        ctype = _header(response, "Content-Type")
        clen = _header(response, "Content-Length")
        length: int | None = int(clen) if clen and clen.isdigit() else None
        if length is None and request.method == "GET" and "download_stopped" not in response.flags:
            length = len(response.body)
        check = LinkCheck(
            url=url, kind=kind, outcome=outcome,
            status=status,
            final_url=final,
            redirects=redirects,
            method=request.method if request.method in ("GET", "HEAD") else "GET",
            content_type=ctype,
            content_length=length,
            retry_after=_header(response, "Retry-After"),
            checked_at=_now(),
        )
        if not html or outcome == "rate_limited":
            yield self._emit(check)
            if kind == LinkKind.attachment:
                yield from self.attachment_checked(check, response)
            return
        final_c = canonicalize(final)
        in_site = self._in_site(final)
        if in_site and redirects:
            reason = soft_404_reason(PageArtifact(url=url, final_url=final_c, status=status, fetched_at=_now()),
                                     url, redirects)
            if reason:
                check = self._soft_404(check, reason)
        target_check = None
        if redirects and final_c != url and in_site and final_c not in self.seen:
            # The redirect target is a page of the site in its own right: record it now
            # rather than fetch it again when a link to it turns up.
            self.seen.add(final_c)
            target_check = LinkCheck(url=final_c, kind=LinkKind.page, outcome=outcome_for_response(response),
                                     status=status, final_url=final, method="GET", content_type=ctype,
                                     content_length=length, checked_at=_now())
        if not in_site:
            if url == self.start_url:
                msg = (f"{url}: the start URL redirects to {final}, outside the crawl's scope "
                       f"{self.site_scope.key}; nothing was crawled (start from the final address)")
                logger.warning(msg)
                self.errors.append(msg)
            yield self._emit(check)  # an in-scope URL redirected off-site: checked, never crawled
            return
        if final_c in self.parsed:
            yield self._emit(check)
            if target_check is not None:
                yield self._emit(target_check)
            return  # the same document was already extracted (reached under another URL)
        self.parsed.add(final_c)
        self.parsed.add(url)
        page = self._extract(response, url, final, status, depth=z["depth"], referrer=z["referrer"])
        if page is None:
            yield self._emit(check)
            if target_check is not None:
                yield self._emit(target_check)
            return
        why = self._render_reason(response, url, page) if 200 <= status < 300 else None
        if url in self.gkmlpt_pages:
            why = None  # its lists are asked from the gkmlpt API (crawler.cms_gkmlpt), no browser needed
        if why is not None:
            if self.render_available and self.renders < self.max_renders:
                self.renders += 1
                self.crawler.stats.inc_value("zwgk/render/requested")
                logger.info("Rendering %s: %s", url, why)
                if target_check is not None:
                    yield self._emit(target_check)
                plain = page.model_copy(update={"extract_notes": [*page.extract_notes, f"needs rendering: {why}"]})
                yield self._render_request(z, check, plain)
                return
            self.renders_skipped += 1
            page.extract_notes.append(f"looks built by JavaScript ({why}) but was not rendered")
        yield from self._finish_page(page, check, url)
        if target_check is not None:
            yield self._emit(target_check)

    def _finish_page(self, page: PageArtifact, check: LinkCheck, url: str) -> Iterator[Any]:
        """Soft-404 judgement, then the page, its LinkCheck, and the links it leads to."""
        reason = soft_404_reason(page, url, check.redirects)
        if reason and check.outcome == "ok":
            check = self._soft_404(check, reason)
        if check.error and check.error.startswith("soft-404"):
            page.soft_404 = True
        yield page
        yield self._emit(check)
        yield from self._follow(page, url)

    def _soft_404(self, check: LinkCheck, reason: str) -> LinkCheck:
        self.soft_404s += 1
        self.crawler.stats.inc_value("zwgk/pages/soft_404")
        return check.model_copy(update={"outcome": "dead", "error": reason[:500]})

    def _render_reason(self, response: Response, url: str, page: PageArtifact) -> str | None:
        body = response.body
        if not render.may_need_render(body, page.text, url, self.render_patterns):
            return None  # the common case, decided on the raw bytes without a second parse
        _, text = decode(body, {"Content-Type": content_type_of(response)})
        return render.needs_render(text, url, self.render_patterns)

    def _extract(self, response: Response, url: str, final: str, status: int, *, depth: int,
                 referrer: str | None, headers: dict[str, str] | None = None) -> PageArtifact | None:
        if headers is None:
            headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1")
                       for k, v in response.headers.items()}
        try:
            page: PageArtifact = extract_page(url, response.body, status=status, headers=headers,
                                              final_url=final, max_links=self.max_links)
        except Exception as exc:  # a page that breaks extraction must not stop the crawl
            self.crawler.stats.inc_value("zwgk/extract/failed")
            msg = f"{url}: extraction failed: {type(exc).__name__}: {exc}"
            logger.warning(msg, exc_info=True)
            self.errors.append(msg[:1000])
            return None
        page.depth = depth
        page.referrer = referrer
        if b"datastore" in response.body:
            self._add_dataproxy_paging(page, response.body, headers)
        if b"_CONFIG" in response.body and "/gkmlpt/" in page.final_url:
            self._add_gkmlpt_columns(page, response.body, headers)
        return page

    def _add_dataproxy_paging(self, page: PageArtifact, body: bytes, headers: dict[str, str]) -> None:
        """大汉 jpage lists: the dataproxy.jsp ranges the page does not embed become paging."""
        _, text = decode(body, headers)
        lists = cms.jpage_lists(page.final_url, text)
        for jl in lists:
            urls, _chained = cms.dataproxy_urls(jl, limit=self.max_dataproxy)
            page.paging.extend(u for u in urls if u not in page.paging)
        if lists:
            page.extract_notes.append(f"hanweb jpage lists: {len(lists)}")

    def _follow(self, page: PageArtifact, url: str) -> Iterator[Any]:
        depth = page.depth
        for link in [*page.links, *page.embeds]:  # embeds: images, frames, media are targets too
            if link.url in self.json_targets:
                yield from self._json_target(link.url, depth=depth + 1, referrer=page.final_url)
                continue
            yield from self._target(link.url, link.kind, depth=depth + 1, referrer=url)
        for other in page.paging:
            target = other if other in self.json_targets else canonicalize(other)
            if target in self.json_targets:
                yield from self._json_target(target, depth=depth + 1, referrer=page.final_url)
                continue
            if cms.is_dataproxy_url(target) and in_scope(target, self.site_netloc):
                if target not in self.seen:
                    self.seen.add(target)
                    yield self._dataproxy_request(target, depth=depth + 1, referrer=page.final_url)
                continue
            yield from self._target(target, LinkKind.page if in_scope(target, self.site_netloc)
                                    else LinkKind.external, depth=depth + 1, referrer=url)

    def attachment_checked(self, check: LinkCheck, response: Response) -> Iterator[Any]:
        """Hook: an attachment's LinkCheck was just yielded. Fetching and reading the
        document (crawler.documents) plugs in here (crawler.fetch_documents)."""
        return self.fetch_document(check, response)

    # ------------------------------------------------------------ 大汉 dataproxy.jsp

    def _on_dataproxy(self, response: Response, z: dict) -> Iterator[Any]:
        url = z["url"]
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        _, text = decode(response.body, headers)
        records, total, is_store = cms.parse_datastore(text)
        if not is_store and z["method"] == "GET" and response.status in (200, 400, 404, 405, 500):
            # Some installations answer only jpage's own POST.
            yield self._dataproxy_request(url, depth=z["depth"], referrer=z["referrer"], post=True)
            return
        outcome = outcome_for_response(response)
        check = LinkCheck(url=url, kind=LinkKind.page, outcome=outcome, status=response.status,
                          final_url=canonicalize(response.url), method="GET",
                          content_type=_header(response, "Content-Type"), content_length=len(response.body),
                          checked_at=_now(),
                          error=None if is_store or outcome != "ok" else "dataproxy.jsp answer without <datastore>")
        if not is_store or url in self.parsed:
            yield self._emit(check)
            return
        self.parsed.add(url)
        self.dataproxy_pages += 1
        self.crawler.stats.inc_value("zwgk/hanweb/dataproxy_pages")
        base = z["referrer"] or self.start_url
        try:
            page = extract_page(url, cms.records_document(records, base), status=response.status,
                                headers={"Content-Type": "text/html; charset=utf-8"})
        except Exception as exc:  # noqa: BLE001
            self.errors.append(f"{url}: dataproxy records could not be read: {type(exc).__name__}: {exc}"[:1000])
            yield self._emit(check)
            return
        page.page_kind = "column"
        page.depth = z["depth"]
        page.referrer = base
        page.content_type = _header(response, "Content-Type") or ""
        page.extract_notes.append(f"hanweb dataproxy records: {len(records)} (method {z['method']}"
                                  f"{', totalrecord ' + str(total) if total is not None else ''})")
        size = cms.range_size(url)
        end = cms.range_end(url)
        more = (end < total) if total is not None else (size > 0 and len(records) >= size)
        if more and size:
            nxt = cms.next_range_url(url)
            if nxt not in self.seen:
                page.paging.append(nxt)  # ranges the page did not announce, until a short answer
        yield page
        yield self._emit(check)
        yield from self._follow(page, base)

    # ------------------------------------------------------------ lists built from JSON

    def _add_gkmlpt_columns(self, page: PageArtifact, body: bytes, headers: dict[str, str]) -> None:
        """gkmlpt 公开目录: the column tree in window._CONFIG becomes links of the page (named as
        the tree names them), each list column pointing at its API page 1."""
        _, text = decode(body, headers)
        if not cms_gkmlpt.is_gkmlpt_page(page.final_url, text):
            return
        cfg = cms_gkmlpt.parse_config(page.final_url, text)
        if cfg is None or not cfg.nodes:
            page.extract_notes.append("gkmlpt page without a readable column tree (window._CONFIG.TREE)")
            return
        self.gkmlpt_pages.update({page.url, page.final_url})
        known = {(link.url, link.text) for link in page.links}
        for node in cfg.nodes:
            if node.jump_url:
                target = node.jump_url
            elif node.has_children:
                target = page.final_url  # a branch of the tree: shown on this page (index#id)
            else:
                target = cms_gkmlpt.api_url(cfg, node.id)
                self.json_targets.setdefault(target, {"adapter": "gkmlpt", "name": node.name,
                                                      "path": [*node.path, node.name], "column_id": node.id})
            if (target, node.name) in known:
                continue
            known.add((target, node.name))
            page.links.append(LinkRef(url=target, text=node.name, kind=link_kind(target, netloc_of(page.final_url)),
                                      region=Region.main))
        page.extract_notes.append(f"gkmlpt column tree: {len(cfg.nodes)} columns (SID {cfg.sid})")

    def _add_recorded_lists(self, page: PageArtifact, answers: list[dict]) -> None:
        """Lists in the JSON answers a rendered page received become its list items; their
        further pages (the page parameter of a GET URL or of a POST body) are asked like paging."""
        known = {(i.url, i.title) for i in page.list_items}
        links = {link.url for link in page.links}
        site = netloc_of(page.final_url)
        found = 0
        for answer in answers:
            if not (200 <= int(answer.get("status") or 0) < 300):
                continue
            data = jsonlists.parse_json(answer["text"])
            for jl in jsonlists.find_lists(data, answer["url"]):
                for item in jl.items:
                    item = item.model_copy(update={"url": canonicalize(item.url)}) if item.url else item
                    if (item.url, item.title) in known:
                        continue
                    known.add((item.url, item.title))
                    page.list_items.append(item)
                    found += 1
                    if item.url and item.url not in links:
                        links.add(item.url)
                        page.links.append(LinkRef(url=item.url, text=item.title, kind=link_kind(item.url, site),
                                                  region=Region.main))
                if answer.get("method", "GET") == "POST":
                    bodies, why = jsonlists.post_bodies(answer.get("post"), jl, limit=self.max_dataproxy)
                    if why:
                        page.extract_notes.append(why)
                    if not in_scope(answer["url"], self.site_netloc):
                        continue
                    for number, body in bodies:
                        # one identity per page of a POSTed list: the URL is the same for all
                        key = f"{answer['url']}#zwgk-post-page={number}"
                        self.json_targets.setdefault(key, {"adapter": "generic", "keys": jl.fields, "post": body,
                                                           "post_type": answer.get("post_type") or
                                                           "application/json;charset=UTF-8"})
                        if key not in page.paging:
                            page.paging.append(key)
                    continue
                if answer.get("method", "GET") != "GET":
                    continue
                urls, why = jsonlists.page_urls(answer["url"], jl, limit=self.max_dataproxy)
                if why:
                    page.extract_notes.append(why)
                for u in urls:  # as the page asks them: canonicalize() would drop sid=, from=, _t= …
                    if in_scope(u, self.site_netloc):
                        self.json_targets.setdefault(u, {"adapter": "generic", "keys": jl.fields})
                        if u not in page.paging:
                            page.paging.append(u)
        if found:
            self.json_items["generic"] += found
            self.crawler.stats.inc_value("zwgk/json/generic_items", found)
            if page.page_kind == "other":
                page.page_kind = "column"
            page.extract_notes.append(f"list items from recorded JSON answers: {found}")

    def _json_target(self, url: str, *, depth: int, referrer: str) -> Iterator[Any]:
        if url in self.seen or not in_scope(url, self.site_netloc):
            return
        self.seen.add(url)
        yield self._json_request(url, depth=depth, referrer=referrer)

    def _json_request(self, url: str, *, depth: int, referrer: str) -> scrapy.Request:
        self.outstanding.setdefault(url, (LinkKind.page, "GET"))
        target = self.json_targets.get(url, {})
        post = target.get("post")
        z = {"role": "jsonlist", "url": url, "kind": LinkKind.page, "depth": depth, "referrer": referrer,
             "method": "POST" if post is not None else "GET"}
        headers = {"Accept": "application/json, text/javascript, */*; q=0.01", "X-Requested-With": "XMLHttpRequest"}
        if post is not None:
            headers["Content-Type"] = target.get("post_type") or "application/json;charset=UTF-8"
        return scrapy.Request(url.split("#", 1)[0], method="POST" if post is not None else "GET",
                              body=post.encode("utf-8") if post is not None else None,
                              callback=self._on_response, errback=self._on_failure, dont_filter=True,
                              priority=-depth, meta={"zwgk": z}, headers=headers)

    def _on_jsonlist(self, response: Response, z: dict) -> Iterator[Any]:
        """One JSON list answer → a list page of its column (gkmlpt: the column named by the
        tree; generic: a fragment merged into the page whose paging asked it)."""
        url = z["url"]
        target = self.json_targets.get(url, {"adapter": "generic"})
        outcome = outcome_for_response(response)
        data = jsonlists.parse_json(response.body) if outcome == "ok" else None
        items: list[ListItem] = []
        more: list[str] = []
        readable = False
        if data is not None and target["adapter"] == "gkmlpt":
            api = cms_gkmlpt.parse_api(data, url)
            if api is not None:
                readable = True
                items = api.items
                more = cms_gkmlpt.next_pages(url, api, limit=self.max_dataproxy)
        elif data is not None:
            lists = jsonlists.find_lists(data, url)
            readable = bool(lists) or isinstance(data, (dict, list))
            for jl in lists:
                items.extend(i.model_copy(update={"url": canonicalize(i.url)}) if i.url else i for i in jl.items)
        error = None
        if outcome == "ok" and not readable:
            error = "JSON list answer could not be read as a list"
        # a POSTed page keeps its #zwgk-post-page= identity: every page shares the URL
        final = url if "#zwgk-post-page=" in url else response.url
        check = LinkCheck(url=url, kind=LinkKind.page, outcome=outcome, status=response.status,
                          final_url=final, method="GET",
                          content_type=_header(response, "Content-Type"), content_length=len(response.body),
                          checked_at=_now(), error=error)
        if not readable or url in self.parsed:
            yield self._emit(check)
            return
        self.parsed.add(url)
        self.json_pages += 1
        self.json_items[target["adapter"]] += len(items)
        self.crawler.stats.inc_value(f"zwgk/json/{target['adapter']}_items", len(items))
        site = netloc_of(url)
        links = []
        for item in items:
            if item.url and all(item.url != link.url for link in links):
                links.append(LinkRef(url=item.url, text=item.title, kind=link_kind(item.url, site), region=Region.main))
        name = target.get("name", "")
        page = PageArtifact(
            url=url, final_url=final, status=response.status, fetched_at=_now(),  # sid= kept
            content_type=_header(response, "Content-Type") or "", depth=z["depth"], referrer=z["referrer"],
            page_kind="column", title=name, heading=name, breadcrumb=list(target.get("path", [])),
            meta={"ColumnName": name} if name else {},
            text=" ".join(i.title for i in items), list_items=items, links=links,
            extract_notes=[f"{target['adapter']} JSON list answer: {len(items)} items"],
        )
        for u in more:
            if u not in self.seen:
                self.json_targets.setdefault(u, dict(target))
                page.paging.append(u)
        yield page
        yield self._emit(check)
        yield from self._follow(page, url)

    # ------------------------------------------------------------ rendering

    def _on_rendered(self, response: Response, z: dict) -> Iterator[Any]:
        check: LinkCheck = z["check"]
        plain: PageArtifact = z["plain"]
        enc = getattr(response, "encoding", None) or "utf-8"
        page = self._extract(response, z["url"], response.url, response.status, depth=z["depth"],
                             referrer=z["referrer"], headers={"Content-Type": f"text/html; charset={enc}"})
        if page is None:
            yield from self._render_failed(z, "the rendered DOM could not be extracted")
            return
        page.rendered = True
        recorder = response.meta.get("zwgk_json")
        if recorder is not None and recorder.answers:
            self._add_recorded_lists(page, recorder.answers)
        page.encoding = plain.encoding or page.encoding
        page.content_type = plain.content_type
        page.extract_notes.extend(n for n in plain.extract_notes if n.startswith("needs rendering"))
        self.crawler.stats.inc_value("zwgk/render/ok")
        yield from self._finish_page(page, check, z["url"])

    def _render_failed(self, z: dict, why: str) -> Iterator[Any]:
        self.renders_failed += 1
        self.crawler.stats.inc_value("zwgk/render/failed")
        logger.warning("Rendering %s failed (%s); keeping the unrendered page", z["url"], why[:300])
        plain: PageArtifact = z["plain"]
        plain.extract_notes.append(f"rendering failed: {why[:300]}")
        yield from self._finish_page(plain, z["check"], z["url"])
