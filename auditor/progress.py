"""Live crawl progress, read from the run folder while the crawler subprocess writes it.

The crawler flushes one PageArtifact per line to pages.jsonl and one LinkCheck per line to
links.jsonl as it goes; `CrawlWatcher` tails both (only complete lines) and derives pages
done, an estimated queue (in-scope page links seen but not crawled yet), pages/s and failed
fetches. Nothing in the crawler changes for this.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, TextIO
from urllib.parse import urlsplit

BAD_OUTCOMES = {"dead", "timeout", "redirect_loop", "too_many_redirects", "error"}


@dataclass
class Snapshot:
    pages: int = 0
    queue: int = 0
    links: int = 0
    errors: int = 0
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        m, s = divmod(int(self.elapsed), 60)
        return (f"页面 pages {self.pages} · 队列 queue ~{self.queue} · {self.rate:.1f} 页/秒 pages/s · "
                f"链接 links {self.links} · 错误 errors {self.errors} · {m:02d}:{s:02d}")


class _Tail:
    """New complete lines of a growing file."""

    def __init__(self, path: Path):
        self.path, self.offset, self.buf = path, 0, b""

    def lines(self) -> list[str]:
        try:
            with self.path.open("rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except FileNotFoundError:
            return []
        self.offset += len(data)
        self.buf += data
        *complete, self.buf = self.buf.split(b"\n")
        return [c.decode("utf-8", "replace") for c in complete if c.strip()]


class CrawlWatcher:
    def __init__(self, run_dir: str | Path, start_url: str = "", clock: Callable[[], float] = time.monotonic):
        run_dir = Path(run_dir)
        self._pages = _Tail(run_dir / "pages.jsonl")
        self._links = _Tail(run_dir / "links.jsonl")
        self._netloc = urlsplit(start_url).netloc
        self._clock = clock
        self._t0 = clock()
        self.crawled: set[str] = set()
        self.seen: set[str] = set()
        self.snap = Snapshot()

    def poll(self) -> Snapshot:
        for line in self._pages.lines():
            try:
                page = json.loads(line)
            except ValueError:
                continue
            self.snap.pages += 1
            self.crawled.update(u for u in (page.get("url"), page.get("final_url")) if u)
            if int(page.get("status") or 0) >= 400:
                self.snap.errors += 1
            for link in page.get("links") or ():
                url = link.get("url") or ""
                if link.get("kind") == "page" and (not self._netloc or urlsplit(url).netloc == self._netloc):
                    self.seen.add(url.split("#", 1)[0])
        for line in self._links.lines():
            try:
                check = json.loads(line)
            except ValueError:
                continue
            self.snap.links += 1
            if check.get("outcome") in BAD_OUTCOMES and check.get("kind") != "page":
                self.snap.errors += 1
        self.snap.queue = len(self.seen - self.crawled)
        self.snap.elapsed = self._clock() - self._t0
        return self.snap


def progress_enabled(mode: str = "auto", stream: TextIO | None = None, env: Mapping[str, str] | None = None) -> bool:
    """on / off, or auto: on when the stream is a terminal and CI is not set."""
    if mode == "on":
        return True
    if mode == "off":
        return False
    env = os.environ if env is None else env
    stream = sys.stdout if stream is None else stream
    if env.get("CI"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def run_with_progress(fn: Callable[[], Any], run_dir: str | Path, *, label: str, start_url: str = "",
                      enabled: bool, console=None, interval: float = 0.25) -> Any:
    """Call `fn` (a blocking crawl) in a thread; meanwhile show the live progress when enabled."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            result["error"] = exc

    worker = threading.Thread(target=target, name="zwgk-crawl", daemon=True)
    worker.start()
    if enabled:
        from rich.console import Console
        from rich.live import Live
        from rich.text import Text

        watcher = CrawlWatcher(run_dir, start_url)
        console = console or Console()
        with Live(Text(f"{label}: 启动中 starting…"), console=console, refresh_per_second=4, transient=False) as live:
            while worker.is_alive():
                worker.join(interval)
                live.update(Text(f"{label}: {watcher.poll().line()}"))
            live.update(Text(f"{label}: {watcher.poll().line()} · 完成 done"))
    else:
        worker.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


__all__ = ["CrawlWatcher", "Snapshot", "progress_enabled", "run_with_progress"]
