"""Scrapy's on-disk request queue (JOBDIR) without its per-request scan of the spider.

To store a request, Scrapy names its callback and errback by looking for them among the
spider's methods: `inspect.getmembers(spider)`, which reads every attribute of the spider,
properties included (PortalSpider.capped builds its summary each time), for every request
pushed. On a 3,000-page crawl that was ~3 % of the crawler's CPU time (cProfile).

`PickleLifoDiskQueue` (SCHEDULER_DISK_QUEUE in crawler.settings) stores exactly what
Scrapy's does, in the same format; it only hands Scrapy's lookup an object that holds the
request's own spider callbacks instead of the whole spider. A callback that is not a
method of the spider is left to Scrapy's lookup unchanged (which refuses it, and the
scheduler keeps that request in memory, as before).
"""

from __future__ import annotations

from scrapy import squeues


class _Callbacks:
    """The spider methods a request calls back, under their names."""

    def __init__(self, funcs):
        for func in funcs:
            setattr(self, func.__name__, func)


def _lookup_target(spider, request):
    funcs = [f for f in (request.callback, request.errback) if callable(f)]
    for func in funcs:
        name = getattr(func, "__name__", None)
        if (getattr(func, "__self__", None) is not spider or name is None
                or getattr(getattr(spider, name, None), "__func__", None) is not getattr(func, "__func__", None)):
            return spider  # not one of the spider's methods: Scrapy decides, as before
    return _Callbacks(funcs) if funcs else spider


class PickleLifoDiskQueue(squeues.PickleLifoDiskQueue):
    def push(self, request) -> None:
        # the serialisable queue beneath Scrapy's request queue: the dict, pickled to disk
        super(squeues.PickleLifoDiskQueue, self).push(request.to_dict(spider=_lookup_target(self.spider, request)))
