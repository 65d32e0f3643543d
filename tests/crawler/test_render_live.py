"""JavaScript rendering through Chromium (scrapy-playwright), over real HTTP on loopback.

The browser must load what the page needs from the site and nothing from a host the
egress guard does not allow: the outside host here is a second loopback address,
127.0.0.2, whose server logs every request (there must be none). Skipped without a
Chromium (crawler.render.find_browser)."""

from __future__ import annotations

import time

import pytest

from contracts import load_site
from crawler.run import crawl_site

from tests.helpers.loopback_http import Reply

# rendering needs Chromium: without it (`make browser`) these tests fail rather than skip
pytestmark = [pytest.mark.live, pytest.mark.usefixtures("chromium")]

FILLER = "<div class='nav'><a href='/'>首页</a></div><p>" + "本栏目发布部门工作动态信息。" * 12 + "</p>"


def html(body: str, title: str = "页面") -> Reply:
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                 f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>".encode())


def site_routes(outside: str) -> dict:
    xhr_list = (FILLER + "<ul id='news-list' class='list'></ul><script>var x=new XMLHttpRequest();"
                "x.open('GET','/data.json');x.onload=function(){var d=JSON.parse(x.responseText),h='';"
                "for(var i=0;i<d.length;i++){h+='<li><a href=\"/art/'+d[i]+'.html\">动态'+d[i]+'</a>"
                "<span>2026-11-2'+d[i]+'</span></li>';}document.getElementById('news-list').innerHTML=h;};"
                "x.send();</script>")
    outside_page = (  # almost no text, scripts: rendered; everything outside must be aborted
        f"<div id='app'></div><script src='/allowed.js'></script><script src='{outside}/tracker.js'></script>"
        f"<img src='{outside}/pixel.gif'><link rel='stylesheet' href='{outside}/style.css'>"
        f"<iframe src='{outside}/frame.html'></iframe>"
        f"<script>fetch('{outside}/fetch-beacon').catch(function(){{}});"
        f"var i=new Image();i.src='{outside}/image-beacon';</script>")
    routes = {
        "/": lambda m, p: html(FILLER + "<a href='/js-list.html'>部门动态</a> <a href='/docwrite.html'>写入</a> "
                               "<a href='/outside.html'>外部资源</a> "
                               + " ".join(f"<a href='/js{i}.html'>脚本页{i}</a>" for i in range(4)), "首页"),
        "/js-list.html": lambda m, p: html(xhr_list, "部门动态"),
        "/data.json": lambda m, p: Reply(200, {"Content-Type": "application/json"}, b"[1,2,3]"),
        "/docwrite.html": lambda m, p: html(FILLER + "<script>document.write('<a href=\"/dw-target.html\">"
                                            "写入的链接</a>');</script>", "写入"),
        "/outside.html": lambda m, p: html(outside_page, "外部资源"),
        "/allowed.js": lambda m, p: Reply(200, {"Content-Type": "application/javascript"},
                                          f"document.getElementById('app').innerHTML='<a href=\"/from-js.html\">"
                                          f"脚本生成</a>';fetch('{outside}/js-beacon').catch(function(){{}});".encode()),
    }
    for i in range(4):
        routes[f"/js{i}.html"] = lambda m, p: html("<div id='app'></div><script src='/allowed.js'></script>", "脚本页")
    for target in ("/art/1.html", "/art/2.html", "/art/3.html", "/dw-target.html", "/from-js.html"):
        routes[target] = lambda m, p: html(FILLER, "文章")
    return routes


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from tests.helpers.loopback_http import start_server

    outside = start_server(None, {}, host="127.0.0.2")
    main = start_server(None, site_routes(outside.base))
    try:
        out = crawl_site(main.url("/"), tmp_path_factory.mktemp("render") / "run", external_hosts=["127.0.0.1"],
                         timeout=120, extra_settings={"ZWGK_RENDER_WAIT": 2, "ZWGK_NEWMEDIA": False})
        yield load_site(out), main, outside
    finally:
        main.stop()
        outside.stop()


def test_pages_built_by_javascript_are_rendered_and_followed(rendered):
    site, main, _ = rendered
    page = site.page(main.url("/js-list.html"))
    assert page.rendered and [i.title for i in page.list_items] == ["动态1", "动态2", "动态3"]
    assert any("needs rendering: empty list container" in n for n in page.extract_notes)
    for target in ("/art/1.html", "/art/3.html", "/dw-target.html", "/from-js.html"):
        assert site.link(main.url(target)).outcome == "ok", target  # links that exist only in the DOM
    assert site.page(main.url("/docwrite.html")).rendered
    assert not site.page(main.url("/")).rendered  # only where needed
    assert site.crawl.stats["zwgk/render/ok"] == site.crawl.stats["zwgk/render/requested"] == 7


def test_the_browser_never_requests_a_host_the_guard_does_not_allow(rendered, figures):
    site, main, outside = rendered
    assert main.seen("/allowed.js") >= 1  # the browser did load what the site itself serves
    assert outside.server.requests == [], f"requests leaked to 127.0.0.2: {outside.server.requests}"
    aborted = site.crawl.stats["zwgk/render/egress_aborted"]
    assert aborted >= 6  # tracker.js, pixel.gif, style.css, frame.html, fetch/image/js beacons
    figures.append(f"render egress: {aborted} browser requests to 127.0.0.2 aborted, 0 reached it")


def test_browser_memory_is_bounded(rendered, figures):
    site, _, _ = rendered
    stats = site.crawl.stats
    assert stats["playwright/context_count/max_concurrent"] == 1
    assert stats["playwright/page_count/max_concurrent"] <= 2
    figures.append(f"render: {stats['zwgk/render/ok']} pages rendered, at most "
                   f"{stats['playwright/page_count/max_concurrent']} browser pages in 1 context at a time")


def test_without_rendering_the_crawl_goes_on_and_says_so(serve, tmp_path):
    main = serve(None, site_routes("http://127.0.0.2:9"))
    site = load_site(crawl_site(main.url("/"), tmp_path / "run", external_hosts=["127.0.0.1"], timeout=60,
                                extra_settings={"ZWGK_RENDER": "off", "ZWGK_NEWMEDIA": False}))
    page = site.page(main.url("/js-list.html"))
    assert not page.rendered and page.list_items == []
    assert any("looks built by JavaScript" in n for n in page.extract_notes)
    assert any(line.startswith("rendering: 7 pages looked built by JavaScript") for line in site.crawl.capped)
    assert site.link(main.url("/art/1.html")) is None  # reachable only through the browser


class TcpListener:
    """A bare TCP listener on 127.0.0.1 that records every connection it accepts (a
    WebSocket handshake needs one first)."""

    def __init__(self):
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.accepted: list[bytes] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def _run(self):
        import socket

        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.accepted.append(conn.recv(4096))
                except OSError:
                    self.accepted.append(b"")

    def stop(self):
        self._stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


def test_a_rendered_page_cannot_open_a_websocket_the_profile_does_not_allow(serve, tmp_path, figures):
    listener = TcpListener()  # another port of 127.0.0.1: outside the site, and the profile allows no host
    try:
        script = (f"<div id='app'></div><script>"
                  f"var bad=new WebSocket('ws://127.0.0.1:{listener.port}/feed');"
                  f"var bad2=new WebSocket('wss://127.0.0.1:{listener.port}/secure');"
                  f"var own=new WebSocket((location.protocol=='https:'?'wss://':'ws://')+location.host+'/own-ws');"
                  f"document.getElementById('app').innerHTML='<a href=\"/after-ws.html\">之后</a>';</script>")
        main = serve(None, {"/": lambda m, p: html(FILLER + "<a href='/ws.html'>实时</a>", "首页"),
                            "/ws.html": lambda m, p: html(script, "实时"),
                            "/after-ws.html": lambda m, p: html(FILLER, "之后")})
        site = load_site(crawl_site(main.url("/"), tmp_path / "run", external_hosts=[], timeout=120,
                                    extra_settings={"ZWGK_RENDER_WAIT": 3, "ZWGK_NEWMEDIA": False}))
        assert site.page(main.url("/ws.html")).rendered
        assert site.link(main.url("/after-ws.html")).outcome == "ok"  # the page's script did run
        # the WebSocket to the site itself was let through: its handshake reached the site's server
        upgrades = [h for h in main.headers_of("/own-ws") if h.get("Upgrade", "").lower() == "websocket"]
        assert upgrades, "the allowed WebSocket never reached the site: the test would prove nothing"
        time.sleep(0.5)
        assert listener.accepted == [], f"a refused WebSocket reached 127.0.0.1:{listener.port}"
        refused = site.crawl.stats.get("zwgk/render/websocket_refused", 0)
        assert refused == 2
        figures.append(f"render WebSocket egress: {refused} WebSockets to a port the profile does not allow "
                       f"refused, 0 connections reached it; the site's own WebSocket connected")
    finally:
        listener.stop()
