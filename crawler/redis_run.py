"""Distributed crawl: the coordinator (issue 13). See crawler.redis_crawl for the workers.

`crawl_site_redis` is `crawler.run.crawl_site` on a shared Redis: it seeds the run (its spec
and the run id in ``zwgk:runs``), optionally starts N local worker processes, and until the
run drains it

* drains the artifact lists the workers push into the run folder (pages.jsonl, links.jsonl,
  documents.jsonl), keeping the first record of every URL: a request replayed after a worker
  died may yield its artifacts twice, the run folder holds them once;
* reaps: requests in flight on a worker whose heartbeat expired go back to the queue, marked
  as replays;
* checks, in one MULTI, that the queue, the "later" set and the in-flight hash are all empty
  after the start request was queued: then no worker holds or can create work any more.

It then marks the run done (workers close and push their stats), builds columns.jsonl,
writes crawl.json (CrawlInfo with the workers' stats summed), visits the new-media accounts
in a child process (few pages; ZWGK_NEWMEDIA), and deletes the run's keys. The run folder is
then exactly what a single-process crawl writes, and the auditor reads it as usual.

Workers share no filesystem with the coordinator: everything goes through Redis. Each local
worker logs to ``crawl-worker-N.log`` in the run folder; the coordinator to ``crawl.log``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from contracts import CrawlInfo, RunFiles
from crawler import redis_keys as rk
from crawler.run import EXIT_OK, SALT_ENV, CrawlError, _package_root, _stop, _tail

logger = logging.getLogger(__name__)

DRAIN_BATCH = 1000
POLL = 0.25
NO_WORKER_GRACE = 60.0  # seconds without any live worker before the crawl is given up
CLOSE_GRACE = 30.0  # seconds workers get to close and report after the run is done


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_package_root()), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env.pop(SALT_ENV, None)
    return env


def worker_command(redis_url: str, run: str, worker_id: str | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "crawler.redis_crawl", "worker", "--redis", redis_url, "--run", run]
    if worker_id:
        cmd += ["--worker-id", worker_id]
    return cmd


class _Drain:
    """Appends the run's artifact lists to the run folder, first record per URL."""

    def __init__(self, server, keys: rk.RunKeys, files: RunFiles, settings: Mapping[str, Any] | None = None):
        from crawler.warc import WarcWriter

        self.server = server
        s = settings or {}
        self.warc_key = keys.warc
        # The run folder's archive: the records the workers shipped (crawler.redis_crawl).
        self.warc = WarcWriter(files.folder, max_file_bytes=int(s.get("ZWGK_WARC_MAX_FILE_BYTES", 1 << 30)),
                               max_total_bytes=int(s.get("ZWGK_WARC_MAX_TOTAL_BYTES", 0)),
                               info={"software": "zwgk/0.1 (crawler.warc, warcio; distributed: crawler.redis_run)",
                                     "format": "WARC File Format 1.1", "isPartOf": files.folder.name})
        self.warc_records = 0
        self.warc_dropped = 0
        self.targets = [(keys.pages, files.path(RunFiles.PAGES)), (keys.links, files.path(RunFiles.LINKS)),
                        (keys.documents, files.path(RunFiles.DOCUMENTS))]
        self.urls: dict[str, set[str]] = {key: set() for key, _ in self.targets}
        self.handles = {key: path.open("w", encoding="utf-8") for key, path in self.targets}
        self.written: dict[str, int] = {key: 0 for key, _ in self.targets}
        self.duplicates = 0

    def __call__(self) -> int:
        moved = 0
        for key, _ in self.targets:
            while True:
                batch = self.server.lrange(key, 0, DRAIN_BATCH - 1)
                if not batch:
                    break
                fh = self.handles[key]
                for raw in batch:
                    line = raw.decode("utf-8")
                    url = json.loads(line)["url"]
                    if url in self.urls[key]:
                        self.duplicates += 1
                        continue
                    self.urls[key].add(url)
                    fh.write(line)
                    fh.write("\n")
                    self.written[key] += 1
                fh.flush()
                os.fsync(fh.fileno())
                self.server.ltrim(key, len(batch), -1)  # removed only once on disk
                moved += len(batch)
        while True:
            batch = self.server.lrange(self.warc_key, 0, DRAIN_BATCH - 1)
            if not batch:
                break
            for raw in batch:
                head, _, data = raw.partition(b"\n")
                if self.warc.append(data, json.loads(head)) is None:
                    self.warc_dropped += 1  # ZWGK_WARC_MAX_TOTAL_BYTES reached
                else:
                    self.warc_records += 1
            self.warc.sync()
            self.server.ltrim(self.warc_key, len(batch), -1)  # removed only once on disk
            moved += len(batch)
        return moved

    def close(self) -> None:
        for fh in self.handles.values():
            fh.close()
        self.warc.close()


def _requeue_dead(server, keys: rk.RunKeys) -> int:
    """Put the in-flight requests of workers whose heartbeat expired back in the queue."""
    from scrapy_redis import picklecompat

    fields = server.hkeys(keys.inflight)
    dead: dict[str, bool] = {}
    count = 0
    for field in fields:
        worker = field.decode().split("|", 1)[0]
        if worker not in dead:
            dead[worker] = not server.exists(rk.heartbeat_key(worker))
        if not dead[worker]:
            continue
        data, score = server.hget(keys.inflight, field), server.hget(keys.inflight_score, field)
        if data is None:
            continue
        obj = picklecompat.loads(data)
        obj.setdefault("meta", {})["zwgk_replay"] = True
        obj["meta"].pop("zwgk_rid", None)
        pipe = server.pipeline(transaction=True)
        pipe.zadd(keys.requests, {picklecompat.dumps(obj): float(score or 0)})
        pipe.hdel(keys.inflight, field)
        pipe.hdel(keys.inflight_score, field)
        pipe.execute()
        count += 1
    if count:
        logger.warning("requeued %d in-flight requests of %d dead worker(s)", count,
                       sum(1 for d in dead.values() if d))
    return count


def _drained(server, keys: rk.RunKeys) -> bool:
    pipe = server.pipeline(transaction=True)
    pipe.exists(keys.seeded)
    pipe.zcard(keys.requests)
    pipe.zcard(keys.later)
    pipe.hlen(keys.inflight)
    seeded, queued, later, inflight = pipe.execute()
    return bool(seeded) and not queued and not later and not inflight


# Error prefix of LinkChecks for targets unanswered when a crawl ended early: the single-process
# crawl's crawler.spiders.portal.UNFINISHED (not imported: the coordinator stays light).
UNFINISHED = "unfinished:"


def _unfinished_checks(server, keys: rk.RunKeys, drain: _Drain) -> int:
    """A crawl cut short (timeout) leaves requests queued, waiting or in flight: each of their
    targets still gets a LinkCheck (outcome blocked, could not evaluate), as the
    single-process crawl writes for its outstanding targets, never silently missing."""
    import datetime as _dt

    from scrapy_redis import picklecompat

    from contracts import LinkCheck

    blobs = list(server.zrange(keys.requests, 0, -1)) + list(server.hvals(keys.inflight))
    blobs += [m.split(b"\0", 1)[1] for m in server.zrange(keys.later, 0, -1)]
    now = _dt.datetime.now(_dt.timezone.utc)
    before = drain.written[keys.links]
    for blob in blobs:
        z = (picklecompat.loads(blob).get("meta") or {}).get("zwgk")
        if not isinstance(z, dict) or not z.get("url") or z.get("role") == "render":
            continue
        method = z.get("method") if z.get("method") in ("GET", "HEAD") else "GET"
        check = LinkCheck(url=z["url"], kind=z.get("kind") or "page", outcome="blocked", method=method,
                          checked_at=now, error=f"{UNFINISHED} requested, no answer before the crawl ended")
        server.rpush(keys.links, check.model_dump_json())
    drain()  # first record per URL: targets answered meanwhile keep their answer
    count = drain.written[keys.links] - before
    if count:
        logger.warning("%d targets had no final answer when the crawl ended (outcome blocked)", count)
    return count


def _live_workers(server, keys: rk.RunKeys) -> list[str]:
    return [w.decode() for w in server.smembers(keys.workers) if server.exists(rk.heartbeat_key(w.decode()))]


def _merge_stats(reports: list[dict]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for rep in reports:
        for key, value in rep.get("stats", {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if key.endswith(("max", "_max")) or "memusage" in key:
                    out[key] = max(out.get(key, value), value)
                else:
                    out[key] = out.get(key, 0) + value
    return out


def _delete_run(server, keys: rk.RunKeys) -> None:
    batch = []
    for key in server.scan_iter(match=keys.prefix + "*", count=500):
        batch.append(key)
        if len(batch) >= 500:
            server.delete(*batch)
            batch = []
    if batch:
        server.delete(*batch)
    server.srem(rk.RUNS, keys.run)


def crawl_site_redis(start_url: str, out_dir: str | os.PathLike[str], redis_url: str, *, workers: int = 0,
                     max_pages: int = 5000, external_hosts: Iterable[str] | None = None,
                     extra_settings: Mapping[str, Any] | None = None, timeout: float | None = None,
                     run_id: str | None = None, keep_keys: bool = False) -> Path:
    """Crawl `start_url` into `out_dir` through the Redis at `redis_url`, with `workers`
    local worker processes (0: only workers started elsewhere, ``zwgk worker``). Returns the
    run folder; raises CrawlError as crawl_site does (a worker that died is not an error: its
    requests were replayed; a worker that logged an ERROR is)."""
    from crawler.extract import canonicalize, netloc_of
    from crawler.guard import describe_policy
    from crawler.pipelines import atomic_write_lines, atomic_write_text, iter_pages
    from crawler.redis_crawl import connect

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    files = RunFiles(out)
    for name in (RunFiles.CRAWL, RunFiles.COLUMNS, RunFiles.ACCOUNTS):
        files.path(name).unlink(missing_ok=True)
    server = connect(redis_url)
    server.ping()
    log_handler = logging.FileHandler(out / "crawl.log", mode="w", encoding="utf-8")
    log_handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    logger.addHandler(log_handler)
    logger.setLevel(logging.INFO)
    run = run_id or uuid.uuid4().hex[:16]
    keys = rk.RunKeys(run)
    if server.exists(keys.spec):
        logger.removeHandler(log_handler)
        log_handler.close()
        raise CrawlError(f"run {run} already exists in Redis", out_dir=out)
    settings = dict(extra_settings or {})
    hosts = None if external_hosts is None else [h.strip() for h in external_hosts if h and h.strip()]
    spec = {"start_url": start_url, "max_pages": int(max_pages), "external_hosts": hosts,
            "settings": settings, "salt": secrets.token_bytes(16).hex()}
    started = dt.datetime.now(dt.timezone.utc)
    site = netloc_of(canonicalize(start_url))
    info = CrawlInfo(start_url=canonicalize(start_url), site_host=site,
                     allowed_hosts=describe_policy(site, hosts) if site else [], started_at=started)
    atomic_write_text(files.path(RunFiles.CRAWL), info.model_dump_json(indent=1))
    # Workers leave the run when this expires: long enough for a coordinator stalled by its
    # disk (fsync of the run folder) not to be taken for dead (ZWGK_REDIS_COORDINATOR_TTL).
    coordinator_ttl = int(float(settings.get("ZWGK_REDIS_COORDINATOR_TTL", 60.0)) * 1000)
    server.set(keys.coordinator, "1", px=coordinator_ttl)
    server.set(keys.spec, json.dumps(spec, ensure_ascii=False))
    server.sadd(rk.RUNS, run)
    logger.info("run %s: %s, %d local worker(s), Redis %s", run, start_url, workers, redis_url)

    procs: list[subprocess.Popen] = []
    logs = []
    from crawler.warc import index_path, warc_files

    for old in warc_files(out):  # a new crawl of this folder: the archive starts again, as pages.jsonl does
        old.unlink()
        index_path(old).unlink(missing_ok=True)
    drain = _Drain(server, keys, files, settings)
    deadline = None if timeout is None else time.monotonic() + timeout
    reason = "finished"
    lost = 0
    unfinished = 0
    try:
        for i in range(workers):
            log = (out / f"crawl-worker-{i + 1}.log").open("wb")
            logs.append(log)
            procs.append(subprocess.Popen(worker_command(redis_url, run), cwd=out, env=_child_env(),
                                          stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))
        no_worker_since = time.monotonic()
        while True:
            server.set(keys.coordinator, "1", px=coordinator_ttl)  # workers leave a run whose coordinator died
            drain()
            lost += _requeue_dead(server, keys)
            if _drained(server, keys):
                drain()
                if _drained(server, keys):
                    break
            if _live_workers(server, keys) or any(p.poll() is None for p in procs):
                no_worker_since = time.monotonic()
            elif time.monotonic() - no_worker_since > NO_WORKER_GRACE:
                raise CrawlError(f"crawl of {start_url}: no live worker for {NO_WORKER_GRACE:.0f} s "
                                 f"(start `zwgk worker --redis URL` somewhere, or give --workers)", out_dir=out)
            if deadline is not None and time.monotonic() > deadline:
                reason = "closespider_timeout"
                logger.warning("run %s: timeout after %s s; unfinished work is dropped", run, timeout)
                break
            time.sleep(POLL)
        server.set(keys.done, reason)  # "finished", or why the workers must stop now
        close_by = time.monotonic() + CLOSE_GRACE
        for p in procs:
            try:
                p.wait(timeout=max(0.1, close_by - time.monotonic()))
            except subprocess.TimeoutExpired:
                _stop(p)
        while _live_workers(server, keys) and time.monotonic() < close_by:
            server.set(keys.coordinator, "1", px=coordinator_ttl)
            time.sleep(POLL)  # remote workers close and report
        drain()
        reports = [json.loads(r) for r in server.lrange(keys.closed, 0, -1)]
        if reason != "finished":
            unfinished = _unfinished_checks(server, keys, drain)
    except BaseException:
        for p in procs:
            _stop(p)
        drain.close()
        if not keep_keys:
            _delete_run(server, keys)
        logger.removeHandler(log_handler)
        log_handler.close()
        raise
    drain.close()
    for log in logs:
        log.close()
    if not keep_keys:
        _delete_run(server, keys)

    stats = _merge_stats(reports)
    finished = dt.datetime.now(dt.timezone.utc)
    elapsed = (finished - started).total_seconds()
    pages = drain.written[keys.pages]
    stats.update({
        "zwgk/pages_written": pages, "zwgk/links_written": drain.written[keys.links],
        "zwgk/documents_written": drain.written[keys.documents],
        "zwgk/elapsed_seconds": round(elapsed, 3),
        "zwgk/pages_per_second": round(pages / elapsed, 2) if elapsed > 0 else 0.0,
        "zwgk/redis/workers": len(reports), "zwgk/redis/requeued": lost,
        "zwgk/redis/duplicates_not_written": drain.duplicates,
        "zwgk/warc/records": drain.warc_records, "zwgk/warc/not_archived": drain.warc_dropped,
        "finish_reason": reason,
    })
    capped: list[str] = []
    errors: list[str] = []
    for rep in reports:
        capped += [c for c in rep.get("capped", []) if c not in capped]
        errors += [e for e in rep.get("errors", []) if e not in errors]
    if unfinished:
        capped.append(f"unfinished: {unfinished} targets had no final answer when the crawl ended "
                      f"(outcome blocked, could not evaluate)")
        stats["zwgk/links/unfinished"] = unfinished
    if reason != "finished":
        capped.append(f"crawl ended early: {reason}")
    if drain.warc_dropped:  # as crawler.warc.WarcArchiveMiddleware notes it in a single-process crawl
        capped.append(f"WARC archive: ZWGK_WARC_MAX_TOTAL_BYTES={drain.warc.max_total_bytes} reached; "
                      f"{drain.warc_dropped} later records were not archived (their findings carry no archived record)")
    try:
        from crawler.assemble import build_columns

        columns = build_columns(iter_pages(files.path(RunFiles.PAGES)))
        atomic_write_lines(files.path(RunFiles.COLUMNS), (c.model_dump_json() for c in columns))
        stats["zwgk/columns"] = len(columns)
    except Exception as exc:  # noqa: BLE001 - the pages and links are written: keep them usable
        logger.warning("building columns failed", exc_info=True)
        errors.append(f"columns: build_columns failed: {type(exc).__name__}: {exc}")
    info = info.model_copy(update={"finished_at": finished, "finish_reason": reason, "stats": stats,
                                   "capped": capped, "errors": errors})
    atomic_write_text(files.path(RunFiles.CRAWL), info.model_dump_json(indent=1))
    logger.info("run %s: %d pages, %d link checks from %d worker(s) in %.1f s; %d requests requeued, "
                "%d duplicate records dropped", run, pages, drain.written[keys.links], len(reports), elapsed,
                lost, drain.duplicates)

    bad = [i + 1 for i, p in enumerate(procs) if p.returncode not in (EXIT_OK, None) and p.returncode > 0]
    errors_logged = int(stats.get("log_count/ERROR", 0)) + int(stats.get("log_count/CRITICAL", 0))
    try:
        if errors_logged or bad:
            tail = "\n".join(_tail(out / f"crawl-worker-{i}.log") for i in bad or [1])
            raise CrawlError(f"distributed crawl of {start_url}: {errors_logged} error(s) logged, "
                             f"workers failed: {bad}", out_dir=out, log_tail=tail)
        if settings.get("ZWGK_NEWMEDIA", True):
            _newmedia(start_url, out, spec)
    finally:
        logger.removeHandler(log_handler)
        log_handler.close()
    return out


def _newmedia(start_url: str, out: Path, spec: dict) -> None:
    cmd = [sys.executable, "-m", "crawler.redis_crawl", "newmedia", "--start-url", start_url, "--out", str(out)]
    overrides = dict(spec["settings"])
    if spec.get("external_hosts") is not None:
        overrides["ZWGK_EXTERNAL_HOSTS"] = spec["external_hosts"]
    for key, value in overrides.items():
        cmd += ["--set", f"{key}={json.dumps(value, ensure_ascii=False)}"]
    env = _child_env()
    env[SALT_ENV] = spec["salt"]
    with (out / "crawl-newmedia.log").open("wb") as log:
        rc = subprocess.call(cmd, cwd=out, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    if rc != EXIT_OK:
        raise CrawlError(f"new-media visit after the crawl of {start_url} failed (exit code {rc})", out_dir=out,
                         log_tail=_tail(out / "crawl-newmedia.log"))
