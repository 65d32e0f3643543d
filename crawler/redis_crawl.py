"""Distributed crawl workers on scrapy-redis (issue 13): the worker side.

A run (crawler.redis_run seeds it) is crawled by any number of worker processes, on any
machines, that share only a Redis server. Each worker is a normal Scrapy crawl of the portal
spider with these parts swapped in:

* `RunScheduler` (scrapy-redis's Scheduler, subclassed): the request queue is the run's
  scrapy-redis priority queue; every target request is *claimed* atomically as it is queued
  (two workers that meet the same link at the same moment queue it once); popping moves a
  request into the run's in-flight hash in the same step. scrapy-redis 0.9.1 passes the
  deprecated ``spider`` argument to the stats collector: the subclass counts without it.
* `RedisPortalSpider` (PortalSpider, subclassed): its duplicate filter of targets
  (``seen``) and its set of documents extracted (``parsed``) are the run's Redis sets; the start request is queued by the first worker only
  (Scrapy 2.19 calls ``start()``, never ``start_requests``, which scrapy-redis's spiders
  still rely on, so scrapy-redis's spider classes are not used); requests asked again
  later wait in Redis, not in a worker's memory; the page budget (ZWGK_MAX_PAGES) is a
  run-wide counter; a JSON list request carries what its answer
  is (gkmlpt column name and path) to whichever worker reads it; the artifacts of a callback are pushed
  to the run's Redis lists when the callback has run, in the transaction that releases the
  request from the in-flight hash (after its follow-up requests were queued). A worker killed at any point therefore leaves its unfinished requests in the
  in-flight hash, and the coordinator's reaper queues them again (marked as replays: a
  replay does not trust the shared ``seen`` set, whose entries the dead worker may have
  made without queueing their requests; the claims drop what was queued already, and the
  coordinator keeps the first artifact of every URL).
* `SharedHostLimiter` (downloader middleware, next to the downloader): per host, at most
  ZWGK_REDIS_HOST_CONCURRENCY requests in flight across all workers (default
  CONCURRENT_REQUESTS_PER_DOMAIN), and at least max(DOWNLOAD_DELAY, robots.txt
  Crawl-delay) seconds between two of them, through leases in Redis that expire with their
  worker's heartbeat.
* `RedisCircuitBreaker`: the circuit breaker, with a host's pause shared by all workers
  (each worker reads it at most once a second per host).
* no item pipeline: the coordinator writes the run folder.

Each worker also beats a heartbeat (ZWGK_REDIS_HEARTBEAT seconds, expiring after
ZWGK_REDIS_HEARTBEAT_TTL) and moves due "later" requests into the queue. It stays open while
the run has work and closes when the coordinator marks the run done, pushing its stats; it
also leaves the run when the coordinator's own heartbeat (ZWGK_REDIS_COORDINATOR_TTL, 60 s)
has expired.

Entry points: ``python -m crawler.redis_crawl worker --redis URL [--run ID]`` (without
``--run``: serve every run announced in Redis, one after the other, until stopped; this is
``zwgk worker``), and ``python -m crawler.redis_crawl newmedia ...`` (the coordinator's
visit of new-media accounts after a distributed crawl).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import redis
from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler import redis_keys as rk

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 2


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True)


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def _score(request) -> str:
    return str(-request.priority)  # scrapy-redis PriorityQueue: lower score first


# ---------------------------------------------------------------- scheduler


class RunQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop also records the request as in flight."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer=serializer)
        self.keys: rk.RunKeys = spider.run_keys
        self.worker = spider.worker_id
        self._pop = server.register_script(rk.POP_TO_INFLIGHT)
        self._seq = itertools.count(1)

    def encode(self, request) -> bytes:
        return self._encode_request(request)

    def pop(self, timeout=0):
        field = f"{self.worker}|{next(self._seq)}"
        data = self._pop(keys=[self.key, self.keys.inflight, self.keys.inflight_score], args=[field])
        if not data:
            return None
        request = self._decode_request(data)
        request.meta["zwgk_rid"] = field
        return request


class RunScheduler(Scheduler):
    """scrapy-redis Scheduler on the run's keys, with atomic claims and in-flight release."""

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        keys = rk.RunKeys(s.get("ZWGK_REDIS_RUN"))
        server = connect(s.get("ZWGK_REDIS_URL"))
        server.ping()
        instance = cls(server=server, persist=True, queue_key=keys.requests,
                       queue_cls="crawler.redis_crawl.RunQueue",
                       dupefilter=RFPDupeFilter(server, key=keys.dupefilter),
                       dupefilter_key=keys.dupefilter, serializer=picklecompat)
        instance.stats = crawler.stats
        instance.keys = keys
        instance._claim = server.register_script(rk.CLAIM_AND_PUSH)
        instance._push_release = server.register_script(rk.PUSH_AND_RELEASE)
        return instance

    def close(self, reason):
        """Nothing to flush: the queue belongs to the run (the coordinator removes it)."""

    def enqueue_request(self, request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        z = request.meta.get("zwgk")
        rid = request.meta.pop("zwgk_rid", None)
        if isinstance(z, dict) and not z.get("claimed"):
            z["claimed"] = True  # retries and redirect hops of this request pass unclaimed
            claim = rk.digest(f"{z.get('role')}|{request.method}|{z.get('url')}")
            data = self.queue.encode(request)
            if not self._claim(keys=[self.keys.claims, self.keys.requests], args=[claim, _score(request), data]):
                self.stats.inc_value("zwgk/redis/claimed_elsewhere")
                return False
        else:
            data = self.queue.encode(request)
            if rid:  # a retry / redirect hop of a request this worker holds: queue it, release that
                self._push_release(keys=[self.keys.requests, self.keys.inflight, self.keys.inflight_score],
                                   args=[_score(request), data, rid])
            else:
                self.server.zadd(self.keys.requests, {data: float(_score(request))})
        self.stats.inc_value("scheduler/enqueued/redis")  # no deprecated spider= argument
        return True

    def next_request(self):
        request = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


# ---------------------------------------------------------------- shared duplicate filter


class SharedSeen:
    """The spider's ``seen`` (and ``parsed``) set, shared by the run's workers in Redis
    (digests of URLs).

    Membership is local first (a URL once known seen stays seen), then Redis. While the
    spider handles a replayed request (see module docstring), only the local set counts.
    With ``deferred`` (``seen``), additions reach Redis with the callback's artifacts, in the
    transaction that releases the request (one round trip instead of one per link; the
    atomic claims keep a link another worker meets meanwhile from being crawled twice);
    ``parsed`` is written at once, so that two workers rarely extract one document twice.
    """

    def __init__(self, server: redis.Redis, key: str, spider, *, deferred: bool = False):
        self.server = server
        self.key = key
        self.spider = spider
        self.deferred = deferred
        self.local: set[str] = set()
        self.pending: list[bytes] = []

    def __contains__(self, url: object) -> bool:
        if url in self.local:
            return True
        if self.spider._replaying or not isinstance(url, str):
            return False
        if self.server.sismember(self.key, rk.digest(url)):
            self.local.add(url)
            return True
        return False

    def add(self, url: str) -> None:
        self.local.add(url)
        if self.deferred:
            self.pending.append(rk.digest(url))
        else:
            self.server.sadd(self.key, rk.digest(url))

    def flush_into(self, pipe) -> None:
        if self.pending:
            pipe.sadd(self.key, *self.pending)
            self.pending = []

    def __ior__(self, other):
        for url in other:
            self.add(url)
        return self

    def __len__(self) -> int:
        return self.server.scard(self.key)


# ---------------------------------------------------------------- spider


@functools.cache
def _spider_class():
    from scrapy import signals
    from scrapy.exceptions import DontCloseSpider
    from twisted.internet import task

    from contracts import DocumentArtifact, LinkCheck, PageArtifact
    from crawler.pipelines import scalar_stats
    from crawler.spiders.portal import PortalSpider

    class RedisPortalSpider(PortalSpider):
        """PortalSpider whose state that matters across workers lives in Redis."""

        @classmethod
        def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
            spider = super().from_crawler(crawler, *args, **kwargs)
            s = crawler.settings
            spider.run_keys = rk.RunKeys(s.get("ZWGK_REDIS_RUN"))
            spider.worker_id = s.get("ZWGK_WORKER_ID") or new_worker_id()
            spider.redis = connect(s.get("ZWGK_REDIS_URL"))
            spider.heartbeat = s.getfloat("ZWGK_REDIS_HEARTBEAT", 1.0)
            spider.heartbeat_ttl = s.getfloat("ZWGK_REDIS_HEARTBEAT_TTL", 15.0)
            spider.seen = SharedSeen(spider.redis, spider.run_keys.seen, spider, deferred=True)
            spider.parsed = SharedSeen(spider.redis, spider.run_keys.parsed, spider)
            spider._replaying = False
            spider._move_due = spider.redis.register_script(rk.MOVE_DUE)
            spider._beat_loop = None
            spider._closing = False
            crawler.signals.connect(spider._redis_opened, signal=signals.spider_opened)
            crawler.signals.connect(spider._redis_idle, signal=signals.spider_idle)
            crawler.signals.connect(spider._redis_closed, signal=signals.spider_closed)
            return spider

        # ---------------------------------------------------- the page budget, run-wide

        @property
        def pages_requested(self) -> int:
            """Page requests of the whole run (ZWGK_MAX_PAGES counts across workers): a Redis
            counter. Read, compare, then add: racing workers may overshoot the budget by at
            most one page each."""
            server = self.__dict__.get("redis")
            if server is None:  # PortalSpider.__init__, before from_crawler connected
                return self.__dict__.get("_pages_local", 0)
            self._pages_read = int(server.get(self.run_keys.pages_requested) or 0)
            return self._pages_read

        @pages_requested.setter
        def pages_requested(self, value: int) -> None:
            server = self.__dict__.get("redis")
            if server is None:
                self.__dict__["_pages_local"] = value
                return
            delta = value - self.__dict__.get("_pages_read", 0)
            if delta:
                self._pages_read = int(server.incrby(self.run_keys.pages_requested, delta))

        # ---------------------------------------------------- lifecycle

        def _beat(self) -> None:
            try:
                self._beat_once()
            except redis.RedisError as exc:  # a Redis hiccup must not stop the beat for good
                logger.warning("heartbeat to Redis failed: %s", exc)

        def _beat_once(self) -> None:
            k = self.run_keys
            pipe = self.redis.pipeline()
            pipe.set(rk.heartbeat_key(self.worker_id), k.run, px=int(self.heartbeat_ttl * 1000))
            pipe.sadd(k.workers, self.worker_id)
            pipe.zcard(k.requests)
            pipe.exists(k.done)
            pipe.zcard(k.later)
            pipe.get(k.done)
            pipe.exists(k.coordinator)
            self.seen.flush_into(pipe)  # entries made outside a callback (the start URL)
            _, _, queued, done, later, why, coordinator = pipe.execute()[:7]
            if not coordinator and not why:
                why = b"coordinator gone"  # killed: nobody will drain or finish this run
                logger.warning("run %s: its coordinator stopped beating; leaving the run", k.run)
            if why and why != b"finished" and not self._closing:
                # the coordinator cut the run short (timeout) or is gone: stop now
                from scrapy.utils.defer import deferred_from_coro

                self._closing = True
                deferred_from_coro(self.crawler.engine.close_spider_async(reason=why.decode()))
                return
            if later:
                self._move_due(keys=[k.later, k.requests], args=[repr(time.time())])
            if queued or done:
                self._wake_engine()

        def _wake_engine(self) -> None:
            # Scrapy polls an idle scheduler only every 5 s (the engine's heartbeat); work
            # queued by other workers, or the run's end, should not wait that long.
            slot = getattr(getattr(self.crawler, "engine", None), "_slot", None)
            nextcall = getattr(slot, "nextcall", None)
            if nextcall is not None:
                nextcall.schedule()

        def _redis_opened(self, spider) -> None:
            if spider is not self:
                return
            self._beat()
            self._beat_loop = task.LoopingCall(self._beat)
            self._beat_loop.start(self.heartbeat, now=False)

        def _redis_idle(self, spider) -> None:
            if spider is self and not self.redis.exists(self.run_keys.done):
                raise DontCloseSpider

        def _redis_closed(self, spider, reason) -> None:
            if spider is not self:
                return
            if self._beat_loop is not None and self._beat_loop.running:
                self._beat_loop.stop()
            report = {"worker": self.worker_id, "reason": reason,
                      "stats": scalar_stats(self.crawler.stats.get_stats()),
                      "capped": self.capped, "errors": list(self.errors)}
            self.redis.rpush(self.run_keys.closed, json.dumps(report, ensure_ascii=False, default=str))
            self.redis.delete(rk.heartbeat_key(self.worker_id))

        async def start(self):
            if not self.redis.set(self.run_keys.seeded, self.worker_id, nx=True):
                return  # another worker queued the start request
            async for request in super().start():
                yield request

        def unfinished_checks(self) -> list:
            """Never from one worker: another may hold the answer (the coordinator decides)."""
            return []

        def _json_request(self, url: str, *, depth: int, referrer: str):
            # What a JSON list answer is (gkmlpt column name and tree path, POST body) is
            # known to the worker that found the list; the request carries it to the one
            # that reads the answer.
            request = super()._json_request(url, depth=depth, referrer=referrer)
            request.meta["zwgk"]["json_target"] = dict(self.json_targets.get(url, {}))
            return request

        def _on_jsonlist(self, response, z: dict):
            if z.get("json_target"):
                self.json_targets.setdefault(z["url"], dict(z["json_target"]))
            return super()._on_jsonlist(response, z)

        def _ask_later(self, request, wait: float) -> None:
            data = picklecompat.dumps(request.to_dict(spider=self))
            member = _score(request).encode() + b"\0" + data
            self.redis.zadd(self.run_keys.later, {member: time.time() + wait})

        # ---------------------------------------------------- callbacks

        def _tracked(self, request, outputs) -> Iterator[Any]:
            """Run a callback to its end: requests yielded (the engine queues each at once),
            then in one transaction the artifacts pushed, the new ``seen`` entries added and
            the request released from the in-flight hash."""
            replay = bool(request.meta.get("zwgk_replay"))
            k = self.run_keys
            lists: dict[str, list[str]] = {}
            it = iter(outputs)
            while True:
                self._replaying = replay
                try:
                    out = next(it)
                except StopIteration:
                    break
                finally:
                    self._replaying = False
                key = (k.pages if isinstance(out, PageArtifact) else k.links if isinstance(out, LinkCheck)
                       else k.documents if isinstance(out, DocumentArtifact) else None)
                if key is not None:
                    lists.setdefault(key, []).append(out.model_dump_json())
                elif out is not None:
                    yield out
            pipe = self.redis.pipeline(transaction=True)
            for key, lines in lists.items():
                pipe.rpush(key, *lines)
                self.crawler.stats.inc_value(f"zwgk/redis/{key.rsplit(':', 1)[-1]}_pushed", len(lines))
            self.seen.flush_into(pipe)
            rid = request.meta.get("zwgk_rid")
            if rid:
                pipe.hdel(k.inflight, rid)
                pipe.hdel(k.inflight_score, rid)
            pipe.execute()

        def _on_response(self, response):
            return self._tracked(response.request, super()._on_response(response))

        def _on_failure(self, failure):
            return self._tracked(failure.request, super()._on_failure(failure))

        def _on_document(self, response):
            return self._tracked(response.request, super()._on_document(response))

        def _on_document_failure(self, failure):
            return self._tracked(failure.request, super()._on_document_failure(failure))

    return RedisPortalSpider


# ---------------------------------------------------------------- politeness across workers


class SharedHostLimiter:
    """Per-host concurrency and spacing across all workers (leases in Redis)."""

    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.server = connect(s.get("ZWGK_REDIS_URL"))
        self.worker = s.get("ZWGK_WORKER_ID")
        self.limit = s.getint("ZWGK_REDIS_HOST_CONCURRENCY", 0) or s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8)
        self.min_delay = max(0.0, s.getfloat("DOWNLOAD_DELAY", 0.0))
        self.lease_ttl = s.getfloat("DOWNLOAD_TIMEOUT", 15.0) + 15.0
        self.max_crawl_delay = max(0.0, s.getfloat("ZWGK_MAX_CRAWL_DELAY", 30.0))
        self.crawl_delays: dict[str, float] = {}
        self._acquire = self.server.register_script(rk.ACQUIRE_LEASE)
        from scrapy import signals

        crawler.signals.connect(self._robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _robots_parsed(self, robotparser, request) -> None:
        s = self.crawler.settings
        ua = s.get("ROBOTSTXT_USER_AGENT") or request.headers.get(b"User-Agent") or s.get("USER_AGENT") or "*"
        try:
            delay = float(robotparser.crawl_delay(ua) or 0.0)
        except Exception:  # noqa: BLE001 - crawler.politeness.Throttle logs unreadable delays
            return
        if delay > 0 and self.max_crawl_delay:
            self.crawl_delays[_host(request)] = min(delay, self.max_crawl_delay)

    async def process_request(self, request):
        if "zwgk_lease" in request.meta:
            return None
        host = _host(request)
        leases, nxt = rk.host_keys(host)
        member = f"{self.worker}|{uuid.uuid4().hex}"
        spacing = max(self.min_delay, self.crawl_delays.get(host, 0.0))
        started = time.monotonic()
        while True:
            wait = float(self._acquire(keys=[leases, nxt],
                                       args=[self.limit, repr(spacing), member, repr(self.lease_ttl),
                                             rk.WORKER_PREFIX]))
            if wait == 0:
                break
            await asyncio.sleep(min(0.25, wait) if wait > 0 else 0.02)
        waited = time.monotonic() - started
        if waited > 0.001:
            self.crawler.stats.inc_value("zwgk/redis/lease_wait_seconds", round(waited, 3))
        request.meta["zwgk_lease"] = (leases, member)
        return None

    def _release(self, request) -> None:
        lease = request.meta.pop("zwgk_lease", None)
        if lease:
            self.server.zrem(lease[0], lease[1])

    def process_response(self, request, response):
        self._release(request)
        return response

    def process_exception(self, request, exception):
        self._release(request)
        return None


def _warc_class():
    from pathlib import Path

    from scrapy.exceptions import NotConfigured

    from crawler.warc import BufferWarcWriter, WarcArchiveMiddleware

    class RedisWarcArchiveMiddleware(WarcArchiveMiddleware):
        """crawler.warc's archive on a worker, which shares no filesystem with the run
        folder: the records of each answer go to the run's ``art:warc`` list in one push
        (a response and its request record stay together), before the callback's artifacts
        (a worker killed between the two leaves a record whose answer is fetched again: the
        archive then holds both fetches); the coordinator appends them to the archive."""

        def __init__(self, crawler, run: str):
            super().__init__(crawler, Path(run))
            self.writer = BufferWarcWriter(info=self.writer.info)
            self.server = connect(crawler.settings.get("ZWGK_REDIS_URL"))
            self.key = rk.RunKeys(run).warc

        @classmethod
        def from_crawler(cls, crawler):
            s = crawler.settings
            if not s.getbool("ZWGK_WARC", True) or not s.get("ZWGK_REDIS_RUN") or s.get("ZWGK_REPLAY_DIR"):
                raise NotConfigured
            return cls(crawler, s.get("ZWGK_REDIS_RUN"))

        def process_response(self, request, response, spider=None):
            response = super().process_response(request, response, spider)
            records = self.writer.take()
            if records:
                lines = [json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n" + data
                         for data, entry in records]
                try:
                    self.server.rpush(self.key, *lines)
                except redis.RedisError:  # archiving must never break the crawl it records
                    logger.warning("WARC: could not ship the records of %s", request.url, exc_info=True)
                    self.stats.inc_value("zwgk/warc/failed", len(lines))
            return response

    return RedisWarcArchiveMiddleware


def _host(request) -> str:
    from scrapy.utils.httpobj import urlparse_cached

    return (urlparse_cached(request).hostname or "").lower()


@functools.cache
def _breaker_class():
    from crawler.extract import netloc_of
    from crawler.politeness import CircuitBreakerMiddleware, HostPaused

    class RedisCircuitBreaker(CircuitBreakerMiddleware):
        """The circuit breaker, with each host's pause shared by every worker."""

        def __init__(self, crawler):
            super().__init__(crawler)
            self.server = connect(crawler.settings.get("ZWGK_REDIS_URL"))
            self.recheck = 1.0  # seconds a host's shared pause state is reused before asking again
            self._shared: dict[str, tuple[float, float]] = {}  # host -> (checked at, paused until)

        def _paused_until(self, host: str) -> float:
            now = time.monotonic()
            cached = self._shared.get(host)
            if cached is None or now - cached[0] > self.recheck:
                raw = self.server.get(rk.paused_key(host))
                cached = self._shared[host] = (now, float(raw) if raw else 0.0)
            return cached[1]

        def process_request(self, request):
            if self.enabled and request.meta.get("zwgk_probe_of") is None:
                host = netloc_of(request.url)
                until = self._paused_until(host)
                local = self.hosts.get(host)
                if until > time.time() and not (local and local.open_until):
                    self.crawler.stats.inc_value("zwgk/breaker/refused")
                    raise HostPaused(f"host {host} paused by the circuit breaker (another worker saw the "
                                     f"errors)", host, time.monotonic() + float(until) - time.time())
            return super().process_request(request)

        def _open(self, host, st, why) -> None:
            super()._open(host, st, why)
            until = time.time() + self.pause
            self.server.set(rk.paused_key(host), repr(until), px=max(1, int(self.pause * 1000)))
            self._shared[host] = (time.monotonic(), until)

    return RedisCircuitBreaker


def __getattr__(name: str):
    # Scrapy loads components by dotted path; these are built lazily so that importing this
    # module (the coordinator does) does not import the spider and its PII salt.
    if name == "RedisPortalSpider":
        return _spider_class()
    if name == "RedisCircuitBreaker":
        return _breaker_class()
    if name == "RedisWarcArchiveMiddleware":
        return _warc_class()
    raise AttributeError(name)


# ---------------------------------------------------------------- worker process


def worker_settings(spec: dict, redis_url: str, run: str, worker_id: str):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or "crawler.settings", priority="project")
    for key, value in (spec.get("settings") or {}).items():
        settings.set(key, value, priority="cmdline")
    if spec.get("max_pages") is not None:
        settings.set("ZWGK_MAX_PAGES", int(spec["max_pages"]), priority="cmdline")
    if spec.get("external_hosts") is not None:
        settings.set("ZWGK_EXTERNAL_HOSTS", list(spec["external_hosts"]), priority="cmdline")
    mws = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    mws.pop("crawler.politeness.ResumeDedupeMiddleware", None)  # no resume: the queue is in Redis
    mws["crawler.politeness.CircuitBreakerMiddleware"] = None
    mws["crawler.redis_crawl.RedisCircuitBreaker"] = 880
    mws["crawler.redis_crawl.SharedHostLimiter"] = 950  # closest to the downloader
    if "crawler.warc.WarcArchiveMiddleware" in mws:  # the archive: records shipped through Redis
        mws["crawler.redis_crawl.RedisWarcArchiveMiddleware"] = mws.pop("crawler.warc.WarcArchiveMiddleware")
    for key, value in {
        "SCHEDULER": "crawler.redis_crawl.RunScheduler",
        "DOWNLOADER_MIDDLEWARES": mws,
        "ITEM_PIPELINES": {},  # artifacts go to Redis from the spider (see _tracked)
        "JOBDIR": None,
        "ZWGK_RESUME": False,
        "ZWGK_RUN_DIR": None,
        "ZWGK_NEWMEDIA": False,  # the coordinator visits the accounts
        "ZWGK_REDIS_URL": redis_url,
        "ZWGK_REDIS_RUN": run,
        "ZWGK_WORKER_ID": worker_id,
    }.items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_worker(redis_url: str, run: str, worker_id: str | None = None) -> int:
    """Crawl run `run` in this process until the coordinator marks it done."""
    server = connect(redis_url)
    keys = rk.RunKeys(run)
    raw = server.get(keys.spec)
    if raw is None:
        print(f"no run {run} in Redis", file=sys.stderr)
        return EXIT_FAILED
    spec = json.loads(raw)
    os.environ["ZWGK_PII_SALT"] = spec["salt"]  # before crawler.pii is imported: one salt per run

    from scrapy.crawler import CrawlerProcess

    from crawler.run import _ErrorCounter

    worker_id = worker_id or new_worker_id()
    settings = worker_settings(spec, redis_url, run, worker_id)
    process = CrawlerProcess(settings)
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    crawler = process.create_crawler(_spider_class())
    process.crawl(crawler, start_url=spec["start_url"])
    process.start()
    print(json.dumps({"worker": worker_id, "run": run, "errors_logged": counter.count,
                      "requests": crawler.stats.get_value("downloader/request_count", 0)}), flush=True)
    return EXIT_FAILED if counter.count else EXIT_OK


def pick_run(server: redis.Redis) -> str | None:
    """The open run with the fewest live workers (by run id among equals), so that a fleet
    of `zwgk worker` processes spreads over the runs coordinators have announced."""
    best = None
    for run in sorted(r.decode() for r in server.smembers(rk.RUNS)):
        keys = rk.RunKeys(run)
        if server.exists(keys.done) or not server.exists(keys.spec):
            continue
        live = sum(1 for w in server.smembers(keys.workers) if server.exists(rk.heartbeat_key(w.decode())))
        if best is None or live < best[0]:
            best = (live, run)
    return None if best is None else best[1]


def serve_runs(redis_url: str, *, poll: float = 1.0) -> int:
    """``zwgk worker``: join every run announced in Redis, one crawl child per run, until
    SIGTERM / Ctrl-C (the running child is stopped gracefully; its in-flight requests are
    requeued by the coordinator if it cannot finish them)."""
    server = connect(redis_url)
    server.ping()
    stopping = False
    child: subprocess.Popen | None = None

    def _stop(signum, frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.terminate()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    logger.info("worker serving runs from %s", redis_url)
    while not stopping:
        run = pick_run(server)
        if run is None:
            time.sleep(poll)
            continue
        cmd = [sys.executable, "-m", "crawler.redis_crawl", "worker", "--redis", redis_url, "--run", run]
        child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
        child.wait()
        child = None
    return EXIT_OK


def run_newmedia(start_url: str, out: str, overrides: list[str]) -> int:
    """The new-media accounts of a distributed crawl, visited by the coordinator (few pages)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.run import _ErrorCounter, _parse_value
    from crawler.spiders.newmedia import NewMediaSpider

    settings = Settings()
    settings.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or "crawler.settings", priority="project")
    for item in overrides:
        key, _, value = item.partition("=")
        settings.set(key.strip(), _parse_value(value), priority="cmdline")
    settings.set("ZWGK_RUN_DIR", out, priority="cmdline")
    settings.set("JOBDIR", None, priority="cmdline")
    process = CrawlerProcess(settings)
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    process.crawl(process.create_crawler(NewMediaSpider), start_url=start_url)
    process.start()
    return EXIT_FAILED if counter.count else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m crawler.redis_crawl")
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("worker", help="crawl runs queued in Redis")
    w.add_argument("--redis", required=True, help="redis://host:port/db")
    w.add_argument("--run", default=None, help="only this run, then exit")
    w.add_argument("--worker-id", default=None)
    n = sub.add_parser("newmedia", help="visit the new-media accounts of a crawled run folder")
    n.add_argument("--start-url", required=True)
    n.add_argument("--out", required=True)
    n.add_argument("--set", dest="overrides", action="append", default=[])
    args = p.parse_args(argv)
    if args.cmd == "newmedia":
        return run_newmedia(args.start_url, args.out, args.overrides)
    if args.run:
        return run_worker(args.redis, args.run, args.worker_id)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    return serve_runs(args.redis)


if __name__ == "__main__":
    sys.exit(main())
