"""Distributed-crawl benchmark (issue 13): 1 vs 2 scrapy-redis workers, Redis memory, disk.

    .venv/bin/python bench/redis_bench.py [--pages 3000] [--out bench-redis]

1. generates the TRS-style site of bench/crawl_bench.py (about --pages pages) and serves
   it with nginx on 127.0.0.1 (the threaded samples.server when nginx is missing);
2. starts Debian's redis-server on 127.0.0.1 (free port, no persistence);
3. crawls the site with crawler.run.crawl_site (one process, the reference), then with
   crawler.redis_run.crawl_site_redis and 1, then 2 local workers (same settings:
   new-media visits and attachment reading off, as in crawl_bench), sampling Redis
   ``INFO memory`` used_memory and the queue length every 0.1 s;
4. measures Redis memory per queued request and per duplicate-filter entry by filling a
   scratch Redis database with N requests as the portal spider builds them (pickled
   scrapy-redis request dicts in the priority queue) and N 16-byte digests (the ``seen``
   and ``claims`` sets), reading used_memory before and after;
5. prints the figures as Markdown and JSON (docs/scaling.md is written from them).

Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from crawl_bench import Nginx, Threaded, bench_zwgk, free_port, generate_site  # noqa: E402

SETTINGS = {"ZWGK_NEWMEDIA": False, "ZWGK_FETCH_DOCUMENTS": False, "LOG_LEVEL": "WARNING"}


class Redis:
    def __init__(self, work: Path):
        import redis

        self.port = free_port()
        work.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                                      "--appendonly", "no", "--dir", str(work), "--loglevel", "warning"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.client = redis.Redis(host="127.0.0.1", port=self.port)
        for _ in range(200):
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        self.version = self.client.info("server")["redis_version"]

    def used(self, db: int | None = None) -> int:
        return int(self.client.info("memory")["used_memory"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def bench_redis(base: str, work: Path, pages: int, workers: int, redis: Redis, timeout: float) -> dict:
    from crawler.redis_keys import RunKeys
    from crawler.redis_run import crawl_site_redis

    out = work / f"redis-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    run = f"bench{workers}"
    keys = RunKeys(run)
    base_mem = redis.used()
    peak = {"mem": 0, "queue": 0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                peak["mem"] = max(peak["mem"], redis.used() - base_mem)
                peak["queue"] = max(peak["queue"], redis.client.zcard(keys.requests))
            except Exception:  # noqa: BLE001 - sampling only
                pass
            time.sleep(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    started = time.monotonic()
    try:
        crawl_site_redis(base + "/", out, redis.url, workers=workers, max_pages=pages + 1000, external_hosts=[],
                         extra_settings=SETTINGS, timeout=timeout, run_id=run, keep_keys=True)
    finally:
        secs = time.monotonic() - started
        stop.set()
        t.join()
    seen, claims, parsed = (redis.client.scard(k) for k in (keys.seen, keys.claims, keys.parsed))
    kept = redis.used() - base_mem
    for key in redis.client.scan_iter(match=keys.prefix + "*"):
        redis.client.delete(key)
    info = json.loads((out / "crawl.json").read_text("utf-8"))
    disk = sum(p.stat().st_size for p in out.iterdir() if p.is_file() and p.suffix == ".jsonl" or p.name == "crawl.json")
    return {"tool": f"zwgk on Redis, {workers} worker(s)", "pages": info["stats"]["zwgk/pages_written"],
            "links": info["stats"]["zwgk/links_written"], "seconds": secs, "peak_redis_bytes": peak["mem"],
            "peak_queue": peak["queue"], "seen": seen, "claims": claims, "parsed": parsed,
            "sets_bytes_at_end": kept, "disk_bytes": disk,
            "requests": info["stats"].get("downloader/request_count", 0)}


def memory_per_entry(redis: Redis, n: int) -> dict:
    """Bytes of Redis memory per queued request and per 16-byte digest (scratch db 15)."""
    import redis as redis_lib
    from scrapy_redis import picklecompat

    from crawler.redis_keys import digest
    from crawler.spiders.portal import PortalSpider

    r = redis_lib.Redis(host="127.0.0.1", port=redis.port, db=15)
    r.flushdb()
    spider = PortalSpider(start_url="http://www.example.gov.cn/")
    before = redis.used()
    pipe = r.pipeline(transaction=False)
    sizes = 0
    for i in range(n):
        url = f"http://www.example.gov.cn/xxgk/fdzdgknr/col{i % 40}/2026{i % 12 + 1:02d}/t2026{i:08d}_{i}.html"
        req = spider._page_request(url, depth=3, referrer="http://www.example.gov.cn/xxgk/fdzdgknr/col1/index.html")
        data = picklecompat.dumps(req.to_dict(spider=spider))
        sizes += len(data)
        pipe.zadd("q", {data: -req.priority})
        if i % 1000 == 999:
            pipe.execute()
    pipe.execute()
    queued = redis.used()
    for i in range(n):
        pipe.sadd("seen", digest(f"http://www.example.gov.cn/a/{i}.html"))
        if i % 1000 == 999:
            pipe.execute()
    pipe.execute()
    digests = redis.used()
    r.flushdb()
    return {"n": n, "bytes_per_request": (queued - before) / n, "pickled_request_bytes": sizes / n,
            "bytes_per_digest": (digests - queued) / n}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--entries", type=int, default=100_000, help="entries for the memory measurement")
    args = ap.parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="zwgk-redis-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    site = work / "site"
    n = generate_site(site, args.pages)
    server = Nginx(site, work) if shutil.which("nginx") else Threaded(site)
    redis = Redis(work / "redis")
    rows = []
    try:
        ref = bench_zwgk(server.base_url, work, args.pages, args.timeout)
        rows.append({"tool": ref["tool"], "pages": ref["pages"], "seconds": ref["seconds"]})
        for w in (1, 2):
            rows.append(bench_redis(server.base_url, work, args.pages, w, redis, args.timeout))
        mem = memory_per_entry(redis, args.entries)
    finally:
        redis.stop()
        server.stop()
    print(f"site: {n} pages, {server.name}; Redis {redis.version}; {os.cpu_count()} CPU")
    print("| run | pages | seconds | pages/s | peak Redis MB | peak queue | disk MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['tool']} | {r['pages']:,} | {r['seconds']:.1f} | {r['pages'] / r['seconds']:.0f} | "
              f"{r.get('peak_redis_bytes', 0) / 1e6:.1f} | {r.get('peak_queue', 0):,} | "
              f"{r.get('disk_bytes', 0) / 1e6:.1f} |")
    print(json.dumps({"rows": rows, "memory": mem}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
