"""crawler.run: the child-process entry and crawl_site's success / failure rules."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from contracts import load_site
from crawler.run import EXIT_PARENT_GONE, PARENT_ENV, CrawlError, _package_root, build_command, crawl_site
from tests.helpers.loopback_http import Reply, port_is_closed


def test_build_command_passes_settings_as_json(tmp_path):
    cmd = build_command("http://127.0.0.1:8000/", tmp_path, max_pages=7, external_hosts=["127.0.0.1", "localhost"],
                        settings={"DOWNLOAD_TIMEOUT": 1, "LOG_LEVEL": "DEBUG", "RETRY_HTTP_CODES": [500]})
    assert cmd[:3] == [sys.executable, "-m", "crawler.run"]
    assert cmd[cmd.index("--max-pages") + 1] == "7"
    assert cmd[cmd.index("--external-hosts") + 1] == "127.0.0.1,localhost"
    sets = [cmd[i + 1] for i, a in enumerate(cmd) if a == "--set"]
    assert sets == ["DOWNLOAD_TIMEOUT=1", 'LOG_LEVEL="DEBUG"', "RETRY_HTTP_CODES=[500]"]
    assert "--external-hosts" not in build_command("http://127.0.0.1:8000/", tmp_path, max_pages=1,
                                                   external_hosts=None, settings={})


@pytest.mark.live
def test_a_crawl_that_cannot_start_raises_crawl_error_with_the_log(tmp_path):
    with pytest.raises(CrawlError) as err:
        crawl_site("ftp://127.0.0.1:9/", tmp_path / "run", timeout=60)
    assert "ftp://127.0.0.1:9/" in str(err.value)
    assert err.value.log_tail  # the child's last log lines explain why
    assert not (tmp_path / "run" / "crawl.json").exists()


@pytest.mark.live
@pytest.mark.skipif(not port_is_closed(9), reason="something listens on 127.0.0.1:9")
def test_a_site_that_is_down_is_a_result_not_a_crawler_failure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the child must not depend on the caller's working directory
    site = load_site(crawl_site("http://127.0.0.1:9/", tmp_path / "run", timeout=60))
    assert site.crawl.finish_reason == "finished"
    assert [(c.url, c.outcome) for c in site.links] == [("http://127.0.0.1:9/", "dead")]
    assert site.pages == []
    # the unreachable robots.txt was logged as a warning, not as a crawler error
    assert site.crawl.stats.get("log_count/ERROR", 0) == 0
    summary = json.loads((tmp_path / "run" / "crawl.log").read_text("utf-8").strip().splitlines()[-1])
    assert summary["problems"] == [] and summary["finish_reason"] == "finished"


# ------------------------------------------------------------ the child dies with its parent

PARENT_SCRIPT = """
import sys
from crawler.run import crawl_site
crawl_site(sys.argv[1], sys.argv[2], timeout=600, extra_settings={"ZWGK_NEWMEDIA": False, "ZWGK_RENDER": "off"})
"""


def _child_env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(_package_root()), os.environ.get("PYTHONPATH", "")) if p)}


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _gone(pid: int) -> bool:
    """No such process, or a zombie nobody has reaped yet (it runs no code)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_the_crawl_child_dies_when_its_parent_is_killed(serve, tmp_path, figures):
    links = "".join(f"<a href='/slow/{i}.html'>慢{i}</a>" for i in range(400))
    slow = Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                 "<html><head><title>慢</title></head><body>慢页面</body></html>".encode(), sleep=0.5)
    srv = serve(None, {"/": lambda m, p: Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                                               f"<html><body>{links}</body></html>".encode()),
                       "/slow/": lambda m, p: slow,
                       **{f"/slow/{i}.html": (lambda m, p: slow) for i in range(400)}})
    parent = subprocess.Popen([sys.executable, "-c", PARENT_SCRIPT, srv.url("/"), str(tmp_path / "run")],
                              env=_child_env(), cwd=tmp_path, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    child = None
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (child is None or srv.seen("/slow/3.html") == 0):
            kids = _children(parent.pid)
            child = kids[0] if kids else child
            time.sleep(0.1)
        assert child is not None and srv.seen("/slow/3.html"), "the crawl never got going"
        assert b"crawler.run" in Path(f"/proc/{child}/cmdline").read_bytes()
        os.kill(parent.pid, signal.SIGKILL)  # nothing of the parent's own cleanup runs
        parent.wait(timeout=10)
        killed_at = time.monotonic()
        while time.monotonic() < killed_at + 30 and not _gone(child):
            time.sleep(0.1)
        took = time.monotonic() - killed_at
        assert _gone(child), "the crawl child outlived its parent by 30 s"
        asked = len(srv.server.requests)
        time.sleep(1.5)
        assert len(srv.server.requests) == asked  # and nothing of it keeps crawling
        log = (tmp_path / "run" / "crawl.log").read_text("utf-8", "replace")
        assert "Received SIGTERM" in log  # the kernel's parent-death signal: Scrapy's graceful stop
        figures.append(f"parent-death: crawl child gone {took:.1f} s after its parent was SIGKILLed")
    finally:
        for pid in (child, parent.pid):
            if pid is not None and not _gone(pid):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.wait()


@pytest.mark.live
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_a_crawl_child_whose_parent_is_already_gone_does_not_start(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    env = {**_child_env(), PARENT_ENV: str(gone.pid)}  # not our parent: as if it died before prctl
    done = subprocess.run([sys.executable, "-m", "crawler.run", "--start-url", "http://127.0.0.1:9/",
                           "--out", str(tmp_path / "run")], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == EXIT_PARENT_GONE
    assert "is gone; not crawling" in done.stderr
    assert not (tmp_path / "run" / "crawl.json").exists()
