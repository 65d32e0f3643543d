"""Distributed crawling through a real Redis (issue 13): worker processes against the
bundled sample portal give exactly the findings of a single-process run, also when one
worker is SIGKILLed mid-crawl; two workers together keep one per-host concurrency limit,
measured at the server."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from auditor.cli import main
from counting_server import PAGES, counting_server
from crawler.redis_run import _child_env, crawl_site_redis, worker_command
from crawler.run import crawl_site
from samples import build_and_serve

pytestmark = pytest.mark.live  # a real redis-server and worker processes

AS_OF = dt.date(2026, 11, 27)
RUN_SPECIFIC = ("warc_record_id", "warc_file", "warc_offset", "fetched_at")
EXTERNAL = ["127.0.0.1"]


def findings(run_dir: Path, out: Path) -> list[str]:
    """Every finding of the audit of `run_dir` (all statuses), as comparable JSON lines.

    Evidence is compared whole except ``examples``: the few illustrations some rules draw
    (INS003, GD003, ...) are the first ones in crawl order, and crawl order is not stable
    even between two single-process runs of this portal (measured: 216 of 414 positions of
    pages.jsonl differed), so only their number is compared. The WARC citation keys that name
    where a record lies in this run's archive (record id, file, offset, date) are compared for
    presence only; body_sha256 and http_status are compared whole."""
    code = main(["check", str(run_dir), "--as-of", AS_OF.isoformat(), "--out", str(out), "--no-history"])
    assert code in (0, 2), f"audit failed with exit code {code}"
    return comparable(out / "report.json")


def comparable(report_json: Path) -> list[str]:
    """The findings of a report.json as findings() compares them."""
    report = json.loads(report_json.read_text("utf-8"))
    keep = ("rule", "status", "severity", "url", "target", "message", "evidence", "task")
    out_lines = []
    for f in report["findings"]:
        row = {k: f.get(k) for k in keep}
        evidence = dict(row["evidence"] or {})
        if isinstance(evidence.get("examples"), list):
            evidence["examples"] = len(evidence["examples"])
        for k in list(evidence):
            if k.removeprefix("target_") in RUN_SPECIFIC:
                evidence[k] = "<present>"  # a record of this run's archive (assert_citations_resolve)
        row["evidence"] = evidence
        out_lines.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return sorted(out_lines)


def assert_citations_resolve(run_dir: Path, out: Path) -> int:
    """Every WARC citation in the audit of `run_dir` (written to `out` by findings()) names a
    record of the run folder's archive, with that id and a body of that sha256."""
    import hashlib

    from crawler.warc import ArchiveReader

    report = json.loads((out / "report.json").read_text("utf-8"))
    reader = ArchiveReader(run_dir)
    checked = 0
    try:
        for f in report["findings"]:
            ev = f["evidence"] or {}
            for prefix in ("", "target_"):
                if f"{prefix}warc_record_id" not in ev:
                    continue
                headers, body, _, _ = reader.read(ev[f"{prefix}warc_file"], ev[f"{prefix}warc_offset"])
                assert headers.get_header("WARC-Record-ID") == ev[f"{prefix}warc_record_id"]
                assert hashlib.sha256(body).hexdigest() == ev[f"{prefix}body_sha256"]
                checked += 1
    finally:
        reader.close()
    return checked


def records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def assert_no_duplicates(run_dir: Path) -> None:
    for name in ("pages.jsonl", "links.jsonl", "documents.jsonl"):
        urls = Counter(r["url"] for r in records(run_dir / name))
        assert not [u for u, n in urls.items() if n > 1], f"duplicates in {name}"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    work = tmp_path_factory.mktemp("dist")
    server, _ = build_and_serve(work / "site", AS_OF)
    try:
        single = crawl_site(server.base_url + "/", work / "single", external_hosts=EXTERNAL, timeout=300)
        yield server, work, findings(single, work / "single-audit"), records(single / "pages.jsonl")
    finally:
        server.stop()


def test_two_workers_find_exactly_what_one_process_finds(portal, redis_server):
    server, work, reference, ref_pages = portal
    # one local worker started by the coordinator, one `zwgk worker` serving every run
    remote = subprocess.Popen([sys.executable, "-m", "auditor.cli", "worker", "--redis", redis_server.url],
                              env=_child_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=(work / "zwgk-worker.log").open("wb"), start_new_session=True)
    try:
        run = crawl_site_redis(server.base_url + "/", work / "two", redis_server.url, workers=1,
                               external_hosts=EXTERNAL, timeout=300)
    finally:
        remote.send_signal(signal.SIGTERM)
        remote.wait(timeout=60)
    info = json.loads((run / "crawl.json").read_text("utf-8"))
    assert info["finish_reason"] == "finished"
    assert info["stats"]["zwgk/redis/workers"] == 2  # both reported, and both did work:
    assert info["stats"]["zwgk/redis/requeued"] == 0
    assert_no_duplicates(run)
    assert {p["url"] for p in records(run / "pages.jsonl")} == {p["url"] for p in ref_pages}
    assert findings(run, work / "two-audit") == reference
    assert assert_citations_resolve(run, work / "two-audit") > 0
    # the archive the workers shipped is complete: re-extracted from it alone, the same findings
    code = main(["check", str(run), "--reextract", "--as-of", AS_OF.isoformat(), "--out", str(work / "two-again"),
                 "--no-history"])
    assert code in (0, 2)
    replay = json.loads((run / "reextract" / "replay.json").read_text("utf-8"))
    assert replay["answered_from_archive"] > 400
    assert comparable(work / "two-again" / "report.json") == reference
    assert not redis_server.client.keys("zwgk:run:*"), "the run's keys were left in Redis"
    log = (work / "two" / "crawl-worker-1.log").read_text()
    assert "ScrapyDeprecationWarning" not in log  # scrapy-redis's stats calls are wrapped (RunScheduler)
    per_worker = [json.loads(line) for line in log.splitlines()
                  if line.startswith('{"worker"')]
    assert per_worker and 0 < per_worker[-1]["requests"] < info["stats"]["downloader/request_count"]


def test_a_worker_killed_mid_crawl_loses_nothing(portal, redis_server):
    server, work, reference, ref_pages = portal
    out = work / "killed"
    result: dict = {}

    def coordinate():
        try:
            result["run"] = crawl_site_redis(server.base_url + "/", out, redis_server.url, workers=0,
                                             external_hosts=EXTERNAL, timeout=300, run_id="killtest",
                                             extra_settings={"ZWGK_REDIS_HEARTBEAT_TTL": 4.0})
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            result["error"] = exc

    coordinator = threading.Thread(target=coordinate)
    coordinator.start()
    while not redis_server.client.exists("zwgk:run:killtest:spec"):
        time.sleep(0.02)
    logs = [(out / f"w{i}.log").open("wb") for i in (1, 2)]
    workers = [subprocess.Popen(worker_command(redis_server.url, "killtest", f"w{i}"), env=_child_env(),
                                stdin=subprocess.DEVNULL, stdout=logs[i - 1], stderr=subprocess.STDOUT,
                                start_new_session=True) for i in (1, 2)]
    victim = workers[0]
    try:
        deadline = time.monotonic() + 120
        while True:  # mid-crawl: pages written, and the victim holds requests in flight
            pages = out / "pages.jsonl"
            n = len(pages.read_bytes().splitlines()) if pages.exists() else 0
            held = [f for f in redis_server.client.hkeys("zwgk:run:killtest:inflight") if f.startswith(b"w1|")]
            if n >= 60 and held:
                break
            assert time.monotonic() < deadline and victim.poll() is None, "the crawl did not get going"
            time.sleep(0.02)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        coordinator.join(timeout=300)
    finally:
        for w in workers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGKILL)
                w.wait()
        for log in logs:
            log.close()
    assert "error" not in result, result.get("error")
    assert n < len(ref_pages), "killed too late to prove anything"
    run = result["run"]
    info = json.loads((run / "crawl.json").read_text("utf-8"))
    assert info["finish_reason"] == "finished"
    assert info["stats"]["zwgk/redis/requeued"] >= len(held) >= 1  # the reaper gave them back
    assert info["stats"]["zwgk/redis/workers"] == 1  # the survivor reported; the victim could not
    assert_no_duplicates(run)
    assert {p["url"] for p in records(run / "pages.jsonl")} == {p["url"] for p in ref_pages}
    assert findings(run, work / "killed-audit") == reference
    assert assert_citations_resolve(run, work / "killed-audit") > 0


@pytest.mark.parametrize("limit", [2, 12])
def test_two_workers_keep_one_per_host_concurrency_limit(tmp_path, redis_server, limit):
    """With limit 2 the server never sees more than 2 requests at once although each worker
    alone would send up to 8 (Scrapy's per-domain slot); with limit 12 it sees more than 8,
    which only both workers together can send: the server's count can tell the difference."""
    srv = counting_server()
    try:
        run = crawl_site_redis(f"http://127.0.0.1:{srv.server_address[1]}/", tmp_path / "run", redis_server.url,
                               workers=2, external_hosts=EXTERNAL, timeout=240,
                               extra_settings={"ZWGK_REDIS_HOST_CONCURRENCY": limit,
                                               "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "AUTOTHROTTLE_ENABLED": False,
                                               "ZWGK_NEWMEDIA": False, "ZWGK_RENDER": "off"})
    finally:
        srv.shutdown()
        srv.server_close()
    info = json.loads((run / "crawl.json").read_text("utf-8"))
    assert info["finish_reason"] == "finished"
    assert len(records(run / "pages.jsonl")) == PAGES + 1  # "/" and /0.html ... /79.html
    assert info["stats"]["zwgk/redis/workers"] == 2
    assert srv.total >= PAGES
    if limit == 2:
        assert srv.peak == limit, f"peak {srv.peak} requests in flight at the server, limit {limit}"
    else:
        assert 8 < srv.peak <= limit, f"peak {srv.peak} requests in flight at the server, limit {limit}"


def test_json_list_portal_gives_the_same_findings_with_two_workers(tmp_path, redis_server):
    """samples/gkmlpt: list columns are JSON API answers whose meaning (column name, tree
    path) the worker that read the column tree knows; the request carries it to the other."""
    from samples.gkmlpt import build_and_serve as build_gkmlpt

    server, _ = build_gkmlpt(tmp_path / "site", AS_OF)
    try:
        single = crawl_site(server.base_url + "/", tmp_path / "single", external_hosts=EXTERNAL, timeout=300)
        two = crawl_site_redis(server.base_url + "/", tmp_path / "two", redis_server.url, workers=2,
                               external_hosts=EXTERNAL, timeout=300)
    finally:
        server.stop()
    assert json.loads((two / "crawl.json").read_text("utf-8"))["stats"]["zwgk/redis/workers"] == 2
    assert_no_duplicates(two)
    columns = [sorted((c["name"], len(c["items"])) for c in records(run / "columns.jsonl")) for run in (single, two)]
    assert columns[0] == columns[1] and columns[0]
    assert findings(two, tmp_path / "two-audit") == findings(single, tmp_path / "single-audit")
    assert assert_citations_resolve(two, tmp_path / "two-audit") > 0


def test_the_archive_cap_holds_for_the_run_and_is_noted(tmp_path, redis_server):
    """The workers' WARC records are appended by the coordinator, which applies
    ZWGK_WARC_MAX_TOTAL_BYTES to the run as a whole: the archive stops near the cap, crawl.json
    notes it as a single-process crawl does, and the index lists exactly the records the WARC
    files hold."""
    from warcio.archiveiterator import ArchiveIterator

    from crawler.warc import read_index, warc_files

    cap = 40_000
    srv = counting_server()
    try:
        run = crawl_site_redis(f"http://127.0.0.1:{srv.server_address[1]}/", tmp_path / "run", redis_server.url,
                               workers=2, external_hosts=EXTERNAL, timeout=240,
                               extra_settings={"ZWGK_WARC_MAX_TOTAL_BYTES": cap, "ZWGK_NEWMEDIA": False,
                                               "ZWGK_RENDER": "off", "AUTOTHROTTLE_ENABLED": False})
    finally:
        srv.shutdown()
        srv.server_close()
    info = json.loads((run / "crawl.json").read_text("utf-8"))
    assert info["finish_reason"] == "finished"
    assert len(records(run / "pages.jsonl")) == PAGES + 1  # the cap limits the archive, not the crawl
    assert info["stats"]["zwgk/warc/not_archived"] > 0
    assert any(c.startswith("WARC archive: ZWGK_WARC_MAX_TOTAL_BYTES=") for c in info["capped"])
    files = warc_files(run)
    total = sum(p.stat().st_size for p in files)
    assert cap <= total < cap + 20_000  # the record that crossed the cap is the last one
    in_files = []
    for p in files:
        with p.open("rb") as fh:
            in_files += [r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(fh)
                         if r.rec_type != "warcinfo"]
    indexed = [e["id"] for e in read_index(run) if e.get("type") != "warcinfo"]
    assert indexed == in_files and len(set(indexed)) == len(indexed)
    assert len(indexed) == info["stats"]["zwgk/warc/records"]
