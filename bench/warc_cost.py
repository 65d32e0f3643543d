"""What the WARC archive (crawler.warc) costs: crawl the bundled kfq sample on 127.0.0.1
with and without the archive, alternately, and report wall time, archive size against the
body bytes received, and the time of a re-extraction from the archive (server stopped).

    .venv/bin/python bench/warc_cost.py --rounds 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from auditor.archive import reextract
from contracts import CrawlInfo
from crawler.run import crawl_site
from crawler.warc import index_path, warc_files
from samples import build_and_serve

AS_OF = dt.date(2026, 11, 27)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zwgk-warc-bench-"))
    server, _ = build_and_serve(work / "site", AS_OF)
    times: dict[bool, list[float]] = {True: [], False: []}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    last = None
    try:
        for r in range(args.rounds):
            for archive in (False, True):
                out = work / f"run-{r}-{int(archive)}"
                started = time.monotonic()
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                crawl_site(server.base_url + "/", out, external_hosts=["127.0.0.1"], timeout=600,
                           extra_settings={"ZWGK_WARC": archive})
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[archive].append(time.monotonic() - started)
                cpu[archive].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                if archive:
                    last = out
    finally:
        server.stop()
    info = CrawlInfo.model_validate_json((last / "crawl.json").read_text("utf-8"))
    warcs = warc_files(last)
    warc_bytes = sum(p.stat().st_size for p in warcs)
    index_bytes = sum(index_path(p).stat().st_size for p in warcs)
    body = int(info.stats.get("zwgk/warc/body_bytes", 0))
    records = int(info.stats.get("zwgk/warc/records", 0))
    pages = int(info.stats.get("zwgk/pages_written", 0))
    started = time.monotonic()
    reextract(last)
    replay_s = time.monotonic() - started
    off, on = statistics.median(times[False]), statistics.median(times[True])
    result = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "rounds": args.rounds,
        "crawl_s_without": [round(t, 2) for t in times[False]],
        "crawl_s_with": [round(t, 2) for t in times[True]],
        "median_without": round(off, 2), "median_with": round(on, 2),
        "overhead_pct": round(100 * (on - off) / off, 1),
        "cpu_s_without": [round(t, 2) for t in cpu[False]],
        "cpu_s_with": [round(t, 2) for t in cpu[True]],
        "cpu_median_without": round(statistics.median(cpu[False]), 2),
        "cpu_median_with": round(statistics.median(cpu[True]), 2),
        "archive_cpu_s": round(int(info.stats.get("zwgk/warc/write_us", 0)) / 1e6, 3),
        "pages": pages, "records": records, "body_bytes": body,
        "warc_bytes": warc_bytes, "index_bytes": index_bytes,
        "warc_vs_body": round(warc_bytes / body, 3) if body else None,
        "reextract_s": round(replay_s, 2),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
