"""Item pipeline: write the run folder (see contracts.artifacts.RunFiles).

* ``pages.jsonl`` / ``links.jsonl``: one PageArtifact / LinkCheck per line, written and
  flushed as the items arrive (a crawl that dies still leaves everything it saw);
* ``columns.jsonl``: at close, `crawler.assemble.build_columns` over pages.jsonl read back
  line by line (the pages are never all held in memory by the writer);
* ``crawl.json``: CrawlInfo, written at open (finished_at/finish_reason empty, so a crawl
  killed half-way is recognisable) and again when the spider closes. Whole-file writes go
  through a temporary file and ``os.replace``.
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

from contracts import CrawlInfo, LinkCheck, PageArtifact, RunFiles

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
        self._pages = self.files.path(RunFiles.PAGES).open("w", encoding="utf-8")
        self._links = self.files.path(RunFiles.LINKS).open("w", encoding="utf-8")
        self._write_crawl_info(finished=False, reason=None)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageArtifact):
            self._pages.write(item.model_dump_json())
            self._pages.write("\n")
            self._pages.flush()
            self.page_count += 1
            self.crawler.stats.inc_value("zwgk/pages_written")
        elif isinstance(item, LinkCheck):
            self._links.write(item.model_dump_json())
            self._links.write("\n")
            self._links.flush()
            self.link_count += 1
            self.crawler.stats.inc_value("zwgk/links_written")
        return item

    def close_spider(self) -> None:
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
