"""Audit the right site (issue 9 item 2): a host serving several sites under path prefixes.

The pattern of a city platform hosting county sites: ``/`` is the city portal, and
``/xxgk/countyA/`` and ``/xxgk/countyB/`` are two county sites, each with its own 网站标识码
(SiteIDCode). Audited from ``/xxgk/countyA/``, only countyA's pages are crawled and judged,
countyA's page is the homepage, countyB's code never makes an "inconsistent 标识码", and
the two sites never diff against each other's runs. Served on 127.0.0.1 only.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.history import History
from auditor_testkit import FETCHED
from contracts import CrawlInfo, PageArtifact, SiteArtifacts, SiteScope, Status, load_site
from auditor.runner import run_rules
from rules.identity.IDN002 import IDN002

from tests.helpers.loopback_http import Reply, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

AS_OF = dt.date(2026, 11, 27)
CITY, CODE_A, CODE_B = "2202000001", "2202000011", "2202000022"


def _page(title: str, code: str, body: str, name: str) -> Reply:
    html = (f"<html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta name='SiteIDCode' content='{code}'><meta name='SiteName' content='{name}'></head>"
            f"<body><div class='nav'>{body}</div><div class='footer'>主办单位：{name} 网站标识码：{code} "
            f"ICP备12345678号 公网安备 22010202000001号</div></body></html>")
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"}, html.encode("utf-8"))


def _routes() -> dict:
    city = "某某市人民政府"
    a, b = "某某市甲县人民政府", "某某市乙县人民政府"
    pages = {
        "/": _page("某某市人民政府门户网站", CITY, "<a href='/xxgk/countyA/'>甲县</a><a href='/xxgk/countyB/'>乙县</a>"
                   "<a href='/news/n1.html'>市政要闻</a>", city),
        "/news/n1.html": _page("市政要闻", CITY, "<a href='/'>首页</a>", city),
        "/xxgk/countyA/": _page("甲县人民政府", CODE_A,
                                "<a href='a1.html'>政府信息公开指南</a><a href='a2.html'>通知公告</a>"
                                "<a href='/xxgk/countyB/'>乙县</a><a href='/xxgk/countyB/b1.html'>乙县通知</a>"
                                "<a href='/'>市政府门户网站</a>", a),
        "/xxgk/countyA/a1.html": _page("政府信息公开指南", CODE_A, "<a href='/xxgk/countyA/'>首页</a>", a),
        "/xxgk/countyA/a2.html": _page("通知公告", CODE_A, "<a href='a1.html'>指南</a>", a),
        "/xxgk/countyB/": _page("乙县人民政府", CODE_B, "<a href='b1.html'>通知</a><a href='/xxgk/countyA/'>甲县</a>", b),
        "/xxgk/countyB/b1.html": _page("乙县通知", CODE_B, "<a href='/xxgk/countyB/'>首页</a>", b),
    }
    routes = {path: (lambda m, p, r=reply: r) for path, reply in pages.items()}
    routes["/robots.txt"] = lambda m, p: Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")
    return routes


@pytest.fixture(scope="module")
def shared_host():
    srv = start_server(None, _routes())
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def crawl_a(shared_host, tmp_path_factory):
    from crawler.run import crawl_site

    return crawl_site(shared_host.url("/xxgk/countyA/"), tmp_path_factory.mktemp("a") / "crawl", max_pages=50,
                      external_hosts=[])


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def test_only_the_start_urls_prefix_is_crawled(crawl_a, shared_host):
    site = load_site(crawl_a)
    assert site.crawl.finish_reason == "finished"
    crawled = sorted(_path(p.url) for p in site.pages)
    assert crawled and all(p.startswith("/xxgk/countyA/") for p in crawled), crawled
    assert "/xxgk/countyA/a2.html" in crawled
    # countyB and the city root are another site's pages: checked like external links, never crawled
    for other in ("/xxgk/countyB/", "/xxgk/countyB/b1.html", "/"):
        check = site.link(shared_host.url(other))
        assert check is not None and check.outcome == "ok" and check.kind.value == "external", (other, check)
        assert site.page(shared_host.url(other)) is None
    assert shared_host.seen("/xxgk/countyB/b1.html", "GET") <= 1 and shared_host.seen("/news/n1.html") == 0
    home = site.homepage()
    assert home is not None and _path(home.url) == "/xxgk/countyA/"
    assert site.identity() == CODE_A


def test_idn002_sees_one_code_on_the_county_site(crawl_a):
    site = load_site(crawl_a)
    results = run_rules(site, AS_OF, [IDN002()])
    assert not [f for f in results if f.status is Status.fail], [f.message for f in results]
    consistent = [f for f in results if f.evidence.get("item") == "标识码一致"]
    assert consistent and consistent[0].status is Status.passed and consistent[0].evidence["codes"].keys() == {CODE_A}


def _p(url: str, code: str = "", kind: str = "other", title: str = "页") -> PageArtifact:
    return PageArtifact(url=url, final_url=url, status=200, fetched_at=FETCHED, page_kind=kind, title=title,
                        meta={"SiteIDCode": code} if code else {})


def _site(start: str, pages: list[PageArtifact]) -> SiteArtifacts:
    from urllib.parse import urlsplit

    return SiteArtifacts(crawl=CrawlInfo(start_url=start, site_host=urlsplit(start).netloc, started_at=FETCHED,
                                         finished_at=FETCHED, finish_reason="finished"), pages=pages)


def test_homepage_is_the_start_page_or_its_scope_root_never_a_lookalike():
    base = "http://127.0.0.1:8001"
    city_home = _p(f"{base}/", CITY, kind="home", title="某某市人民政府门户网站")
    county_index = _p(f"{base}/xxgk/countyA/index.html", CODE_A, title="甲县人民政府")
    # the start page was not crawled: the root of its scope stands for it, not the city's "home" page
    site = _site(f"{base}/xxgk/countyA/", [city_home, county_index])
    assert site.homepage() is county_index
    # neither the start page nor the scope's root: no homepage at all (rules say could not evaluate)
    site = _site(f"{base}/xxgk/countyA/", [city_home, _p(f"{base}/xxgk/countyA/a1.html", CODE_A, kind="home")])
    assert site.homepage() is None
    # the start page itself, even when another page is classified "home" first
    start = _p(f"{base}/xxgk/countyA/", CODE_A)
    site = _site(f"{base}/xxgk/countyA/", [city_home, start])
    assert site.homepage() is start


def test_a_county_subtree_of_a_city_site_is_another_site_but_a_stray_code_is_not():
    base = "http://127.0.0.1:8001"
    pages = [_p(f"{base}/", CITY, kind="home"), _p(f"{base}/news/n1.html", CITY),
             _p(f"{base}/xxgk/countyA/", CODE_A), _p(f"{base}/xxgk/countyA/a1.html", CODE_A),
             _p(f"{base}/xxgk/countyA/sub/a2.html", CODE_A)]
    site = _site(f"{base}/", pages)
    assert site.other_site_pages() == {f"{base}/xxgk/countyA/", f"{base}/xxgk/countyA/a1.html",
                                       f"{base}/xxgk/countyA/sub/a2.html"}
    results = run_rules(site, AS_OF, [IDN002()])
    assert not [f for f in results if f.status is Status.fail and f.evidence.get("item") == "标识码一致"]
    # one page of the city's own news column with another code: an inconsistency, still reported
    stray = _site(f"{base}/", pages[:2] + [_p(f"{base}/news/n2.html", CODE_B)])
    assert stray.other_site_pages() == set()
    bad = [f for f in run_rules(stray, AS_OF, [IDN002()]) if f.status is Status.fail]
    assert [f.evidence["item"] for f in bad] == ["标识码一致"] and set(bad[0].evidence["codes"]) == {CITY, CODE_B}


def test_scope_of_start_urls():
    assert SiteScope.of("http://127.0.0.1:8001/").key == "127.0.0.1:8001"
    assert SiteScope.of("http://127.0.0.1:8001/index.html").key == "127.0.0.1:8001"
    for start in ("http://127.0.0.1:8001/xxgk/countyA/", "http://127.0.0.1:8001/xxgk/countyA",
                  "http://127.0.0.1:8001/xxgk/countyA/index.html"):
        scope = SiteScope.of(start)
        assert scope.key == "127.0.0.1:8001/xxgk/countyA/"
        assert scope.contains("http://127.0.0.1:8001/xxgk/countyA/a/b.html")
        assert scope.contains("https://127.0.0.1:8001/XXGK/countyA/")  # IIS paths, http/https alike
        assert not scope.contains("http://127.0.0.1:8001/xxgk/countyB/b1.html")
        assert not scope.contains("http://127.0.0.1:8002/xxgk/countyA/")
    assert SiteScope.of("http://127.0.0.1:80/").key == "127.0.0.1"


def test_two_sites_on_one_host_never_diff_against_each_other(crawl_a, shared_host, tmp_path):
    from crawler.run import crawl_site

    crawl_b = crawl_site(shared_host.url("/xxgk/countyB/"), tmp_path / "crawl-b", max_pages=50, external_hosts=[])
    history = tmp_path / "h.sqlite"
    for run, out in ((crawl_a, tmp_path / "a1"), (crawl_b, tmp_path / "b1"), (crawl_a, tmp_path / "a2")):
        assert main(["check", str(run), "--as-of", AS_OF.isoformat(), "--out", str(out), "--history",
                     str(history)]) in (0, 2)
    with History(history) as h:
        keys = [r["site_key"] for r in reversed(h.runs())]
    assert keys == [CODE_A, CODE_B, CODE_A]  # keyed by 网站标识码
    b1 = json.loads((tmp_path / "b1" / "report.json").read_text(encoding="utf-8"))
    a2 = json.loads((tmp_path / "a2" / "report.json").read_text(encoding="utf-8"))
    netloc = shared_host.base.split("://", 1)[1]
    assert b1["site"] == f"{netloc}/xxgk/countyB/" and a2["site"] == f"{netloc}/xxgk/countyA/"
    assert b1["diff"]["baseline"] == "none"  # countyB's first run: countyA's run is not its baseline
    assert a2["diff"]["baseline"] == "history" and a2["diff"]["baseline_label"].startswith("第1次")
    assert a2["diff"]["resolved"] == 0 and a2["diff"]["new"] == 0


def test_history_key_falls_back_to_the_scope(tmp_path):
    from auditor.pipeline import history_keys

    base = "http://127.0.0.1:8001"
    site = _site(f"{base}/xxgk/countyA/", [_p(f"{base}/xxgk/countyA/")])
    assert history_keys(site) == ("127.0.0.1:8001/xxgk/countyA/", [])
    assert history_keys(site, "甲县") == ("甲县", [])
    coded = _site(f"{base}/xxgk/countyA/", [_p(f"{base}/xxgk/countyA/", CODE_A)])
    assert history_keys(coded) == (CODE_A, ["127.0.0.1:8001/xxgk/countyA/"])
    root = _site(f"{base}/", [_p(f"{base}/")])
    assert history_keys(root) == ("127.0.0.1:8001", [])
