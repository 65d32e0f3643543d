"""A killed crawl resumes without losing or duplicating artifacts; a nightly re-crawl with a
persistent cache asks with conditional requests and transfers far fewer bytes. Real
crawls of the bundled samples on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from contracts import load_site
from crawler.run import _package_root, build_command, crawl_site
from samples import build_and_serve as build_kfq

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

AS_OF = dt.date(2026, 11, 27)


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def start_crawl(start_url: str, out: Path) -> subprocess.Popen:
    """crawl_site's child process, started in its own process group so that it and its
    browser can be killed together."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = build_command(start_url, out, max_pages=5000, external_hosts=["127.0.0.1"], settings={})
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
           "PYTHONPATH": os.pathsep.join(p for p in (str(_package_root()), os.environ.get("PYTHONPATH", "")) if p)}
    log = (out / "crawl.log").open("wb")
    return subprocess.Popen(cmd, cwd=out, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)


def wait_for_pages(out: Path, count: int, proc: subprocess.Popen, limit: float = 60) -> int:
    pages = out / "pages.jsonl"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the crawl ended before it could be interrupted"
        n = len(pages.read_bytes().splitlines()) if pages.exists() else 0
        if n >= count:
            return n
        time.sleep(0.05)
    raise AssertionError("the crawl did not get going")


@pytest.fixture(scope="module")
def hanweb(hanweb_audit, tmp_path_factory):
    """The session's shared 大汉 sample server, and its shared unbroken crawl (the crawl of its
    audit, tests/conftest.py) as the reference."""
    return hanweb_audit.portal.server, tmp_path_factory.mktemp("resume"), load_site(hanweb_audit.crawl)


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_interrupted_crawl_resumes_to_the_same_artifacts(hanweb, sig, figures):
    server, work, reference = hanweb
    out = work / f"interrupted-{sig}"
    proc = start_crawl(server.base_url + "/", out)
    try:
        at = wait_for_pages(out, 60, proc)
        if sig == "SIGKILL":
            os.killpg(proc.pid, signal.SIGKILL)  # the crawl and its browser, nothing saved
        else:
            os.kill(proc.pid, signal.SIGTERM)  # Scrapy's graceful stop: JOBDIR keeps the queue
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    before = len(lines(out / "pages.jsonl"))
    assert before < len(reference.pages), "interrupted too late to prove anything"
    unfinished = [c for c in lines(out / "links.jsonl") if (c.get("error") or "").startswith("unfinished:")]
    if sig == "SIGTERM":  # a graceful stop records what it left unanswered (could not evaluate) ...
        assert unfinished and {c["outcome"] for c in unfinished} <= {"blocked", "rate_limited"}
    assert (out / "job").is_dir()
    site = load_site(crawl_site(server.base_url + "/", out, external_hosts=["127.0.0.1"], timeout=180, resume=True))
    assert site.crawl.finish_reason == "finished"
    pages, links = lines(out / "pages.jsonl"), lines(out / "links.jsonl")
    assert not [c for c in links if (c.get("error") or "").startswith("unfinished:")]  # ... and resume asks again
    dup_pages = [u for u, n in Counter(p["url"] for p in pages).items() if n > 1]
    dup_links = [u for u, n in Counter(c["url"] for c in links).items() if n > 1]
    assert not dup_pages and not dup_links
    assert {p["url"] for p in pages} == {p.url for p in reference.pages}
    assert {c["url"] for c in links} == {c.url for c in reference.links}
    assert {(c["url"], c["outcome"]) for c in links} == {(c.url, c.outcome) for c in reference.links}
    assert [(c.name, len(c.items)) for c in sorted(site.columns, key=lambda c: c.url)] == \
        [(c.name, len(c.items)) for c in sorted(reference.columns, key=lambda c: c.url)]
    assert any(line.startswith("resumed an interrupted crawl") for line in site.crawl.capped)
    figures.append(f"resume after {sig} at {at} pages written ({before} kept): {len(pages)} pages / "
                   f"{len(links)} link checks, same URL sets as the unbroken run ({len(reference.pages)} / "
                   f"{len(reference.links)}), 0 duplicates; "
                   f"{site.crawl.stats.get('zwgk/resume/pending', 0)} targets pending at the last resume")


def test_nightly_recrawl_uses_conditional_requests(tmp_path, figures):
    server, _ = build_kfq(tmp_path / "gen", AS_OF)
    cache = tmp_path / "cache"
    try:
        first = load_site(crawl_site(server.base_url + "/", tmp_path / "night1", external_hosts=["127.0.0.1"],
                                     timeout=180, cache_dir=cache))
        bytes1, statuses1 = server.stats.body_bytes, server.stats.statuses()
        server.stats.reset()
        second = load_site(crawl_site(server.base_url + "/", tmp_path / "night2", external_hosts=["127.0.0.1"],
                                      timeout=180, cache_dir=cache))
        bytes2, statuses2 = server.stats.body_bytes, server.stats.statuses()
    finally:
        server.stop()
    # unchanged pages cost a 304 and are still extracted and audited: nothing is skipped
    assert len(second.pages) == len(first.pages)
    assert {p.url for p in second.pages} == {p.url for p in first.pages}
    assert sorted(c.name for c in second.columns) == sorted(c.name for c in first.columns)
    assert statuses2[304] >= 0.9 * statuses1[200] - statuses2[200]
    assert bytes2 < bytes1 * 0.1
    # Scrapy's downloader/response_bytes counts the cached body a 304 revalidated; the cache's
    # own counter says how many answers were 304s.
    assert second.crawl.stats["httpcache/revalidate"] >= len(second.pages) * 0.9
    figures.append(f"conditional re-crawl of kfq: server sent {bytes1:,} body bytes the first night, {bytes2:,} "
                   f"the second ({statuses2[304]} answers 304, httpcache/revalidate "
                   f"{second.crawl.stats['httpcache/revalidate']}); {len(second.pages)} pages re-extracted both nights")
