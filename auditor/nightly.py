"""`zwgk nightly PROFILE`: audit every site of a profile, one after the other.

* A lock file (fcntl) in the output folder, and the history database's lock (auditor.lock,
  shared with `zwgk audit`): a second run while one is going exits 1 at once.
* Each run writes into a new folder `<out>/<site>/runs/<as_of>_<time>/` (crawl/ + reports);
  only when it succeeded does `<out>/<site>/latest` (a symlink, switched atomically) point to
  it, so a failed crawl never replaces the last good report.
* Every run is recorded in the history (failed runs too, with their error; they are never
  a baseline). A run whose crawl did not finish is partial: its report stays in its run
  folder (with PARTIAL.txt), `latest` is not switched, and it counts as a failed site run
  unless its gate failed.
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
import os
import shutil
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from contracts.report import clean_text

from .errors import ToolError
from .lock import Interrupted, LockedError, hold, history_lock_path, interruptible, stop_crawls
from .profile import Profile, SiteProfile, load_profile

LOCK_NAME = ".zwgk-nightly.lock"
LATEST = "latest"
EXIT_OK, EXIT_TOOL, EXIT_GATE, EXIT_INCOMPLETE = 0, 1, 2, 3


NightlyInterrupted = Interrupted  # the name this module used before auditor.lock was shared


def _stop_crawls() -> None:
    stop_crawls()


@contextmanager
def nightly_lock(folder: Path) -> Iterator[Path]:
    """Hold an exclusive, non-blocking flock on `<folder>/.zwgk-nightly.lock`."""
    with ExitStack() as stack:
        try:
            path = stack.enter_context(hold(Path(folder) / LOCK_NAME, f"nightly output {folder}"))
        except LockedError as exc:
            raise LockedError(f"另一个 nightly 正在运行 / another nightly run holds the lock: {exc}") from None
        yield path


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
        exc = ToolError(clean_text(str(exc)))  # may quote crawled text: never escape sequences
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
    d, s = report.diff, report.summary
    if s.partial:  # a qualified report in its run folder; `latest` stays on the last complete run
        (run_dir / "PARTIAL.txt").write_text("; ".join(s.partial_reasons) + "\n", encoding="utf-8")
        print(f"[{site.name}] 部分检查 PARTIAL（抓取未完成 the crawl did not finish: {'; '.join(s.partial_reasons)}）: "
              f"问题 fails {s.by_status.get('fail', 0)} · 结论 gate "
              f"{'未通过 FAILED' if s.gate_failed else '不作结论 no verdict'} → {run_dir / 'report.html'}; "
              f"latest 未切换 not switched", file=sys.stderr, flush=True)
        return EXIT_GATE if s.gate_failed else EXIT_INCOMPLETE
    link = switch_latest(site_dir, run_dir)
    prune_runs(site_dir, profile.keep_runs)
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
    with interruptible(), nightly_lock(out), hold(history_lock_path(history), f"history database {history}"):
        for site in sites:
            codes.append(run_site(site, profile, base, out, history, as_of, progress=progress,
                                  injected_rules=injected_rules, crawl_fn=crawl_fn))
        from .rollup import finish_nightly

        if not finish_nightly(profile, out, history, as_of):
            codes.append(EXIT_TOOL)
    for code in (EXIT_TOOL, EXIT_INCOMPLETE, EXIT_GATE):  # the worst first: failed, incomplete, gaps
        if code in codes:
            return code
    return EXIT_OK


__all__ = ["run_nightly", "run_site", "nightly_lock", "switch_latest", "prune_runs", "LockedError", "LOCK_NAME"]
