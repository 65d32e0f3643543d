"""Real crawls (crawler.run.crawl_site → child process → Scrapy over HTTP) of small sites
served on 127.0.0.1, read back with contracts.load_site.

Only loopback addresses appear here. The "external" site is a second server on another
port of 127.0.0.1; the host the profile does not allow is ``localhost`` (same machine, so
if the guard failed the request would show up in that server's log, never leave it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts import load_site
from crawler.run import crawl_site

from tests.helpers.loopback_http import LOOPBACK, Reply, not_found, port_is_closed, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

TWO_MB = 2 * 1024 * 1024

INDEX = """<!doctype html><html><head><meta charset="utf-8"><title>测试门户</title></head><body>
<div class="nav"><a href="a.html">栏目A</a> <a href="a.html#frag">栏目A（锚点）</a> <a href="sub/b.html">栏目B</a>
<a href="gbk.html">GBK 页面</a></div>
<ul>
<li><a href="missing.html">失效页面</a></li>
<li><a href="files/doc.pdf">附件</a></li>
<li><a href="files/nohead.pdf">不支持 HEAD 的附件</a></li>
<li><a href="old.html">旧地址</a></li>
<li><a href="loop1.html">循环跳转</a></li>
<li><a href="slow.html">很慢的页面</a></li>
<li><a href="limited.html">限流 429</a></li>
<li><a href="busy.html">忙 503</a></li>
<li><a href="waf.html">访问频繁页</a></li>
<li><a href="err500.html">服务器错误</a></li>
<li><a href="private/secret.html">robots 禁止</a></li>
<li><a href="download?id=1">下载</a></li>
<li><a href="to-other.html">跳到不允许的主机</a></li>
<li><a href="http://{ext}/ext.html">外部网站</a></li>
<li><a href="http://{ext}/ext-missing.html">外部失效</a></li>
<li><a href="http://localhost:{ext_port}/not-allowed.html">不允许的主机</a></li>
<li><a href="http://127.0.0.1:9/refused.html">拒绝连接</a></li>
<li><a href="http://www.gov.cn/">中国政府网</a></li>
<li><a href="mailto:zwgk@localhost">邮件</a> <a href="javascript:void(0)">脚本</a> <a href="#top">顶部</a></li>
</ul></body></html>
"""

GBK_PAGE = """<html><head><meta charset="gb2312"><title>政务公开目录</title></head>
<body><h1>政府信息公开指南</h1><p>朱镕基 同志 堃 测试正文</p><a href="/">返回首页</a></body></html>"""


def html(text: str) -> bytes:
    return f"<html><head><meta charset='utf-8'><title>{text}</title></head><body>{text}</body></html>".encode()


def write_site(root: Path, ext_netloc: str, ext_port: int) -> None:
    files = {
        "index.html": INDEX.format(ext=ext_netloc, ext_port=ext_port).encode(),
        "a.html": b"<html><head><title>A</title></head><body><a href='/'>home</a> <a href='c.html'>C</a></body></html>",
        "c.html": b"<html><head><title>C</title></head><body><a href='/'>home</a></body></html>",
        "a2.html": b"<html><head><title>A2</title></head><body>new home of old.html</body></html>",
        "sub/b.html": b"<html><head><title>B</title></head><body><a href='../a.html'>A</a></body></html>",
        "gbk.html": GBK_PAGE.encode("gbk"),
        "files/doc.pdf": b"%PDF-1.4 small",
        "private/secret.html": b"<html><title>secret</title></html>",
    }
    for rel, body in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(body)


def redirect(to: str, status: int = 301):
    return lambda method, path: Reply(status, {"Location": to, "Content-Type": "text/html"}, b"moved")


def main_routes(ext_port: int) -> dict:
    def nohead(method, path):
        if method == "HEAD":
            return Reply(405, {"Allow": "GET"})
        return Reply(200, {"Content-Type": "application/pdf"}, b"%PDF" + b"0" * TWO_MB)

    return {
        "/robots.txt": lambda m, p: Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/old.html": redirect("/older.html"),
        "/older.html": redirect("/a2.html"),
        "/loop1.html": redirect("/loop2.html", 302),
        "/loop2.html": redirect("/loop1.html", 302),
        "/slow.html": lambda m, p: Reply(200, {"Content-Type": "text/html"}, html("slow"), sleep=3.5),
        "/limited.html": lambda m, p: Reply(429, {"Retry-After": "120", "Content-Type": "text/html"}, html("429")),
        "/busy.html": lambda m, p: Reply(503, {"Retry-After": "30", "Content-Type": "text/html"}, html("503")),
        "/waf.html": lambda m, p: Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                                        "<html><body>您访问过于频繁，请稍后再试</body></html>".encode()),
        "/err500.html": lambda m, p: Reply(500, {"Content-Type": "text/html"}, html("500")),
        "/files/nohead.pdf": nohead,
        "/download": lambda m, p: Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 by id"),
        "/to-other.html": redirect(f"http://localhost:{ext_port}/redirected-target.html", 302),
        "/missing.html": lambda m, p: not_found(),
    }


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    work = tmp_path_factory.mktemp("live")
    ext_root = work / "ext"
    ext_root.mkdir()
    (ext_root / "ext.html").write_bytes(
        b"<html><head><title>EXT</title></head><body><a href='/ext-inner.html'>inner</a></body></html>")
    (ext_root / "ext-inner.html").write_bytes(b"<html><title>inner</title></html>")
    ext = start_server(ext_root)
    site_root = work / "site"
    write_site(site_root, f"{LOOPBACK}:{ext.port}", ext.port)
    main = start_server(site_root, main_routes(ext.port))
    try:
        # Rate-limit waits shortened: Retry-After 120 would otherwise be honoured up to the cap.
        out = crawl_site(main.base + "/", work / "run", max_pages=100, external_hosts=[LOOPBACK],
                         extra_settings={"DOWNLOAD_TIMEOUT": 2, "ZWGK_RATE_LIMIT_MAX_WAIT": 0.3,
                                         "ZWGK_RATE_LIMIT_HOST_DELAY": 0.05,
                                         # link checks only: reading attachment bodies is issue 6's test
                                         "ZWGK_FETCH_DOCUMENTS": False}, timeout=120)
        site = load_site(out)
        yield site, main, ext, out
    finally:
        main.stop()
        ext.stop()


def check(site, url):
    c = site.link(url)
    assert c is not None, f"no LinkCheck for {url}; have {[lc.url for lc in site.links]}"
    return c


def test_crawl_finishes_and_writes_every_artifact(crawled):
    site, main, _, out = crawled
    assert site.crawl.finish_reason == "finished"
    assert site.crawl.site_host == f"{LOOPBACK}:{main.port}"
    assert site.crawl.allowed_hosts == [LOOPBACK]
    assert site.crawl.start_url == main.url("/")
    assert site.crawl.stats["downloader/request_count"] > 10
    assert site.crawl.stats.get("log_count/ERROR", 0) == 0
    for name in ("crawl.json", "pages.jsonl", "links.jsonl", "columns.jsonl"):
        assert (out / name).exists(), name
    assert site.crawl.errors == []


def test_in_scope_crawl_reaches_every_page(crawled):
    site, main, _, _ = crawled
    for path in ("/", "/a.html", "/c.html", "/sub/b.html", "/gbk.html"):
        page = site.page(main.url(path))
        assert page is not None, path
        assert page.status == 200
        assert check(site, main.url(path)).outcome == "ok"
    assert site.page(main.url("/c.html")).depth == 2
    assert site.page(main.url("/c.html")).referrer == main.url("/a.html")
    assert site.page(main.url("/")).depth == 0


def test_every_target_has_exactly_one_link_check(crawled):
    site, main, _, _ = crawled
    urls = [c.url for c in site.links]
    assert len(urls) == len(set(urls))
    # the fragment variant of a.html is the same target and was fetched once
    assert main.seen("/a.html", "GET") == 1
    # every http(s) link on every crawled page has its LinkCheck
    for page in site.pages:
        for link in page.links:
            if link.kind.value in ("page", "attachment", "external"):
                assert site.link(link.url) is not None, (page.url, link.url)


def test_mailto_javascript_and_anchors_are_not_requested(crawled):
    site, _, _, _ = crawled
    assert not [c for c in site.links if not c.url.startswith("http")]


def test_gbk_page_decoded(crawled):
    site, main, _, _ = crawled
    page = site.page(main.url("/gbk.html"))
    assert page.title == "政务公开目录"
    assert "政府信息公开指南" in page.text
    assert "朱镕基" in page.text and "堃" in page.text  # GBK-only characters under a gb2312 label
    assert page.encoding.lower().replace("-", "").replace("_", "") in ("gbk", "gb18030", "gb2312", "cp936")


def test_dead_internal_link_is_dead_with_status(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/missing.html"))
    assert (c.outcome, c.status, c.kind.value) == ("dead", 404, "page")
    # the custom 404 page is an HTML page too, recorded with its status
    assert site.page(main.url("/missing.html")).status == 404


def test_attachment_head_ok(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/files/doc.pdf"))
    assert (c.outcome, c.status, c.method, c.kind.value) == ("ok", 200, "HEAD", "attachment")
    assert main.seen("/files/doc.pdf", "GET") == 0


def test_attachment_head_405_falls_back_to_get(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/files/nohead.pdf"))
    assert (c.outcome, c.status, c.method) == ("ok", 200, "GET")
    assert c.content_type == "application/pdf"
    assert main.seen("/files/nohead.pdf", "HEAD") == 1
    assert main.seen("/files/nohead.pdf", "GET") == 1
    # the GET stopped after the headers: the 2 MB body was not downloaded
    assert site.crawl.stats["downloader/response_bytes"] < TWO_MB // 2


def test_redirect_chain_ok_and_recorded(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/old.html"))
    assert (c.outcome, c.status) == ("ok", 200)
    assert c.redirects == [main.url("/old.html"), main.url("/older.html")]
    assert c.final_url == main.url("/a2.html")
    page = site.page(main.url("/old.html"))
    assert page is not None and page.final_url == main.url("/a2.html") and page.title == "A2"
    assert check(site, main.url("/a2.html")).outcome == "ok"


def test_redirect_loop(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/loop1.html"))
    assert c.outcome == "redirect_loop"
    assert main.url("/loop2.html") in c.redirects


def test_external_link_checked_not_crawled(crawled):
    site, _, ext, _ = crawled
    c = check(site, ext.url("/ext.html"))
    assert (c.outcome, c.kind.value, c.method) == ("ok", "external", "HEAD")
    assert ext.seen("/ext.html", "GET") == 0
    assert ext.seen("/ext-inner.html") == 0
    assert not [p for p in site.pages if p.url.startswith(ext.base)]
    dead = check(site, ext.url("/ext-missing.html"))
    assert (dead.outcome, dead.status, dead.method) == ("dead", 404, "GET")  # HEAD 404, then GET 404


def test_external_host_not_allowed_is_skipped_without_request(crawled):
    site, _, ext, _ = crawled
    c = check(site, f"http://localhost:{ext.port}/not-allowed.html")
    assert (c.outcome, c.method, c.status) == ("skipped", "NONE", None)
    assert ext.seen("/not-allowed.html") == 0
    # the served homepage also links a public site the profile does not allow
    home = site.page(site.crawl.start_url)
    public = next(link for link in home.links if link.text == "中国政府网")
    gov = check(site, public.url)
    assert (gov.outcome, gov.method, gov.kind.value) == ("skipped", "NONE", "external")


def test_redirect_to_host_not_allowed_is_stopped_by_the_guard(crawled):
    site, main, ext, _ = crawled
    c = check(site, main.url("/to-other.html"))
    assert c.outcome == "skipped"
    assert c.redirects == [main.url("/to-other.html")]
    assert c.final_url == f"http://localhost:{ext.port}/redirected-target.html"
    assert ext.seen("/redirected-target.html") == 0
    assert site.crawl.stats["zwgk/egress/refused"] >= 1


def test_timeout_is_timeout_not_dead(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/slow.html"))
    assert c.outcome == "timeout"
    assert c.status is None
    assert main.seen("/slow.html") == 3  # first try + RETRY_TIMES=2


def test_rate_limiting_is_never_dead(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/limited.html"))
    assert (c.outcome, c.status, c.retry_after) == ("rate_limited", 429, "120")
    busy = check(site, main.url("/busy.html"))
    assert (busy.outcome, busy.status, busy.retry_after) == ("rate_limited", 503, "30")
    waf = check(site, main.url("/waf.html"))
    assert (waf.outcome, waf.status) == ("rate_limited", 200)
    assert site.page(main.url("/waf.html")) is None  # a WAF page is not the page
    assert any("rate limiting" in line for line in site.crawl.capped)
    # asked again later in the run (ZWGK_RATE_LIMIT_RETRIES=2), never hammered at once
    assert main.seen("/limited.html") == 3 and main.seen("/busy.html") == 3
    assert site.crawl.stats["zwgk/rate_limit/asked_later"] >= 6


def test_server_error_is_dead_after_retries(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/err500.html"))
    assert (c.outcome, c.status) == ("dead", 500)
    # three attempts (RETRY_TIMES=2) as Scrapy counts them; the server may log one more when
    # Twisted transparently re-sends a GET whose reused keep-alive connection was closed
    assert site.crawl.stats["retry/reason_count/500 Internal Server Error"] == 2
    assert site.crawl.stats["downloader/response_status_count/500"] == 3
    assert main.seen("/err500.html") >= 3


@pytest.mark.skipif(not port_is_closed(9), reason="something listens on 127.0.0.1:9")
def test_connection_refused_is_dead(crawled):
    site, _, _, _ = crawled
    c = check(site, "http://127.0.0.1:9/refused.html")
    assert c.outcome == "dead"
    assert c.status is None
    assert "refused" in (c.error or "").lower()


def test_robots_disallowed_is_blocked_without_request(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/private/secret.html"))
    assert c.outcome == "blocked"
    assert main.seen("/private/secret.html") == 0


def test_in_scope_link_to_a_file_is_checked_like_an_attachment(crawled):
    site, main, _, _ = crawled
    c = check(site, main.url("/download?id=1"))
    assert (c.outcome, c.kind.value, c.content_type) == ("ok", "attachment", "application/pdf")
    assert site.page(main.url("/download?id=1")) is None


def test_page_budget_caps_and_is_recorded(serve, tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    links = " ".join(f"<a href='p{i}.html'>p{i}</a>" for i in range(1, 8))
    (root / "index.html").write_text(f"<html><head><title>i</title></head><body>{links}</body></html>")
    for i in range(1, 8):
        (root / f"p{i}.html").write_text(f"<html><head><title>p{i}</title></head><body><a href='/'>h</a></body></html>")
    srv = serve(root)
    site = load_site(crawl_site(srv.url("/"), tmp_path / "run", max_pages=3, external_hosts=[], timeout=60))
    assert len(site.pages) == 3
    requested = [p for m, p in srv.server.requests if p.endswith(".html") or p == "/"]
    assert len(requested) == 3
    blocked = [c for c in site.links if c.outcome == "blocked"]
    assert len(blocked) == 5 and all(c.method == "NONE" for c in blocked)
    assert any("ZWGK_MAX_PAGES=3" in line for line in site.crawl.capped)
    assert site.crawl.stats["zwgk/pages/over_budget"] == 5
