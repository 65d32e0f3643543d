"""The archived crawl (issue 12 item 5): every fetched response also goes into a gzipped
WARC file (warcio) in the run folder, so that a finding can name the exact record it rests
on (取证) and a stored crawl can be extracted and audited again without the network.

Writing (`WarcArchiveMiddleware`, a downloader middleware next to the HTTP cache):

* one ``request`` and one ``response`` record per answer the crawler received: pages,
  attachment reads, link checks (a HEAD answer is a response record without body; a check
  that stopped reading early is marked ``WARC-Truncated: length``), robots.txt, CMS list
  answers, new-media account pages. An answer served by the HTTP cache after a 304
  revalidation is archived with the cached body and ``WARC-Zwgk-Cache: revalidated``; one
  served by the cache without asking the server, ``WARC-Zwgk-Cache: hit``.
* a rendered page (Chromium) is a ``conversion`` record of the rendered DOM whose
  ``WARC-Refers-To`` is the raw response record of the same URL; the JSON answers the page
  received are ``resource`` records (``WARC-Concurrent-To`` the conversion).
* records are written and flushed one by one (never the site in memory; a kill loses at
  most the record being written). Each crawl process starts a new file
  (``archive-00000.warc.gz``, ``archive-00001.warc.gz`` … the next free number), so a
  resumed crawl appends a file instead of touching a torn one; a file is rotated at
  ZWGK_WARC_MAX_FILE_BYTES, and archiving stops (noted in CrawlInfo.capped) once the run's
  archive reaches ZWGK_WARC_MAX_TOTAL_BYTES.
* beside each WARC file, ``archive-NNNNN.index.jsonl``: one line per record (URL, method,
  status, record id, offset, length, sha256 of the body, date, the spider's target URL and
  role). When an index is missing or shorter than its WARC (killed between the two
  writes), `read_index` rebuilds it from the WARC itself.

Reading: `read_index` (every record of a run folder's archive), `ArchiveReader` (one record
by file and offset), and `WarcReplayMiddleware`, which answers every request of a crawl
from the archive of another run folder and refuses the rest (ZWGK_REPLAY_DIR: the crawl
then touches no network; auditor.archive uses it for ``zwgk check --reextract``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

logger = logging.getLogger(__name__)

WARC_GLOB = "archive-*.warc.gz"
_NAME_RE = re.compile(r"^archive-(\d{5})\.warc\.gz$")
INDEX_SUFFIX = ".index.jsonl"
# Header naming the spider's own target URL of a record (z["url"]: the URL a redirect chain
# started from, the attachment a document read belongs to) and the request's role.
H_TARGET = "WARC-Zwgk-Target"
H_ROLE = "WARC-Zwgk-Role"
H_CACHE = "WARC-Zwgk-Cache"
H_ANSWER = "WARC-Zwgk-Answer"
H_REQUEST_BODY = "WARC-Zwgk-Request-Body-Sha256"
# Error text of a request the replay could not answer from the archive.
REPLAY_MISS = "not in the WARC archive"


def index_path(warc: Path) -> Path:
    return warc.with_name(warc.name[: -len(".warc.gz")] + INDEX_SUFFIX)


def warc_files(run_dir: str | os.PathLike[str]) -> list[Path]:
    return sorted(p for p in Path(run_dir).glob(WARC_GLOB) if _NAME_RE.match(p.name))


def next_warc_path(run_dir: Path) -> Path:
    used = [int(m.group(1)) for p in run_dir.glob(WARC_GLOB) if (m := _NAME_RE.match(p.name))]
    return run_dir / f"archive-{(max(used) + 1) if used else 0:05d}.warc.gz"


def sha256_digest(data: bytes) -> tuple[str, str]:
    """(hex for evidence, ``sha256:BASE32`` for WARC-Payload-Digest)."""
    d = hashlib.sha256(data)
    return d.hexdigest(), "sha256:" + base64.b32encode(d.digest()).decode("ascii")


def _role(request) -> tuple[str, str]:
    """(role, target URL) of a Scrapy request, from the spiders' meta."""
    z = request.meta.get("zwgk")
    if isinstance(z, dict):
        return str(z.get("role", "")), str(z.get("url") or request.url)
    doc = request.meta.get("zwgk_doc")
    if isinstance(doc, dict):
        return "document", str(doc.get("url") or request.url)
    if urlsplit(request.url).path == "/robots.txt":
        return "robots", request.url
    return "other", request.url


def _body_key(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest() if body else ""


class WarcWriter:
    """Appends records to ``archive-NNNNN.warc.gz`` files of one run folder, with their index."""

    def __init__(self, run_dir: Path, *, max_file_bytes: int, max_total_bytes: int, info: dict[str, str]):
        from warcio.warcwriter import WARCWriter

        self._WARCWriter = WARCWriter
        self.run_dir = run_dir
        self.max_file_bytes = max_file_bytes
        self.max_total_bytes = max_total_bytes
        self.info = info
        self.total = sum(p.stat().st_size for p in warc_files(run_dir))
        self.path: Path | None = None
        self._fh = None
        self._idx = None
        self._writer = None
        self.records = 0
        self.full = False

    def _open(self) -> None:
        self.close()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.path = next_warc_path(self.run_dir)
        self._fh = self.path.open("ab")
        self._idx = index_path(self.path).open("a", encoding="utf-8")
        self._writer = self._WARCWriter(self._fh, gzip=True, warc_version="1.1")
        payload = "".join(f"{k}: {v}\r\n" for k, v in self.info.items()).encode("utf-8")
        rec = self._writer.create_warc_record(self.path.name, "warcinfo", payload=io.BytesIO(payload),
                                              length=len(payload), warc_content_type="application/warc-fields")
        self._write(rec, {})

    def close(self) -> None:
        for fh in (self._fh, self._idx):
            if fh is not None:
                fh.close()
        self._fh = self._idx = self._writer = None

    def _write(self, record, entry: dict[str, Any]) -> dict[str, Any]:
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        length = self._fh.tell() - offset
        self.total += length
        self.records += 1
        h = record.rec_headers
        entry = {"id": h.get_header("WARC-Record-ID"), "type": h.get_header("WARC-Type"),
                 "uri": h.get_header("WARC-Target-URI"), "date": h.get_header("WARC-Date"),
                 "file": self.path.name, "offset": offset, "length": length, **entry}
        self._idx.write(json.dumps(_compact(entry), ensure_ascii=False) + "\n")
        self._idx.flush()
        return entry

    def append(self, data: bytes, entry: dict[str, Any]) -> dict[str, Any] | None:
        """Append one record serialized elsewhere (`BufferWarcWriter`: a distributed worker's
        gzip member) with its index entry; None once the archive is full."""
        if not self.room():
            return None
        offset = self._fh.tell()
        self._fh.write(data)
        self._fh.flush()
        self.total += len(data)
        self.records += 1
        entry = {**entry, "file": self.path.name, "offset": offset, "length": len(data)}
        self._idx.write(json.dumps(_compact(entry), ensure_ascii=False) + "\n")
        self._idx.flush()
        return entry

    def sync(self) -> None:
        for fh in (self._fh, self._idx):
            if fh is not None:
                fh.flush()
                os.fsync(fh.fileno())

    def room(self) -> bool:
        if self.full:
            return False
        if self.max_total_bytes and self.total >= self.max_total_bytes:
            self.full = True
            return False
        if self._fh is None or (self.max_file_bytes and self._fh.tell() >= self.max_file_bytes):
            self._open()
        return True

    def record(self, rec_type: str, uri: str, body: bytes, *, http_headers=None, headers: dict[str, str],
               content_type: str = "", entry: dict[str, Any]) -> dict[str, Any]:
        hexd, warcd = sha256_digest(body)
        warc_headers = {**headers, "WARC-Payload-Digest": warcd}
        rec = self._writer.create_warc_record(uri, rec_type, payload=io.BytesIO(body), length=len(body),
                                              http_headers=http_headers, warc_headers_dict=warc_headers,
                                              warc_content_type=content_type)
        return self._write(rec, {"sha256": hexd, "size": len(body), **entry})


class BufferWarcWriter(WarcWriter):
    """A WarcWriter without a file: each record becomes its own gzip member, kept in
    `pending` with its index entry (no file, offset or length) until the caller ships it.
    The distributed worker's archive (crawler.redis_crawl): the coordinator appends the
    members to the run folder's archive with `WarcWriter.append`."""

    def __init__(self, *, info: dict[str, str]):
        from warcio.warcwriter import WARCWriter

        self._WARCWriter = WARCWriter
        self.info = info
        self.max_file_bytes = self.max_total_bytes = self.total = self.records = 0
        self.full = False
        self.path = None
        self._fh = self._idx = None
        self._writer = WARCWriter(io.BytesIO(), gzip=True, warc_version="1.1")  # creates records only
        self.pending: list[tuple[bytes, dict[str, Any]]] = []

    def room(self) -> bool:
        return True

    def close(self) -> None:
        pass

    def _write(self, record, entry: dict[str, Any]) -> dict[str, Any]:
        buf = io.BytesIO()
        self._WARCWriter(buf, gzip=True, warc_version="1.1").write_record(record)
        h = record.rec_headers
        entry = {"id": h.get_header("WARC-Record-ID"), "type": h.get_header("WARC-Type"),
                 "uri": h.get_header("WARC-Target-URI"), "date": h.get_header("WARC-Date"), **entry}
        self.records += 1
        self.pending.append((buf.getvalue(), entry))
        return entry

    def take(self) -> list[tuple[bytes, dict[str, Any]]]:
        out, self.pending = self.pending, []
        return out


class WarcArchiveMiddleware:
    """Downloader middleware: archive every answer the crawler receives (see module doc)."""

    RENDER_IDS = 4096  # recent raw response records by URL, for a rendered page's WARC-Refers-To

    def __init__(self, crawler, run_dir: Path):
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = WarcWriter(
            run_dir, max_file_bytes=s.getint("ZWGK_WARC_MAX_FILE_BYTES", 1 << 30),
            max_total_bytes=s.getint("ZWGK_WARC_MAX_TOTAL_BYTES", 0),
            info={"software": "zwgk/0.1 (crawler.warc, warcio)", "format": "WARC File Format 1.1",
                  "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                  "isPartOf": str(run_dir.name), "robots": "obey" if s.getbool("ROBOTSTXT_OBEY", True) else "ignore"})
        self._recent: OrderedDict[str, str] = OrderedDict()
        self._noted_full = False
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> WarcArchiveMiddleware:
        s = crawler.settings
        run_dir = s.get("ZWGK_RUN_DIR")
        if not s.getbool("ZWGK_WARC", True) or not run_dir or s.get("ZWGK_REPLAY_DIR"):
            raise NotConfigured  # no archive for this crawl (ZWGK_WARC off, or a replay)
        return cls(crawler, Path(run_dir))

    def _closed(self, spider, reason) -> None:
        self.writer.close()

    def _note_full(self, spider) -> None:
        if self._noted_full:
            return
        self._noted_full = True
        msg = (f"WARC archive: ZWGK_WARC_MAX_TOTAL_BYTES={self.writer.max_total_bytes} reached; later answers "
               f"were not archived (their findings carry no archived record)")
        logger.warning(msg)
        notes = getattr(spider, "notes", None)
        if isinstance(notes, list):
            notes.append(msg)

    def process_response(self, request, response, spider=None):
        spider = spider or getattr(self.crawler, "spider", None)
        started = time.perf_counter()
        try:
            if not self.writer.room():
                self._note_full(spider)
                return response
            role, target = _role(request)
            if role == "render":
                self._rendered(request, response, target)
            else:
                self._exchange(request, response, role, target)
        except Exception:  # noqa: BLE001 - archiving must never break the crawl it records
            logger.warning("WARC: could not archive %s", request.url, exc_info=True)
            self.stats.inc_value("zwgk/warc/failed")
        self.stats.inc_value("zwgk/warc/write_us", int((time.perf_counter() - started) * 1e6))
        return response

    def _exchange(self, request, response, role: str, target: str) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        now = dt.datetime.now(dt.timezone.utc)
        date = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        cache = ""
        if "cached" in response.flags:
            cache = "revalidated" if (request.headers.get("If-None-Match") or
                                      request.headers.get("If-Modified-Since")) else "hit"
        truncated = "download_stopped" in response.flags
        common = {"WARC-Date": date, H_TARGET: target, H_ROLE: role}
        # response
        from http.client import responses as reasons

        # The body is stored de-chunked (as Scrapy hands it over) but still content-encoded.
        # Twisted drops Transfer-Encoding once it has de-chunked; should a download handler
        # pass it on, it is kept under the name WARC tools use for such headers (pywb:
        # X-Archive-Orig-*), so that readers do not de-chunk the body again.
        resp_headers = [("X-Archive-Orig-Transfer-Encoding" if k.lower() == b"transfer-encoding"
                         else k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items()
                        for v in vs]
        status = f"{response.status} {reasons.get(response.status, '')}".strip()
        http = StatusAndHeaders(status, resp_headers, protocol="HTTP/1.1")
        rh = dict(common)
        if cache:
            rh[H_CACHE] = cache
        if truncated:
            rh["WARC-Truncated"] = "length"
        ip = getattr(response, "ip_address", None)
        if ip is not None:
            rh["WARC-IP-Address"] = str(ip)
        body = response.body if request.method != "HEAD" else b""
        rbody = request.body or b""
        entry = {"kind": "response", "url": request.url, "method": request.method, "status": response.status,
                 "target": target, "role": role, "truncated": truncated, "cache": cache,
                 "request_body": _body_key(rbody)}
        if rbody:
            rh[H_REQUEST_BODY] = entry["request_body"]
        resp = self.writer.record("response", request.url, body, http_headers=http, headers=rh, entry=entry)
        # request (as sent by the middlewares before this one)
        parts = urlsplit(request.url)
        line = f"{request.method} {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1"
        req_headers = [("Host", parts.netloc)] + [(k.decode("latin-1"), v.decode("latin-1"))
                                                  for k, vs in request.headers.items() for v in vs]
        self.writer.record("request", request.url, rbody,
                           http_headers=StatusAndHeaders(line, req_headers, protocol="HTTP/1.1",
                                                         is_http_request=True),
                           headers={"WARC-Date": date, "WARC-Concurrent-To": resp["id"]},
                           entry={"kind": "request", "url": request.url, "method": request.method,
                                  "target": target, "role": role})
        if request.method == "GET" and not truncated and role in ("page", "other", "dataproxy", "jsonlist"):
            self._recent[request.url] = resp["id"]
            self._recent.move_to_end(request.url)
            while len(self._recent) > self.RENDER_IDS:
                self._recent.popitem(last=False)
        self.stats.inc_value("zwgk/warc/records", 2)
        self.stats.inc_value("zwgk/warc/body_bytes", len(body))

    def _rendered(self, request, response, target: str) -> None:
        enc = getattr(response, "encoding", None) or "utf-8"
        headers = {H_TARGET: target, H_ROLE: "render"}
        raw = self._recent.get(request.url) or self._recent.get(target)
        if raw:
            headers["WARC-Refers-To"] = raw
        conv = self.writer.record("conversion", request.url, response.body, headers=headers,
                                  content_type=f"text/html; charset={enc}",
                                  entry={"kind": "conversion", "url": request.url, "method": "RENDER",
                                         "status": response.status, "target": target, "role": "render",
                                         "refers_to": raw or ""})
        recorder = request.meta.get("zwgk_json")
        for answer in getattr(recorder, "answers", None) or []:
            text = str(answer.get("text") or "").encode("utf-8")
            meta = {k: v for k, v in answer.items() if k != "text"}
            self.writer.record("resource", str(answer.get("url") or request.url), text,
                               headers={"WARC-Concurrent-To": conv["id"], H_TARGET: target, H_ROLE: "render-json",
                                        H_ANSWER: json.dumps(meta, ensure_ascii=True)},
                               content_type="application/json",
                               entry={"kind": "json", "url": str(answer.get("url") or ""), "method": "JSON",
                                      "target": target, "role": "render-json", "of": conv["id"], "answer": meta})
        self.stats.inc_value("zwgk/warc/records")
        self.stats.inc_value("zwgk/warc/rendered")


# ------------------------------------------------------------------------- reading


class ArchiveReader:
    """Random access to records of one run folder's WARC files (by file name and offset)."""

    def __init__(self, run_dir: str | os.PathLike[str]):
        self.run_dir = Path(run_dir)
        self._files: dict[str, Any] = {}

    def read(self, file: str, offset: int) -> tuple[Any, bytes, list[tuple[str, str]], int | None]:
        """(warc headers, payload bytes, http headers, HTTP status) of the record at `offset` of `file`."""
        from warcio.archiveiterator import ArchiveIterator

        fh = self._files.get(file)
        if fh is None:
            fh = self._files[file] = (self.run_dir / file).open("rb")
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        body = record.raw_stream.read()  # as received: still content-encoded (gzip …), as hashed
        http = list(record.http_headers.headers) if record.http_headers else []
        status = None
        if record.rec_type == "response" and record.http_headers:
            status = int(record.http_headers.get_statuscode())
        return record.rec_headers, body, http, status

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files.clear()


_TYPES = {"response": "response", "request": "request", "conversion": "conversion", "json": "resource"}
_ALWAYS = ("id", "offset", "length")


def _compact(entry: dict[str, Any]) -> dict[str, Any]:
    """An index line: what `_expand` cannot derive (the file name is the index's own, the
    record type follows from `kind`, the target is the URL unless it differs; requests are
    indexed by position only)."""
    kind = entry.get("kind")
    if kind == "request":
        return {k: entry[k] for k in ("id", "kind", "offset", "length", "date")}
    out = {}
    for k, v in entry.items():
        if k in ("file", "uri") or (k == "type" and kind) or (k == "target" and v == entry.get("url")):
            continue
        if k in _ALWAYS or k in ("status", "size") or v not in (None, "", False):
            out[k] = v
    return out


def _expand(e: dict[str, Any], file: str) -> dict[str, Any]:
    kind = e.get("kind")
    e["file"] = file
    e.setdefault("type", _TYPES.get(kind, "warcinfo"))
    if kind and kind != "request":
        e.setdefault("target", e.get("url", ""))
        e.setdefault("uri", e.get("url", ""))
        e.setdefault("truncated", False)
        e.setdefault("cache", "")
        e.setdefault("request_body", "")
        e.setdefault("role", "")
    return e


def _scan(warc: Path) -> list[dict[str, Any]]:
    """Index entries of `warc` rebuilt from the file itself (a torn last record is skipped);
    a response gets its method from the request record written right after it."""
    out: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for entry in _scan_records(warc):
        if entry.get("kind") == "request" and entry.get("concurrent") in by_id:
            by_id.pop(entry["concurrent"])["method"] = entry["method"]
        elif entry.get("kind") == "response":
            by_id = {entry["id"]: entry}
        out.append(entry)
    return out


def _scan_records(warc: Path) -> Iterator[dict[str, Any]]:
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                h = record.rec_headers
                rtype = h.get_header("WARC-Type")
                body = record.raw_stream.read()
                offset = it.get_record_offset()
                it.read_to_end(record)
                length = it.get_record_length()
                entry = {"id": h.get_header("WARC-Record-ID"), "type": rtype, "uri": h.get_header("WARC-Target-URI"),
                         "date": h.get_header("WARC-Date"), "file": warc.name, "offset": offset, "length": length,
                         "sha256": hashlib.sha256(body).hexdigest(), "size": len(body),
                         "url": h.get_header("WARC-Target-URI"), "target": h.get_header(H_TARGET) or "",
                         "role": h.get_header(H_ROLE) or ""}
                if rtype == "response":
                    entry.update(kind="response", method="GET", status=int(record.http_headers.get_statuscode()),
                                 truncated=bool(h.get_header("WARC-Truncated")), cache=h.get_header(H_CACHE) or "",
                                 request_body=h.get_header(H_REQUEST_BODY) or "")
                elif rtype == "request":
                    entry.update(kind="request", method=record.http_headers.protocol,
                                 concurrent=h.get_header("WARC-Concurrent-To") or "")
                elif rtype == "conversion":
                    entry.update(kind="conversion", method="RENDER", refers_to=h.get_header("WARC-Refers-To") or "")
                elif rtype == "resource":
                    entry.update(kind="json", method="JSON", of=h.get_header("WARC-Concurrent-To") or "",
                                 answer=json.loads(h.get_header(H_ANSWER) or "{}"))
                yield entry
        except Exception as exc:  # noqa: BLE001 - a crawl killed mid-record leaves a torn tail
            logger.warning("WARC %s: unreadable after the last complete record (%s)", warc.name, type(exc).__name__)


def _read_index_file(warc: Path) -> list[dict[str, Any]] | None:
    """The index lines of `warc`, or None when the index does not cover the whole file."""
    path = index_path(warc)
    if not path.exists():
        return None
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                out.append(_expand(json.loads(line), warc.name))
            except ValueError:
                break  # torn last line
    end = (out[-1]["offset"] + out[-1]["length"]) if out else 0
    return out if end == warc.stat().st_size else None


def read_index(run_dir: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Every record of the run folder's archive, in writing order (file by file)."""
    for warc in warc_files(run_dir):
        entries = _read_index_file(warc)
        if entries is None:
            logger.info("WARC %s: index missing or incomplete, rebuilding it from the archive", warc.name)
            entries = [_expand(_compact(e), warc.name) for e in _scan(warc)]
            tmp = index_path(warc).with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                for e in entries:
                    fh.write(json.dumps(_compact(e), ensure_ascii=False) + "\n")
            os.replace(tmp, index_path(warc))
        yield from entries


# ------------------------------------------------------------------------- replay


class ReplayIndex:
    """(method, url, request body) → archived responses in order, kept in an SQLite file
    (flat memory whatever the site's size)."""

    def __init__(self, run_dir: str | os.PathLike[str]):
        self.run_dir = Path(run_dir)
        fd, self._path = tempfile.mkstemp(prefix="zwgk-replay-", suffix=".sqlite")
        os.close(fd)
        self.db = sqlite3.connect(self._path)
        self.db.execute("CREATE TABLE r (k TEXT, seq INTEGER, file TEXT, offset INTEGER, truncated INTEGER, "
                        "rid TEXT, kind TEXT)")
        self.db.execute("CREATE TABLE j (of TEXT, seq INTEGER, file TEXT, offset INTEGER)")
        self.renders = 0
        self.responses = 0
        rows, jrows = [], []
        for seq, e in enumerate(read_index(self.run_dir)):
            kind = e.get("kind")
            if kind == "response":
                rows.append((self.key(e.get("method") or "GET", e["url"], e.get("request_body") or ""), seq,
                             e["file"], e["offset"], int(bool(e.get("truncated"))), e["id"], kind))
                self.responses += 1
            elif kind == "conversion":
                rows.append((self.key("RENDER", e["url"], ""), seq, e["file"], e["offset"], 0, e["id"], kind))
                self.renders += 1
            elif kind == "json":
                jrows.append((e.get("of") or "", seq, e["file"], e["offset"]))
            if len(rows) >= 5000:
                self.db.executemany("INSERT INTO r VALUES (?,?,?,?,?,?,?)", rows)
                rows = []
        self.db.executemany("INSERT INTO r VALUES (?,?,?,?,?,?,?)", rows)
        self.db.executemany("INSERT INTO j VALUES (?,?,?,?)", jrows)
        self.db.execute("CREATE INDEX rk ON r (k, seq)")
        self.db.execute("CREATE INDEX jo ON j (of, seq)")
        self.db.commit()
        self._served: dict[str, int] = {}

    @staticmethod
    def key(method: str, url: str, body_sha: str) -> str:
        return f"{method} {url} {body_sha}"

    def next(self, key: str) -> tuple[str, int, bool, str] | None:
        """The next archived answer for `key` (in archive order; the last one again once all
        were served: a retry or a second ask gets what the crawl got last)."""
        rows = self.db.execute("SELECT file, offset, truncated, rid FROM r WHERE k = ? ORDER BY seq",
                               (key,)).fetchall()
        if not rows:
            return None
        n = self._served.get(key, 0)
        self._served[key] = n + 1
        file, offset, truncated, rid = rows[min(n, len(rows) - 1)]
        return file, offset, bool(truncated), rid

    def answers(self, conversion_id: str) -> list[tuple[str, int]]:
        return self.db.execute("SELECT file, offset FROM j WHERE of = ? ORDER BY seq", (conversion_id,)).fetchall()

    def close(self) -> None:
        self.db.close()
        try:
            os.unlink(self._path)
        except OSError:
            pass


class WarcReplayMiddleware:
    """Answer every request from the WARC archive of ZWGK_REPLAY_DIR; refuse what is not
    archived (IgnoreRequest naming REPLAY_MISS). Sits next to the downloader, so robots.txt,
    redirects, retries, cookies and decompression work on the archived answers as they did
    on the live ones; nothing reaches the network."""

    def __init__(self, crawler, replay_dir: Path):
        self.crawler = crawler
        self.index = ReplayIndex(replay_dir)
        self.reader = ArchiveReader(replay_dir)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)
        logger.info("Replaying %d archived answers and %d rendered pages from %s", self.index.responses,
                    self.index.renders, replay_dir)

    @classmethod
    def from_crawler(cls, crawler) -> WarcReplayMiddleware:
        replay = crawler.settings.get("ZWGK_REPLAY_DIR")
        if not replay:
            raise NotConfigured  # not a replay
        return cls(crawler, Path(replay))

    def _closed(self, spider, reason) -> None:
        self.reader.close()
        self.index.close()

    def process_request(self, request, spider=None):
        stats = self.crawler.stats
        if request.meta.get("playwright"):
            found = self.index.next(self.index.key("RENDER", request.url, ""))
            if found is None:
                stats.inc_value("zwgk/replay/miss")
                raise IgnoreRequest(f"rendered page {REPLAY_MISS}")
            file, offset, _, rid = found
            warc_headers, body, _, _ = self.reader.read(file, offset)
            ctype = warc_headers.get_header("Content-Type") or "text/html; charset=utf-8"
            recorder = request.meta.get("zwgk_json")
            if recorder is not None:
                for afile, aoffset in self.index.answers(rid):
                    ah, abody, _, _ = self.reader.read(afile, aoffset)
                    answer = json.loads(ah.get_header(H_ANSWER) or "{}")
                    answer["text"] = abody.decode("utf-8", "replace")
                    recorder.answers.append(answer)
            stats.inc_value("zwgk/replay/rendered")
            return responsetypes.from_args(headers=None, url=request.url, body=body)(
                url=request.url, status=200, headers=Headers({"Content-Type": ctype}), body=body,
                flags=["replayed"], request=request)
        found = self.index.next(self.index.key(request.method, request.url, _body_key(request.body or b"")))
        if found is None:
            stats.inc_value("zwgk/replay/miss")
            raise IgnoreRequest(f"{request.method} {request.url} {REPLAY_MISS}")
        file, offset, truncated, _ = found
        _, body, http, status = self.reader.read(file, offset)
        headers = Headers()
        for k, v in http:
            headers.appendlist(k, v)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        flags = ["replayed"] + (["download_stopped"] if truncated else [])
        stats.inc_value("zwgk/replay/answered")
        return cls(url=request.url, status=status or 200, headers=headers, body=body, flags=flags, request=request)


__all__ = ["WarcArchiveMiddleware", "WarcReplayMiddleware", "ArchiveReader", "read_index", "warc_files",
           "index_path", "REPLAY_MISS", "sha256_digest"]
