"""CLI glue of distributed crawling (issue 13): ``--redis URL [--workers N]`` on ``zwgk
audit`` and ``zwgk nightly``, and the ``zwgk worker`` subcommand.

Without ``--redis`` nothing here is used: one machine with the embedded run folder stays the
default (auditor.pipeline.crawl → crawler.run.crawl_site).
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from auditor.errors import ToolError


def add_redis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--redis", default=None, metavar="URL",
                   help="crawl through this Redis (redis://host:port/db) with scrapy-redis workers "
                        "(no HTTP cache: --cache-dir is refused, a profile's cache_dir is not used)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="with --redis: start N local workers (default 1; 0 = only `zwgk worker` elsewhere)")


def add_worker_parser(sub) -> None:
    p = sub.add_parser("worker", help="crawl runs queued in Redis (distributed crawling)",
                       description="分布式抓取工作进程：从 Redis 领取抓取任务，直到被停止")
    p.add_argument("--redis", required=True, metavar="URL", help="redis://host:port/db shared with the auditor")
    p.add_argument("--run", default=None, metavar="ID", help="only this run, then exit")
    p.set_defaults(func=cmd_worker)


def cmd_worker(args, injected_rules) -> int:
    from crawler.redis_crawl import run_worker, serve_runs

    _check_url(args.redis)
    if args.run:
        return run_worker(args.redis, args.run)
    return serve_runs(args.redis)


def _check_url(url: str) -> None:
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ToolError(f"--redis needs a redis:// URL, got {url!r}")


def crawl_fn(args):
    """The crawl function for `args` (auditor.pipeline.crawl's signature), or None without --redis."""
    redis_url = getattr(args, "redis", None)
    workers = getattr(args, "workers", None)
    if not redis_url:
        if workers is not None:
            raise ToolError("--workers needs --redis")
        return None
    _check_url(redis_url)
    if workers is not None and workers < 0:
        raise ToolError("--workers must be 0 or more")
    return functools.partial(crawl_redis, redis_url=redis_url, workers=1 if workers is None else workers)


def crawl_redis(url: str, run_dir: Path, *, max_pages: int, external_hosts, timeout: float | None = None,
                redis_url: str, workers: int) -> Path:
    """crawler.redis_run.crawl_site_redis; a failure becomes one ToolError (as auditor.pipeline.crawl)."""
    import redis

    from crawler.redis_run import crawl_site_redis
    from crawler.run import CrawlError

    try:
        return crawl_site_redis(url, run_dir, redis_url, workers=workers, max_pages=max_pages,
                                external_hosts=external_hosts, timeout=timeout)
    except redis.RedisError as exc:
        raise ToolError(f"Redis 不可用 / Redis unavailable at {redis_url}: {exc}") from None
    except CrawlError as exc:
        tail = [ln for ln in (exc.log_tail or "").splitlines() if ln.strip()][-8:]
        lines = [f"抓取失败 / crawl failed: {str(exc).splitlines()[0]}"] + [f"  {ln}" for ln in tail]
        raise ToolError("\n".join(lines)) from None
