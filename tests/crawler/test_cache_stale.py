"""The nightly HTTP cache never stands in for tonight's answer: a page that answers 500
tonight is recorded as 500, a host that is down is down (Scrapy's RFC2616 cache would serve
last night's copy in both cases). Real crawls on 127.0.0.1 with a cache kept between runs."""

from __future__ import annotations

from contracts import load_site
from crawler.run import crawl_site
from crawler.warc import read_index

from loopback_http import Reply, port_is_closed, start_server

LM = {"Last-Modified": "Mon, 02 Nov 2026 08:00:00 GMT", "Content-Type": "text/html; charset=utf-8"}
HOME = ("<html><head><title>首页</title></head><body><h1>首页</h1><a href='/p.html'>政策文件</a></body></html>"
        ).encode("utf-8")
PAGE = "<html><head><title>政策文件</title></head><body><h1>政策文件</h1><p>正文</p></body></html>".encode("utf-8")


def test_cache_never_hides_tonights_failures(tmp_path):
    state = {"p": 200}

    def page(method, path):
        if state["p"] == 500:
            return Reply(500, {"Content-Type": "text/html"}, b"<html><body>error</body></html>")
        return Reply(200, LM, PAGE)

    server = start_server(routes={"/": lambda m, p: Reply(200, LM, HOME), "/p.html": page,
                                  "/robots.txt": lambda m, p: Reply(404, {}, b"")})
    cache = tmp_path / "cache"
    settings = {"ZWGK_NEWMEDIA": False, "ZWGK_RENDER": "off"}
    try:
        first = load_site(crawl_site(server.base + "/", tmp_path / "night1", external_hosts=["127.0.0.1"],
                                     timeout=60, cache_dir=cache, extra_settings=settings))
        state["p"] = 500
        second = load_site(crawl_site(server.base + "/", tmp_path / "night2", external_hosts=["127.0.0.1"],
                                      timeout=60, cache_dir=cache, extra_settings=settings))
        base = server.base
    finally:
        server.stop()
    assert first.link(base + "/p.html").outcome == "ok"
    broken = second.link(base + "/p.html")
    assert broken.outcome == "dead" and broken.status == 500  # not last night's cached 200
    assert second.crawl.stats.get("httpcache/errorrecovery") is None
    assert port_is_closed(int(base.rsplit(":", 1)[1]))
    third = load_site(crawl_site(base + "/", tmp_path / "night3", external_hosts=["127.0.0.1"], timeout=60,
                                 cache_dir=cache, extra_settings=settings))
    assert not [p for p in third.pages if p.status == 200]  # the host is down: nothing from the cache
    assert third.link(base + "/").outcome == "dead"
    assert not [e for e in read_index(tmp_path / "night3") if e.get("kind") == "response"]
