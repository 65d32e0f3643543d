"""Item pipeline: write the run folder (see contracts.artifacts.RunFiles).

* ``pages.jsonl`` / ``links.jsonl``: one PageArtifact / LinkCheck per line, written and
  flushed as the items arrive (a crawl that dies still leaves everything it saw);
* ``columns.jsonl``: at close, `crawler.assemble.build_columns` over pages.jsonl read back
  line by line (the pages are never all held in memory by the writer);
* ``crawl.json``: CrawlInfo, written at open (finished_at/finish_reason empty, so a crawl
  killed half-way is recognisable) and again when the spider closes. Whole-file writes go
  through a temporary file and ``os.replace``.

With ZWGK_RESUME the files are kept: a torn last line is dropped, a URL written twice keeps
its first line (crawler.resume.compact_jsonl), and new lines are appended only for URLs not
in the files yet, so a resumed crawl never duplicates an artifact.

`AccountWriterPipeline` writes ``accounts.jsonl`` for the new-media spider;
`DocumentWriterPipeline` writes ``documents.jsonl`` (DocumentArtifact: attachments read).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from scrapy import signals

from contracts import AccountArtifact, CrawlInfo, DocumentArtifact, LinkCheck, PageArtifact, RunFiles

from .guard import describe_policy
from .middlewares import external_hosts_setting

logger = logging.getLogger(__name__)


def atomic_write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_lines(path: Path, lines: Iterable[str]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line)
                fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def iter_pages(path: Path) -> Iterator[PageArtifact]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield PageArtifact.model_validate_json(line)


def scalar_stats(stats: dict[str, Any]) -> dict[str, int | float | str]:
    """The Scrapy stats that fit CrawlInfo.stats (numbers and strings; datetimes as ISO)."""
    out: dict[str, int | float | str] = {}
    for key, value in sorted(stats.items()):
        if isinstance(value, bool):
            out[key] = int(value)
        elif isinstance(value, (int, float, str)):
            out[key] = value
        elif isinstance(value, dt.datetime):
            out[key] = value.isoformat()
    return out


class ArtifactWriterPipeline:
    def __init__(self, crawler, run_dir: str | os.PathLike[str]):
        self.crawler = crawler
        self.files = RunFiles(run_dir)
        self.folder = Path(run_dir)
        self.external_hosts = external_hosts_setting(crawler.settings)
        self._pages = None
        self._links = None
        self.page_count = 0
        self.link_count = 0
        self.started_at = dt.datetime.now(dt.timezone.utc)
        self.column_errors: list[str] = []
        self.resume = crawler.settings.getbool("ZWGK_RESUME", False)
        self.page_urls: set[str] = set()
        self.link_urls: set[str] = set()
        self.duplicates = 0
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> ArtifactWriterPipeline:
        run_dir = crawler.settings.get("ZWGK_RUN_DIR")
        if not run_dir:
            raise ValueError("ZWGK_RUN_DIR is not set: the crawler has nowhere to write its artifacts")
        return cls(crawler, run_dir)

    # ------------------------------------------------------------ lifecycle

    def open_spider(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.started_at = dt.datetime.now(dt.timezone.utc)
        mode = "w"
        if self.resume:
            from crawler.resume import compact_jsonl, is_unfinished

            self.page_urls = compact_jsonl(self.files.path(RunFiles.PAGES))
            # targets the interrupted run left unanswered are asked again: drop their lines
            self.link_urls = compact_jsonl(self.files.path(RunFiles.LINKS), drop=is_unfinished)
            self.page_count, self.link_count = len(self.page_urls), len(self.link_urls)
            self.started_at = self._previous_start() or self.started_at
            mode = "a"
        self._pages = self.files.path(RunFiles.PAGES).open(mode, encoding="utf-8")
        self._links = self.files.path(RunFiles.LINKS).open(mode, encoding="utf-8")
        self._write_crawl_info(finished=False, reason=None)

    def _previous_start(self) -> dt.datetime | None:
        try:
            return CrawlInfo.model_validate_json(self.files.path(RunFiles.CRAWL).read_text("utf-8")).started_at
        except (OSError, ValueError):
            return None

    def _duplicate(self, urls: set[str], url: str) -> bool:
        if url in urls:
            self.duplicates += 1
            self.crawler.stats.inc_value("zwgk/duplicates_not_written")
            return True
        urls.add(url)
        return False

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageArtifact):
            if self._duplicate(self.page_urls, item.url):
                return item
            self._pages.write(item.model_dump_json())
            self._pages.write("\n")
            self._pages.flush()
            self.page_count += 1
            self.crawler.stats.inc_value("zwgk/pages_written")
        elif isinstance(item, LinkCheck):
            if self._duplicate(self.link_urls, item.url):
                return item
            self._links.write(item.model_dump_json())
            self._links.write("\n")
            self._links.flush()
            self.link_count += 1
            self.crawler.stats.inc_value("zwgk/links_written")
        return item

    def close_spider(self) -> None:
        spider = self.crawler.spider
        try:  # targets still unanswered get their LinkCheck too (could not evaluate)
            for check in getattr(spider, "unfinished_checks", list)():
                self.process_item(check)
        except Exception:  # noqa: BLE001 - the artifacts written so far must stay usable
            logger.warning("recording unfinished targets failed", exc_info=True)
        for fh in (self._pages, self._links):
            if fh is not None:
                fh.close()
        try:
            from crawler.assemble import build_columns

            columns = build_columns(iter_pages(self.files.path(RunFiles.PAGES)))
            atomic_write_lines(self.files.path(RunFiles.COLUMNS), (c.model_dump_json() for c in columns))
            self.crawler.stats.set_value("zwgk/columns", len(columns))
        except Exception as exc:  # the pages and links are written: keep them usable
            logger.warning("building columns failed", exc_info=True)
            self.column_errors.append(f"columns: build_columns failed: {type(exc).__name__}: {exc}")

    def _spider_closed(self, spider, reason: str) -> None:
        self._write_crawl_info(finished=True, reason=reason)

    # ------------------------------------------------------------ crawl.json

    def _write_crawl_info(self, *, finished: bool, reason: str | None) -> None:
        spider = self.crawler.spider
        start_url = getattr(spider, "start_url", "")
        site = getattr(spider, "site_netloc", "")
        finished_at = dt.datetime.now(dt.timezone.utc) if finished else None
        stats = scalar_stats(self.crawler.stats.get_stats()) if finished else {}
        if finished:
            elapsed = (finished_at - self.started_at).total_seconds()
            stats["zwgk/pages_written"] = self.page_count
            stats["zwgk/links_written"] = self.link_count
            stats["zwgk/elapsed_seconds"] = round(elapsed, 3)
            stats["zwgk/pages_per_second"] = round(self.page_count / elapsed, 2) if elapsed > 0 else 0.0
        capped = list(getattr(spider, "capped", []) or [])
        if reason and reason != "finished":
            capped.append(f"crawl ended early: {reason}")
        info = CrawlInfo(
            start_url=start_url,
            site_host=site,
            allowed_hosts=describe_policy(site, self.external_hosts) if site else [],
            started_at=self.started_at,
            finished_at=finished_at,
            finish_reason=reason,
            stats=stats,
            capped=capped,
            errors=[*getattr(spider, "errors", []), *self.column_errors],
        )
        atomic_write_text(self.files.path(RunFiles.CRAWL), info.model_dump_json(indent=1))


class AccountWriterPipeline:
    """accounts.jsonl of the run folder (truncated at open: accounts are visited again on
    every run); at close, the account counts are added to crawl.json's stats."""

    def __init__(self, crawler, run_dir: str | os.PathLike[str]):
        self.crawler = crawler
        self.files = RunFiles(run_dir)
        self._fh = None
        self.count = 0
        self.urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler) -> AccountWriterPipeline:
        run_dir = crawler.settings.get("ZWGK_RUN_DIR")
        if not run_dir:
            raise ValueError("ZWGK_RUN_DIR is not set: the new-media spider has nowhere to write accounts.jsonl")
        return cls(crawler, run_dir)

    def open_spider(self) -> None:
        self.files.folder.mkdir(parents=True, exist_ok=True)
        self._fh = self.files.path(RunFiles.ACCOUNTS).open("w", encoding="utf-8")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, AccountArtifact):
            key = f"{item.platform}|{item.url or item.name}"
            if key in self.urls:
                return item
            self.urls.add(key)
            self._fh.write(item.model_dump_json())
            self._fh.write("\n")
            self._fh.flush()
            self.count += 1
            self.crawler.stats.inc_value("zwgk/accounts_written")
        return item

    def close_spider(self) -> None:
        if self._fh is not None:
            self._fh.close()
        path = self.files.path(RunFiles.CRAWL)
        try:
            info = CrawlInfo.model_validate_json(path.read_text("utf-8"))
        except (OSError, ValueError):
            return  # no portal crawl in this folder: accounts.jsonl stands alone
        stats = scalar_stats(self.crawler.stats.get_stats())
        info.stats.update({f"newmedia/{k}": v for k, v in stats.items()
                           if k.startswith(("zwgk/", "downloader/response_count", "log_count/"))})
        info.stats["zwgk/accounts_written"] = self.count
        atomic_write_text(path, info.model_dump_json(indent=1))


class DocumentWriterPipeline:
    """documents.jsonl of the run folder: one DocumentArtifact per attachment read (issue 6).

    Written and flushed as they arrive; with ZWGK_RESUME the file is compacted and appended
    to, and an attachment already written is not written again."""

    def __init__(self, crawler, run_dir: str | os.PathLike[str]):
        self.crawler = crawler
        self.files = RunFiles(run_dir)
        self.resume = crawler.settings.getbool("ZWGK_RESUME", False)
        self.urls: set[str] = set()
        self._fh = None

    @classmethod
    def from_crawler(cls, crawler) -> DocumentWriterPipeline:
        run_dir = crawler.settings.get("ZWGK_RUN_DIR")
        if not run_dir:
            raise ValueError("ZWGK_RUN_DIR is not set: the crawler has nowhere to write documents.jsonl")
        return cls(crawler, run_dir)

    def open_spider(self) -> None:
        if getattr(self.crawler.spider, "name", "portal") != "portal":
            return  # another spider in the same run folder: leave the portal's file alone
        self.files.folder.mkdir(parents=True, exist_ok=True)
        path = self.files.path(RunFiles.DOCUMENTS)
        mode = "w"
        if self.resume:
            from crawler.resume import compact_jsonl

            self.urls = compact_jsonl(path)
            mode = "a"
        self._fh = path.open(mode, encoding="utf-8")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, DocumentArtifact) and self._fh is not None:
            if item.url in self.urls:
                return item
            self.urls.add(item.url)
            self._fh.write(item.model_dump_json())
            self._fh.write("\n")
            self._fh.flush()
            self.crawler.stats.inc_value("zwgk/documents_written")
        return item

    def close_spider(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
