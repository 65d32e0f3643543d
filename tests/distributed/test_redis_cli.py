"""`zwgk audit --redis`, `zwgk nightly --redis` and their operator errors (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path
import time

import pytest
import yaml

from auditor.cli import main
from counting_server import PAGES, counting_server

pytestmark = pytest.mark.live  # a real redis-server and worker processes

AS_OF = dt.date(2026, 11, 27)


def _crawl_info(run_dir) -> dict:
    return json.loads((run_dir / "crawl.json").read_text("utf-8"))


def test_audit_with_redis_and_workers(tmp_path, redis_server, capsys):
    srv = counting_server()
    try:
        code = main(["audit", f"http://127.0.0.1:{srv.server_address[1]}/", "--as-of", AS_OF.isoformat(),
                     "--out", str(tmp_path / "out"), "--no-history", "--redis", redis_server.url, "--workers", "2"])
    finally:
        srv.shutdown()
        srv.server_close()
    assert code in (0, 2), capsys.readouterr().err
    info = _crawl_info(tmp_path / "out" / "crawl")
    assert info["finish_reason"] == "finished" and info["stats"]["zwgk/redis/workers"] == 2
    assert info["stats"]["zwgk/pages_written"] == PAGES + 1
    assert (tmp_path / "out" / "report.json").exists()
    assert not redis_server.client.keys("zwgk:run:*")


def test_nightly_with_redis_crawls_every_site_through_the_workers(tmp_path, redis_server):
    servers = [counting_server(), counting_server()]
    profile = tmp_path / "profile.yaml"
    profile.write_text(yaml.safe_dump({"out": "nightly", "sites": [
        {"name": f"s{i}", "start_url": f"http://127.0.0.1:{s.server_address[1]}/", "external_hosts": ["127.0.0.1"]}
        for i, s in enumerate(servers)]}), encoding="utf-8")
    try:
        code = main(["nightly", str(profile), "--as-of", AS_OF.isoformat(), "--progress", "off",
                     "--redis", redis_server.url, "--workers", "1"])
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()
    assert code in (0, 2)
    for i in range(2):
        info = _crawl_info(tmp_path / "nightly" / f"s{i}" / "latest" / "crawl")
        assert info["stats"]["zwgk/redis/workers"] == 1 and info["stats"]["zwgk/pages_written"] == PAGES + 1


def test_operator_errors(tmp_path, capsys):
    assert main(["audit", "http://127.0.0.1:9/", "--out", str(tmp_path), "--workers", "2"]) == 1
    assert "--workers needs --redis" in capsys.readouterr().err
    assert main(["audit", "http://127.0.0.1:9/", "--out", str(tmp_path), "--redis", "http://x"]) == 1
    assert "redis://" in capsys.readouterr().err
    # the distributed crawl has no HTTP cache: refused before any Redis is asked
    assert main(["audit", "http://127.0.0.1:9/", "--out", str(tmp_path), "--redis", "redis://127.0.0.1:9/0",
                 "--cache-dir", str(tmp_path / "cache")]) == 1
    assert "--cache-dir cannot be used with --redis" in capsys.readouterr().err
    assert not (tmp_path / "cache").exists()
    assert main(["worker", "--redis", "localhost:6379"]) == 1
    assert "redis://" in capsys.readouterr().err
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nothing listens on
    port = closed.getsockname()[1]
    try:
        assert main(["audit", "http://127.0.0.1:9/", "--out", str(tmp_path), "--redis",
                     f"redis://127.0.0.1:{port}/0"]) == 1
    finally:
        closed.close()
    assert "Redis unavailable" in capsys.readouterr().err


def test_a_worker_fleet_spreads_over_open_runs(redis_server):
    from crawler import redis_keys as rk
    from crawler.redis_crawl import pick_run

    r = redis_server.client
    r.flushdb()
    assert pick_run(r) is None
    for run, workers in (("a", 2), ("b", 1), ("c", 0)):
        keys = rk.RunKeys(run)
        r.set(keys.spec, "{}")
        r.sadd(rk.RUNS, run)
        for i in range(workers):
            r.sadd(keys.workers, f"{run}{i}")
            r.set(rk.heartbeat_key(f"{run}{i}"), run, px=60_000)
    assert pick_run(r) == "c"
    r.set(rk.RunKeys("c").done, "1")  # drained: no longer open
    assert pick_run(r) == "b"
    r.delete(rk.heartbeat_key("a0"), rk.heartbeat_key("a1"))  # a's workers died
    assert pick_run(r) == "a"
    r.flushdb()


def _worker_spider(redis_url: str, run: str, worker: str, **spec):
    """A worker's spider on the real Redis, outside a running crawl (no reactor is run)."""
    from scrapy.utils.reactor import install_reactor, is_reactor_installed
    from scrapy.utils.test import get_crawler

    from crawler.redis_crawl import RedisPortalSpider, worker_settings

    settings = worker_settings({"start_url": "http://127.0.0.1:9/", **spec}, redis_url, run, worker)
    if not is_reactor_installed():  # the worker's reactor; nothing runs it here
        install_reactor(settings["TWISTED_REACTOR"])
    crawler = get_crawler(RedisPortalSpider, settings_dict=settings.copy_to_dict())
    crawler.stats.open_spider()
    spider = RedisPortalSpider.from_crawler(crawler, start_url="http://127.0.0.1:9/")
    crawler.spider = spider
    return spider


def test_the_page_budget_counts_the_pages_of_every_worker(redis_server):
    """ZWGK_MAX_PAGES=20 for the run: two workers meeting 15 new page links each request 20
    pages together (not 15 + 15), the rest are blocked by the page budget."""
    import scrapy

    from contracts import LinkKind

    r = redis_server.client
    r.flushdb()
    a, b = (_worker_spider(redis_server.url, "budget", w, max_pages=20) for w in ("wa", "wb"))
    requests, blocked = 0, 0
    for i in range(15):
        for spider, side in ((a, "a"), (b, "b")):
            for out in spider._target(f"http://127.0.0.1:9/{side}{i}.html", LinkKind.page, depth=1, referrer=None):
                if isinstance(out, scrapy.Request):
                    requests += 1
                elif out is not None and "page budget" in (out.error or ""):
                    blocked += 1
    assert (requests, blocked) == (20, 10)
    assert int(r.get("zwgk:run:budget:pages_requested")) == 20
    r.flushdb()


def test_heartbeat_flushes_seen_entries_made_outside_callbacks(redis_server):
    """The start URL enters ``seen`` before any callback ran: the heartbeat writes it (a
    regression: the beat once failed when it had such an entry to flush)."""
    from crawler import redis_keys as rk

    r = redis_server.client
    r.flushdb()
    spider = _worker_spider(redis_server.url, "beat", "w-beat")
    r.set(rk.RunKeys("beat").coordinator, "1")  # a live coordinator
    spider.seen.add("http://127.0.0.1:9/")
    assert not r.scard(rk.RunKeys("beat").seen)
    spider._beat()
    assert r.scard(rk.RunKeys("beat").seen) == 1 and "http://127.0.0.1:9/" in spider.seen
    assert r.get(rk.heartbeat_key("w-beat")) == b"beat" and r.sismember(rk.RunKeys("beat").workers, "w-beat")
    r.flushdb()


def test_a_crawl_cut_short_leaves_no_target_without_its_link_check(tmp_path, redis_server):
    """Timeout: the workers stop at once, and every target met on a crawled page has its
    LinkCheck: answered, or "unfinished:" (blocked, could not evaluate), as in one process."""
    from collections import Counter

    from crawler.redis_run import crawl_site_redis

    srv = counting_server()
    try:
        started = time.monotonic()
        run = crawl_site_redis(f"http://127.0.0.1:{srv.server_address[1]}/", tmp_path / "run", redis_server.url,
                               workers=1, external_hosts=["127.0.0.1"], timeout=15,
                               extra_settings={"ZWGK_REDIS_HOST_CONCURRENCY": 1, "DOWNLOAD_DELAY": 0.5,
                                               "ZWGK_NEWMEDIA": False, "ZWGK_RENDER": "off"})
        took = time.monotonic() - started
    finally:
        srv.shutdown()
        srv.server_close()
    info = _crawl_info(run)
    assert info["finish_reason"] == "closespider_timeout" and took < 15 + 30
    assert "crawl ended early: closespider_timeout" in info["capped"]
    pages = [json.loads(x) for x in (run / "pages.jsonl").read_text("utf-8").splitlines()]
    links = [json.loads(x) for x in (run / "links.jsonl").read_text("utf-8").splitlines()]
    assert 0 < len(pages) < PAGES
    assert not [u for u, n in Counter(c["url"] for c in links).items() if n > 1]
    met = {link["url"] for p in pages for link in p["links"]}
    checked = {c["url"] for c in links}
    assert met <= checked, f"targets without a LinkCheck: {sorted(met - checked)[:5]}"
    unfinished = [c for c in links if (c.get("error") or "").startswith("unfinished:")]
    assert unfinished and {c["outcome"] for c in unfinished} == {"blocked"}
    assert info["stats"]["zwgk/links/unfinished"] == len(unfinished)
    assert not redis_server.client.keys("zwgk:run:*")


def test_workers_leave_a_run_whose_coordinator_was_killed(tmp_path, redis_server):
    """SIGKILL of the coordinator (nothing will drain or finish the run): its local worker,
    in its own session, notices the coordinator's heartbeat expired and exits."""
    import os
    import signal
    import subprocess
    import sys

    from crawler.redis_run import _child_env

    srv = counting_server()
    code = (f"from crawler.redis_run import crawl_site_redis; "
            f"crawl_site_redis('http://127.0.0.1:{srv.server_address[1]}/', {str(tmp_path / 'run')!r}, "
            f"{redis_server.url!r}, workers=1, external_hosts=['127.0.0.1'], run_id='orphan', "
            f"extra_settings={{'ZWGK_REDIS_COORDINATOR_TTL': 3.0, 'DOWNLOAD_DELAY': 0.5, "
            f"'ZWGK_REDIS_HOST_CONCURRENCY': 1, 'ZWGK_NEWMEDIA': False}})")
    coordinator = subprocess.Popen([sys.executable, "-c", code], env=_child_env(), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker_pid = None
    try:
        deadline = time.monotonic() + 60
        while worker_pid is None or not (tmp_path / "run" / "pages.jsonl").exists() or \
                not (tmp_path / "run" / "pages.jsonl").read_bytes():
            assert time.monotonic() < deadline and coordinator.poll() is None, "the crawl did not get going"
            kids = Path(f"/proc/{coordinator.pid}/task/{coordinator.pid}/children").read_text().split()
            worker_pid = int(kids[0]) if kids else None
            time.sleep(0.1)
        coordinator.kill()
        coordinator.wait()
        deadline = time.monotonic() + 45  # TTL 3 s, a beat each second, then Scrapy closes
        while Path(f"/proc/{worker_pid}").exists() and \
                "Z" not in Path(f"/proc/{worker_pid}/stat").read_text().rsplit(")", 1)[1].split()[0]:
            assert time.monotonic() < deadline, "the worker kept running for a dead coordinator"
            time.sleep(0.2)
    finally:
        if coordinator.poll() is None:
            coordinator.kill()
            coordinator.wait()
        if worker_pid and Path(f"/proc/{worker_pid}").exists():
            try:
                os.kill(worker_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        srv.shutdown()
        srv.server_close()
    assert "coordinator stopped beating" in (tmp_path / "run" / "crawl-worker-1.log").read_text()
    redis_server.client.flushdb()
