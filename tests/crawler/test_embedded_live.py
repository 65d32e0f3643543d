"""A real crawl over loopback of a site built with frames, a meta refresh, images and embedded
documents (issue 9 item 12): frames in scope are crawled as pages, embedded resources are
checked (HEAD, GET fallback) and never parsed, malformed hrefs are never requested, the
refresh page keeps its links, and the LNK rules name dead resources by their kind."""

from __future__ import annotations

import datetime as dt

import pytest

from contracts import LinkKind, load_site
from crawler.run import crawl_site
from rules import get_rule
from rules.base import RuleContext, run_rule

from tests.helpers.loopback_http import Reply

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

START = """<html><head><meta http-equiv="refresh" content="0; url=/frames.html"><title>正在跳转</title></head>
<body><a href="/old.html">旧版首页</a></body></html>"""
FRAMES = """<html><head><title>某县人民政府</title></head><frameset rows="100,*">
<frame src="/top.html" name="top"><frame src="/main.html" name="main"></frameset></html>"""
TOP = """<html><head><title>顶部</title></head><body><img src="/images/logo.png" alt="县政府标志"></body></html>"""
MAIN = """<html><head><title>某县人民政府</title><link rel="stylesheet" href="/css/site.css"></head><body>
<div class="banner" style="background:url(/images/missing-bg.jpg)">某县人民政府</div>
<a href="/zwgk/">政府信息公开</a>
<img src="/images/gone.png" alt="专题专栏"> <img src="/images/ok.jpg" alt="风景">
<iframe src="/zt/retired.html"></iframe><embed src="/fj/plan.pdf">
<a href="http://">网上办事</a> <a href="file:///C:/Users/admin/Desktop/a.doc">附件</a>
</body></html>"""
ZWGK = "<html><head><title>政府信息公开</title></head><body><p>政府信息公开专栏</p></body></html>"
OLD = "<html><head><title>旧版</title></head><body>旧版首页</body></html>"


def _page(text):
    return lambda m, p: Reply(200, {"Content-Type": "text/html; charset=utf-8"}, text.encode())


def test_framed_site_with_refresh_and_embedded_resources(serve, tmp_path):
    png = Reply(200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    routes = {
        "/": _page(START), "/frames.html": _page(FRAMES), "/top.html": _page(TOP), "/main.html": _page(MAIN),
        "/zwgk/": _page(ZWGK), "/old.html": _page(OLD),
        "/images/logo.png": lambda m, p: png, "/images/ok.jpg": lambda m, p: png,
        "/css/site.css": lambda m, p: Reply(200, {"Content-Type": "text/css"}, b"body{}"),
    }
    srv = serve(None, routes)
    out = crawl_site(srv.base + "/", tmp_path / "run", max_pages=50,
                     extra_settings={"DOWNLOAD_TIMEOUT": 3, "ZWGK_FETCH_DOCUMENTS": False}, timeout=120)
    site = load_site(out)
    b = srv.base
    pages = {p.url: p for p in site.pages}
    # the refresh page is kept, with its own link; its target is crawled as a page
    assert b + "/" in pages and pages[b + "/"].refresh == b + "/frames.html"
    assert b + "/old.html" in pages and b + "/frames.html" in pages
    # both frames are crawled as pages of the site
    assert pages[b + "/frames.html"].frames == [b + "/top.html", b + "/main.html"]
    assert b + "/top.html" in pages and b + "/main.html" in pages and b + "/zwgk/" in pages
    # the homepage seen by rules is what the reader sees: through the refresh and the frameset
    assert site.homepage().url == b + "/main.html"
    # embedded resources: checked, never parsed as pages
    for path, outcome in [("/images/logo.png", "ok"), ("/images/ok.jpg", "ok"), ("/css/site.css", "ok"),
                          ("/images/gone.png", "dead"), ("/images/missing-bg.jpg", "dead"),
                          ("/fj/plan.pdf", "dead"), ("/zt/retired.html", "dead")]:
        c = site.link(b + path)
        assert c is not None and c.outcome == outcome, (path, c)
        if path != "/zt/retired.html":
            assert b + path not in pages
    assert site.link(b + "/images/gone.png").kind == LinkKind.image
    # malformed hrefs are never requested and never turned into the page's own URL
    assert not any(p.startswith("/C:") or "Users" in p or p == "/main.html#" for _, p in srv.server.requests)
    assert srv.seen("/images/gone.png") >= 1 and srv.seen("/main.html") == 1
    assert all(c.url.startswith("http://127.0.0.1") for c in site.links)

    ctx = lambda r: RuleContext(as_of=dt.date.today(), options=dict(r.meta.options))  # noqa: E731
    lnk4 = get_rule("LNK004")
    fails = [f for f in run_rule(lnk4, site, ctx(lnk4)) if f.status.value == "fail"]
    kinds = {f.target.rsplit("/", 1)[-1]: f.evidence["kind"] for f in fails}
    assert kinds == {"gone.png": "图片", "missing-bg.jpg": "图片", "plan.pdf": "嵌入文档", "retired.html": "框架页面"}
    assert any("图片“专题专栏”" in f.message for f in fails)
    lnk5 = get_rule("LNK005")
    bad = {f.target for f in run_rule(lnk5, site, ctx(lnk5)) if f.status.value == "fail"}
    assert bad == {"http://", "file:///C:/Users/admin/Desktop/a.doc"}
