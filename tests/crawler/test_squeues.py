"""crawler.squeues stores requests exactly as Scrapy's PickleLifoDiskQueue does; the spider's
callbacks pass the check Scrapy's WARN_ON_GENERATOR_RETURN_VALUE made per response."""

from __future__ import annotations

import inspect

import pytest
import scrapy
from scrapy.utils.test import get_crawler

from crawler.spiders.portal import PortalSpider
from crawler.squeues import PickleLifoDiskQueue, _lookup_target


@pytest.fixture()
def spider_crawler():
    crawler = get_crawler(PortalSpider, settings_dict={"ZWGK_NEWMEDIA": False})
    crawler.spider = PortalSpider.from_crawler(crawler, start_url="http://127.0.0.1:1/")
    return crawler


def _callbacks(spider):
    return [m for n, m in inspect.getmembers(spider, inspect.ismethod) if n.startswith("_on")]


def test_the_stored_dict_is_scrapys(spider_crawler):
    spider = spider_crawler.spider
    for cb in _callbacks(spider):
        for eb in (None, spider._on_failure):
            r = scrapy.Request("http://127.0.0.1:1/x.html", callback=cb, errback=eb, priority=-3,
                               meta={"zwgk": {"role": "page", "depth": 2}}, dont_filter=True)
            assert r.to_dict(spider=_lookup_target(spider, r)) == r.to_dict(spider=spider)


def test_a_callback_of_another_object_is_still_refused(spider_crawler):
    class Other:
        def done(self, result):
            return None

    r = scrapy.Request("http://127.0.0.1:1/x.html", callback=Other().done)
    assert _lookup_target(spider_crawler.spider, r) is spider_crawler.spider
    with pytest.raises(ValueError):
        r.to_dict(spider=_lookup_target(spider_crawler.spider, r))


def test_push_and_pop_through_the_disk(spider_crawler, tmp_path):
    spider = spider_crawler.spider
    q = PickleLifoDiskQueue.from_crawler(spider_crawler, str(tmp_path / "q"))
    sent = [scrapy.Request(f"http://127.0.0.1:1/{n}.html", callback=spider._on_response, errback=spider._on_failure,
                           meta={"zwgk": {"n": n}}, dont_filter=True) for n in range(3)]
    for r in sent:
        q.push(r)
    got = [q.pop() for _ in sent][::-1]
    q.close()
    assert [g.to_dict(spider=spider) for g in got] == [r.to_dict(spider=spider) for r in sent]
    assert got[0].callback == spider._on_response and got[0].errback == spider._on_failure


def test_no_spider_callback_is_a_generator_returning_a_value():
    # what Scrapy's WARN_ON_GENERATOR_RETURN_VALUE checked on every response (off in crawler.settings)
    from scrapy.utils.misc import is_generator_with_return_value

    from crawler.spiders.newmedia import NewMediaSpider

    for cls in (PortalSpider, NewMediaSpider):
        for name, func in inspect.getmembers(cls, inspect.isfunction):
            if inspect.isgeneratorfunction(func):
                assert not is_generator_with_return_value(func), f"{cls.__name__}.{name}"
