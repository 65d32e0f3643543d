"""The portal spider: crawl one site's HTML pages inside its scope and check every link.

What it yields (the pipeline writes them to the run folder):

* a `PageArtifact` for every HTML page it fetched in scope (any status, except answers
  that are rate-limiting pages rather than the page), built by `crawler.extract.extract_page`;
* exactly one `LinkCheck` for every distinct target URL it met: the start URL, every page,
  attachment and external link on a crawled page (mailto:, javascript: and same-page
  anchors are not targets).

How targets are treated:

* in-scope page links: GET, parsed, followed (up to ZWGK_MAX_PAGES page requests; beyond
  it → outcome ``blocked``). A response that is not HTML is recorded like an attachment.
* attachments (in scope, or on an allowed external host): HEAD, then GET when the HEAD
  answer is an error (some servers refuse or mishandle HEAD); the GET stops reading after
  the headers (or after ZWGK_CHECK_BODY_BYTES of an HTML body).
* external links on allowed hosts: the same HEAD/GET check, never parsed or followed.
  Not allowed (ZWGK_EXTERNAL_HOSTS, ZWGK_CHECK_EXTERNAL) → outcome ``skipped``, method
  ``NONE``, no request at all.

Scrapy's middlewares do retries, redirects (chain in ``meta["redirect_urls"]``) and
robots.txt; the spider turns their results into LinkCheck outcomes (see `outcome_for_*`).
Requests carry ``dont_filter=True``: deduplication happens here, in a set of canonical
URLs checked before a Request is built (cheaper than Scrapy's dupefilter, and redirect
hops or retries are never dropped as duplicates).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    StopDownload,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as txerror

from contracts import LinkCheck, LinkKind, PageArtifact
from crawler.extract import canonicalize, extract_page, netloc_of
from crawler.guard import in_scope, is_external_allowed
from crawler.middlewares import EgressRefused, external_hosts_setting, install_log_filters

logger = logging.getLogger(__name__)

RATE_LIMIT_MARKERS = ("访问过于频繁", "请求过于频繁", "访问频率过高", "访问太频繁")
_MARKER_BYTES = tuple(
    {m.encode(enc) for m in RATE_LIMIT_MARKERS for enc in ("utf-8", "gb18030")}
)
_NOT_REQUESTED = (LinkKind.mailto, LinkKind.javascript, LinkKind.anchor, LinkKind.other)
_DEAD_ERRORS = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    txerror.DNSLookupError,
    txerror.ConnectionRefusedError,
    txerror.NoRouteError,
    txerror.UnknownHostError,
)
_TIMEOUT_ERRORS = (DownloadTimeoutError, txerror.TimeoutError, TimeoutError)


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
    """429; 503 with Retry-After; a (small) text body saying 访问过于频繁 and the like."""
    if response.status == 429:
        return True
    if response.status == 503 and response.headers.get("Retry-After") is not None:
        return True
    ctype = content_type_of(response)
    if ctype and not ctype.startswith("text/") and "html" not in ctype:
        return False
    head = response.body[:65536]
    return any(m in head for m in _MARKER_BYTES)


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
    if isinstance(exc, IgnoreRequest):
        msg = str(exc)
        if "max redirections" in msg:
            canon = [canonicalize(u) for u in (chain or [])]
            return "redirect_loop" if len(set(canon)) < len(canon) else "too_many_redirects"
        return "blocked"  # robots.txt, or another middleware's refusal
    if isinstance(exc, _TIMEOUT_ERRORS):
        return "timeout"
    if isinstance(exc, _DEAD_ERRORS):
        return "dead"
    return "error"


def _head_failure_is_final(exc: BaseException) -> bool:
    """After a failed HEAD, is a GET pointless? Yes when the host is unreachable, slow,
    refused by policy or looping; no for protocol errors (servers that drop HEAD)."""
    return isinstance(exc, (IgnoreRequest, *_TIMEOUT_ERRORS, *_DEAD_ERRORS))


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, start_url: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("the portal spider needs start_url")
        self.start_url = canonicalize(start_url)
        if not self.start_url.startswith(("http://", "https://")):
            raise ValueError(f"start_url must be http(s): {start_url!r}")
        self.site_netloc = netloc_of(self.start_url)  # the scope: host + port
        self.seen: set[str] = set()  # targets that have (or will get) their LinkCheck
        self.parsed: set[str] = set()  # canonical URLs whose document became a PageArtifact
        self.pages_requested = 0
        self.over_budget = 0
        self.rate_limited_urls = 0
        self.errors: list[str] = []
        # defaults; from_crawler reads the settings
        self.max_pages = 5000
        self.external_hosts: list[str] | None = None
        self.check_external = True
        self.external_obey_robots = False
        self.check_body_bytes = 64 * 1024
        self.max_url_length = 2083

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
        crawler.signals.connect(spider._on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider._on_bytes, signal=signals.bytes_received)
        install_log_filters()
        return spider

    # ------------------------------------------------------------ what the pipeline reads

    @property
    def capped(self) -> list[str]:
        out = []
        if self.over_budget:
            out.append(
                f"page budget: ZWGK_MAX_PAGES={self.max_pages} reached; "
                f"{self.over_budget} page links not crawled (outcome blocked)"
            )
        if self.rate_limited_urls:
            out.append(
                f"rate limiting: {self.rate_limited_urls} URLs answered 429 / 503+Retry-After / "
                f"访问过于频繁 (outcome rate_limited, no PageArtifact)"
            )
        return out

    # ------------------------------------------------------------ start

    async def start(self):
        self.seen.add(self.start_url)
        self.pages_requested += 1
        yield self._page_request(self.start_url, depth=0, referrer=None)

    # ------------------------------------------------------------ requests

    def _page_request(self, url: str, *, depth: int, referrer: str | None) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self._on_response,
            errback=self._on_failure,
            dont_filter=True,
            priority=-depth,  # breadth first: the homepage's columns before deep articles
            meta={
                "zwgk": {"role": "page", "url": url, "kind": LinkKind.page, "depth": depth,
                         "referrer": referrer, "method": "GET"},
            },
        )

    def _check_request(self, url: str, kind: LinkKind, *, method: str, depth: int,
                       referrer: str | None) -> scrapy.Request:
        meta: dict[str, Any] = {
            "zwgk": {"role": "check", "url": url, "kind": kind, "depth": depth,
                     "referrer": referrer, "method": method},
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
        elif request.method != "HEAD" and not (ctype.startswith("text/") or "html" in ctype):
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
        scoped = in_scope(url, self.site_netloc)
        if kind != LinkKind.attachment:
            # extract_page classifies relative to the page's own netloc; the crawl's scope
            # is the start URL's.
            kind = LinkKind.page if scoped else LinkKind.external
        if kind == LinkKind.page:
            if self.pages_requested >= self.max_pages:
                self.over_budget += 1
                self.crawler.stats.inc_value("zwgk/pages/over_budget")
                yield self._unrequested(url, kind, "blocked", "page budget (ZWGK_MAX_PAGES) reached")
                return
            self.pages_requested += 1
            yield self._page_request(url, depth=depth, referrer=referrer)
            return
        if scoped or self._external_ok(url):
            yield self._check_request(url, kind, method="HEAD", depth=depth, referrer=referrer)
            return
        reason = ("external link checks disabled (ZWGK_CHECK_EXTERNAL)" if not self.check_external
                  else "host not allowed by the crawl profile (ZWGK_EXTERNAL_HOSTS)")
        yield self._unrequested(url, kind, "skipped", reason)

    def _unrequested(self, url: str, kind: LinkKind, outcome: str, reason: str) -> LinkCheck:
        return self._link_check(url, kind, outcome, method="NONE", error=reason)

    def _link_check(self, url: str, kind: LinkKind, outcome: str, **fields: Any) -> LinkCheck:
        self.crawler.stats.inc_value(f"zwgk/links/{outcome}")
        return LinkCheck(url=url, kind=kind, outcome=outcome, checked_at=_now(), **fields)

    # ------------------------------------------------------------ responses

    def _on_response(self, response: Response) -> Iterator[Any]:
        yield from self._handle_response(response)

    def _on_failure(self, failure) -> Iterator[Any]:
        exc = failure.value
        if isinstance(exc, HttpError):  # non-2xx answers end up here (HttpErrorMiddleware)
            yield from self._handle_response(exc.response)
            return
        request = failure.request
        z = request.meta["zwgk"]
        chain = [*request.meta.get("redirect_urls", []), request.url]
        outcome = outcome_for_failure(exc, chain)
        if z["role"] == "check" and z["method"] == "HEAD" and not _head_failure_is_final(exc):
            yield self._check_request(z["url"], z["kind"], method="GET", depth=z["depth"],
                                      referrer=z["referrer"])
            return
        redirects = chain[:-1]
        error = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        yield self._link_check(
            z["url"], z["kind"], outcome,
            final_url=request.url if redirects else None,
            redirects=redirects,
            method=request.method if request.method in ("GET", "HEAD") else "GET",
            error=error[:500],
        )

    def _handle_response(self, response: Response) -> Iterator[Any]:
        request = response.request
        meta = response.meta
        z = meta["zwgk"]
        url: str = z["url"]
        status = response.status
        limited = rate_limited(response)
        if z["role"] == "check" and request.method == "HEAD" and status >= 400 and not limited:
            # HEAD refused or mishandled (405, 501, 403, 404 ...): ask again with GET.
            yield self._check_request(url, z["kind"], method="GET", depth=z["depth"],
                                      referrer=z["referrer"])
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
        yield self._link_check(
            url, kind, outcome,
            status=status,
            final_url=final,
            redirects=redirects,
            method=request.method if request.method in ("GET", "HEAD") else "GET",
            content_type=ctype,
            content_length=length,
            retry_after=_header(response, "Retry-After"),
        )
        if not html or outcome == "rate_limited":
            return
        final_c = canonicalize(final)
        if redirects and final_c != url and in_scope(final_c, self.site_netloc) and final_c not in self.seen:
            # The redirect target is a page of the site in its own right: record it now
            # rather than fetch it again when a link to it turns up.
            self.seen.add(final_c)
            yield self._link_check(final_c, LinkKind.page, outcome, status=status, final_url=final,
                                   method="GET", content_type=ctype, content_length=length)
        if not in_scope(final, self.site_netloc):
            if url == self.start_url:
                msg = (f"{url}: the start URL redirects to {final}, outside the crawl's scope "
                       f"{self.site_netloc}; nothing was crawled (start from the final address)")
                logger.warning(msg)
                self.errors.append(msg)
            return  # an in-scope URL redirected off-site: checked, never crawled
        if final_c in self.parsed:
            return  # the same document was already extracted (reached under another URL)
        self.parsed.add(final_c)
        self.parsed.add(url)
        yield from self._extract(response, url, final, status, depth=z["depth"], referrer=z["referrer"])

    def _extract(self, response: Response, url: str, final: str, status: int, *, depth: int,
                 referrer: str | None) -> Iterator[Any]:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1")
                   for k, v in response.headers.items()}
        try:
            page: PageArtifact = extract_page(url, response.body, status=status, headers=headers,
                                              final_url=final)
        except Exception as exc:  # a page that breaks extraction must not stop the crawl
            self.crawler.stats.inc_value("zwgk/extract/failed")
            msg = f"{url}: extraction failed: {type(exc).__name__}: {exc}"
            logger.warning(msg, exc_info=True)
            self.errors.append(msg[:1000])
            return
        page.depth = depth
        page.referrer = referrer
        yield page
        for link in page.links:
            yield from self._target(link.url, link.kind, depth=depth + 1, referrer=url)
        for other in page.paging:
            target = canonicalize(other)
            yield from self._target(target, LinkKind.page if in_scope(target, self.site_netloc)
                                    else LinkKind.external, depth=depth + 1, referrer=url)
