"""The new-media spider (政务新媒体): visit the accounts a portal lists, and those in the
site profile, and record what their public pages show.

Runs after the portal crawl, in the same process and run folder (crawler.run):

1. reads pages.jsonl for matrix pages (crawler.accounts.is_matrix_candidate: a table with
   账号/平台 headers, or links labelled 微信/微博/抖音/头条/快手 …), plus ZWGK_NEWMEDIA_PAGES;
2. fetches each and parses its accounts (crawler.accounts.parse_matrix); adds ZWGK_ACCOUNTS;
3. visits each account's page (rendered through Chromium when it looks built by script
   and a browser is available) and yields an AccountArtifact: reachable, latest_post,
   has_interaction / interaction_entries, outcome, status.

Account pages on other hosts obey the same egress policy as external link checks: a host
the profile does not allow is never requested (outcome ``skipped``, reachable unknown).
The pipeline (AccountWriterPipeline) writes accounts.jsonl.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from contracts import AccountArtifact
from crawler import render
from crawler.accounts import AccountEntry, matrix_candidates, parse_matrix, profile_accounts, read_account_page
from crawler.extract import canonicalize, netloc_of
from crawler.guard import in_scope, is_request_allowed
from crawler.middlewares import external_hosts_setting, install_log_filters
from crawler.spiders.portal import outcome_for_failure, outcome_for_response

logger = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class NewMediaSpider(scrapy.Spider):
    name = "newmedia"
    custom_settings = {
        "ITEM_PIPELINES": {"crawler.pipelines.AccountWriterPipeline": 300},
        "AUTOTHROTTLE_ENABLED": False,  # a handful of requests to as many hosts
    }

    def __init__(self, start_url: str | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("the new-media spider needs the portal's start_url")
        self.start_url = canonicalize(start_url)
        self.site_netloc = netloc_of(self.start_url)
        self.external_hosts: list[str] | None = None
        self.run_dir: str | None = None
        self.extra_pages: list[str] = []
        self.profile: list[AccountEntry] = []
        self.visited: set[str] = set()
        self.render_available = False
        self.render_wait_ms = 5000
        self._profile_pending = True

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewMediaSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.external_hosts = external_hosts_setting(s)
        spider.run_dir = s.get("ZWGK_RUN_DIR")
        spider.extra_pages = [canonicalize(u if "://" in u else spider.start_url.rstrip("/") + "/" + u.lstrip("/"))
                              for u in s.getlist("ZWGK_NEWMEDIA_PAGES")]
        spider.profile = profile_accounts(s.get("ZWGK_ACCOUNTS"))
        spider.render_wait_ms = int(s.getfloat("ZWGK_RENDER_WAIT", 5.0) * 1000)
        spider.render_available, _, _ = render.configure(crawler, spider.site_netloc, spider.external_hosts)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        install_log_filters()
        return spider

    def _allowed(self, url: str) -> bool:
        return is_request_allowed(url, self.site_netloc, self.external_hosts)

    def _meta(self, url: str, **z: Any) -> dict:
        meta: dict[str, Any] = {"zwgk_nm": z}
        if not in_scope(url, self.site_netloc):
            meta["dont_obey_robotstxt"] = True  # one visit to a published link, as link checks do
        return meta

    async def start(self):
        pages = matrix_candidates(self.run_dir) if self.run_dir else []
        for url in dict.fromkeys([*pages, *self.extra_pages]):
            if self._allowed(url):
                yield scrapy.Request(url, callback=self._on_matrix, errback=self._on_matrix_failure,
                                     dont_filter=True, meta=self._meta(url, role="matrix"))
        for entry in self.profile:
            if not self._needs_request(entry):
                for out in self._visit(entry, source="profile"):  # decided without a request
                    yield out

    def _needs_request(self, entry: AccountEntry) -> bool:
        return bool(entry.url and entry.url.startswith(("http://", "https://")) and self._allowed(entry.url))

    def _on_idle(self, spider) -> None:
        """Profile accounts once the matrix pages are read: an account the portal lists too
        is recorded as listed there."""
        if spider is not self or not self._profile_pending:
            return
        self._profile_pending = False
        scheduled = False
        for entry in self.profile:
            if self._needs_request(entry):
                for request in self._visit(entry, source="profile"):  # nothing if the portal listed it
                    self.crawler.engine.crawl(request)
                    scheduled = True
        if scheduled:
            raise DontCloseSpider

    # ------------------------------------------------------------ matrix pages

    def _on_matrix(self, response: Response) -> Iterator[Any]:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        entries = parse_matrix(response.url, response.body, headers)
        logger.info("New-media matrix %s: %d accounts", response.url, len(entries))
        self.crawler.stats.inc_value("zwgk/newmedia/matrix_pages")
        for entry in entries:
            yield from self._visit(entry, source="portal")

    def _on_matrix_failure(self, failure) -> None:
        logger.warning("New-media matrix page %s could not be read: %s", failure.request.url, failure.value)

    # ------------------------------------------------------------ accounts

    def _artifact(self, entry: AccountEntry, source: str, **fields: Any) -> AccountArtifact:
        self.crawler.stats.inc_value(f"zwgk/newmedia/{fields.get('outcome') or 'unlisted'}")
        return AccountArtifact(name=entry.name, platform=entry.platform, url=entry.url,
                               listed_on=entry.listed_on if source == "portal" else None,
                               source=source, checked_at=_now(), **fields)

    def _visit(self, entry: AccountEntry, *, source: str) -> Iterator[Any]:
        if not entry.url:
            yield self._artifact(entry, source, error="no link to the account's page")
            return
        if not entry.url.startswith(("http://", "https://")):
            yield self._artifact(entry, source, error=f"not a web address: {entry.url}")
            return
        if entry.url in self.visited:
            return
        self.visited.add(entry.url)
        if not self._allowed(entry.url):
            yield self._artifact(entry, source, outcome="skipped",
                                 error="host not allowed by the crawl profile (ZWGK_EXTERNAL_HOSTS)")
            return
        yield scrapy.Request(entry.url, callback=self._on_account, errback=self._on_account_failure,
                             dont_filter=True, meta=self._meta(entry.url, role="account", entry=entry, source=source))

    def _on_account(self, response: Response) -> Iterator[Any]:
        z = response.meta["zwgk_nm"]
        entry: AccountEntry = z["entry"]
        outcome = outcome_for_response(response)
        fields: dict[str, Any] = {"status": response.status, "outcome": outcome}
        if outcome == "rate_limited" or not (200 <= response.status < 300):
            fields["reachable"] = None if outcome == "rate_limited" else False
            yield self._artifact(entry, z["source"], **fields)
            return
        rendered = "playwright" in response.flags
        enc = getattr(response, "encoding", None) or "utf-8"
        headers = ({"Content-Type": f"text/html; charset={enc}"} if rendered else
                   {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()})
        if not rendered and self.render_available:
            from crawler.extract import decode

            _, text = decode(response.body, headers)
            why = render.needs_render(text, response.url)
            if why is not None:
                logger.info("Rendering account page %s: %s", response.url, why)
                plain = {**z, "plain": (response.url, response.status, response.body, headers)}
                yield scrapy.Request(response.url, callback=self._on_account, errback=self._on_account_failure,
                                     dont_filter=True, meta={**self._meta(response.url, **plain),
                                                             **render.render_meta(self.render_wait_ms)})
                return
        yield self._account_artifact(z, response.url, response.body, headers, fields)

    def _account_artifact(self, z: dict, url: str, body: bytes, headers: dict[str, str],
                          fields: dict[str, Any]) -> AccountArtifact:
        entry: AccountEntry = z["entry"]
        info = read_account_page(url, body, headers)
        if info.gone:
            fields.update(outcome="dead", reachable=False, error=f"the page says {info.gone}")
        else:
            fields.update(reachable=True, latest_post=info.latest_post,
                          has_interaction=bool(info.interaction_entries),
                          interaction_entries=info.interaction_entries)
        return self._artifact(entry, z["source"], **fields)

    def _on_account_failure(self, failure) -> Iterator[Any]:
        exc = failure.value
        if isinstance(exc, HttpError):
            yield from self._on_account(exc.response)
            return
        z = failure.request.meta["zwgk_nm"]
        if z.get("plain"):  # rendering failed: judge the page as served
            url, status, body, headers = z["plain"]
            logger.warning("Rendering account page %s failed (%s); reading it unrendered", url, exc)
            yield self._account_artifact(z, url, body, headers, {"status": status, "outcome": "ok"})
            return
        outcome = outcome_for_failure(exc, [*failure.request.meta.get("redirect_urls", []), failure.request.url])
        reachable = False if outcome in ("dead", "redirect_loop", "too_many_redirects") else None
        yield self._artifact(z["entry"], z["source"], outcome=outcome, reachable=reachable,
                             error=f"{type(exc).__name__}: {exc}"[:500])

