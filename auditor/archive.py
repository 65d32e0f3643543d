"""The archived crawl on the auditor's side (issue 12 item 5).

* `attach_evidence(findings, run_dir)`: every finding whose page (``url``) or linked URL
  (``target``) has an archived answer in the run folder's WARC files (crawler.warc) gets
  evidence naming that record: ``warc_record_id``, ``warc_file``, ``warc_offset``,
  ``body_sha256`` (of the archived body), ``fetched_at`` (WARC-Date) and ``http_status``;
  the same with a ``target_`` prefix for the target. Added here, for every rule alike, after
  the fingerprints are assigned: fingerprints (auditor.runner.IDENTITY_KEYS) never include
  these keys, so the history and the nightly diff do not churn.

  Which record: among the archived answers to the URL (as the spider asked it, and every
  hop of its redirect chain), the rendered DOM (conversion record) when the page was
  rendered, else the last full answer with a body (the final hop; an attachment's read
  rather than its HEAD check), else the last answer at all.

* `reextract(run_dir)`: extract and audit a stored crawl again with today's extractors,
  without the network. The spider itself runs again (crawler.run, a child process) with
  every request answered from the archive by crawler.warc.WarcReplayMiddleware and every
  other request refused, so the extraction is exactly the crawl's: crawler.extract for
  pages, crawler.documents for attachments, the CMS adapters, soft-404 judgement, column
  assembly. Link checks: the replay's, where the archive answered; the stored links.jsonl
  line where it did not (timeouts, refused connections, skipped and blocked targets are not
  answers and cannot be replayed). The result is the run folder ``RUN/reextract/`` (rebuilt
  on every call) with the original crawl.json and ``replay.json`` naming its source; its
  findings cite the source's WARC records.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from contracts import Finding

from .errors import ToolError

REEXTRACT_DIR = "reextract"
REPLAY_JSON = "replay.json"
EVIDENCE_KEYS = ("warc_record_id", "warc_file", "warc_offset", "body_sha256", "fetched_at", "http_status")


def archive_dir(run_dir: str | os.PathLike[str]) -> Path:
    """The folder holding the WARC files of `run_dir` (its replay source for a re-extraction)."""
    run = Path(run_dir)
    marker = run / REPLAY_JSON
    if marker.is_file():
        try:
            source = json.loads(marker.read_text("utf-8")).get("source")
        except (OSError, ValueError):
            source = None
        if source:
            src = Path(source)
            return src if src.is_absolute() else (run / src).resolve()
    return run


def _rank(e: dict[str, Any]) -> int:
    if e.get("kind") == "conversion":
        return 3
    if e.get("method") != "HEAD" and not e.get("truncated") and e.get("size"):
        return 2
    return 1


def archived_records(run_dir: str | os.PathLike[str], urls: set[str]) -> dict[str, dict[str, Any]]:
    """url → the index entry of the record that best stands for it (see module doc). Reads
    the index line by line and keeps only the wanted URLs."""
    from crawler.warc import read_index

    best: dict[str, dict[str, Any]] = {}
    folder = archive_dir(run_dir)
    for e in read_index(folder):
        if e.get("kind") not in ("response", "conversion"):
            continue
        for key in {e.get("target") or "", e.get("url") or ""}:
            if key not in urls:
                continue
            have = best.get(key)
            if have is None or _rank(e) >= _rank(have):
                best[key] = e
    return best


def _evidence(e: dict[str, Any], prefix: str) -> dict[str, Any]:
    out = {f"{prefix}warc_record_id": e["id"], f"{prefix}warc_file": e["file"],
           f"{prefix}warc_offset": e["offset"], f"{prefix}body_sha256": e.get("sha256", ""),
           f"{prefix}fetched_at": e.get("date", "")}
    if e.get("status") is not None:
        out[f"{prefix}http_status"] = e["status"]
    return out


def attach_evidence(findings: Sequence[Finding], run_dir: str | os.PathLike[str] | None) -> list[Finding]:
    """`findings` with the archived record of their url / target in the evidence (module doc).
    Findings without an archived answer, or a run folder without an archive, are unchanged."""
    findings = list(findings)
    if run_dir is None:
        return findings
    from crawler.warc import warc_files

    if not warc_files(archive_dir(run_dir)):
        return findings
    wanted = {u for f in findings if f.status.value != "pass" for u in (f.url, f.target) if u}
    if not wanted:
        return findings
    best = archived_records(run_dir, wanted)
    out = []
    for f in findings:
        extra: dict[str, Any] = {}
        if f.status.value != "pass":
            if f.url in best:
                extra.update(_evidence(best[f.url], ""))
            if f.target in best:
                extra.update(_evidence(best[f.target], "target_"))
        extra = {k: v for k, v in extra.items() if k not in f.evidence}
        out.append(f.model_copy(update={"evidence": {**f.evidence, **extra}}) if extra else f)
    return out


# ------------------------------------------------------------------------- re-extraction


def _merge_links(stored: Path, replayed: Path, out: Path) -> dict[str, int]:
    """links.jsonl of the re-extraction: stored order; the replay's check where the archive
    answered, the stored line where it did not; then targets only today's extractors found."""
    from crawler.warc import REPLAY_MISS

    fresh: dict[str, str] = {}
    if replayed.exists():
        with replayed.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                rec = json.loads(line)
                if REPLAY_MISS in (rec.get("error") or ""):
                    continue
                fresh.setdefault(rec["url"], line)
    counts = {"replayed": 0, "stored": 0, "new": 0}
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as dst:
        if stored.exists():
            with stored.open(encoding="utf-8") as fh:
                for line in fh:
                    line = line.strip()
                    if not line:
                        continue
                    url = json.loads(line)["url"]
                    if url in fresh:
                        dst.write(fresh.pop(url) + "\n")
                        counts["replayed"] += 1
                    else:
                        dst.write(line + "\n")
                        counts["stored"] += 1
        for line in fresh.values():
            dst.write(line + "\n")
            counts["new"] += 1
    os.replace(tmp, out)
    return counts


def reextract(run_dir: str | os.PathLike[str], *, timeout: float | None = None) -> Path:
    """Rebuild ``RUN/reextract/`` from RUN's WARC archive (module doc); returns that folder."""
    from contracts import CrawlInfo, RunFiles
    from crawler.run import CrawlError, crawl_site
    from crawler.warc import read_index, warc_files

    src = Path(run_dir).resolve()
    if (src / REPLAY_JSON).is_file():
        src = archive_dir(src)
    if not warc_files(src):
        raise ToolError(f"{src} 没有 WARC 存档，无法重新抽取 / no WARC archive (archive-*.warc.gz) to re-extract from")
    try:
        info = CrawlInfo.model_validate_json((src / RunFiles.CRAWL).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ToolError(f"{src}: {RunFiles.CRAWL} 无法读取 / unreadable: {exc}") from None
    renders = sum(1 for e in read_index(src) if e.get("kind") == "conversion")
    settings: dict[str, Any] = {
        "ZWGK_REPLAY_DIR": str(src),
        "ZWGK_WARC": False,
        "AUTOTHROTTLE_ENABLED": False,  # no server to be polite to
        "DOWNLOAD_DELAY": 0,
        "ZWGK_BREAKER_ENABLED": False,  # refusals of the live crawl are not in the archive anyway
        "ZWGK_RATE_LIMIT_MAX_WAIT": 0.05,  # a 429 archived before the answer: ask again at once
        "ZWGK_RATE_LIMIT_BACKOFF": 0.05,
        "ZWGK_MAX_CRAWL_DELAY": 0,
    }
    if not renders:
        settings["ZWGK_RENDER"] = "off"  # the crawl rendered nothing: neither does its replay
    staging = src / ".reextract-tmp"
    shutil.rmtree(staging, ignore_errors=True)
    hosts = info.allowed_hosts or None
    try:
        crawl_site(info.start_url, staging, max_pages=10**9, external_hosts=hosts, extra_settings=settings,
                   timeout=timeout, jobdir=False)
    except CrawlError as exc:
        raise ToolError(f"重新抽取失败 / re-extraction failed: {str(exc).splitlines()[0]}\n"
                        f"日志 log: {staging / 'crawl.log'}") from None
    replay_info = CrawlInfo.model_validate_json((staging / RunFiles.CRAWL).read_text("utf-8"))
    counts = _merge_links(src / RunFiles.LINKS, staging / RunFiles.LINKS, staging / "links.merged")
    os.replace(staging / "links.merged", staging / RunFiles.LINKS)
    shutil.copyfile(src / RunFiles.CRAWL, staging / RunFiles.CRAWL)  # the crawl's own record
    replay = {
        "source": "..",
        "reextracted_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "warc_files": [p.name for p in warc_files(src)],
        "links": counts,
        "answered_from_archive": int(replay_info.stats.get("zwgk/replay/answered", 0)),
        "rendered_from_archive": int(replay_info.stats.get("zwgk/replay/rendered", 0)),
        "not_in_archive": int(replay_info.stats.get("zwgk/replay/miss", 0)),
        "stats": replay_info.stats,  # the replay crawl's own (its crawl.json is the original's)
    }
    (staging / REPLAY_JSON).write_text(json.dumps(replay, ensure_ascii=False, indent=1), encoding="utf-8")
    dest = src / REEXTRACT_DIR
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(staging, dest)
    return dest


__all__ = ["attach_evidence", "archived_records", "archive_dir", "reextract", "EVIDENCE_KEYS",
           "REEXTRACT_DIR", "REPLAY_JSON"]
