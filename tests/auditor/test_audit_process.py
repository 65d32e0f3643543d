"""`zwgk audit` as a process (issue 10 item 6): a second audit on the same --out or the same
history is refused with a clear message while the first runs, and SIGTERM stops the first
one's crawler child and exits cleanly, leaving the last good report set in place. Real
processes, a slow site on 127.0.0.1, real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from auditor.lock import hold, history_lock_path, out_lock_path

from tests.helpers.loopback_http import start_server
from test_nightly_signals import alive, children_of, slow_routes  # noqa: E402
import pytest

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
ENV.pop("CI", None)


def _zwgk(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "auditor.cli", *args], cwd=cwd, env=ENV, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_crawl(proc: subprocess.Popen, srv, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        kids = children_of(proc.pid)
        if kids and srv.seen("/") and len(srv.server.requests) >= 3:
            return kids
        time.sleep(0.05)
    raise AssertionError("the crawl did not start")


def test_second_audit_is_refused_and_sigterm_stops_the_crawl(tmp_path):
    srv = start_server(None, slow_routes())
    out = tmp_path / "out"
    out.mkdir()
    for name in ("report.html", "report.md"):
        (out / name).write_text(f"last good {name}", encoding="utf-8")
    history = tmp_path / "h.sqlite"
    first = _zwgk("audit", srv.url("/"), "--out", str(out), "--history", str(history), "--as-of", "2026-11-27",
                  "--max-pages", "500", "--external-hosts", "", cwd=tmp_path)
    try:
        crawler = _wait_for_crawl(first, srv)
        # same --out: refused at once, nothing crawled
        asked = srv.seen("/")
        second = _zwgk("audit", srv.url("/"), "--out", str(out), "--no-history", "--as-of", "2026-11-27",
                       cwd=tmp_path)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 1, err
        assert "another zwgk run" in err and f"pid {first.pid}" in err and "--out folder" in err
        assert "Traceback" not in err
        # same history, another folder: refused too
        third = _zwgk("check", str(tmp_path), "--out", str(tmp_path / "other"), "--history", str(history),
                      "--as-of", "2026-11-27", cwd=tmp_path)
        _, err = third.communicate(timeout=60)
        assert third.returncode == 1 and "history database" in err and f"pid {first.pid}" in err, err
        assert srv.seen("/") == asked  # the refused runs never crawled
        assert not (tmp_path / "other").joinpath("report.json").exists()

        first.send_signal(signal.SIGTERM)
        stdout, stderr = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        for pid in children_of(first.pid):
            os.kill(pid, signal.SIGKILL)
    try:
        assert first.returncode == 1, (stdout, stderr)
        assert "interrupted" in stderr and "Traceback" not in stderr
        assert not [pid for pid in crawler if alive(pid)], "the crawler child outlived the audit"
        asked = len(srv.server.requests)
        time.sleep(1.5)
        assert len(srv.server.requests) == asked  # nobody is crawling any more
    finally:
        srv.stop()
    # no report from the interrupted run: the last good set stays, with a note
    assert (out / "report.html").read_text(encoding="utf-8") == "last good report.html"
    assert (out / "report.md").read_text(encoding="utf-8") == "last good report.md"
    assert not (out / "report.json").exists()
    assert "interrupted" in (out / "FAILED.txt").read_text(encoding="utf-8")
    from auditor.history import History

    with History(history) as h:
        [run] = h.runs()
    assert run["status"] == "failed" and "interrupted" in run["error"]
    # both locks were released
    with hold(out_lock_path(out), "out"), hold(history_lock_path(history), "history"):
        pass


def test_a_killed_holder_never_blocks_the_next_run(tmp_path):
    """SIGKILL gives no chance to clean up: the kernel drops the flock with the process, so
    the lock file left behind does not refuse the next audit."""
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from auditor.lock import hold, out_lock_path\n"
         "with hold(out_lock_path(sys.argv[1]), 'out'):\n    print('held', flush=True); time.sleep(60)", str(out)],
        cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        from auditor.lock import LockedError

        try:
            with hold(out_lock_path(out), f"--out folder {out}"):
                raise AssertionError("the lock was not held")
        except LockedError as exc:
            assert f"pid {holder.pid}" in str(exc)
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert (out / ".zwgk.lock").exists()  # left behind …
    with hold(out_lock_path(out), "out"):  # … and harmless
        pass
