"""Run one crawl in a child process and hand back its run folder.

Twisted's reactor cannot be restarted inside a process, so every crawl runs in a fresh
interpreter: ``python -m crawler.run --start-url URL --out DIR ...`` (CrawlerProcess).
`crawl_site` builds that command, waits for it and checks the result, so the auditor and
the tests can crawl as many sites as they like from one process.

After the portal crawl the same process visits the portal's 政务新媒体 accounts
(crawler.spiders.newmedia → accounts.jsonl), unless ZWGK_NEWMEDIA is false.

Resume: the run folder holds Scrapy's JOBDIR (``job/``); ``crawl_site(..., resume=True)``
(``--resume``) continues an interrupted crawl of the same folder without losing or
duplicating artifacts (crawler.resume). Nightly re-crawl: ``cache_dir=`` (``--cache-dir``)
keeps an HTTP cache between runs and revalidates every page with a conditional request.

A crawl *succeeds* when the child exits 0 and wrote a finished ``crawl.json``, and
nothing was logged at ERROR or above: the crawler logs dead links, timeouts, robots.txt
trouble and pages that break extraction as warnings (they are what the audit is about), so
an ERROR means the crawler itself malfunctioned (reactor/startup problems, a bug in a
callback) and its artifacts cannot be trusted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from contracts import CrawlInfo, RunFiles

LOG_NAME = "crawl.log"
JOB_DIR = "job"  # Scrapy JOBDIR inside the run folder
EXIT_OK = 0
EXIT_CRAWL_FAILED = 2


class CrawlError(RuntimeError):
    """The crawl did not complete cleanly; `log_tail` holds the child's last log lines and
    `out_dir` the run folder (which may hold partial artifacts)."""

    def __init__(self, message: str, *, out_dir: Path | None = None, log_tail: str = ""):
        self.out_dir = out_dir
        self.log_tail = log_tail
        super().__init__(f"{message}\n--- last crawl log lines ---\n{log_tail}" if log_tail else message)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            return "".join(deque(fh, maxlen=lines)).rstrip()
    except OSError:
        return ""


def _package_root() -> Path:
    """The directory that holds the `crawler` and `contracts` packages (site-packages when
    installed, the repository when run from a checkout)."""
    return Path(__file__).resolve().parent.parent


def build_command(start_url: str, out_dir: Path, *, max_pages: int, external_hosts: Iterable[str] | None,
                  settings: Mapping[str, Any], resume: bool = False, cache_dir: str | os.PathLike[str] | None = None,
                  jobdir: bool = True) -> list[str]:
    cmd = [sys.executable, "-m", "crawler.run", "--start-url", start_url, "--out", str(out_dir),
           "--max-pages", str(int(max_pages))]
    if resume:
        cmd.append("--resume")
    if cache_dir is not None:
        cmd += ["--cache-dir", str(Path(cache_dir).resolve())]
    if not jobdir:
        cmd.append("--no-jobdir")
    if external_hosts is not None:
        hosts = [h.strip() for h in external_hosts if h and h.strip()]
        if any("," in h for h in hosts):
            raise ValueError(f"a host name cannot contain a comma: {hosts!r}")
        cmd += ["--external-hosts", ",".join(hosts)]
    for key, value in settings.items():
        cmd += ["--set", f"{key}={json.dumps(value, ensure_ascii=False)}"]
    return cmd


def crawl_site(start_url: str, out_dir: str | os.PathLike[str], *, max_pages: int = 5000,
               external_hosts: Iterable[str] | None = None, extra_settings: Mapping[str, Any] | None = None,
               timeout: float | None = None, resume: bool = False,
               cache_dir: str | os.PathLike[str] | None = None, jobdir: bool = True) -> Path:
    """Crawl `start_url` into `out_dir` (created if needed) in a child process.

    `external_hosts`: hostnames external link checks may reach (None = the default policy of
    `crawler.guard`); `extra_settings`: Scrapy/ZWGK settings for this run (JSON-serialisable
    values); `timeout`: seconds. With a timeout the spider is asked to close a little before
    it (CLOSESPIDER_TIMEOUT, so the artifacts are complete for what was crawled, and
    CrawlInfo.capped says so) and the child is killed when it runs past it.

    `resume`: continue the interrupted crawl in `out_dir` (same start URL). `cache_dir`: a
    folder kept between runs for conditional re-crawls. `jobdir`: keep Scrapy's queue in
    ``out_dir/job`` so an interrupted crawl can be resumed.

    Returns `out_dir`; raises `CrawlError` when the crawl failed (see module docstring).
    """
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    crawl_json = out / RunFiles.CRAWL
    if resume:
        _mark_unfinished(crawl_json)
    else:
        crawl_json.unlink(missing_ok=True)  # never mistake an earlier run's result for this one's
        shutil.rmtree(out / JOB_DIR, ignore_errors=True)  # a fresh crawl starts with an empty queue

    settings = dict(extra_settings or {})
    if timeout is not None and timeout > 5 and "CLOSESPIDER_TIMEOUT" not in settings:
        grace = min(60.0, max(3.0, timeout * 0.15))
        settings["CLOSESPIDER_TIMEOUT"] = round(timeout - grace, 1)
    cmd = build_command(start_url, out, max_pages=max_pages, external_hosts=external_hosts, settings=settings,
                        resume=resume, cache_dir=cache_dir, jobdir=jobdir)

    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_package_root()), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONIOENCODING", "utf-8")

    log_path = out / LOG_NAME
    with log_path.open("ab" if resume else "wb") as log:
        proc = subprocess.Popen(cmd, cwd=out, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise CrawlError(f"crawl of {start_url} killed after {timeout} s", out_dir=out,
                             log_tail=_tail(log_path)) from None
        except BaseException:
            proc.kill()
            proc.wait()
            raise

    if rc != EXIT_OK:
        raise CrawlError(f"crawl of {start_url} failed (exit code {rc})", out_dir=out, log_tail=_tail(log_path))
    if not crawl_json.exists():
        raise CrawlError(f"crawl of {start_url} wrote no {RunFiles.CRAWL}", out_dir=out, log_tail=_tail(log_path))
    info = CrawlInfo.model_validate_json(crawl_json.read_text("utf-8"))
    if info.finish_reason is None:
        raise CrawlError(f"crawl of {start_url} did not finish", out_dir=out, log_tail=_tail(log_path))
    errors = int(info.stats.get("log_count/ERROR", 0)) + int(info.stats.get("log_count/CRITICAL", 0))
    if errors:
        raise CrawlError(f"crawl of {start_url} logged {errors} error(s)", out_dir=out, log_tail=_tail(log_path))
    return out


def _mark_unfinished(crawl_json: Path) -> None:
    """A resumed crawl is unfinished until its child says otherwise."""
    try:
        info = CrawlInfo.model_validate_json(crawl_json.read_text("utf-8"))
    except (OSError, ValueError):
        return
    info.finished_at = None
    info.finish_reason = None
    crawl_json.write_text(info.model_dump_json(indent=1), encoding="utf-8")


# ---------------------------------------------------------------- child process entry


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _parse_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m crawler.run", description="Crawl one portal into a run folder.")
    p.add_argument("--start-url", required=True)
    p.add_argument("--out", required=True, help="run folder to write")
    p.add_argument("--max-pages", type=int, default=None, help="page budget (ZWGK_MAX_PAGES)")
    p.add_argument("--external-hosts", default=None,
                   help="comma-separated hostnames external checks may reach ('' = none, '*' = all)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a setting (VALUE is read as JSON when it parses, else as text)")
    p.add_argument("--resume", action="store_true", help="continue the interrupted crawl in --out")
    p.add_argument("--cache-dir", default=None, help="HTTP cache kept between runs (conditional re-crawls)")
    p.add_argument("--no-jobdir", action="store_true", help="do not keep Scrapy's queue under --out/job")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.start_url.lower().startswith(("http://", "https://")):
        parser.error(f"--start-url must be an http(s) URL, got {args.start_url!r}")

    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.spiders.portal import PortalSpider

    settings = Settings()
    settings.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or "crawler.settings", priority="project")
    for item in args.overrides:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            print(f"--set needs KEY=VALUE, got {item!r}", file=sys.stderr)
            return EXIT_CRAWL_FAILED
        settings.set(key.strip(), _parse_value(value), priority="cmdline")
    out = Path(args.out).resolve()
    settings.set("ZWGK_RUN_DIR", str(out), priority="cmdline")
    if args.max_pages is not None:
        settings.set("ZWGK_MAX_PAGES", args.max_pages, priority="cmdline")
    if args.external_hosts is not None:
        hosts = [h.strip() for h in args.external_hosts.split(",") if h.strip()]
        settings.set("ZWGK_EXTERNAL_HOSTS", hosts, priority="cmdline")
    if not args.no_jobdir:
        settings.set("JOBDIR", str(out / JOB_DIR), priority="cmdline")
    if args.resume:
        settings.set("ZWGK_RESUME", True, priority="cmdline")
    if args.cache_dir:
        settings.set("ZWGK_CACHE_DIR", str(Path(args.cache_dir).resolve()), priority="cmdline")

    process = CrawlerProcess(settings)
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    crawler = process.create_crawler(PortalSpider)
    done = process.crawl(crawler, start_url=args.start_url)
    newmedia = None
    if settings.getbool("ZWGK_NEWMEDIA", True):
        from crawler.spiders.newmedia import NewMediaSpider

        from scrapy.crawler import Crawler

        newmedia_settings = settings.copy()
        newmedia_settings.set("JOBDIR", None, priority="cmdline")  # accounts are few: no queue on disk
        newmedia = Crawler(NewMediaSpider, newmedia_settings, init_reactor=False)

        def _accounts(result):
            try:
                reason = crawler.stats.get_value("finish_reason")
            except RuntimeError:  # the portal crawl never started
                reason = None
            if reason in (None, "shutdown"):
                return result  # never started, or stopped by a signal: no accounts now (a resume visits them)
            return process.crawl(newmedia, start_url=args.start_url)

        done.addBoth(_accounts)
    process.start()

    crawl_json = out / RunFiles.CRAWL
    problems = []
    if not crawl_json.exists():
        problems.append(f"no {RunFiles.CRAWL} written")
    if counter.count:
        problems.append(f"{counter.count} error(s) logged")
    try:
        stats = crawler.stats.get_stats()
    except RuntimeError:  # the crawl never started (e.g. the spider refused its arguments)
        stats = {}
        problems.append("the crawl did not start")
    summary = {
        "start_url": args.start_url,
        "out": str(out),
        "finish_reason": stats.get("finish_reason"),
        "pages": stats.get("zwgk/pages_written", 0),
        "links": stats.get("zwgk/links_written", 0),
        "requests": stats.get("downloader/request_count", 0),
        "errors_logged": counter.count,
        "problems": problems,
    }
    print(json.dumps(summary, ensure_ascii=False, default=str), flush=True)
    return EXIT_CRAWL_FAILED if problems else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
