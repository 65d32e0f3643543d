"""Where the audit after the crawl spends time and memory: `zwgk check RUN` stage by stage.

    .venv/bin/python bench/profile_check.py RUN_DIR --out DIR [--as-of YYYY-MM-DD]
        [--cprofile FILE.prof] [--tracemalloc]

Runs the real command (`auditor.cli.main(["check", RUN_DIR, ...])`) in this process with
timing wrappers around its stages: loading the run folder (load_site: JSON lines →
pydantic models), every rule, fingerprints, build_report, each report writer, the history
record. For each it prints seconds, the RSS after it and the growth of the peak RSS
(VmHWM) it caused; then the report files' sizes. --cprofile also writes a cProfile dump
and prints the top functions; --tracemalloc prints the largest allocation sites held
after loading and after building the report (tracemalloc slows the run several times:
use it for where memory goes, not for timings). --gc-freeze moves the loaded site out of
the cyclic garbage collector's generations (gc.freeze()) to measure what the collector's
passes over it cost.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STAGES: list[dict] = []
GC_FREEZE = False
_SNAPSHOTS: list[tuple[str, object]] = []


def _status() -> tuple[int, int]:
    rss = hwm = 0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) * 1024
    return rss, hwm


def _timed(name_of, fn, snapshot: str | None = None):
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        _, hwm0 = _status()
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return fn(*a, **kw)
        finally:
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            rss, hwm = _status()
            STAGES.append({"stage": name_of(a, kw), "seconds": secs, "cpu": cpu, "rss": rss, "hwm_growth": hwm - hwm0,
                           "hwm": hwm})
            if snapshot:
                import tracemalloc

                if tracemalloc.is_tracing():
                    _SNAPSHOTS.append((snapshot, tracemalloc.take_snapshot()))

    return wrapper


def install() -> None:
    import auditor.build
    import auditor.cli
    import auditor.history
    import auditor.runner
    import reports.html_report
    import reports.json_report
    import reports.junit_report
    import reports.markdown_report
    import reports.xlsx_report

    auditor.cli._load_run = _timed(lambda a, kw: "load_site (JSON lines → pydantic models)", auditor.cli._load_run,
                                   snapshot="after load_site")
    if GC_FREEZE:
        load = auditor.cli._load_run

        def _load_then_freeze(*a, **kw):
            site = load(*a, **kw)
            import gc

            gc.freeze()  # the loaded site leaves the cyclic GC's generations
            return site

        auditor.cli._load_run = _load_then_freeze
    auditor.runner._run_one = _timed(lambda a, kw: f"rule {a[0].meta.id}", auditor.runner._run_one)
    auditor.runner.assign_fingerprints = _timed(lambda a, kw: "assign_fingerprints", auditor.runner.assign_fingerprints)
    auditor.build.build_report = _timed(lambda a, kw: "build_report", auditor.build.build_report,
                                        snapshot="after build_report")
    # the renderers (auditor.pipeline.write_reports renders one format at a time into its
    # staging folder; older trees rendered the set in memory first) or, in older trees, the writers
    for mod, names in ((reports.html_report, ("render_html", "write_html")),
                       (reports.json_report, ("dumps", "write_json")),
                       (reports.xlsx_report, ("render_xlsx", "write_xlsx")),
                       (reports.junit_report, ("render_junit", "write_junit")),
                       (reports.markdown_report, ("render_markdown", "write_markdown"))):
        for name in names:
            if hasattr(mod, name):
                label = f"{mod.__name__.split('.')[-1]}.{name}"
                setattr(mod, name, _timed(lambda a, kw, n=label: n, getattr(mod, name)))
    import auditor.pipeline

    if hasattr(auditor.pipeline, "render_reports"):
        auditor.pipeline.render_reports = _timed(lambda a, kw: "render_reports (all formats, in memory)",
                                                 auditor.pipeline.render_reports)
    if hasattr(auditor.pipeline, "write_reports"):
        auditor.pipeline.write_reports = _timed(lambda a, kw: "write_reports (render + write the set)",
                                                auditor.pipeline.write_reports)
    auditor.history.History.record = _timed(lambda a, kw: "history.record", auditor.history.History.record)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run_dir", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--as-of", default=None)
    ap.add_argument("--cprofile", type=Path, default=None, help="write a cProfile dump here")
    ap.add_argument("--tracemalloc", action="store_true", help="top allocation sites after load and build")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after loading (an experiment)")
    args = ap.parse_args(argv)
    global GC_FREEZE
    GC_FREEZE = args.gc_freeze

    install()
    from auditor.cli import main as zwgk

    cmd = ["check", str(args.run_dir), "--out", str(args.out), "--no-history"]
    if args.as_of:
        cmd += ["--as-of", args.as_of]
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start(8)
    prof = None
    if args.cprofile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    rc = zwgk(cmd)
    total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    if prof is not None:
        prof.disable()
        prof.dump_stats(str(args.cprofile))
    rss, hwm = _status()
    print(f"\nzwgk {' '.join(cmd)} → exit {rc}; {total:.1f} s, {total_cpu:.1f} CPU s; peak RSS {hwm / 2**20:,.0f} MB\n")
    print("| stage | seconds | CPU s | share | RSS after (MB) | peak growth (MB) |\n|---|---:|---:|---:|---:|---:|")
    rules = [s for s in STAGES if s["stage"].startswith("rule ")]
    rest = [s for s in STAGES if not s["stage"].startswith("rule ")]
    rows = list(rest)
    if rules:
        rows.append({"stage": f"all {len(rules)} rules", "seconds": sum(s["seconds"] for s in rules),
                     "cpu": sum(s["cpu"] for s in rules),
                     "rss": rules[-1]["rss"], "hwm_growth": sum(s["hwm_growth"] for s in rules)})
    for s in rows:
        print(f"| {s['stage']} | {s['seconds']:.2f} | {s['cpu']:.2f} | {s['seconds'] / total:.0%} | {s['rss'] / 2**20:,.0f} | "
              f"{s['hwm_growth'] / 2**20:,.0f} |")
    print("\nslowest rules:\n\n| rule | seconds | CPU s | peak growth (MB) |\n|---|---:|---:|---:|")
    for s in sorted(rules, key=lambda s: -s["cpu"])[:12]:
        print(f"| {s['stage'][5:]} | {s['seconds']:.2f} | {s['cpu']:.2f} | {s['hwm_growth'] / 2**20:,.0f} |")
    print("\nfiles:")
    for p in sorted(args.out.glob("report.*")):
        print(f"  {p.name}: {p.stat().st_size / 2**20:,.1f} MB")
    if prof is not None:
        import pstats

        for key in ("tottime", "cumulative"):
            print(f"\ncProfile, top {args.top} by {key}:")
            pstats.Stats(prof).sort_stats(key).print_stats(args.top)
    for label, snap in _SNAPSHOTS:
        stats = snap.statistics("traceback")
        held = sum(s.size for s in stats)
        print(f"\ntracemalloc {label}: {held / 2**20:,.0f} MB held by Python objects; largest sites:")
        for st in snap.statistics("lineno")[:args.top]:
            print(f"  {st.size / 2**20:8.1f} MB {st.count:>9,} blocks  {st.traceback[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
