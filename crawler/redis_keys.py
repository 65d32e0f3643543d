"""Redis keys and atomic scripts shared by distributed workers and the coordinator (issue 13).

Everything a distributed crawl keeps in Redis, in one place:

* per run (``zwgk:run:<id>:``):

  - ``spec``: JSON of the crawl (start URL, page budget, external hosts, settings, the PII
    salt every worker of the run must share);
  - ``requests``: the scrapy-redis priority queue (sorted set of pickled request dicts);
  - ``dupefilter``: scrapy-redis's RFPDupeFilter (fingerprints of filtered requests);
  - ``seen``: the spider's duplicate filter of targets (16-byte BLAKE2b digests of canonical
    URLs: a target met by any worker is not scheduled by another);
  - ``parsed``: digests of the canonical URLs whose document became a PageArtifact (a
    document reached under two URLs, e.g. through a redirect, is extracted once);
  - ``claims``: digests of (role, method, URL) of every request that entered the queue once:
    the atomic claim that makes two workers racing on one link schedule it once;
  - ``inflight`` / ``inflight_score``: requests a worker popped and has not finished, by
    ``<worker>|<n>``, with their queue score: a worker killed mid-crawl leaves them here and
    the coordinator's reaper puts them back in the queue;
  - ``later``: requests asked again later (rate limiting, paused hosts), scored by due time;
  - ``art:pages`` / ``art:links`` / ``art:documents``: artifact JSON lines the workers push
    and the coordinator drains into the run folder;
  - ``art:warc``: WARC records of the answers the workers received (index entry JSON, a
    newline, then the record's gzip member), appended by the coordinator to the run
    folder's archive (crawler.warc);
  - ``pages_requested``: page requests of the run (the page budget, ZWGK_MAX_PAGES);
  - ``closed``: one JSON report per worker that closed (stats, caps, errors);
  - ``coordinator``: the coordinator's heartbeat (workers abandon a run whose coordinator
    is gone);
  - ``seeded`` / ``done``: the start request was queued / the coordinator saw the run drained.

* per worker: ``zwgk:worker:<id>:hb`` (heartbeat, expires when the worker stops beating);
* per host (shared by every run): ``zwgk:host:<host>:leases`` (sorted set of download
  leases, scored by expiry), ``zwgk:host:<host>:next`` (earliest time of the next request),
  ``zwgk:host:<netloc>:paused`` (circuit breaker open until).

``zwgk:runs`` is the set of runs workers may join (``zwgk worker`` without ``--run``).
"""

from __future__ import annotations

import hashlib

PREFIX = "zwgk"
RUNS = f"{PREFIX}:runs"
WORKER_PREFIX = f"{PREFIX}:worker:"


def digest(text: str) -> bytes:
    """16-byte BLAKE2b digest: what the shared sets store instead of whole URLs."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def heartbeat_key(worker: str) -> str:
    return f"{WORKER_PREFIX}{worker}:hb"


def host_keys(host: str) -> tuple[str, str]:
    return f"{PREFIX}:host:{host}:leases", f"{PREFIX}:host:{host}:next"


def paused_key(netloc: str) -> str:
    return f"{PREFIX}:host:{netloc}:paused"


class RunKeys:
    def __init__(self, run: str):
        if not run or any(c in run for c in " :*?[]"):
            raise ValueError(f"bad run id {run!r}")
        self.run = run
        p = f"{PREFIX}:run:{run}:"
        self.prefix = p
        self.spec = p + "spec"
        self.requests = p + "requests"
        self.dupefilter = p + "dupefilter"
        self.seen = p + "seen"
        self.parsed = p + "parsed"
        self.claims = p + "claims"
        self.inflight = p + "inflight"
        self.inflight_score = p + "inflight_score"
        self.later = p + "later"
        self.pages = p + "art:pages"
        self.links = p + "art:links"
        self.documents = p + "art:documents"
        self.warc = p + "art:warc"
        self.closed = p + "closed"
        self.pages_requested = p + "pages_requested"
        self.coordinator = p + "coordinator"
        self.seeded = p + "seeded"
        self.done = p + "done"
        self.workers = p + "workers"


# Pop the most urgent request into the worker's in-flight hash, atomically: a request is
# always in the queue, in flight, or finished, never nowhere.
# KEYS: requests, inflight, inflight_score; ARGV: field
POP_TO_INFLIGHT = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], ARGV[1], r[1])
redis.call('HSET', KEYS[3], ARGV[1], r[2])
return r[1]
"""

# Claim a target request and queue it in one step; 0 when another worker claimed it first.
# KEYS: claims, requests; ARGV: claim digest, score, request
CLAIM_AND_PUSH = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# Queue a follow-up of an in-flight request (retry, redirect hop) and release the original:
# queued first, released after, in one step.
# KEYS: requests, inflight, inflight_score; ARGV: score, request, field
PUSH_AND_RELEASE = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[3])
redis.call('HDEL', KEYS[3], ARGV[3])
return 1
"""

# Move requests whose time has come from `later` (member = score NUL request) to the queue.
# KEYS: later, requests; ARGV: now
MOVE_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 200)
for _, m in ipairs(due) do
  local i = string.find(m, '\\0', 1, true)
  redis.call('ZADD', KEYS[2], string.sub(m, 1, i - 1), string.sub(m, i + 1))
  redis.call('ZREM', KEYS[1], m)
end
return #due
"""

# Shared per-host limiter: at most ARGV[1] leases at once, and ARGV[2] seconds between two
# lease starts. Leases expire (ARGV[4] s) and die with their worker's heartbeat.
# Returns '0' when the lease is taken, '-1' when the host is full, else seconds to wait.
# KEYS: leases, next; ARGV: limit, spacing, member, ttl, worker key prefix
ACQUIRE_LEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local w = string.match(m, '^(.-)|')
  if w and redis.call('EXISTS', ARGV[5] .. w .. ':hb') == 0 then redis.call('ZREM', KEYS[1], m) end
end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return tostring(nxt - now) end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return '-1' end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[4])) + 60)
local spacing = tonumber(ARGV[2])
if spacing > 0 then
  redis.call('SET', KEYS[2], string.format('%.6f', now + spacing), 'PX', math.ceil(spacing * 1000) + 1000)
end
return '0'
"""
