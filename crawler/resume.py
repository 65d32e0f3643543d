"""Resuming an interrupted crawl from its run folder.

The artifacts are the checkpoint. The spider writes a page's PageArtifact before the
target's LinkCheck, so after any interruption (SIGTERM, SIGKILL, power loss):

* a target with a LinkCheck line is finished (unless the line says "unfinished:": the
  crawl ended, e.g. on a signal, before the target was answered);
* a target linked from a written page but without a LinkCheck is pending, whether it
  was queued, in flight or waiting for a rate-limit retry when the crawl died.

The artifacts are the *only* checkpoint. Scrapy's JOBDIR (under the run folder) holds
the request queue on disk while a crawl runs (memory stays flat on large sites), but a
resume starts with that queue discarded (`discard_request_queue`): after a SIGKILL its
files are stale or torn (a queue file cut in its header makes every later push to that
priority fail, and the targets behind it were lost), and after several kills a stale copy
could shadow the live one. The pending targets rebuilt here cover everything the queue
held. `compact_jsonl` makes the files safe to append to again: a torn last line is
dropped and a URL written twice keeps its first line.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from contracts import LinkKind, PageArtifact, RunFiles

_REQUESTED_KINDS = {LinkKind.page.value, LinkKind.attachment.value, LinkKind.external.value, LinkKind.image.value,
                    LinkKind.frame.value, LinkKind.embed.value, LinkKind.stylesheet.value}


@dataclass
class Pending:
    url: str
    kind: str  # LinkKind value
    depth: int
    referrer: str | None


@dataclass
class ResumeState:
    checked: set[str] = field(default_factory=set)  # URLs with a LinkCheck
    parsed: set[str] = field(default_factory=set)  # url and final_url of written pages
    pending: list[Pending] = field(default_factory=list)
    pages: int = 0
    page_requests: int = 0  # page LinkChecks that cost a request (for the page budget)


UNFINISHED = "unfinished:"  # crawler.spiders.portal.UNFINISHED


def is_unfinished(record: dict) -> bool:
    """A LinkCheck written for a target the crawl left unanswered."""
    return str(record.get("error") or "").startswith(UNFINISHED)


def compact_jsonl(path: Path, drop=None) -> set[str]:
    """Rewrite a JSONL artifact file keeping the first complete line per `url` (and none
    for which `drop(record)` is true); returns the URLs kept. A missing file is created."""
    kept: set[str] = set()
    if not path.exists():
        path.touch()
        return kept
    lines: list[str] = []
    changed = False
    with path.open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.strip()
            if not line:
                changed = True
                continue
            try:
                record = json.loads(line)
                url = record["url"]
            except (ValueError, KeyError, TypeError):
                changed = True  # the line torn by the kill
                continue
            if drop is not None and drop(record):
                changed = True
                continue
            if url in kept:
                changed = True
                continue
            kept.add(url)
            lines.append(line)
            if not raw.endswith("\n"):
                changed = True
    if changed:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
        os.replace(tmp, path)
    return kept


REQUEST_QUEUE = "requests.queue"  # Scrapy's disk queue folder inside JOBDIR


def discard_request_queue(jobdir: str | os.PathLike[str]) -> bool:
    """Remove the request queue a previous crawl left in `jobdir` (its spider state is
    kept). Returns whether there was one."""
    queue = Path(jobdir) / REQUEST_QUEUE
    if not queue.exists():
        return False
    shutil.rmtree(queue)
    return True


def load_state(folder: str | os.PathLike[str]) -> ResumeState:
    files = RunFiles(folder)
    state = ResumeState()
    links = files.path(RunFiles.LINKS)
    if links.exists():
        with links.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if is_unfinished(rec):
                    continue  # asked again
                state.checked.add(rec["url"])
                if rec.get("kind") == LinkKind.page.value and rec.get("method") != "NONE":
                    state.page_requests += 1
    pages = files.path(RunFiles.PAGES)
    targets: dict[str, Pending] = {}
    if pages.exists():
        with pages.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                page = PageArtifact.model_validate_json(line)
                state.pages += 1
                state.parsed.update((page.url, page.final_url))
                for link in [*page.links, *page.embeds]:
                    if link.kind.value in _REQUESTED_KINDS and link.url.startswith(("http://", "https://")):
                        targets.setdefault(link.url, Pending(link.url, link.kind.value, page.depth + 1, page.url))
                for other in page.paging:
                    targets.setdefault(other, Pending(other, LinkKind.page.value, page.depth + 1, page.url))
    state.pending = [t for url, t in targets.items() if url not in state.checked]
    return state
