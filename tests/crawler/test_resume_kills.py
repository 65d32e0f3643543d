"""Any number of SIGKILLs followed by a final resume give the findings of an unbroken run.

A loopback site with real failures (404, 410, 500 after retries, attachments that refuse
HEAD or are gone, redirect loops, external links to a second server) is crawled once
without interruption, then again with the crawl child SIGKILLed two or three times at
different points, each time resumed from the run folder. Link outcomes and pages must
be exactly those of the unbroken run: nothing "unfinished", nothing duplicated.
"""

from __future__ import annotations

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

from tests.helpers.loopback_http import Reply, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

COLUMNS = 8
ARTICLES = 30
SETTINGS = {"ZWGK_NEWMEDIA": False, "ZWGK_RENDER": "off", "ZWGK_FETCH_DOCUMENTS": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "RETRY_TIMES": 1}


def html(title: str, body: str, status: int = 200) -> Reply:
    return Reply(status, {"Content-Type": "text/html; charset=utf-8"},
                 f"<html><head><title>{title}</title></head><body><a href='/'>首页</a>{body}"
                 f"<p>{'正文内容' * 30}</p></body></html>".encode(), sleep=0.03)


def site_routes(ext: str) -> dict:
    routes = {"/": lambda m, p: html("首页", "".join(f"<a href='/col{c}/'>栏目{c}</a>" for c in range(COLUMNS)))}
    for c in range(COLUMNS):
        items = "".join(f"<li><a href='/col{c}/a{i}.html'>文章{c}-{i}</a></li>" for i in range(ARTICLES))
        routes[f"/col{c}/"] = lambda m, p, items=items, c=c: html(f"栏目{c}", f"<ul>{items}</ul>")
        for i in range(ARTICLES):
            n = c * ARTICLES + i
            links = [f"<a href='/files/{n}.pdf'>附件</a>", f"<a href='/col{c}/a{(i + 1) % ARTICLES}.html'>下一篇</a>"]
            if n % 3 == 0:
                links.append(f"<a href='/gone/{n}.html'>失效</a>")  # 404
            if n % 7 == 0:
                links.append(f"<a href='/removed/{n}.html'>已删除</a>")  # 410
            if n % 11 == 0:
                links.append(f"<a href='/broken/{n}.html'>出错</a>")  # 500, retried, dead
            if n % 13 == 0:
                links.append(f"<a href='/loop/{n}/a.html'>循环</a>")
            if n % 5 == 0:
                links.append(f"<a href='{ext}/ext/{n}.html'>外部</a>")  # external: 404 on odd n
            routes[f"/col{c}/a{i}.html"] = lambda m, p, n=n, links=links: html(f"文章{n}", " ".join(links))
            if n % 4 == 0:  # gone attachment: HEAD 404, then GET 404
                routes[f"/files/{n}.pdf"] = lambda m, p: Reply(404, {"Content-Type": "text/html"}, b"no")
            elif n % 4 == 1:  # HEAD refused (405), GET fine
                routes[f"/files/{n}.pdf"] = lambda m, p: (
                    Reply(405, {"Content-Type": "text/html"}, b"") if m == "HEAD"
                    else Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 ok"))
            else:
                routes[f"/files/{n}.pdf"] = lambda m, p: Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
            routes[f"/gone/{n}.html"] = lambda m, p: html("404", "页面不存在", 404)
            routes[f"/removed/{n}.html"] = lambda m, p: html("410", "已删除", 410)
            routes[f"/broken/{n}.html"] = lambda m, p: html("500", "内部错误", 500)
            routes[f"/loop/{n}/a.html"] = lambda m, p, n=n: Reply(302, {"Location": f"/loop/{n}/b.html"})
            routes[f"/loop/{n}/b.html"] = lambda m, p, n=n: Reply(302, {"Location": f"/loop/{n}/a.html"})
    return routes


def ext_routes() -> dict:
    return {f"/ext/{n}.html": (lambda m, p, n=n: html("外部", "", 200 if n % 2 == 0 else 404))
            for n in range(0, COLUMNS * ARTICLES, 5)}


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def start_child(start_url: str, out: Path, resume: bool) -> subprocess.Popen:
    """crawl_site's own child command, started in its own process group."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = build_command(start_url, out, max_pages=5000, external_hosts=["127.0.0.1"], settings=SETTINGS,
                        resume=resume)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
           "PYTHONPATH": os.pathsep.join(p for p in (str(_package_root()), os.environ.get("PYTHONPATH", "")) if p)}
    log = (out / "crawl.log").open("ab")
    return subprocess.Popen(cmd, cwd=out, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)


def count_lines(path: Path) -> int:
    return len(path.read_bytes().splitlines()) if path.exists() else 0


def kill_when(out: Path, proc: subprocess.Popen, pages: int, links: int, limit: float = 120) -> tuple[int, int]:
    """SIGKILL the crawl child once pages.jsonl and links.jsonl have grown to these counts."""
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            got = count_lines(out / "pages.jsonl"), count_lines(out / "links.jsonl")
            if got[0] >= pages and got[1] >= links:
                break
            time.sleep(0.02)
        else:
            raise AssertionError("the crawl did not get that far")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    return count_lines(out / "pages.jsonl"), count_lines(out / "links.jsonl")


@pytest.fixture(scope="module")
def faulty_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("kills")
    ext = start_server(None, ext_routes())
    srv = start_server(None, site_routes(ext.base))
    try:
        ref = load_site(crawl_site(srv.url("/"), work / "unbroken", external_hosts=["127.0.0.1"], timeout=300,
                                   extra_settings=SETTINGS))
        yield srv, work, ref
    finally:
        srv.stop()
        ext.stop()


# Kill points as fractions of the unbroken run's pages / link checks: the first kill early,
# later ones while the resumes are busy with the failing targets.
KILLS = {2: [(0.15, 0.10), (0.45, 0.40)], 3: [(0.10, 0.05), (0.35, 0.30), (0.70, 0.65)]}


@pytest.mark.parametrize("kills", [2, 3])
def test_repeated_kills_then_resume_give_the_unbroken_findings(faulty_site, kills, figures):
    srv, work, ref = faulty_site
    outcomes = Counter(c.outcome for c in ref.links)
    assert outcomes["dead"] > 100 and outcomes["redirect_loop"] > 10 and outcomes["ok"] > 300  # real failures
    out = work / f"killed-{kills}"
    at = []
    for i, (fp, fl) in enumerate(KILLS[kills]):
        proc = start_child(srv.url("/"), out, resume=i > 0)
        at.append(kill_when(out, proc, int(fp * len(ref.pages)), int(fl * len(ref.links))))
    assert at[-1][0] < len(ref.pages) or at[-1][1] < len(ref.links), "killed too late to prove anything"
    site = load_site(crawl_site(srv.url("/"), out, external_hosts=["127.0.0.1"], timeout=300, resume=True,
                                extra_settings=SETTINGS))
    assert site.crawl.finish_reason == "finished"
    pages, links = lines(out / "pages.jsonl"), lines(out / "links.jsonl")
    unfinished = [c["url"] for c in links if (c.get("error") or "").startswith("unfinished:")]
    assert unfinished == []
    assert not [u for u, n in Counter(p["url"] for p in pages).items() if n > 1]
    assert not [u for u, n in Counter(c["url"] for c in links).items() if n > 1]
    assert {p["url"] for p in pages} == {p.url for p in ref.pages}
    got = {(c["url"], c["outcome"], c.get("status")) for c in links}
    want = {(c.url, c.outcome, c.status) for c in ref.links}
    assert got - want == set() and want - got == set()
    figures.append(f"{kills} SIGKILLs at (pages, link checks) {at}, then a resume: {len(pages)} pages / "
                   f"{len(links)} link checks ({outcomes['dead']} dead, {outcomes['redirect_loop']} loops), "
                   f"identical to the unbroken run, 0 unfinished, 0 duplicates; "
                   f"{site.crawl.stats.get('zwgk/resume/pending', 0)} targets pending at the last resume")
