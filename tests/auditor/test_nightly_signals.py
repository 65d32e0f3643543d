"""`zwgk nightly` stopped by SIGTERM in the middle of a crawl: the crawler child is stopped
too, the lock is released and `latest` still points at the last good report. A real
nightly process crawling a slow site on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from auditor.nightly import nightly_lock, switch_latest

from tests.helpers.loopback_http import Reply, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[2]


def slow_page(n: int) -> Reply:
    body = (f"<html><head><meta charset='utf-8'><title>第{n}页</title></head><body>"
            + "".join(f"<a href='/p{n * 10 + k}.html'>下级{k}</a>" for k in range(1, 6))
            + "<p>" + "正文内容" * 20 + "</p></body></html>").encode("utf-8")
    return Reply(200, {"Content-Type": "text/html"}, body, sleep=1.0)


def slow_routes() -> dict:
    routes = {"/": lambda m, p: slow_page(0),
              "/robots.txt": lambda m, p: Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")}
    for n in range(1, 1000):
        routes[f"/p{n}.html"] = lambda m, p, n=n: slow_page(n)
    return routes


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            kids.append(int(entry.name))
    return kids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigterm_stops_the_crawl_releases_the_lock_and_keeps_latest(tmp_path):
    srv = start_server(None, slow_routes())
    out = tmp_path / "nightly"
    site_dir = out / "slow"
    good = site_dir / "runs" / "2026-11-26_010000"
    good.mkdir(parents=True)
    (good / "report.html").write_text("last good report", encoding="utf-8")
    switch_latest(site_dir, good)
    before = os.readlink(site_dir / "latest")
    profile = tmp_path / "profile.yaml"
    profile.write_text(yaml.safe_dump({"out": "nightly", "sites": [
        {"name": "slow", "start_url": srv.url("/"), "external_hosts": [], "max_pages": 500, "timeout": 300}]}),
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    nightly = subprocess.Popen([sys.executable, "-m", "auditor.cli", "nightly", str(profile), "--progress", "off",
                                "--as-of", "2026-11-27"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        crawler = []
        while time.monotonic() < deadline:
            assert nightly.poll() is None, nightly.communicate()
            crawler = children_of(nightly.pid)
            if crawler and srv.seen("/") and len(srv.server.requests) >= 3:
                break
            time.sleep(0.05)
        assert crawler and srv.seen("/"), "the crawl did not start"
        nightly.send_signal(signal.SIGTERM)
        stdout, stderr = nightly.communicate(timeout=30)
    finally:
        if nightly.poll() is None:
            nightly.kill()
            nightly.wait()
        for pid in children_of(nightly.pid):
            os.kill(pid, signal.SIGKILL)
    try:
        assert nightly.returncode == 1, (stdout, stderr)
        assert "interrupted" in stderr
        assert not [pid for pid in crawler if alive(pid)], "the crawler child outlived the nightly run"
        asked = len(srv.server.requests)
        time.sleep(1.5)
        assert len(srv.server.requests) == asked  # nobody is crawling any more
    finally:
        srv.stop()
    with nightly_lock(out):  # released: another nightly can take it
        pass
    assert os.readlink(site_dir / "latest") == before
    assert (site_dir / "latest" / "report.html").read_text(encoding="utf-8") == "last good report"
    interrupted = [p for p in (site_dir / "runs").iterdir() if p != good]
    assert len(interrupted) == 1 and "interrupted" in (interrupted[0] / "FAILED.txt").read_text(encoding="utf-8")
