"""`zwgk nightly PROFILE`: audit every site of a profile, one after the other.

* A lock file (fcntl) in the output folder: a second run while one is going exits 1 at once.
* Each run writes into a new folder `<out>/<site>/runs/<as_of>_<time>/` (crawl/ + reports);
  only when it succeeded does `<out>/<site>/latest` (a symlink, switched atomically) point to
  it, so a failed crawl never replaces the last good report.
* Every run is recorded in the history (failed runs too, with their error; they are never
  a baseline).
* After the sites: the roll-up over all of them (index.html, rollup.json, rollup.xlsx,
  rollup.docx in the output folder) and the profile's webhooks (auditor.rollup,
  auditor.notify). A roll-up that cannot be written is a tool failure (1); a webhook that
  cannot be reached is logged and changes nothing.
* Exit code: 1 if any site's run failed, else 2 if any site's gate failed, else 0.
* Ctrl-C or SIGTERM (systemd stop, timeout) during a run stops the crawler child too
  (terminated, then killed after crawler.run.STOP_GRACE s), marks the run folder FAILED.txt,
  releases the lock and exits 1; `latest` keeps pointing at the last good report.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from .errors import ToolError
from .profile import Profile, SiteProfile, load_profile

LOCK_NAME = ".zwgk-nightly.lock"
LATEST = "latest"
EXIT_OK, EXIT_TOOL, EXIT_GATE = 0, 1, 2


class LockedError(ToolError):
    pass


class NightlyInterrupted(KeyboardInterrupt):
    """SIGTERM (or SIGINT) received: the run stops like on Ctrl-C."""


@contextmanager
def _interruptible() -> Iterator[None]:
    """In the main thread: SIGTERM raises NightlyInterrupted (once; a second signal during
    the clean-up is ignored so that the clean-up completes). Elsewhere: nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = []

    def handler(signum, frame):
        if fired:
            return
        fired.append(signum)
        raise NightlyInterrupted(f"signal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop_crawls() -> None:
    try:
        from crawler.run import stop_active_crawls
    except ImportError:  # pragma: no cover - crawler not installed: nothing to stop
        return
    n = stop_active_crawls()
    if n:
        print(f"已停止抓取 stopped {n} crawl process(es)", file=sys.stderr, flush=True)


@contextmanager
def nightly_lock(folder: Path) -> Iterator[Path]:
    """Hold an exclusive, non-blocking flock on `<folder>/.zwgk-nightly.lock`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fh = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            raise LockedError(f"另一个 nightly 正在运行 / another nightly run holds the lock {path} "
                              f"(pid {holder}); this run exits without doing anything") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield path
    finally:
        fh.close()  # closing releases the lock


def switch_latest(site_dir: Path, run_dir: Path) -> Path:
    """Point `<site_dir>/latest` at `run_dir` atomically (a new symlink renamed over the old)."""
    link = site_dir / LATEST
    tmp = site_dir / f".{LATEST}.{os.getpid()}.tmp"
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass
    os.symlink(os.path.relpath(run_dir, site_dir), tmp)
    os.replace(tmp, link)
    return link


def prune_runs(site_dir: Path, keep: int) -> list[Path]:
    """Delete the oldest run folders beyond `keep`; never the one `latest` points to."""
    runs = sorted(p for p in (site_dir / "runs").iterdir() if p.is_dir()) if (site_dir / "runs").is_dir() else []
    latest = (site_dir / LATEST).resolve() if (site_dir / LATEST).exists() else None
    removed = []
    for p in runs[:-keep] if len(runs) > keep else []:
        if latest is not None and p.resolve() == latest:
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    return removed


def _resolve(base: Path, value: str | None) -> str | None:
    if value is None:
        return None
    p = Path(value)
    return str(p if p.is_absolute() else base / p)


def _run_folder(site_dir: Path, as_of: dt.date) -> Path:
    stamp = dt.datetime.now().strftime("%H%M%S")
    run = site_dir / "runs" / f"{as_of.isoformat()}_{stamp}"
    n = 1
    while run.exists():
        n += 1
        run = site_dir / "runs" / f"{as_of.isoformat()}_{stamp}-{n}"
    run.mkdir(parents=True)
    return run


CACHE_DIR = "cache"  # per-site HTTP cache under the output root: OUT/<site>/cache


def site_cache_dir(site: SiteProfile, base: Path, site_dir: Path) -> Path:
    """The site's HTTP cache: the profile's `cache_dir` (relative to the profile's folder), else
    OUT/<site>/cache, kept across nightly runs so unchanged pages cost a 304."""
    return Path(_resolve(base, site.cache_dir)) if site.cache_dir else site_dir / CACHE_DIR


def run_site(site: SiteProfile, profile: Profile, base: Path, out: Path, history: Path, as_of: dt.date, *,
             progress: str = "auto", injected_rules: Sequence | None = None, crawl_fn=None) -> int:
    from auditor.cli import _load_run
    from auditor.history import History
    from auditor.pipeline import AuditOptions, audit_site, crawl
    from auditor.progress import progress_enabled, run_with_progress
    from auditor.waivers import load_waivers

    site_dir = out / site.name
    run_dir = _run_folder(site_dir, as_of)
    crawl_dir = run_dir / "crawl"
    print(f"[{site.name}] 检查 auditing {site.start_url} → {run_dir}", flush=True)
    try:
        if isinstance(site.waivers, str):
            waivers = load_waivers(_resolve(base, site.waivers))
        else:
            waivers = list(site.waivers or [])
        do_crawl = crawl_fn or crawl
        cache = {"cache_dir": site_cache_dir(site, base, site_dir)} if crawl_fn is None else {}
        folder = run_with_progress(
            lambda: do_crawl(site.start_url, crawl_dir, max_pages=site.max_pages,
                             external_hosts=site.external_hosts, timeout=site.timeout, **cache),
            crawl_dir, label=f"[{site.name}] 抓取 crawling", start_url=site.start_url,
            enabled=progress_enabled(progress))
        data = _load_run(Path(folder))
        if not data.pages:
            raise ToolError("抓取结果中没有任何页面 / no pages were crawled")
        opts = AuditOptions(
            as_of=as_of, out=run_dir, fail_on=site.fail_on, plan=_resolve(base, site.plan),
            mapping=_resolve(base, site.mapping), scoring=_resolve(base, site.scoring),
            overrides=site.rules, history=history, waivers=waivers, site_name=site.name, run_dir=Path(folder))
        report, _paths = audit_site(data, opts, injected_rules)
    except KeyboardInterrupt as exc:  # Ctrl-C / SIGTERM: stop the crawl; `latest` is not switched
        _stop_crawls()
        (run_dir / "FAILED.txt").write_text(f"interrupted ({exc or 'Ctrl-C'})\n", encoding="utf-8")
        print(f"[{site.name}] 已中断 interrupted; 保留上次报告 last good report kept", file=sys.stderr, flush=True)
        raise
    except Exception as exc:  # noqa: BLE001 - one site's failure must not stop the others
        if not isinstance(exc, ToolError):
            exc = ToolError(f"内部错误 / internal error: {type(exc).__name__}: {exc}")
        (run_dir / "FAILED.txt").write_text(f"{exc}\n", encoding="utf-8")
        try:
            with History(history) as h:
                h.record_failure(site.name, site.start_url, as_of, str(exc))
        except ToolError as hist_exc:
            print(f"[{site.name}] {hist_exc}", file=sys.stderr)
        kept = (site_dir / LATEST)
        print(f"[{site.name}] 失败 FAILED: {exc}", file=sys.stderr)
        if kept.exists():
            print(f"[{site.name}] 保留上次报告 last good report kept: {kept.resolve()}", file=sys.stderr)
        return EXIT_TOOL
    link = switch_latest(site_dir, run_dir)
    prune_runs(site_dir, profile.keep_runs)
    d, s = report.diff, report.summary
    score = f" · 得分 score {report.score.score:g} {report.score.verdict}" if report.score else ""
    print(f"[{site.name}] 完成 done: 问题 fails {s.by_status.get('fail', 0)} · 新增 new {d.new + d.regressed} · "
          f"已整改 resolved {d.resolved}{score} · 结论 gate (--fail-on {s.fail_on}) "
          f"{'未通过 FAILED' if s.gate_failed else '通过 passed'} → {link / 'report.html'}", flush=True)
    return EXIT_GATE if s.gate_failed else EXIT_OK


def run_nightly(profile_path: str | Path, *, as_of: dt.date, only_sites: Sequence[str] = (), progress: str = "auto",
                injected_rules: Sequence | None = None, crawl_fn=None) -> int:
    profile, base = load_profile(profile_path, injected_rules)
    out = Path(_resolve(base, profile.out))
    history = Path(_resolve(out, profile.history)) if profile.history else out / "zwgk-history.sqlite"
    sites = profile.sites
    if only_sites:
        names = {s.name for s in sites}
        unknown = [n for n in only_sites if n not in names]
        if unknown:
            raise ToolError(f"--site: no site named {', '.join(unknown)} in {profile_path} "
                            f"(sites: {', '.join(sorted(names))})")
        sites = [s for s in sites if s.name in set(only_sites)]
    codes = []
    with _interruptible(), nightly_lock(out):
        for site in sites:
            codes.append(run_site(site, profile, base, out, history, as_of, progress=progress,
                                  injected_rules=injected_rules, crawl_fn=crawl_fn))
        from .rollup import finish_nightly

        if not finish_nightly(profile, out, history, as_of):
            codes.append(EXIT_TOOL)
    if EXIT_TOOL in codes:
        return EXIT_TOOL
    return EXIT_GATE if EXIT_GATE in codes else EXIT_OK


__all__ = ["run_nightly", "run_site", "nightly_lock", "switch_latest", "prune_runs", "LockedError", "LOCK_NAME"]
