"""robots.txt Crawl-delay is honoured per host (a minimum delay, capped by
ZWGK_MAX_CRAWL_DELAY), measured on the server side of a real crawl on 127.0.0.1."""

from __future__ import annotations

import pytest

from contracts import load_site
from crawler.run import crawl_site

from tests.helpers.loopback_http import Reply

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

SETTINGS = {"ZWGK_FETCH_DOCUMENTS": False, "ZWGK_NEWMEDIA": False, "ZWGK_CHECK_EXTERNAL": False}


def html(title: str, body: str = "") -> Reply:
    return Reply(200, {"Content-Type": "text/html"},
                 (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}"
                  "<p>" + "正文内容" * 20 + "</p></body></html>").encode("utf-8"))


def site_routes(robots: bytes) -> dict:
    index = "".join(f"<a href='/p{n}.html'>栏目{n}</a>" for n in (1, 2, 3))
    routes = {"/": lambda m, p: html("首页", index),
              "/robots.txt": lambda m, p: Reply(200, {"Content-Type": "text/plain"}, robots)}
    for n in (1, 2, 3):
        routes[f"/p{n}.html"] = lambda m, p, n=n: html(f"栏目{n}", "<a href='/'>首页</a>")
    return routes


def test_crawl_delay_spaces_requests_to_the_host(serve, tmp_path, figures):
    srv = serve(None, site_routes(b"User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n"))
    out = crawl_site(srv.url("/"), tmp_path / "run", external_hosts=[], timeout=60, extra_settings=SETTINGS)
    site = load_site(out)
    assert {p.url for p in site.pages} >= {srv.url("/"), srv.url("/p1.html"), srv.url("/p3.html")}
    times = sorted(t for _m, _p, t, _h in srv.server.details)
    assert len(times) >= 5  # robots.txt + 4 pages
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.95, f"requests closer than the robots.txt Crawl-delay: {gaps}"
    assert site.crawl.stats.get(f"zwgk/crawl_delay/{srv.url('/').split('/')[2]}") == 1.0
    log = (out / "crawl.log").read_text("utf-8", errors="replace")
    assert log.count("asks Crawl-delay: 1 s") == 1  # logged once per host
    figures.append(f"Crawl-delay: 1 → {len(times)} requests, gaps {min(gaps):.2f}–{max(gaps):.2f} s")


def test_crawl_delay_is_capped_by_the_setting(serve, tmp_path):
    srv = serve(None, site_routes(b"User-agent: *\nCrawl-delay: 3600\n"))
    out = crawl_site(srv.url("/"), tmp_path / "run", external_hosts=[], timeout=60,
                     extra_settings={**SETTINGS, "ZWGK_MAX_CRAWL_DELAY": 0.3})
    site = load_site(out)
    assert len(site.pages) == 4
    times = sorted(t for _m, _p, t, _h in srv.server.details)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.28 and times[-1] - times[0] < 5, gaps
    log = (out / "crawl.log").read_text("utf-8", errors="replace")
    assert log.count("capped at ZWGK_MAX_CRAWL_DELAY=0.3 s") == 1
