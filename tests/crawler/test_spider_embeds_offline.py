"""How the portal spider schedules what a page embeds (issue 9 item 12), without a network:
images and embedded documents get a HEAD check, a frame in scope is crawled as a page,
malformed hrefs get no request and no LinkCheck. Addresses are loopback only."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from contracts import LinkCheck, LinkKind, PageArtifact
from crawler.spiders.portal import PortalSpider

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def spider():
    crawler = get_crawler(PortalSpider, settings_dict={"ZWGK_EXTERNAL_HOSTS": ["127.0.0.1"],
                                                       "ZWGK_MAX_LINKS_PER_PAGE": 50})
    crawler.stats.open_spider()
    sp = PortalSpider.from_crawler(crawler, start_url=BASE + "/")
    crawler.spider = sp
    return sp


def _requests(spider, page_html: str):
    req = spider._page_request(BASE + "/", depth=0, referrer=None)
    spider.seen.add(BASE + "/")
    resp = HtmlResponse(BASE + "/", body=page_html.encode(), request=req,
                        headers={"Content-Type": "text/html; charset=utf-8"})
    return list(spider._on_response(resp))


def test_embedded_targets_are_checked_frames_crawled_malformed_never_requested(spider):
    out = _requests(spider, """<html><head><title>首页</title></head><body>
        <img src="/images/a.png" alt="图"><iframe src="/frame.html"></iframe><embed src="/fj/a.pdf">
        <iframe src="http://127.0.0.1:8001/weather.html"></iframe>
        <a href="http://">空链接</a><a href="file:///C:/a.doc">附件</a><a href="/zwgk/">政府信息公开</a></body></html>""")
    page = next(o for o in out if isinstance(o, PageArtifact))
    assert {e.kind for e in page.embeds} == {LinkKind.image, LinkKind.frame, LinkKind.embed}
    reqs = {o.url: o for o in out if hasattr(o, "meta") and "zwgk" in getattr(o, "meta", {})}
    assert reqs[BASE + "/images/a.png"].method == "HEAD" and reqs[BASE + "/images/a.png"].meta["zwgk"]["role"] == "check"
    assert reqs[BASE + "/images/a.png"].meta["zwgk"]["kind"] == LinkKind.image
    assert reqs[BASE + "/fj/a.pdf"].meta["zwgk"]["kind"] == LinkKind.embed
    assert reqs[BASE + "/frame.html"].meta["zwgk"]["role"] == "page"  # a frame in scope is a page
    ext = reqs["http://127.0.0.1:8001/weather.html"]
    assert ext.meta["zwgk"]["role"] == "check"  # another site's frame: checked, not crawled
    assert reqs[BASE + "/zwgk/"].meta["zwgk"]["role"] == "page"
    assert "http://" not in reqs and not any(u.startswith("file:") for u in reqs)
    checks = [o for o in out if isinstance(o, LinkCheck)]
    assert not any(c.url in ("http://", "file:///C:/a.doc") for c in checks)


def test_link_cap_setting_reaches_extraction(spider):
    links = "".join(f"<a href='/p{i}.html'>{i}</a>" for i in range(80))
    out = _requests(spider, f"<html><body>{links}</body></html>")
    page = next(o for o in out if isinstance(o, PageArtifact))
    assert len(page.links) == 50
    assert sum(1 for n in page.extract_notes if n.startswith("links capped")) == 1
