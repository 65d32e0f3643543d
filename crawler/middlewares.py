"""Downloader middlewares of the zwgk crawler."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from .guard import describe_policy, is_request_allowed, split_host_port

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class EgressRefused(IgnoreRequest):
    """A request to a host that is neither in the site's scope nor allowed by the profile."""


def external_hosts_setting(settings) -> list[str] | None:
    """ZWGK_EXTERNAL_HOSTS as the guard wants it: None (default policy) or a list."""
    raw = settings.get("ZWGK_EXTERNAL_HOSTS")
    if raw is None:
        return None
    return [h.strip() for h in settings.getlist("ZWGK_EXTERNAL_HOSTS") if h.strip()]


class EgressGuardMiddleware:
    """Refuse every request whose URL is outside the crawl's allowed hosts.

    The scope is the spider's ``site_netloc`` attribute; a spider without one gets every
    request refused (fail closed). Redirect hops and robots.txt fetches pass through here
    too, so a redirect to a host the profile does not allow never leaves the machine.
    Whether a name is loopback is decided on its resolved addresses at each hop
    (`resolver`, the system's by default; see crawler.guard). Counted in the stats as
    ``zwgk/egress/refused``.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.external_hosts = external_hosts_setting(crawler.settings)
        self.stats = crawler.stats
        self.resolver = None  # crawler.guard's cached system resolver
        crawler.signals.connect(self._spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EgressGuardMiddleware:
        return cls(crawler)

    def _spider_opened(self, spider) -> None:
        site = getattr(spider, "site_netloc", "")
        logger.info("Egress guard: scope %r, external hosts allowed: %s",
                    site, ", ".join(describe_policy(site, self.external_hosts, self.resolver)) if site else "none")

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        site = getattr(spider, "site_netloc", "") if spider is not None else ""
        if is_request_allowed(request.url, site, self.external_hosts, self.resolver):
            return None
        self.stats.inc_value("zwgk/egress/refused")
        hp = split_host_port(request.url)
        logger.info("Egress guard refused %s (host %s not allowed)", request.url, hp[1] if hp else "?")
        raise EgressRefused(f"egress guard: host not allowed: {request.url}")


class _DowngradeRobotsErrors(logging.Filter):
    """Scrapy logs a failed robots.txt download at ERROR level; for us it is a property of
    the audited site (robots.txt unreachable → crawl as if allowed), so it becomes a
    WARNING and ERROR keeps meaning "the crawler malfunctioned"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR:
            record.levelno = logging.WARNING
            record.levelname = "WARNING"
            record.exc_info = None
            record.exc_text = None
        return True


def install_log_filters() -> None:
    lg = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    if not any(isinstance(f, _DowngradeRobotsErrors) for f in lg.filters):
        lg.addFilter(_DowngradeRobotsErrors())
