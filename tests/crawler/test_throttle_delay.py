"""The throttle's delay decision (crawler.politeness.Throttle._adjust_delay) over a real
Scrapy download slot: fast error answers (404, 410, 500) lower the delay as a 200 does,
so dead links do not slow the crawl; 429 and 503 never lower it."""

from __future__ import annotations

import pytest
from scrapy.core.downloader import Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from crawler import settings as zwgk_settings
from crawler.politeness import Throttle


def _settings() -> dict:
    names = ("AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY",
             "AUTOTHROTTLE_TARGET_CONCURRENCY", "DOWNLOAD_DELAY")
    return {n: getattr(zwgk_settings, n) for n in names}


def _throttle(cls=Throttle):
    crawler = get_crawler(settings_dict=_settings())
    throttle = cls(crawler)
    throttle.mindelay = throttle._min_delay()  # what spider_opened sets
    throttle.maxdelay = throttle._max_delay()
    return throttle


def _answer(status: int) -> Response:
    return Response("http://127.0.0.1:8000/x.html", status=status, request=Request("http://127.0.0.1:8000/x.html"))


def _settle(throttle, status: int, start: float, latency: float, answers: int) -> float:
    slot = Slot(concurrency=8, delay=start, jitter=0.5)
    for _ in range(answers):
        throttle._adjust_delay(slot, latency, _answer(status))
    return slot.delay


@pytest.mark.parametrize("status", [200, 304, 301, 404, 410, 500])
def test_fast_answers_lower_the_delay_whatever_their_status(status):
    # a host once slow (delay 2 s) now answers in 4 ms: the delay falls to latency / TARGET_CONCURRENCY
    delay = _settle(_throttle(), status, start=2.0, latency=0.004, answers=30)
    assert delay == pytest.approx(0.004 / zwgk_settings.AUTOTHROTTLE_TARGET_CONCURRENCY, rel=0.01)


@pytest.mark.parametrize("status", [429, 503])
def test_rate_limit_answers_never_lower_the_delay(status):
    assert _settle(_throttle(), status, start=2.0, latency=0.004, answers=30) == 2.0


@pytest.mark.parametrize("status", [404, 429, 503])
def test_slow_answers_raise_the_delay_whatever_their_status(status):
    # latency 4 s → target 1 s: raised at once, as AutoThrottle does for slow hosts
    assert _settle(_throttle(), status, start=0.1, latency=4.0, answers=1) == pytest.approx(1.0)


def test_scrapy_autothrottle_keeps_dead_links_at_the_delay_they_met():
    # the behaviour this subclass fixes: Scrapy's own policy lets only a 200 lower the delay
    assert _settle(_throttle(AutoThrottle), 404, start=2.0, latency=0.004, answers=30) == 2.0
    assert _settle(_throttle(AutoThrottle), 200, start=2.0, latency=0.004, answers=30) < 0.01


def test_delay_stays_within_download_delay_and_max_delay():
    throttle = _throttle()
    throttle.mindelay = 0.25  # DOWNLOAD_DELAY is the floor
    assert _settle(throttle, 404, start=2.0, latency=0.004, answers=30) == pytest.approx(0.25)
    assert _settle(throttle, 404, start=0.1, latency=1000.0, answers=1) == zwgk_settings.AUTOTHROTTLE_MAX_DELAY
