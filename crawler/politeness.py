"""Politeness toward small government hosts: a request budget, an error-ratio circuit
breaker, the User-Agent with a contact, and the robots.txt override.

Downloader middlewares (see settings.DOWNLOADER_MIDDLEWARES):

* `RequestBudgetMiddleware` (45): at most ZWGK_MAX_REQUESTS requests per run, retries,
  redirect hops and robots.txt included; beyond it requests are refused with
  `BudgetExhausted` (→ LinkCheck outcome ``blocked``).
* `CircuitBreakerMiddleware` (880): per host (host + port), the last ZWGK_BREAKER_WINDOW
  answers; when at least ZWGK_BREAKER_ERROR_RATIO of them are 5xx or timeouts /
  connection failures, the host is paused for ZWGK_BREAKER_PAUSE seconds (open). Requests
  to an open host are refused with `HostPaused`; the spider re-queues each such request
  once for after the pause and records it as ``blocked`` if it is refused again. After the
  pause one probe request goes through (half-open): success closes the breaker, failure
  opens it again.
* `Throttle` (an extension replacing Scrapy's AutoThrottle): the same adaptive per-host
  delay, but any answer that is not an error may lower it. Scrapy only lets a 200 do so,
  which keeps a re-crawl answered by 304 Not Modified at AUTOTHROTTLE_START_DELAY for good.
  It also honours robots.txt ``Crawl-delay`` (for our User-Agent, else ``*``): once a host's
  robots.txt is parsed, that delay (capped at ZWGK_MAX_CRAWL_DELAY, logged once per host) is
  the minimum delay of the host's download slot, without random jitter, whatever
  AutoThrottle or the rate-limit handling would otherwise choose.
* `ResumeDedupeMiddleware` (30): after a resume, the Scrapy JOBDIR queue and the frontier
  rebuilt from the artifacts may hold the same target twice; the copy that comes second
  is dropped before it is downloaded.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass, field

from scrapy.exceptions import IgnoreRequest
from scrapy.extensions.throttle import AutoThrottle
from twisted.internet import error as txerror

from .extract import netloc_of

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

    def __init__(self, message: str, host: str, until: float):
        super().__init__(message)
        self.host = host
        self.until = until


class DuplicateRequest(IgnoreRequest):
    """A second copy of a target already fetched or in flight (after a resume)."""


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


_FAILURES = (txerror.TimeoutError, txerror.ConnectionRefusedError, txerror.ConnectionLost,
             txerror.ConnectError, txerror.DNSLookupError, TimeoutError)


@dataclass
class _HostState:
    window: deque = field(default_factory=deque)
    open_until: float = 0.0
    probing: bool = False
    trips: int = 0


class CircuitBreakerMiddleware:
    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.enabled = s.getbool("ZWGK_BREAKER_ENABLED", True)
        self.size = max(1, s.getint("ZWGK_BREAKER_WINDOW", 20))
        self.ratio = s.getfloat("ZWGK_BREAKER_ERROR_RATIO", 0.5)
        self.min_answers = s.getint("ZWGK_BREAKER_MIN_ANSWERS", self.size)
        self.pause = s.getfloat("ZWGK_BREAKER_PAUSE", 60.0)
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
        if not st.open_until:
            return None
        now = self.clock()
        if now < st.open_until or st.probing:
            self.crawler.stats.inc_value("zwgk/breaker/refused")
            until = st.open_until if now < st.open_until else now + 1.0
            raise HostPaused(f"host {host} paused by the circuit breaker (error ratio >= {self.ratio:.0%} "
                             f"of the last {self.size} answers)", host, until)
        st.probing = True  # half-open: this request is the probe
        request.meta["zwgk_probe_of"] = host
        logger.info("Circuit breaker half-open for %s: probing with %s", host, request.url)
        return None

    def _record(self, request, failed: bool) -> None:
        if not self.enabled:
            return
        host, st = self._state(request.url)
        if request.meta.get("zwgk_probe_of") == host and st.probing:
            st.probing = False
            request.meta["zwgk_probe_of"] = None
            if failed:
                self._open(host, st, "probe failed")
            else:
                st.open_until = 0.0
                st.window.clear()
                logger.info("Circuit breaker closed for %s", host)
            return
        st.window.append(failed)
        if st.open_until or len(st.window) < self.min_answers:
            return
        if sum(st.window) >= self.ratio * len(st.window):
            self._open(host, st, f"{sum(st.window)} of the last {len(st.window)} answers failed")

    def _open(self, host: str, st: _HostState, why: str) -> None:
        st.open_until = self.clock() + self.pause
        st.trips += 1
        st.window.clear()
        self.crawler.stats.inc_value("zwgk/breaker/trips")
        logger.warning("Circuit breaker open for %s for %.0f s: %s", host, self.pause, why)

    def process_response(self, request, response):
        self._record(request, response.status >= 500)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):
            return None
        self._record(request, isinstance(exception, _FAILURES) or "Timeout" in type(exception).__name__)
        return None


class ResumeDedupeMiddleware:
    """Drop a request for a target whose LinkCheck is already written, or whose first copy
    is in flight. Retries and redirect hops carry the same ``meta["zwgk"]`` and pass."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        z = request.meta.get("zwgk")
        spider = self.crawler.spider
        if z is None or z.get("claimed") or not getattr(spider, "resumed", False):
            return None
        key = (z.get("url"), z.get("role"), request.method)
        done = getattr(spider, "done", set())
        claimed = spider.claimed
        if (z.get("role") != "render" and z.get("url") in done) or key in claimed:
            self.crawler.stats.inc_value("zwgk/resume/duplicates_dropped")
            raise DuplicateRequest(f"duplicate after resume: {request.url}")
        claimed.add(key)
        z["claimed"] = True
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
        target = latency / self.target_concurrency
        new_delay = min(max(self.mindelay, max(target, (slot.delay + target) / 2.0)), self.maxdelay)
        if response.status >= 400 and new_delay <= slot.delay:
            return  # an error answer never speeds us up
        slot.delay = new_delay
