"""Politeness toward small government hosts: a request budget, an error-ratio circuit
breaker, the User-Agent with a contact, and the robots.txt override.

Downloader middlewares (see settings.DOWNLOADER_MIDDLEWARES):

* `RequestBudgetMiddleware` (45): at most ZWGK_MAX_REQUESTS requests per run, retries,
  redirect hops and robots.txt included; beyond it requests are refused with
  `BudgetExhausted` (→ LinkCheck outcome ``blocked``).
* `RedirectLoopMiddleware` (35): a redirect hop to a URL its chain already visited twice
  is refused with `RedirectLoop` (→ ``redirect_loop``), whatever the breaker's state.
* `CircuitBreakerMiddleware` (880): per host (host + port), the last ZWGK_BREAKER_WINDOW
  answers. It trips only on host-wide distress: at least ZWGK_BREAKER_ERROR_RATIO of them
  are connection failures, timeouts or 429/503, spread over at least
  ZWGK_BREAKER_MIN_PATHS distinct paths, *and* a URL that answered before (the crawl's
  start URL once it did) fails too when asked to confirm. A burst on a handful of paths,
  or many failing paths on a host that still serves its homepage, never pause the host
  (those paths are given up alone by the retries and the rate-limit handling), and
  neither do 404s or 500s, which are answers. The host is then paused for
  ZWGK_BREAKER_PAUSE seconds (open); requests to it are refused with `HostPaused` and the
  spider asks them again after the pause, as often as needed, for as long as the run
  lasts. After the pause the probe is a URL that answered before (the crawl's start URL
  once it did; the next request for a host that never answered well): success closes the
  breaker, failure opens it again. A host paused ZWGK_BREAKER_MAX_PAUSED seconds in all is
  given up (`HostPaused` with ``until=None`` → ``blocked``).
* `Throttle` (an extension replacing Scrapy's AutoThrottle): the same adaptive per-host
  delay, but any answer except 429/503 may lower it. Scrapy only lets a 200 do so, which
  keeps a re-crawl answered by 304 Not Modified at AUTOTHROTTLE_START_DELAY for good, and
  a crawl left with dead links (404s) at the highest delay it ever reached.
  It also honours robots.txt ``Crawl-delay`` (for our User-Agent, else ``*``): once a host's
  robots.txt is parsed, that delay (capped at ZWGK_MAX_CRAWL_DELAY, logged once per host) is
  the minimum delay of the host's download slot, without random jitter, whatever
  AutoThrottle or the rate-limit handling would otherwise choose.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass, field

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.extensions.throttle import AutoThrottle
from twisted.internet import error as txerror

from .extract import canonicalize, netloc_of

logger = logging.getLogger(__name__)

DEFAULT_UA = "zwgk/0.1 (government website disclosure audit{contact})"


def user_agent(contact: str | None) -> str:
    """An identifiable User-Agent; the contact (mail or URL) comes from the site profile."""
    contact = (contact or "").strip()
    return DEFAULT_UA.format(contact=f"; +{contact}" if contact else "; contact not configured")


class BudgetExhausted(IgnoreRequest):
    """The run's request budget (ZWGK_MAX_REQUESTS) is spent."""


class HostPaused(IgnoreRequest):
    """The host's circuit breaker is open."""

    def __init__(self, message: str, host: str, until: float | None):
        """`until`: when asking again makes sense; None when the host was given up."""
        super().__init__(message)
        self.host = host
        self.until = until


class RequestBudgetMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.limit = crawler.settings.getint("ZWGK_MAX_REQUESTS", 0)
        self.count = 0
        self.refused = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if not self.limit:
            return None
        if self.count >= self.limit:
            self.refused += 1
            self.crawler.stats.inc_value("zwgk/budget/refused")
            raise BudgetExhausted(f"request budget ZWGK_MAX_REQUESTS={self.limit} spent")
        self.count += 1
        return None


# Scrapy 2.19 wraps Twisted's errors in its own; both kinds are listed.
_FAILURES = (txerror.TimeoutError, txerror.ConnectionRefusedError, txerror.ConnectionLost,
             txerror.ConnectError, txerror.DNSLookupError, TimeoutError,
             DownloadConnectionRefusedError, CannotResolveHostError, DownloadTimeoutError, DownloadFailedError)
_RATE_LIMIT_STATUSES = (429, 503)


def is_distress_failure(exception: BaseException) -> bool:
    """A failure that says something about the host, not the path: it could not be
    reached, or it did not answer in time."""
    return isinstance(exception, _FAILURES) or "Timeout" in type(exception).__name__


class RedirectLoop(IgnoreRequest):
    """A redirect chain that came back to a URL it had already visited twice."""


class RedirectLoopMiddleware:
    """Classify a redirect loop from the chain itself, before the hop costs a request or
    meets the circuit breaker: a hop to a URL that already appears twice in
    ``meta["redirect_urls"]`` is refused with `RedirectLoop`. (Once is allowed: some
    portals' firewalls set a cookie and redirect to the same URL.) Over-long chains are
    left to Scrapy's REDIRECT_MAX_TIMES, which judges the chain too."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        chain = request.meta.get("redirect_urls")
        if not chain:
            return None
        here = canonicalize(request.url)
        if sum(1 for u in chain if canonicalize(u) == here) >= 2:
            self.crawler.stats.inc_value("zwgk/redirect/loops")
            raise RedirectLoop(f"redirect loop: {request.url} reached again after {len(chain)} redirects")
        return None


@dataclass
class _HostState:
    window: deque = field(default_factory=deque)  # (distress, path) of the last answers
    open_until: float = 0.0
    probing: bool = False
    trips: int = 0
    paused_total: float = 0.0
    good_url: str | None = None  # a URL of the host that answered before (the homepage first)
    given_up: bool = False


class CircuitBreakerMiddleware:
    """Pause a host only when it is in distress as a whole. See the module docstring."""

    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.enabled = s.getbool("ZWGK_BREAKER_ENABLED", True)
        self.size = max(1, s.getint("ZWGK_BREAKER_WINDOW", 20))
        self.ratio = s.getfloat("ZWGK_BREAKER_ERROR_RATIO", 0.5)
        self.min_answers = s.getint("ZWGK_BREAKER_MIN_ANSWERS", self.size)
        self.min_paths = max(1, min(self.size, s.getint("ZWGK_BREAKER_MIN_PATHS", 8)))
        self.pause = s.getfloat("ZWGK_BREAKER_PAUSE", 60.0)
        self.max_paused = s.getfloat("ZWGK_BREAKER_MAX_PAUSED", 1800.0)
        self.probe_wait = max(0.2, min(self.pause, 2.0))
        self.hosts: dict[str, _HostState] = {}
        self.clock = time.monotonic

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _state(self, url: str) -> tuple[str, _HostState]:
        host = netloc_of(url)
        st = self.hosts.get(host)
        if st is None:
            st = self.hosts[host] = _HostState(window=deque(maxlen=self.size))
        return host, st

    def process_request(self, request):
        if not self.enabled or request.meta.get("zwgk_probe_of") is not None:
            return None
        host, st = self._state(request.url)
        if st.given_up:
            self.crawler.stats.inc_value("zwgk/breaker/refused")
            raise HostPaused(f"host {host} given up by the circuit breaker: still failing after "
                             f"{st.paused_total:.0f} s of pauses (ZWGK_BREAKER_MAX_PAUSED)", host, None)
        if not st.open_until:
            return None
        now = self.clock()
        if now >= st.open_until and not st.probing:
            self._probe(host, st, "half-open")  # a URL that answered before goes first; the rest waits
        if now < st.open_until or st.probing:
            self.crawler.stats.inc_value("zwgk/breaker/refused")
            until = st.open_until if now < st.open_until else now + self.probe_wait
            raise HostPaused(f"host {host} paused by the circuit breaker (connection failures, timeouts or "
                             f"429/503 on many paths)", host, until)
        # half-open on a host that never answered well: this request is the probe
        st.probing = True
        request.meta["zwgk_probe_of"] = host
        request.meta["zwgk_probe_kind"] = "half-open"
        logger.info("Circuit breaker half-open for %s: probing with %s", host, request.url)
        return None

    def _record(self, request, distress: bool, status: int | None) -> None:
        if not self.enabled:
            return
        host, st = self._state(request.url)
        if request.meta.get("zwgk_probe_of") == host:
            request.meta["zwgk_probe_of"] = None
            if st.probing:
                st.probing = False
                self._probed(host, st, request, distress)
            return
        if status is not None and 200 <= status < 400 and not request.meta.get("redirect_urls"):
            self._remember_good(request.url, st)
        st.window.append((distress, urlsplit(request.url).path or "/"))
        if st.open_until or st.probing or len(st.window) < self.min_answers:
            return
        bad = [path for failed, path in st.window if failed]
        paths = len(set(bad))
        if len(bad) >= self.ratio * len(st.window) and paths >= self.min_paths:
            why = (f"{len(bad)} of the last {len(st.window)} answers were connection failures, timeouts or "
                   f"429/503, on {paths} distinct paths")
            # Host-wide? Ask a URL that answered before; only if it fails too is the host paused.
            if not self._probe(host, st, "confirm", why):
                self._open(host, st, why)

    def _probed(self, host: str, st: _HostState, request, distress: bool) -> None:
        kind = request.meta.get("zwgk_probe_kind")
        if distress:
            self._open(host, st, f"{request.meta.get('zwgk_probe_why') or 'still failing'}; "
                                 f"probe {request.url} failed too")
        elif kind == "confirm":
            st.window.clear()  # the host answers: the failing paths are given up one by one
            self.crawler.stats.inc_value("zwgk/breaker/not_tripped")
            logger.info("Circuit breaker not tripped for %s: %s answered, so the failures are path-specific",
                        host, request.url)
        else:
            st.open_until = 0.0
            st.window.clear()
            self.crawler.stats.inc_value("zwgk/breaker/closed")
            logger.info("Circuit breaker closed for %s: %s answered", host, request.url)

    def _open(self, host: str, st: _HostState, why: str) -> None:
        if st.paused_total + self.pause > self.max_paused:
            st.given_up = True
            st.open_until = 0.0
            self.crawler.stats.inc_value("zwgk/breaker/given_up")
            logger.warning("Circuit breaker gives up %s after %.0f s of pauses: %s", host, st.paused_total, why)
            return
        st.open_until = self.clock() + self.pause
        st.paused_total += self.pause
        st.trips += 1
        st.window.clear()
        self.crawler.stats.inc_value("zwgk/breaker/trips")
        logger.warning("Circuit breaker open for %s for %.0f s: %s", host, self.pause, why)

    def _remember_good(self, url: str, st: _HostState) -> None:
        """The probe URL: the crawl's start URL once it answered, else the first URL that
        answered 2xx/3xx (robots.txt only until a page does)."""
        try:
            start = getattr(self.crawler.spider, "start_url", None)
        except (AttributeError, RuntimeError):
            start = None
        if st.good_url == start:
            return
        if url == start or st.good_url is None or st.good_url.endswith("/robots.txt"):
            st.good_url = url

    def _probe(self, host: str, st: _HostState, kind: str, why: str = "") -> bool:
        """Ask a URL that answered before (never one of the failing paths): to confirm that
        the distress is host-wide before pausing ("confirm"), or after a pause
        ("half-open"). False when there is no such URL or no engine to send it."""
        try:
            engine = self.crawler.engine
        except (AttributeError, RuntimeError):  # not crawling (yet)
            engine = None
        if engine is None or st.good_url is None:
            return False
        st.probing = True
        self.crawler.stats.inc_value("zwgk/breaker/probes")
        logger.info("Circuit breaker %s probe for %s: %s", kind, host, st.good_url)
        engine.crawl(Request(st.good_url, callback=self._probe_done, errback=self._probe_done, dont_filter=True,
                             priority=10**6, meta={"zwgk_probe_of": host, "zwgk_probe_kind": kind,
                                                   "zwgk_probe_why": why, "dont_retry": True, "dont_cache": True,
                                                   "dont_redirect": True}))
        return True

    def _probe_done(self, result):
        return None  # the verdict was taken in process_response / process_exception

    def process_response(self, request, response):
        distress = response.status in _RATE_LIMIT_STATUSES or (
            request.meta.get("zwgk_probe_of") is not None and response.status >= 500)
        self._record(request, distress, response.status)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):
            if request.meta.get("zwgk_probe_of") is not None:  # refused before it left: pause again
                self._record(request, True, None)
            return None
        self._record(request, is_distress_failure(exception), None)
        return None


class Throttle(AutoThrottle):
    def __init__(self, crawler):
        super().__init__(crawler)
        from scrapy import signals

        self.max_crawl_delay = max(0.0, crawler.settings.getfloat("ZWGK_MAX_CRAWL_DELAY", 30.0))
        self.crawl_delays: dict[str, float] = {}  # download slot key -> robots.txt Crawl-delay (capped)
        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self._reached_downloader, signal=signals.request_reached_downloader)

    def _robots_parsed(self, robotparser, request) -> None:
        s = self.crawler.settings
        ua = s.get("ROBOTSTXT_USER_AGENT") or request.headers.get(b"User-Agent") or s.get("USER_AGENT") or "*"
        try:
            delay = robotparser.crawl_delay(ua)
            delay = float(delay) if delay is not None else 0.0
        except Exception:  # noqa: BLE001 - a parser quirk must not stop the crawl
            logger.warning("robots.txt Crawl-delay of %s unreadable", netloc_of(request.url), exc_info=True)
            return
        if not delay > 0 or not self.max_crawl_delay:  # also rejects NaN
            return
        capped = min(delay, self.max_crawl_delay)
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        if capped <= self.crawl_delays.get(key, 0.0):
            return
        self.crawl_delays[key] = capped
        self.crawler.stats.set_value(f"zwgk/crawl_delay/{netloc_of(request.url)}", capped)
        if capped < delay:
            logger.warning("robots.txt of %s asks Crawl-delay: %g s; capped at ZWGK_MAX_CRAWL_DELAY=%g s",
                           netloc_of(request.url), delay, capped)
        else:
            logger.info("robots.txt of %s asks Crawl-delay: %g s; honoured as the host's minimum delay",
                        netloc_of(request.url), capped)
        self._floor(key, downloader.slots.get(key))

    def _floor(self, key, slot) -> None:
        # the slot waits at least its host's Crawl-delay, without jitter (a minimum is a minimum)
        floor = self.crawl_delays.get(key)
        if slot is None or not floor:
            return
        slot.jitter = 0.0
        if slot.delay < floor:
            slot.delay = floor

    def _reached_downloader(self, request, spider=None) -> None:
        # every request passes here before its slot's queue is processed: a slot created
        # anew (Scrapy collects idle ones) or reset by the rate-limit handling is floored again
        key = request.meta.get("download_slot")
        if key is not None and key in self.crawl_delays:
            self._floor(key, self.crawler.engine.downloader.slots.get(key))

    def _response_downloaded(self, response, request, spider=None) -> None:
        super()._response_downloaded(response, request, spider)
        key = request.meta.get("download_slot")
        if key is not None and key in self.crawl_delays:
            self._floor(key, self.crawler.engine.downloader.slots.get(key))

    def _adjust_delay(self, slot, latency: float, response) -> None:
        """AutoThrottle's policy (aim at TARGET_CONCURRENCY requests in flight: the delay
        moves halfway toward latency / TARGET_CONCURRENCY, at once when that is higher),
        except for which answers may lower it. Scrapy lets only a 200 do so; then a crawl
        whose remaining targets are dead links (404s, 410s, 500s) can only ever raise the
        delay, and any slow answer leaves it high for good (a 100,000-page site fell from
        ~140 to 22 checks/s once only dead links were left). Here every answer's latency
        counts, since it is the host's real speed, except 429 and 503: those say "slow
        down" and may only raise it (the spider's rate-limit handling slows the host further)."""
        target = latency / self.target_concurrency
        new_delay = min(max(self.mindelay, max(target, (slot.delay + target) / 2.0)), self.maxdelay)
        if response.status in _RATE_LIMIT_STATUSES and new_delay <= slot.delay:
            return  # a host that is throttling us never speeds us up
        slot.delay = new_delay
