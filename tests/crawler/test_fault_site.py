"""A normal site with twenty-odd kinds of misbehaving endpoints mixed in.

Every normal page and link must still be fetched and judged, the circuit breaker must not
pause the host for a handful of failing paths, and each faulty endpoint gets its own
expected LinkCheck outcome. A second site goes through a real host-wide outage: the
breaker pauses it, probes the homepage, and every page is fetched after the outage.
Everything on 127.0.0.1; the crawler's peak memory is reported.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from pathlib import Path

import pytest

from contracts import load_site
from crawler.run import crawl_site

from tests.helpers.loopback_http import Reply, port_is_closed, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

COLUMNS = 6
ARTICLES = 8
TIMEOUT = 2  # DOWNLOAD_TIMEOUT of these crawls
CLOSED_PORT = 9  # discard: nothing listens there on this machine (checked below)


def html(title: str, body: str = "", status: int = 200, **headers) -> Reply:
    return Reply(status, {"Content-Type": "text/html; charset=utf-8", **headers},
                 f"<html><head><title>{title}</title></head><body><a href='/'>首页</a>{body}"
                 f"<p>{'本栏目发布政府信息公开内容。' * 8}</p></body></html>".encode())


def huge_stream():
    # no Content-Length: the size is known only while reading (40 MB > DOWNLOAD_MAXSIZE 32 MB)
    yield b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>"
    chunk = b"<p>" + b"x" * 65_000 + b"</p>"
    for _ in range(640):
        yield chunk


def gzip_bomb(megabytes: int = 200) -> bytes:
    """A small gzip body that expands to `megabytes` MB (built without holding them)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    block = b" " * (1024 * 1024)
    return b"".join([z.compress(b"<html><body>")] + [z.compress(block) for _ in range(megabytes)] + [z.flush()])


GZIP_BOMB = gzip_bomb()


def fault_routes(state: dict, lock: threading.Lock) -> dict[str, tuple]:
    """path -> (route, expected outcome, what else must hold)."""

    def counted(name: str) -> int:
        with lock:
            state[name] = state.get(name, 0) + 1
            return state[name]

    def burst(m, p):  # 503 on a handful of paths, twice each, then the page
        return html("忙", "系统繁忙", 503) if counted(p) <= 2 else html("恢复", "已恢复")

    def once_429(m, p):
        return html("限流", "访问过于频繁", 429, **{"Retry-After": "1"}) if counted(p) == 1 else html("限流后", "可访问")

    def calendar(m, p):
        day = int(p.rsplit("-", 1)[1])
        return html(f"日历{day}", f"<a href='/f/cal.jsp?date=2026-11-{day + 1:02d}'>下一天</a>")

    chain = {f"/f/chain/{i}.html": (lambda m, p, i=i: Reply(302, {"Location": f"/f/chain/{i + 1}.html"}), None, None)
             for i in range(11)}
    chain["/f/chain/0.html"] = (chain["/f/chain/0.html"][0], "too_many_redirects",
                                lambda c: len(c.redirects) == 10 and c.final_url.endswith("/f/chain/10.html"))
    return {
        "/f/404.html": (lambda m, p: html("404", "页面不存在", 404), "dead", lambda c: c.status == 404),
        "/f/410.html": (lambda m, p: html("410", "已删除", 410), "dead", lambda c: c.status == 410),
        "/f/403.html": (lambda m, p: html("403", "禁止访问", 403), "dead", lambda c: c.status == 403),
        "/f/500.html": (lambda m, p: html("500", "内部错误", 500), "dead", lambda c: c.status == 500),
        "/f/502.html": (lambda m, p: html("502", "网关错误", 502), "dead", lambda c: c.status == 502),
        **{f"/f/burst/{i}.html": (burst, "ok", lambda c: c.status == 200) for i in range(5)},
        "/f/503-retry-after.html": (lambda m, p: html("维护", "系统维护", 503, **{"Retry-After": "1"}),
                                    "rate_limited", lambda c: c.status == 503 and c.retry_after == "1"),
        "/f/429.html": (lambda m, p: html("限流", "请求过于频繁", 429), "rate_limited", lambda c: c.status == 429),
        "/f/429-once.html": (once_429, "ok", lambda c: c.status == 200),
        "/f/slow.html": (lambda m, p: Reply(200, {"Content-Type": "text/html"}, b"<html>late</html>",
                                            sleep=TIMEOUT + 2), "timeout", None),
        "/f/reset.html": (lambda m, p: Reply(raw=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                                 b"Content-Length: 50000\r\n\r\n<html><body>" + b"y" * 200),
                          "error", None),
        "/f/close.html": (lambda m, p: Reply(raw=b""), "error", None),
        "/f/malformed.html": (lambda m, p: Reply(raw=b"HTTP/1.1 OK-ish\r\nContent-Type text/html\r\n\r\nhello"),
                              "error", None),
        "/f/loop-a.html": (lambda m, p: Reply(302, {"Location": "/f/loop-b.html"}), "redirect_loop", None),
        "/f/loop-b.html": (lambda m, p: Reply(302, {"Location": "/f/loop-a.html"}), None, None),
        **chain,
        "/f/to-closed-port.html": (lambda m, p: Reply(302, {"Location": f"http://127.0.0.1:{CLOSED_PORT}/moved.html"}),
                                   "dead", lambda c: c.redirects and "ConnectionRefused" in (c.error or "")),
        "/f/empty.html": (lambda m, p: Reply(200, {"Content-Type": "text/html"}, b""), "ok",
                          lambda c: c.content_length == 0),
        "/f/soft404.html": (lambda m, p: html("提示", "对不起，该信息已删除或不存在！"), "dead",
                            lambda c: c.status == 200 and c.error.startswith("soft-404")),
        "/f/cal.jsp": (calendar, "ok", None),
        "/f/huge.html": (lambda m, p: Reply(raw=huge_stream()), "blocked", lambda c: "DOWNLOAD_MAXSIZE" in c.error),
        "/f/wrong-type.html": (lambda m, p: Reply(200, {"Content-Type": "image/png"}, b"<html>not an image</html>"),
                               "ok", lambda c: c.kind.value == "attachment" and c.content_type == "image/png"),
        "/f/gzip-bomb.html": (lambda m, p: Reply(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                                                 GZIP_BOMB), "blocked", lambda c: "DOWNLOAD_MAXSIZE" in c.error),
        "/f/bad-gzip.html": (lambda m, p: Reply(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                                                b"\x1f\x8b\x08\x00this is not gzip at all" * 20), "error", None),
        "/f/head-405.pdf": (lambda m, p: Reply(405, {}, b"") if m == "HEAD"
                            else Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"), "ok",
                            lambda c: c.method == "GET" and c.status == 200),
        "/f/gone.pdf": (lambda m, p: html("404", "文件不存在", 404), "dead", lambda c: c.status == 404),
    }


def normal_routes(faults: list[str]) -> dict:
    """Home → columns → articles, each article linking a sibling, an attachment and one or
    two faulty endpoints (every fault linked from some article)."""
    routes = {"/": lambda m, p: html("测试门户", "".join(f"<a href='/col{c}/'>栏目{c}</a>" for c in range(COLUMNS)))}
    for c in range(COLUMNS):
        items = "".join(f"<li><a href='/col{c}/a{i}.html'>文章{c}-{i}</a></li>" for i in range(ARTICLES))
        routes[f"/col{c}/"] = lambda m, p, items=items, c=c: html(f"栏目{c}", f"<ul>{items}</ul>")
        for i in range(ARTICLES):
            n = c * ARTICLES + i
            bad = [faults[n % len(faults)]] + ([faults[(n + 17) % len(faults)]] if n % 2 else [])
            body = (f"<a href='/col{c}/a{(i + 1) % ARTICLES}.html'>下一篇</a> <a href='/files/{n}.pdf'>附件</a> "
                    + " ".join(f"<a href='{b}'>问题链接</a>" for b in bad))
            routes[f"/col{c}/a{i}.html"] = lambda m, p, n=n, body=body: html(f"文章{n}", body)
            routes[f"/files/{n}.pdf"] = lambda m, p: Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 ok")
    return routes


def peak_rss_mb(run: Path) -> float:
    summary = json.loads((run / "crawl.log").read_text("utf-8").strip().splitlines()[-1])
    return summary["peak_rss_mb"]


SETTINGS = {"DOWNLOAD_TIMEOUT": TIMEOUT, "ZWGK_RATE_LIMIT_BACKOFF": 0.5, "ZWGK_RATE_LIMIT_MAX_WAIT": 2,
            "ZWGK_RATE_LIMIT_HOST_DELAY": 0.05, "ZWGK_MAX_CALENDAR_VARIANTS": 5, "ZWGK_NEWMEDIA": False,
            "ZWGK_RENDER": "off", "ZWGK_FETCH_DOCUMENTS": False}


@pytest.fixture(scope="module")
def fault_site(tmp_path_factory):
    assert port_is_closed(CLOSED_PORT), "the refused-port endpoint needs 127.0.0.1:9 closed"
    state: dict = {}
    faults = fault_routes(state, threading.Lock())
    linked = [p if p != "/f/cal.jsp" else "/f/cal.jsp?date=2026-11-01" for p, (_, want, _) in faults.items()
              if want is not None]
    routes = {**normal_routes(linked), **{p: r for p, (r, _, _) in faults.items()}}
    srv = start_server(None, routes)
    run = tmp_path_factory.mktemp("fault") / "run"
    try:
        started = time.monotonic()
        site = load_site(crawl_site(srv.url("/"), run, timeout=240, extra_settings=SETTINGS))
        took = time.monotonic() - started
        yield site, srv, faults, run, took
    finally:
        srv.stop()


def test_every_normal_page_and_link_is_fetched_and_judged(fault_site, figures):
    site, srv, faults, run, took = fault_site
    normal = ["/"] + [f"/col{c}/" for c in range(COLUMNS)] + \
             [f"/col{c}/a{i}.html" for c in range(COLUMNS) for i in range(ARTICLES)]
    for path in normal:
        check = site.link(srv.url(path))
        assert check is not None and (check.outcome, check.status) == ("ok", 200), (path, check)
        assert site.page(srv.url(path)) is not None, path
    for n in range(COLUMNS * ARTICLES):
        assert site.link(srv.url(f"/files/{n}.pdf")).outcome == "ok"
    for page in site.pages:  # every link on a crawled page has its LinkCheck
        for link in page.links:
            if link.kind.value in ("page", "attachment", "external"):
                assert site.link(link.url) is not None, (page.url, link.url)
    assert not [c for c in site.links if "circuit breaker" in (c.error or "")]
    assert not [c for c in site.links if (c.error or "").startswith("unfinished")]
    assert site.crawl.stats.get("zwgk/breaker/trips", 0) == 0  # a handful of failing paths is not the host
    assert site.crawl.finish_reason == "finished"
    peak = peak_rss_mb(run)
    assert peak <= 300
    kinds = sum(1 for _, want, _ in faults.values() if want is not None)
    figures.append(f"fault site: {len(normal)} normal pages + {COLUMNS * ARTICLES} attachments all ok, "
                   f"{kinds} faulty endpoints each classified, {len(site.links)} link checks in {took:.0f} s, "
                   f"breaker trips 0 ({site.crawl.stats.get('zwgk/breaker/not_tripped', 0)} threshold hits "
                   f"refuted by a homepage probe), crawler peak RSS {peak:.0f} MB")


def test_each_faulty_endpoint_gets_its_own_class(fault_site, figures):
    site, srv, faults, _, _ = fault_site
    wrong = []
    for path, (_, want, holds) in faults.items():
        if want is None:
            continue
        url = srv.url(path if path != "/f/cal.jsp" else "/f/cal.jsp?date=2026-11-01")
        check = site.link(url)
        if check is None or check.outcome != want or (holds is not None and not holds(check)):
            wrong.append((path, want, check and (check.outcome, check.status, check.error)))
    assert wrong == []
    capped = [c for c in site.links if "/f/cal.jsp" in c.url and c.outcome == "blocked"]
    assert capped and all(c.error.startswith("trap cap") for c in capped)  # the calendar trap is cut
    assert sum(1 for _, p in srv.server.requests if p.startswith("/f/cal.jsp")) == 5
    # a loop is classified from its chain: a few hops, not REDIRECT_MAX_TIMES of them
    assert srv.seen("/f/loop-a.html") + srv.seen("/f/loop-b.html") <= 5
    figures.append("fault classes: " + ", ".join(sorted({f"{w}" for _, w, _ in faults.values() if w})))


def test_a_host_wide_outage_pauses_the_host_then_every_page_is_fetched(serve, tmp_path, figures):
    """Every path answers 503 for a few seconds: the breaker pauses the host, probes the
    homepage, and asks every refused target again after the outage."""
    outage = {"from": None, "seconds": 4.0}
    lock = threading.Lock()
    pages = [f"/p/{i}.html" for i in range(40)]

    def answer(m, p):
        with lock:
            served = outage.setdefault("served", 0)
            if outage["from"] is None and served >= 12:
                outage["from"] = time.monotonic()
            down = outage["from"] is not None and time.monotonic() - outage["from"] < outage["seconds"]
            outage["served"] = served + 1
        if down:
            return html("服务不可用", "", 503)
        if p == "/":
            return html("首页", "".join(f"<a href='{x}'>页{x}</a>" for x in pages))
        return html("页", "<a href='/'>首页</a>")

    srv = serve(None, {"/": answer, **{x: answer for x in pages}})
    settings = {**SETTINGS, "ZWGK_BREAKER_WINDOW": 10, "ZWGK_BREAKER_MIN_PATHS": 5, "ZWGK_BREAKER_PAUSE": 2,
                "ZWGK_RATE_LIMIT_RETRIES": 2, "ZWGK_RATE_LIMIT_BACKOFF": 0.5, "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
                "AUTOTHROTTLE_START_DELAY": 0.05, "ROBOTSTXT_OBEY": False}
    site = load_site(crawl_site(srv.url("/"), tmp_path / "run", timeout=180, extra_settings=settings))
    stats = site.crawl.stats
    assert outage["from"] is not None, "the outage never started"
    assert stats["zwgk/breaker/trips"] >= 1 and stats["zwgk/breaker/probes"] >= 1
    assert stats["zwgk/breaker/closed"] >= 1
    homepage_asked = srv.times("/")
    assert any(t >= outage["from"] for t in homepage_asked)  # the probe: a URL that answered before
    for path in pages:
        check = site.link(srv.url(path))
        assert (check.outcome, check.status) == ("ok", 200), (path, check)
        assert site.page(srv.url(path)) is not None
    assert not [c for c in site.links if c.outcome != "ok"]
    figures.append(f"outage: breaker tripped {stats['zwgk/breaker/trips']}x, {stats['zwgk/breaker/probes']} "
                   f"homepage probes, {stats.get('zwgk/breaker/asked_later', 0)} refused requests asked again; "
                   f"all {len(pages)} pages ok afterwards")


def test_targets_still_paused_when_the_time_budget_ends_are_unfinished_not_dead(serve, tmp_path):
    """The host goes down for good after a few answers and the run's time budget ends
    during the pause: its targets are could-not-evaluate, naming the breaker."""
    served = {"n": 0}
    lock = threading.Lock()
    pages = [f"/p/{i}.html" for i in range(30)]

    def answer(m, p):
        with lock:
            served["n"] += 1
            up = served["n"] <= 3
        if not up:
            return html("服务不可用", "", 503)
        return html("首页", "".join(f"<a href='{x}'>页{x}</a>" for x in pages)) if p == "/" else html("页")

    srv = serve(None, {"/": answer, **{x: answer for x in pages}})
    settings = {**SETTINGS, "ZWGK_BREAKER_WINDOW": 10, "ZWGK_BREAKER_MIN_PATHS": 5, "ZWGK_BREAKER_PAUSE": 600,
                "ZWGK_RATE_LIMIT_RETRIES": 2, "ZWGK_RATE_LIMIT_BACKOFF": 0.3, "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
                "ROBOTSTXT_OBEY": False, "CLOSESPIDER_TIMEOUT": 12}  # the run's time budget
    started = time.monotonic()
    site = load_site(crawl_site(srv.url("/"), tmp_path / "run", timeout=90, extra_settings=settings))
    assert time.monotonic() - started < 90  # the budget ended the run, not the 600 s pause
    assert site.crawl.finish_reason == "closespider_timeout"
    assert site.crawl.stats["zwgk/breaker/trips"] == 1
    checks = [site.link(srv.url(x)) for x in pages]
    assert all(c is not None for c in checks)
    assert not [c for c in checks if c.outcome == "dead"]  # never a verdict on a page not fetched
    paused = [c for c in checks if c.outcome == "blocked" and "paused by the circuit breaker" in (c.error or "")]
    assert paused and all(c.error.startswith("unfinished:") for c in paused)
    assert {c.outcome for c in checks} <= {"ok", "blocked", "rate_limited"}


def test_many_failing_paths_on_a_host_that_serves_its_homepage_do_not_pause_it(serve, tmp_path, figures):
    """The incident: 503s spread over a section of the site reach the breaker's threshold,
    but the homepage still answers when asked to confirm, so the host is not paused and
    every other page is fetched; the failing paths end rate_limited on their own."""
    busy = [f"/busy/{i}.html" for i in range(12)]
    fine = [f"/fine/{i}.html" for i in range(30)]
    home = "".join(f"<a href='{x}'>栏目{x}</a>" for x in busy + fine)
    srv = serve(None, {"/": lambda m, p: html("首页", home),
                       **{x: (lambda m, p: html("繁忙", "", 503)) for x in busy},
                       **{x: (lambda m, p: html("正常", "")) for x in fine}})
    settings = {**SETTINGS, "ZWGK_BREAKER_WINDOW": 10, "ZWGK_BREAKER_MIN_PATHS": 5, "ZWGK_BREAKER_PAUSE": 300,
                "ZWGK_RATE_LIMIT_RETRIES": 1, "ZWGK_RATE_LIMIT_BACKOFF": 0.3, "ROBOTSTXT_OBEY": False}
    site = load_site(crawl_site(srv.url("/"), tmp_path / "run", timeout=120, extra_settings=settings))
    stats = site.crawl.stats
    assert stats.get("zwgk/breaker/not_tripped", 0) >= 1  # the threshold was reached, and refuted
    assert stats.get("zwgk/breaker/trips", 0) == 0
    assert {(site.link(srv.url(x)).outcome, site.link(srv.url(x)).status) for x in busy} == {("rate_limited", 503)}
    assert all(site.link(srv.url(x)).outcome == "ok" and site.page(srv.url(x)) for x in fine)
    assert srv.seen("/") >= 2  # the confirmation probe asked the homepage, not a failing path
    figures.append(f"503s on {len(busy)} paths: threshold reached {stats['zwgk/breaker/not_tripped']}x, refuted by "
                   f"the homepage probe each time; 0 pauses, all {len(fine)} other pages ok")
