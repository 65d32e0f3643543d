"""The HTTP cache of conditional re-crawls (``--cache-dir``), made fit for an audit.

Scrapy's RFC2616 cache is built for a crawler that prefers an old copy to none: it serves
the cached page when the server answers 5xx (`RFC2616Policy.is_cached_response_valid`) or
cannot be reached at all (`HttpCacheMiddleware.process_exception`, "error recovery"). An
audit must see tonight's site: a page that broke tonight is broken, a host that is down is
down. Here the cache answers only what the server confirmed with a 304; every other answer
or failure is the crawl's own.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import RFC2616Policy


class RevalidateOnlyPolicy(RFC2616Policy):
    """RFC 2616 caching, but a cached page stands in for the server's answer only on 304."""

    def is_cached_response_valid(self, cachedresponse, response, request) -> bool:
        return response.status == 304


class NoStaleCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's HTTP cache middleware without error recovery: a failed download stays a
    failure (its LinkCheck says timeout / dead), never the copy of an earlier night."""

    def process_exception(self, request, exception, spider=None):
        request.meta.pop("cached_response", None)
        return None
