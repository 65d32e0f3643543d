"""Link outcomes a user can trust, rate limiting, robots.txt, traps and politeness, over
real HTTP on 127.0.0.1 (crawler.run.crawl_site → Scrapy child process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts import load_site
from crawler.run import crawl_site

from tests.helpers.loopback_http import Reply, port_is_closed, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

CONTACT = "zwgk-audit@localhost"


def page(title: str, body: str = "", charset: str = "utf-8") -> bytes:
    return (f"<html><head><meta charset='{charset}'><title>{title}</title></head><body>{body}"
            "<p>" + "正文内容" * 20 + "</p></body></html>").encode(charset)


def html_reply(title: str, body: str = "", status: int = 200, **headers) -> Reply:
    return Reply(status, {"Content-Type": "text/html", **headers}, page(title, body))


INDEX = """<ul>
<li><a href="/soft.html">已删除的信息</a></li>
<li><a href="/old/deep/page.html">旧栏目</a></li>
<li><a href="/loop1.html">循环</a></li>
<li><a href="/limited-once.html">限流一次</a></li>
<li><a href="/limited-always.html">一直限流</a></li>
<li><a href="/busy.html">503 无 Retry-After</a></li>
<li><a href="/files/report.pdf">附件（其实是网页）</a></li>
<li><a href="/private/secret.html">robots 禁止</a></li>
<li><a href="/cal.jsp?date=2026-11-01">日历</a></li>
<li><a href="/list.jsp?sort=1">排序</a></li>
<li><a href="/deep/1.html">层层深入</a></li>
<li><a href="/a/">重复路径</a></li>
</ul>"""


def outcome_routes(state: dict) -> dict:
    def limited_once(m, p):
        state["once"] = state.get("once", 0) + 1
        if state["once"] == 1:
            return html_reply("请稍后", "访问受限", 429, **{"Retry-After": "1"})
        return html_reply("限流后可访问", "<a href='/'>首页</a>")

    def calendar(m, p):
        day = int(p.rsplit("-", 1)[1])
        return html_reply(f"日历 {day}", f"<a href='/cal.jsp?date=2026-11-{day + 1:02d}'>下一天</a>")

    def sort(m, p):
        n = int(p.rsplit("=", 1)[1])
        return html_reply(f"排序 {n}", f"<a href='/list.jsp?sort={n + 1}'>下一种排序</a>")

    def deep(m, p):
        n = int(p.split("/")[-1].split(".")[0])
        return html_reply(f"第{n}层", f"<a href='/deep/{n + 1}.html'>更深</a>")

    def repeating(m, p):
        return html_reply("目录", "<a href='a/'>子目录</a>")

    routes = {
        "/": lambda m, p: html_reply("测试门户", INDEX),
        "/robots.txt": lambda m, p: Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/soft.html": lambda m, p: Reply(200, {"Content-Type": "text/html"},
                                         "<html><head><meta charset='gbk'><title>提示</title></head><body>对不起，该信息已删除或不存在！"
                                         "<a href='/'>返回首页</a></body></html>".encode("gbk")),
        "/old/deep/page.html": lambda m, p: Reply(302, {"Location": "/"}),
        "/loop1.html": lambda m, p: Reply(302, {"Location": "/loop2.html"}),
        "/loop2.html": lambda m, p: Reply(302, {"Location": "/loop1.html"}),
        "/limited-once.html": limited_once,
        "/limited-always.html": lambda m, p: html_reply("限流", "访问过于频繁", 429, **{"Retry-After": "1"}),
        "/busy.html": lambda m, p: html_reply("忙", "系统繁忙", 503),
        "/files/report.pdf": lambda m, p: html_reply("文件不存在", "您要下载的文件不存在"),
        "/cal.jsp": calendar,
        "/list.jsp": sort,
    }
    for n in range(1, 12):
        routes[f"/deep/{n}.html"] = deep
    path = "/a/"
    for _ in range(8):
        routes[path] = repeating
        path += "a/"
    return routes


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    work = tmp_path_factory.mktemp("outcomes")
    state: dict = {}
    srv = start_server(None, outcome_routes(state))
    try:
        out = crawl_site(srv.url("/"), work / "run", external_hosts=[], timeout=120, extra_settings={
            "ZWGK_RATE_LIMIT_BACKOFF": 0.3, "ZWGK_RATE_LIMIT_MAX_WAIT": 2, "ZWGK_RATE_LIMIT_HOST_DELAY": 0.05,
            "ZWGK_MAX_CALENDAR_VARIANTS": 5, "ZWGK_MAX_QUERY_VARIANTS": 4, "ZWGK_MAX_DEPTH": 6,
            "ZWGK_CONTACT": CONTACT, "ZWGK_FETCH_DOCUMENTS": False, "ZWGK_NEWMEDIA": False})
        yield load_site(out), srv, out
    finally:
        srv.stop()


def check(site, url):
    c = site.link(url)
    assert c is not None, f"no LinkCheck for {url}"
    return c


def test_soft_404_page_is_dead_with_a_reason(outcomes):
    site, srv, _ = outcomes
    c = check(site, srv.url("/soft.html"))
    assert (c.outcome, c.status) == ("dead", 200)
    assert c.error.startswith("soft-404:") and "该信息已删除" in c.error
    assert site.page(srv.url("/soft.html")).soft_404 is True


def test_deep_link_redirected_to_the_homepage_is_a_soft_404(outcomes):
    site, srv, _ = outcomes
    c = check(site, srv.url("/old/deep/page.html"))
    assert (c.outcome, c.status, c.final_url) == ("dead", 200, srv.url("/"))
    assert "homepage" in c.error and c.redirects == [srv.url("/old/deep/page.html")]
    assert check(site, srv.url("/")).outcome == "ok"  # the homepage itself is fine


def test_redirect_loop(outcomes):
    site, srv, _ = outcomes
    assert check(site, srv.url("/loop1.html")).outcome == "redirect_loop"


def test_429_with_retry_after_succeeds_after_backoff(outcomes):
    site, srv, _ = outcomes
    c = check(site, srv.url("/limited-once.html"))
    assert (c.outcome, c.status) == ("ok", 200)
    assert site.page(srv.url("/limited-once.html")).title == "限流后可访问"
    first, second = srv.times("/limited-once.html")
    assert second - first >= 0.9  # Retry-After: 1 honoured, not retried at once


def test_rate_limiting_that_persists_is_could_not_evaluate_never_dead(outcomes, figures):
    site, srv, _ = outcomes
    c = check(site, srv.url("/limited-always.html"))
    assert (c.outcome, c.status, c.retry_after) == ("rate_limited", 429, "1")
    times = srv.times("/limited-always.html")
    assert len(times) == 3  # first answer + ZWGK_RATE_LIMIT_RETRIES=2 later attempts
    assert all(b - a >= 0.9 for a, b in zip(times, times[1:]))
    busy = check(site, srv.url("/busy.html"))  # 503 without Retry-After: backoff, then rate_limited
    assert (busy.outcome, busy.status, busy.retry_after) == ("rate_limited", 503, None)
    assert len(srv.times("/busy.html")) == 3
    assert not [lc for lc in site.links if lc.status in (429, 503) and lc.outcome == "dead"]
    line = next(x for x in site.crawl.capped if x.startswith("rate limiting"))
    assert line.startswith("rate limiting: 2 URLs")
    figures.append(f"rate limiting: 429 gaps {[round(b - a, 2) for a, b in zip(times, times[1:])]} s; "
                   f"stayed unknown: {line}")


def test_attachment_answering_an_html_page_keeps_its_http_outcome(outcomes):
    site, srv, _ = outcomes
    c = check(site, srv.url("/files/report.pdf"))
    assert (c.outcome, c.kind.value, c.method) == ("ok", "attachment", "HEAD")
    assert c.content_type.startswith("text/html")  # recorded; judging it is the rules' job


def test_robots_txt_is_obeyed(outcomes):
    site, srv, _ = outcomes
    c = check(site, srv.url("/private/secret.html"))
    assert c.outcome == "blocked" and "robots" in c.error.lower()
    assert srv.seen("/private/secret.html") == 0
    assert srv.seen("/robots.txt") == 1


def test_traps_are_capped_and_recorded(outcomes, figures):
    site, srv, _ = outcomes
    def asked(prefix):
        return sum(1 for _, p in srv.server.requests if p.startswith(prefix))

    assert asked("/cal.jsp?") == 5  # ZWGK_MAX_CALENDAR_VARIANTS
    assert asked("/list.jsp?") == 4  # ZWGK_MAX_QUERY_VARIANTS
    assert srv.seen("/deep/6.html") == 1 and srv.seen("/deep/7.html") == 0  # ZWGK_MAX_DEPTH=6 (index is 0)
    assert srv.seen("/a/a/a/a/") == 0  # a path segment repeated more than 3 times
    blocked = [c for c in site.links if c.outcome == "blocked" and (c.error or "").startswith("trap cap")]
    assert {c.url.split("?")[0].rsplit("/", 1)[-1] or "a" for c in blocked} >= {"cal.jsp", "list.jsp", "7.html"}
    caps = [line for line in site.crawl.capped if line.startswith("trap cap")]
    assert len(caps) == 4 and any("calendar-like" in line for line in caps)
    figures.append("trap caps: " + " | ".join(caps))


def test_user_agent_names_a_contact_and_throttle_is_on(outcomes):
    site, srv, out = outcomes
    agents = {h.get("User-Agent") for h in srv.headers_of("/")}
    assert agents == {f"zwgk/0.1 (government website disclosure audit; +{CONTACT})"}
    log = (out / "crawl.log").read_text("utf-8")
    assert "crawler.politeness.Throttle" in log  # adaptive per-host delay (AutoThrottle) is on by default


def test_server_errors_on_many_paths_are_answers_not_a_paused_host(serve, tmp_path):
    links = "".join(f"<a href='/err/{i}.html'>坏{i}</a> " for i in range(24))
    srv = serve(None, {
        "/": lambda m, p: html_reply("首页", links + "<a href='/ok.html'>好</a>"),
        "/ok.html": lambda m, p: html_reply("好", ""),
        **{f"/err/{i}.html": (lambda m, p: html_reply("错误", "", 500)) for i in range(24)},
    })
    site = load_site(crawl_site(srv.url("/"), tmp_path / "run", external_hosts=[], timeout=90, extra_settings={
        "ZWGK_BREAKER_WINDOW": 6, "ZWGK_BREAKER_MIN_PATHS": 3, "ZWGK_BREAKER_PAUSE": 0.5,
        "RETRY_TIMES": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "ZWGK_NEWMEDIA": False}))
    assert site.crawl.stats.get("zwgk/breaker/trips", 0) == 0
    assert {(c.outcome, c.status) for c in site.links if "/err/" in c.url} == {("dead", 500)}
    assert len([c for c in site.links if "/err/" in c.url]) == 24
    assert site.link(srv.url("/ok.html")).outcome == "ok"


@pytest.mark.skipif(not port_is_closed(9), reason="something listens on 127.0.0.1:9")
def test_a_host_that_stays_down_is_paused_then_given_up_and_the_crawl_ends(serve, tmp_path, figures):
    links = "".join(f"<a href='http://127.0.0.1:9/doc/{i}.html'>外部{i}</a> " for i in range(40))
    srv = serve(None, {"/": lambda m, p: html_reply("首页", links + "<a href='/ok.html'>好</a>"),
                       "/ok.html": lambda m, p: html_reply("好", "")})
    site = load_site(crawl_site(srv.url("/"), tmp_path / "run", timeout=120, extra_settings={
        "ZWGK_BREAKER_WINDOW": 6, "ZWGK_BREAKER_MIN_PATHS": 4, "ZWGK_BREAKER_PAUSE": 0.3,
        "ZWGK_BREAKER_MAX_PAUSED": 1.0, "RETRY_TIMES": 0, "ZWGK_NEWMEDIA": False}))
    stats = site.crawl.stats
    assert site.crawl.finish_reason == "finished"
    assert stats["zwgk/breaker/trips"] >= 1 and stats["zwgk/breaker/given_up"] == 1
    down = [c for c in site.links if c.url.startswith("http://127.0.0.1:9/")]
    assert len(down) == 40
    assert {c.outcome for c in down} <= {"dead", "blocked"}
    given_up = [c for c in down if c.outcome == "blocked"]
    assert given_up and all("given up by the circuit breaker" in c.error for c in given_up)
    assert not [c for c in site.links if (c.error or "").startswith("unfinished")]
    assert site.link(srv.url("/ok.html")).outcome == "ok"  # the site's own host was never paused
    assert any(line.startswith("circuit breaker:") for line in site.crawl.capped)
    figures.append(f"host down: {len(down) - len(given_up)} links dead (connection refused) before the breaker "
                   f"tripped {stats['zwgk/breaker/trips']}x, {len(given_up)} blocked once it gave the host up")


def test_request_budget_and_robots_override(serve, tmp_path):
    links = "".join(f"<a href='/p/{i}.html'>页{i}</a> " for i in range(8))
    srv = serve(None, {
        "/": lambda m, p: html_reply("首页", links),
        "/robots.txt": lambda m, p: Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /p/\n"),
        **{f"/p/{i}.html": (lambda m, p: html_reply("页", "")) for i in range(8)},
    })
    out = crawl_site(srv.url("/"), tmp_path / "run", external_hosts=[], timeout=60, extra_settings={
        "ZWGK_MAX_REQUESTS": 4, "ZWGK_IGNORE_ROBOTS": True, "ZWGK_NEWMEDIA": False})
    site = load_site(out)
    assert srv.seen("/robots.txt") == 0  # overridden: not even fetched
    assert len(srv.server.requests) == 4
    budget = [c for c in site.links if c.outcome == "blocked"]
    assert len(budget) == 5 and all("ZWGK_MAX_REQUESTS=4" in c.error for c in budget)
    assert any(line.startswith("request budget") for line in site.crawl.capped)
    log = (Path(out) / "crawl.log").read_text("utf-8")
    assert "WARNING: robots.txt is NOT obeyed" in log
