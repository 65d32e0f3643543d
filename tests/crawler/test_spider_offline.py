"""The portal spider's decisions, without a network: responses and failures are built in
memory and fed to its callbacks. Addresses are loopback only."""

from __future__ import annotations

import time

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import crawler.spiders.portal as portal
from contracts import LinkCheck, LinkKind, PageArtifact
from crawler.middlewares import EgressRefused
from crawler.spiders.portal import PortalSpider, outcome_for_failure, outcome_for_response, rate_limited

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def spider():
    crawler = get_crawler(PortalSpider, settings_dict={"ZWGK_EXTERNAL_HOSTS": ["127.0.0.1"], "ZWGK_MAX_PAGES": 3})
    crawler.stats.open_spider()
    sp = PortalSpider.from_crawler(crawler, start_url=BASE + "/")
    crawler.spider = sp
    return sp


def html_response(request: Request, body: str, status: int = 200, **headers) -> HtmlResponse:
    return HtmlResponse(request.url, status=status, body=body.encode("utf-8"), request=request,
                        headers={"Content-Type": "text/html; charset=utf-8", **headers})


def fail(request: Request, exc: BaseException) -> Failure:
    f = Failure(exc)
    f.request = request
    return f


def test_start_url_is_canonical_and_scope_is_host_port(spider):
    assert spider.start_url == BASE + "/"
    assert spider.site_netloc == "127.0.0.1:8000"


def test_page_that_breaks_extraction_is_recorded_and_the_crawl_goes_on(spider, monkeypatch):
    real = portal.extract_page

    def broken(url, body, **kw):
        if url.endswith("/bad.html"):
            raise RuntimeError("lxml blew up")
        return real(url, body, **kw)

    monkeypatch.setattr(portal, "extract_page", broken)
    bad = spider._page_request(BASE + "/bad.html", depth=1, referrer=BASE + "/")
    out = list(spider._on_response(html_response(bad, "<html><a href='/x.html'>x</a></html>")))
    assert [type(o) for o in out] == [LinkCheck]
    assert out[0].outcome == "ok"
    assert spider.errors and "bad.html" in spider.errors[0] and "lxml blew up" in spider.errors[0]

    good = spider._page_request(BASE + "/good.html", depth=1, referrer=BASE + "/")
    out = list(spider._on_response(html_response(good, "<html><title>G</title><a href='/y.html'>y</a></html>")))
    page = next(o for o in out if isinstance(o, PageArtifact))
    assert page.title == "G" and page.depth == 1 and page.referrer == BASE + "/"
    assert any(isinstance(o, Request) and o.url == BASE + "/y.html" for o in out)


def test_head_error_falls_back_to_get_but_rate_limiting_does_not(spider):
    head = spider._check_request(BASE + "/f.pdf", LinkKind.attachment, method="HEAD", depth=1, referrer=None)
    out = list(spider._on_failure(fail(head, HttpError(Response(head.url, status=404, request=head)))))
    assert len(out) == 1 and isinstance(out[0], Request) and out[0].method == "GET"

    # 429: no GET fallback; asked again later (after Retry-After, capped), still as HEAD
    limited = Response(head.url, status=429, headers={"Retry-After": "60"}, request=head)
    assert list(spider._on_failure(fail(head, HttpError(limited)))) == []
    (due, _, again), = spider._later
    assert again.method == "HEAD" and again.meta["zwgk"]["attempt"] == 1 and again.priority < -1000
    assert 59 < due - time.monotonic() <= 60
    # the last attempt still limited: could not evaluate, never dead
    last = spider._check_request(BASE + "/f.pdf", LinkKind.attachment, method="HEAD", depth=1, referrer=None)
    last.meta["zwgk"]["attempt"] = spider.rate_limit_retries
    limited = Response(head.url, status=429, headers={"Retry-After": "60"}, request=last)
    out = list(spider._on_failure(fail(last, HttpError(limited))))
    assert len(out) == 1 and isinstance(out[0], LinkCheck)
    assert (out[0].outcome, out[0].retry_after, out[0].method) == ("rate_limited", "60", "HEAD")
    assert any("rate limiting: 1 URLs" in c for c in spider.capped)


def test_head_network_failures_are_final_but_protocol_errors_retry_with_get(spider):
    head = spider._check_request(BASE + "/f.pdf", LinkKind.attachment, method="HEAD", depth=1, referrer=None)
    out = list(spider._on_failure(fail(head, DownloadTimeoutError("slow"))))
    assert isinstance(out[0], LinkCheck) and out[0].outcome == "timeout"
    out = list(spider._on_failure(fail(head, DownloadFailedError("server dropped HEAD"))))
    assert isinstance(out[0], Request) and out[0].method == "GET"


def test_budget_and_profile_decisions_make_link_checks_without_requests(spider):
    spider.seen.add(spider.start_url)
    spider.pages_requested = 3  # the budget (ZWGK_MAX_PAGES=3) is spent
    out = list(spider._target(BASE + "/more.html", LinkKind.page, depth=1, referrer=BASE + "/"))
    assert isinstance(out[0], LinkCheck) and (out[0].outcome, out[0].method) == ("blocked", "NONE")
    assert any("ZWGK_MAX_PAGES=3" in c for c in spider.capped)

    out = list(spider._target("http://localhost:9/x.html", LinkKind.external, depth=1, referrer=None))
    assert isinstance(out[0], LinkCheck) and (out[0].outcome, out[0].method) == ("skipped", "NONE")

    out = list(spider._target("http://127.0.0.1:9/x.html", LinkKind.external, depth=1, referrer=None))
    assert isinstance(out[0], Request) and out[0].method == "HEAD"
    assert out[0].meta.get("dont_obey_robotstxt") is True

    # attachments are checked whatever the page budget says; a second sighting does nothing
    out = list(spider._target(BASE + "/doc.pdf", LinkKind.attachment, depth=1, referrer=None))
    assert isinstance(out[0], Request) and out[0].method == "HEAD"
    assert "dont_obey_robotstxt" not in out[0].meta
    assert list(spider._target(BASE + "/doc.pdf", LinkKind.attachment, depth=1, referrer=None)) == []
    for raw in ("mailto:a@localhost", "javascript:void(0)", "#top"):
        kind = {"m": LinkKind.mailto, "j": LinkKind.javascript, "#": LinkKind.anchor}[raw[0]]
        assert list(spider._target(raw, kind, depth=1, referrer=None)) == []


def test_long_urls_and_disabled_external_checks_get_link_checks_without_requests(spider):
    long_url = BASE + "/" + "x" * 3000
    out = list(spider._target(long_url, LinkKind.page, depth=1, referrer=None))
    assert isinstance(out[0], LinkCheck) and out[0].outcome == "blocked"
    spider.check_external = False
    out = list(spider._target("http://127.0.0.1:9/ext.html", LinkKind.external, depth=1, referrer=None))
    assert isinstance(out[0], LinkCheck) and (out[0].outcome, out[0].method) == ("skipped", "NONE")
    assert "ZWGK_CHECK_EXTERNAL" in out[0].error


def test_a_page_link_is_reclassified_by_the_crawl_scope(spider):
    out = list(spider._target("http://127.0.0.1:9/page.html", LinkKind.page, depth=1, referrer=None))
    assert isinstance(out[0], Request) and out[0].meta["zwgk"]["kind"] == LinkKind.external


def test_outcome_for_failure():
    loop = [BASE + "/a", BASE + "/b", BASE + "/a"]
    assert outcome_for_failure(IgnoreRequest("max redirections reached"), loop) == "redirect_loop"
    chain = [f"{BASE}/{i}" for i in range(11)]
    assert outcome_for_failure(IgnoreRequest("max redirections reached"), chain) == "too_many_redirects"
    assert outcome_for_failure(IgnoreRequest("Forbidden by robots.txt")) == "blocked"
    assert outcome_for_failure(EgressRefused("no")) == "skipped"
    assert outcome_for_failure(DownloadTimeoutError()) == "timeout"
    assert outcome_for_failure(CannotResolveHostError()) == "dead"
    assert outcome_for_failure(DownloadConnectionRefusedError()) == "dead"
    assert outcome_for_failure(ValueError("odd")) == "error"


def test_outcome_for_response_and_rate_limiting():
    def resp(status, body=b"", **headers):
        return TextResponse(BASE + "/", status=status, body=body, headers=headers)

    assert outcome_for_response(resp(200)) == "ok"
    assert outcome_for_response(resp(404)) == "dead"
    assert outcome_for_response(resp(500)) == "dead"
    assert outcome_for_response(resp(503)) == "rate_limited"  # overloaded or throttling: never dead
    assert outcome_for_response(resp(503, **{"Retry-After": "30"})) == "rate_limited"
    assert outcome_for_response(resp(429)) == "rate_limited"
    assert outcome_for_response(resp(304)) == "error"
    gbk_waf = "<html>访问过于频繁</html>".encode("gbk")
    assert rate_limited(resp(200, gbk_waf, **{"Content-Type": "text/html"}))
    assert rate_limited(resp(403, "请求过于频繁".encode(), **{"Content-Type": "text/html; charset=utf-8"}))
    # a PDF that happens to contain the bytes is not a WAF page
    assert not rate_limited(resp(200, "访问过于频繁".encode(), **{"Content-Type": "application/pdf"}))
