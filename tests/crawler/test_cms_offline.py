"""Pure pieces of issue 3, without a network: 大汉 jpage/dataproxy parsing, soft-404s, trap
caps, the render heuristic, new-media parsing, column assembly of list fragments, and the
politeness middlewares (fake clock). Addresses are loopback only."""

from __future__ import annotations

import datetime as dt

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet import error as txerror

from contracts import PageArtifact
from crawler import cms
from crawler.accounts import is_matrix_candidate, parse_matrix, read_account_page
from crawler.assemble import build_columns
from crawler.extract import extract_page
from crawler.politeness import (
    BudgetExhausted,
    CircuitBreakerMiddleware,
    HostPaused,
    RedirectLoop,
    RedirectLoopMiddleware,
    RequestBudgetMiddleware,
    user_agent,
)
from crawler.render import find_browser, may_need_render, needs_render
from crawler.soft404 import soft_404_reason
from crawler.traps import TrapGuard

BASE = "http://127.0.0.1:8000"

HANWEB_CALL = """<html><body><div class="dqwz">当前位置：<a href="/">首页</a> &gt; <span>工作动态</span></div>
<div id="3380"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=3320&unitid=3380&webname=%D4%C6%CF%AA&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="/art/2026/11/26/art_3320_1.html">县政府召开常务会议</a><span>2026-11-26</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2026/11/25/art_3320_2.html">开展防汛应急演练</a><span>2026-11-25</span></li>]]></record>
</recordset></datastore></script></div>
<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>
<script>$('#3380').jpage({dataStore:$('#3380'), proxyUrl:'/module/web/jpage/dataproxy.jsp', perPage:1,
groupSize:2, totalRecord:7, ajaxParam:{col:1, appid:1, webid:1, path:'/', columnid:3320, unitid:'3380',
webname:'云溪', permissiontype:0}});</script></body></html>"""

HANWEB_VARS = """<div id="3371"><script type="text/xml"><datastore><recordset>
<record><![CDATA[<li><a href="/art/2026/11/1/art_3311_9.html">办法</a> 2026-11-01</li>]]></record>
</recordset></datastore></script></div>
<script>var totalRecord = 3; var perPage = 1; var groupSize = 1; var columnid = 3311; var webid = '1';</script>"""


def test_jpage_call_parameters_and_dataproxy_ranges():
    (jl,) = cms.jpage_lists(BASE + "/col/col3320/index.html", HANWEB_CALL)
    assert (jl.per_page, jl.group_size, jl.total, jl.embedded) == (1, 2, 7, 2)
    assert jl.proxy_url == BASE + "/module/web/jpage/dataproxy.jsp"
    assert jl.params["columnid"] == "3320" and jl.params["unitid"] == "3380"
    assert jl.params["webname"] == "%D4%C6%CF%AA"  # the page's GBK bytes, never re-encoded
    urls, chained = cms.dataproxy_urls(jl)
    assert not chained
    ranges = [(cms.range_end(u) - cms.range_size(u) + 1, cms.range_end(u)) for u in urls]
    assert ranges == [(3, 4), (5, 6), (7, 7)]  # records 1-2 are on the page; 2 per request
    assert all(cms.is_dataproxy_url(u) for u in urls)
    post_url, body = cms.post_form(urls[0])
    assert "startrecord=3" in post_url and "endrecord=4" in post_url and "columnid" not in post_url
    assert "columnid=3320" in body and "webname=%D4%C6%CF%AA" in body


def test_jpage_var_statements_and_unknown_total():
    (jl,) = cms.jpage_lists(BASE + "/col/col3311/index.html", HANWEB_VARS)
    assert (jl.total, jl.per_page, jl.embedded, jl.params["columnid"]) == (3, 1, 1, "3311")
    assert len(cms.dataproxy_urls(jl)[0]) == 2
    jl.total = None
    urls, chained = cms.dataproxy_urls(jl)
    assert chained and len(urls) == 1
    nxt = cms.next_range_url(urls[0])
    assert (cms.range_end(nxt), cms.range_size(nxt)) == (cms.range_end(urls[0]) + 1, 1)
    assert cms.jpage_lists(BASE + "/", "<html><script>var totalRecord=3;</script></html>") == []


def test_parse_datastore_answer():
    xml = ('<?xml version="1.0" encoding="GBK"?><datastore><recordset>'
           '<record><![CDATA[<li><a href="/art/2026/1/2/art_1_3.html">标题</a></li>]]></record>'
           "</recordset><totalrecord>9</totalrecord></datastore>")
    records, total, ok = cms.parse_datastore(xml)
    assert ok and total == 9 and len(records) == 1
    assert cms.parse_datastore("<html>非法请求</html>") == ([], None, False)
    page = extract_page(BASE + "/module/web/jpage/dataproxy.jsp?startrecord=3",
                        cms.records_document(records, BASE + "/col/col1/index.html"))
    assert page.links[0].url == BASE + "/art/2026/1/2/art_1_3.html"


def _page(url: str, **kw) -> PageArtifact:
    return PageArtifact(url=url, final_url=kw.pop("final_url", url), status=kw.pop("status", 200),
                        fetched_at=dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc), **kw)


def test_soft_404_reasons():
    deleted = extract_page(BASE + "/art/1.html", "<html><head><title>提示信息</title></head><body>"
                                                 "<p>对不起，该信息已删除或不存在！</p><a href='/'>返回首页</a></body></html>".encode())
    assert "该信息已删除" in soft_404_reason(deleted, BASE + "/art/1.html")
    assert "homepage" in soft_404_reason(_page(BASE + "/old/deep.html", final_url=BASE + "/"),
                                         BASE + "/old/deep.html", [BASE + "/old/deep.html"])
    assert soft_404_reason(_page(BASE + "/x.html", title="404 Not Found"), BASE + "/x.html")
    # an article that happens to mention deletion, a long page, an error status: not soft-404s
    article = _page(BASE + "/a.html", text="该信息已删除" + "正文" * 2000)
    assert soft_404_reason(article, BASE + "/a.html") is None
    assert soft_404_reason(_page(BASE + "/a.html", status=404, title="页面不存在"), BASE + "/a.html") is None
    assert soft_404_reason(_page(BASE + "/", final_url=BASE + "/"), BASE + "/index.html", [BASE + "/index.html"]) is None


def test_trap_guard_caps_calendars_query_variants_depth_and_repeats():
    g = TrapGuard(max_depth=5, max_query_variants=3, max_calendar_variants=2)
    cal = [g.check(f"{BASE}/cal.jsp?date=2026-11-{d:02d}", 1) for d in range(1, 6)]
    assert cal[:2] == [None, None] and all(cal[2:])
    sort = [g.check(f"{BASE}/list.jsp?sort={s}&order=asc", 1) for s in "abcde"]
    assert sort.count(None) == 3
    assert all(g.check(f"{BASE}/content.jsp?id={i}", 1) is None for i in range(50))  # documents, not a trap
    assert g.check(f"{BASE}/a.html", 6) and g.check(f"{BASE}/a/b/a/b/a/b/a/b/x.html", 1)
    lines = g.summary()
    assert len(lines) == 4 and all(line.startswith("trap cap:") for line in lines)
    assert any("ZWGK_MAX_CALENDAR_VARIANTS=2" in line for line in lines)


def test_render_heuristic():
    xhr = ("<html><body><div class='nav'>导航 首页 政府信息公开 新闻中心 互动交流</div><ul id='news-list'></ul>"
           "<p>" + "页脚文字" * 40 + "</p><script>var x=new XMLHttpRequest();x.open('GET','/d.json');</script></body></html>")
    assert "empty list container" in needs_render(xhr)
    assert "document.write" in needs_render("<html><body><p>" + "正文" * 100 + "</p><script>document.write("
                                            "'<li><a href=\"/a.html\">a</a></li>')</script></body></html>")
    assert "almost no text" in needs_render("<html><body><div id='app'></div><script src='/app.js'></script></body></html>")
    static = ("<html><body><ul class='list'><li><a href='/a.html'>" + "县政府召开常务会议" * 10 + "</a></li></ul>"
              "<script>var a=1;</script></body></html>")
    assert needs_render(static) is None
    assert not may_need_render(static.encode(), "正文" * 100)
    import re
    assert needs_render(static, BASE + "/special/x.html", [re.compile(r"/special/")])


def test_find_browser_reports_when_there_is_none(monkeypatch, tmp_path):
    import crawler.render as render

    monkeypatch.setattr(render, "SYSTEM_CHROMIUM", (str(tmp_path / "no-chromium"),))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    path, why = find_browser(str(tmp_path / "missing"))
    assert path is None and "no Chromium found" in why


MATRIX_TABLE = """<html><body><table><tr><th>序号</th><th>账号名称</th><th>平台</th></tr>
<tr><td>1</td><td><a href="http://127.0.0.1:9001/mp/a.html">云溪发布</a></td><td>微信公众号</td></tr>
<tr><td>2</td><td><a href="http://127.0.0.1:9001/weibo/b.html">云溪县政府</a></td><td>新浪微博</td></tr>
<tr><td>3</td><td>云溪文旅</td><td>抖音</td></tr></table></body></html>"""
MATRIX_LIST = """<html><body><ul class="xmt"><li><a href="http://127.0.0.1:9001/tt/c.html">云溪融媒（今日头条）</a></li>
<li>[快手] <a href="http://127.0.0.1:9001/ks/d.html">云溪快讯</a></li><li><a href="/share">微信</a></li></ul></body></html>"""


def test_parse_matrix_tables_and_lists():
    table = parse_matrix(BASE + "/zwxmt/", MATRIX_TABLE.encode())
    assert [(a.name, a.platform, a.url) for a in table] == [
        ("云溪发布", "微信公众号", "http://127.0.0.1:9001/mp/a.html"),
        ("云溪县政府", "微博", "http://127.0.0.1:9001/weibo/b.html"),
        ("云溪文旅", "抖音", None)]
    listed = parse_matrix(BASE + "/", MATRIX_LIST.encode())
    assert [(a.name, a.platform) for a in listed] == [("云溪融媒", "今日头条"), ("云溪快讯", "快手")]
    page = extract_page(BASE + "/zwxmt/index.html", MATRIX_TABLE.encode())
    assert is_matrix_candidate(page)
    assert not is_matrix_candidate(extract_page(BASE + "/a.html", b"<html><body><a href='/x'>x</a></body></html>"))


def test_read_account_page():
    html = ("<html><body><ul><li><a href='#1'>第一期</a><span>2026-11-20</span></li>"
            "<li><a href='#2'>第二期</a><span>2026-10-02</span></li><li>预告 2027-05-01</li></ul>"
            "<div class='comment-area'><a href='#c'>写留言</a></div><button>私信</button></body></html>")
    info = read_account_page(BASE + "/mp/a.html", html.encode(), today=dt.date(2026, 11, 27))
    assert info.latest_post == dt.date(2026, 11, 20)  # a future date is not a post
    assert info.interaction_entries == ["写留言", "私信"] and info.gone is None
    gone = read_account_page(BASE + "/mp/b.html", "<html><body>该账号已被封禁</body></html>".encode())
    assert gone.gone and gone.latest_post is None


def test_list_fragments_merge_into_their_column():
    col = extract_page(BASE + "/col/col3320/index.html", HANWEB_CALL.encode())
    (jl,) = cms.jpage_lists(col.url, HANWEB_CALL)
    urls, _ = cms.dataproxy_urls(jl)
    col.paging.extend(urls)
    frag = extract_page(urls[0], cms.records_document(
        ['<li><a href="/art/2026/11/1/art_3320_5.html">旧闻</a><span>2026-11-01</span></li>',
         '<li><a href="/art/2026/10/1/art_3320_6.html">更旧</a><span>2026-10-01</span></li>'], col.url))
    frag.page_kind = "column"
    (column,) = build_columns([col, frag])
    assert column.name == "工作动态" and column.url == col.url
    assert column.pages == [col.url, urls[0]] and len(column.items) == 4
    assert column.latest_date == dt.date(2026, 11, 26)


def _crawler(**settings):
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return crawler


def test_request_budget():
    mw = RequestBudgetMiddleware(_crawler(ZWGK_MAX_REQUESTS=2))
    mw.process_request(Request(BASE + "/1"))
    mw.process_request(Request(BASE + "/2"))
    with pytest.raises(BudgetExhausted):
        mw.process_request(Request(BASE + "/3"))
    assert RequestBudgetMiddleware(_crawler()).process_request(Request(BASE + "/x")) is None  # 0: no limit


def test_circuit_breaker_trips_only_on_distress_spread_over_many_paths():
    # No engine here: the confirmation probe cannot be sent, so the breaker decides on the
    # window alone (the live tests in test_fault_site.py cover the probes).
    crawler = _crawler(ZWGK_BREAKER_WINDOW=6, ZWGK_BREAKER_ERROR_RATIO=0.5, ZWGK_BREAKER_MIN_PATHS=3,
                       ZWGK_BREAKER_PAUSE=30, ZWGK_BREAKER_MAX_PAUSED=60)
    mw = CircuitBreakerMiddleware(crawler)
    now = [1000.0]
    mw.clock = lambda: now[0]

    def answer(status: int, path: str) -> None:
        req = Request(BASE + path)
        mw.process_request(req)
        mw.process_response(req, Response(req.url, status=status, request=req))

    for _ in range(4):  # a 503 burst on two paths, and 500s everywhere: never host-wide distress
        answer(503, "/a"), answer(503, "/b"), answer(500, "/c"), answer(500, "/d")
    assert mw.process_request(Request(BASE + "/next")) is None
    assert crawler.stats.get_value("zwgk/breaker/trips") is None

    for i in range(6):
        answer(200, f"/fine{i}")
    answer(429, "/x"), answer(503, "/y")
    mw.process_exception(Request(BASE + "/slow"), txerror.TimeoutError())  # 3 paths, 3 of the last 6
    with pytest.raises(HostPaused) as paused:
        mw.process_request(Request(BASE + "/next"))
    assert paused.value.until == 1030.0 and "circuit breaker" in str(paused.value)
    assert mw.process_request(Request("http://127.0.0.1:8001/other-port")) is None  # per host:port
    now[0] = 1031.0
    probe = Request(BASE + "/probe")
    assert mw.process_request(probe) is None  # half-open, no engine to ask the good URL: one request
    with pytest.raises(HostPaused):
        mw.process_request(Request(BASE + "/meanwhile"))
    mw.process_exception(probe, txerror.ConnectionRefusedError())  # still down: paused again
    now[0] = 1062.0
    again = Request(BASE + "/again")
    assert mw.process_request(again) is None
    mw.process_exception(again, txerror.ConnectionRefusedError())  # 60 s of pauses spent: given up
    with pytest.raises(HostPaused) as gone:
        mw.process_request(Request(BASE + "/later"))
    assert gone.value.until is None and "given up" in str(gone.value)
    assert crawler.stats.get_value("zwgk/breaker/trips") == 2
    assert crawler.stats.get_value("zwgk/breaker/given_up") == 1


def test_redirect_loop_is_classified_from_the_chain():
    crawler = _crawler()
    mw = RedirectLoopMiddleware(crawler)
    a, b = BASE + "/a.html", BASE + "/b.html"
    assert mw.process_request(Request(a)) is None
    assert mw.process_request(Request(a, meta={"redirect_urls": [a]})) is None  # a cookie-setting hop
    assert mw.process_request(Request(b, meta={"redirect_urls": [a, b, a]})) is None
    with pytest.raises(RedirectLoop):
        mw.process_request(Request(a, meta={"redirect_urls": [a, b, a, b]}))


def test_user_agent_carries_the_contact():
    assert user_agent("audit@localhost").endswith("; +audit@localhost)")
    assert "contact not configured" in user_agent(None)
