"""Process safety shared by `zwgk audit`, `check`, `demo` and `nightly`: one exclusive lock per
resource, and SIGTERM handled like Ctrl-C (the crawl child stopped, nothing half-written).

Locks: one exclusive lock per resource: an --out folder, a history database, a nightly output.

`hold(path, what)` takes a non-blocking flock on `path` (created if needed) and writes this
process's pid into it; a second holder is refused at once with a LockedError naming the
resource and the pid holding it, so two runs never interleave their reports or history
writes. The kernel releases a flock when its process dies (SIGKILL included): a stale lock
file never blocks the next run.

Lock files: ``<out>/.zwgk.lock`` for a report folder, ``<history>.lock`` beside a history
database, ``<out>/.zwgk-nightly.lock`` for a nightly run (auditor.nightly).
"""

from __future__ import annotations

import fcntl
import os
import signal
import sys
import threading
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

from .errors import ToolError

OUT_LOCK = ".zwgk.lock"


class LockedError(ToolError):
    """Another zwgk process holds the lock."""


@contextmanager
def hold(path: str | Path, what: str) -> Iterator[Path]:
    """Hold an exclusive, non-blocking flock on `path`; LockedError if another process has it.

    `what` names the resource in the message (e.g. "--out folder out/2026-11-27")."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+", encoding="utf-8")
    except OSError as exc:
        raise ToolError(f"无法创建锁文件 / cannot create the lock file {path} for {what}: "
                        f"{exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            raise LockedError(f"另一个 zwgk 正在使用 / another zwgk run (pid {holder}) is using {what} "
                              f"(lock {path}); this run exits without doing anything") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield path
    finally:
        fh.close()  # closing releases the lock


def out_lock_path(out: str | Path) -> Path:
    return Path(out) / OUT_LOCK


def history_lock_path(history: str | Path) -> Path:
    history = Path(history)
    return history.with_name(history.name + ".lock")


@contextmanager
def audit_locks(out: str | Path | None, history: str | Path | None) -> Iterator[None]:
    """The locks one audit holds from before its crawl until its reports and history are
    written: its --out folder and its history database (either may be None)."""
    with ExitStack() as stack:
        if out is not None:
            stack.enter_context(hold(out_lock_path(out), f"--out folder {out}"))
        if history is not None:
            stack.enter_context(hold(history_lock_path(history), f"history database {history}"))
        yield


class Interrupted(KeyboardInterrupt):
    """SIGTERM (systemd stop, a timeout, `kill PID`) received: the run stops like on Ctrl-C."""


@contextmanager
def interruptible() -> Iterator[None]:
    """In the main thread: SIGTERM raises Interrupted (once; a second signal during the
    clean-up is ignored so that the clean-up completes). Elsewhere: nothing.

    A crawl running in this thread (crawler.run.crawl_site) stops its child when the
    exception passes through it; one running in a worker thread is stopped by stop_crawls."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = []

    def handler(signum, frame):
        if fired:
            return
        fired.append(signum)
        raise Interrupted(f"signal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop_crawls() -> int:
    """Stop every crawl child this process runs (terminate, then kill after a grace period)."""
    try:
        from crawler.run import stop_active_crawls
    except ImportError:  # pragma: no cover - crawler not installed: nothing to stop
        return 0
    n = stop_active_crawls()
    if n:
        print(f"已停止抓取 stopped {n} crawl process(es)", file=sys.stderr, flush=True)
    return n


__all__ = ["interruptible", "Interrupted", "stop_crawls", "hold", "audit_locks", "LockedError", "out_lock_path", "history_lock_path", "OUT_LOCK"]
