"""Extraction on page shapes real government CMSs produce (TRS WCM, 大汉 Hanweb, GBK)."""

import datetime as dt

from contracts import LinkKind, Region
from crawler.assemble import build_columns, column_key
from crawler.extract import canonicalize, extract_page, link_kind, parse_date

BASE = "http://127.0.0.1:8000"

TRS_ARTICLE = """<html><head><meta charset="gb2312"><title>关于印发《白鹭湖开发区企业扶持办法》的通知_白鹭湖经济开发区</title>
<meta name="PubDate" content="2026-11-20 09:30"><meta name="SiteIDCode" content="2208000012"></head><body>
<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <span>政策文件</span></div>
<table class="xxgk_table"><tr><td>索引号：</td><td>11220800MB1234567X/2026-00012</td><td>发布机构：</td><td>管委会</td></tr>
<tr><td>文号：</td><td>白鹭开管发〔2026〕12号</td><td>发布日期：</td><td>2026年11月20日</td></tr>
<tr><td colspan="4">有效性：现行有效</td></tr></table>
<h1>关于印发《白鹭湖开发区企业扶持办法》的通知</h1><div class="TRS_Editor"><p>各部门：现印发给你们。</p><p>二〇二六年十一月二十日</p>
<p>附件：<a href="./P020261120123456789012.pdf">扶持办法.pdf</a></p>
<a href="http://www.gov.cn/">中国政府网</a> <a href="javascript:void(0)">打印</a> <a href="#top">顶部</a>
<div style="display:none"><a href="http://127.0.0.1:9/x">隐藏</a></div>
<p>相关解读：<a href="../../zcjd/202611/t20261121_2.html">《扶持办法》政策解读</a></p></div>
<div class="footer">主办单位：白鹭湖经济开发区管理委员会 吉ICP备12345678号-1 吉公网安备 22080202000123号</div></body></html>"""


def test_trs_article_gbk_fields_links_regions():
    p = extract_page(f"{BASE}/xxgk/zcwj/202611/t20261120_1.html", TRS_ARTICLE.encode("gbk"),
                     headers={"Content-Type": "text/html"})
    assert p.encoding in ("gb18030", "gbk", "gb2312")
    assert p.page_kind == "article"
    assert p.heading == "关于印发《白鹭湖开发区企业扶持办法》的通知"
    assert p.breadcrumb == ["首页", "政府信息公开", "政策文件"]
    assert p.fields["文号"] == "白鹭开管发〔2026〕12号"
    assert p.fields["索引号"] == "11220800MB1234567X/2026-00012"
    assert p.fields["有效性"] == "现行有效"
    assert p.publish_date == dt.date(2026, 11, 20)
    assert p.meta["SiteIDCode"] == "2208000012"
    by_text = {l.text: l for l in p.links}
    assert by_text["扶持办法.pdf"].kind is LinkKind.attachment
    assert by_text["扶持办法.pdf"].url == f"{BASE}/xxgk/zcwj/202611/P020261120123456789012.pdf"
    assert by_text["中国政府网"].kind is LinkKind.external
    assert by_text["打印"].kind is LinkKind.javascript
    assert by_text["顶部"].kind is LinkKind.anchor
    assert by_text["隐藏"].hidden and not by_text["中国政府网"].hidden
    assert p.links[0].text == "首页" and p.links[0].region is Region.nav
    assert by_text["《扶持办法》政策解读"].url == f"{BASE}/xxgk/zcjd/202611/t20261121_2.html"
    assert "吉ICP备12345678号-1" in p.footer_text and "主办单位" in p.footer_text
    assert p.list_items == []


TRS_COLUMN = """<html><head><meta charset="utf-8"><title>工作动态</title></head><body>
<div class="location">您现在的位置：首页 &gt; 新闻中心 &gt; 工作动态</div>
<ul class="list">
<li><a href="./202611/t20261120_1.html" title="开发区召开安全生产会议">开发区召开安全生产会议</a><span>2026-11-20</span></li>
<li><a href="./202611/t20261118_2.html">项目建设观摩</a><span>[2026/11/18]</span></li>
<li><a href="./202610/t20261002_3.html">国庆值班</a><span>2026年10月02日</span></li></ul>
<div class="page"><a href="index.html">首页</a><a href="index_1.html">下一页</a></div>
<script>createPageHTML(4, 0, "index", "html");</script></body></html>"""


def test_trs_column_list_and_paging():
    p = extract_page(f"{BASE}/xwzx/gzdt/index.html", TRS_COLUMN.encode())
    assert p.page_kind == "column"
    assert p.breadcrumb == ["首页", "新闻中心", "工作动态"]
    assert [i.date for i in p.list_items] == [dt.date(2026, 11, 20), dt.date(2026, 11, 18), dt.date(2026, 10, 2)]
    assert p.list_items[0].url == f"{BASE}/xwzx/gzdt/202611/t20261120_1.html"
    assert p.paging == [f"{BASE}/xwzx/gzdt/index_1.html", f"{BASE}/xwzx/gzdt/index_2.html", f"{BASE}/xwzx/gzdt/index_3.html"]


HANWEB_COLUMN = """<html><head><title>通知公告</title></head><body>
<div class="bt-position">当前位置：<a href="/">首页</a> > <a href="/col/col100/index.html">新闻中心</a> > 通知公告</div>
<div id="4521"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=101"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2026/11/3/art_101_5001.html" title="停电通知">停电通知</a><span class="bt-data-time">2026-11-03</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2026/9/1/art_101_5000.html" title="招聘公告">招聘公告</a><span class="bt-data-time">2026-09-01</span></li>]]></record>
</recordset></datastore></script></div></body></html>"""


def test_hanweb_datastore_records_become_list_items():
    p = extract_page(f"{BASE}/col/col101/index.html", HANWEB_COLUMN.encode())
    assert p.page_kind == "column"
    assert [i.title for i in p.list_items] == ["停电通知", "招聘公告"]
    assert p.list_items[0].url == f"{BASE}/art/2026/11/3/art_101_5001.html"
    assert any(l.url == f"{BASE}/art/2026/9/1/art_101_5000.html" for l in p.links)
    assert p.breadcrumb[-1] == "通知公告"


def test_empty_column_placeholder_is_a_column():
    html = "<html><body><div class='position'>当前位置：首页 > 收费信息</div><div class='list'>暂无信息</div></body></html>"
    p = extract_page(f"{BASE}/xxgk/fdzdgknr/sfxx/index.html", html.encode())
    assert p.page_kind == "column" and p.list_items == []


def test_dates_and_urls():
    assert parse_date("二〇二〇年十一月三十日") == dt.date(2020, 11, 30)
    assert parse_date("发布时间：2020年1月3日 10:00") == dt.date(2020, 1, 3)
    assert parse_date("2020-13-45 no date") is None
    assert canonicalize("HTTP://127.0.0.1:80/a/b.html;jsessionid=ABC?utm_source=x&id=3#frag") == "http://127.0.0.1/a/b.html?id=3"
    assert link_kind("http://127.0.0.1:9/x", "127.0.0.1:8000") is LinkKind.external
    assert link_kind("http://127.0.0.1:8000/a.DOCX", "127.0.0.1:8000") is LinkKind.attachment
    assert column_key(f"{BASE}/a/index_3.html") == (f"{BASE}/a/", 3)


def test_broken_and_hostile_markup_does_not_crash():
    for body in (b"", b"\xff\xfe\x00garbage", b"<html><body><a href='http://[::1'>bad</a>", b"<?xml version='1.0' encoding='gbk'?><html><body>x</body></html>"):
        p = extract_page(f"{BASE}/x.html", body)
        assert p.url == f"{BASE}/x.html"


def test_columns_merge_paging_pages():
    first = extract_page(f"{BASE}/xwzx/gzdt/index.html", TRS_COLUMN.encode())
    second_html = TRS_COLUMN.replace("t20261120_1", "t20260101_9").replace("2026-11-20", "2026-01-01")
    second = extract_page(f"{BASE}/xwzx/gzdt/index_1.html", second_html.encode())
    cols = build_columns([first, second])
    assert len(cols) == 1
    col = cols[0]
    assert col.name == "工作动态" and col.url == f"{BASE}/xwzx/gzdt/index.html"
    assert col.pages == [f"{BASE}/xwzx/gzdt/index.html", f"{BASE}/xwzx/gzdt/index_1.html"]
    assert col.latest_date == dt.date(2026, 11, 20)
    assert len(col.items) == 4


def test_parts_a_script_writes_or_fills_are_noted():
    """北京朝阳 (2018): header and footer written by home_top.js / home_bottom.js; 北京检验检疫局:
    empty <div id="header">, <div id="sidebar">, <div id="footer"> that common.js fills. A
    scroll anchor (<div id="top"></div>), behaviour scripts amid the content (menu.js,
    go_top.js), an analytics script on another host and a page without scripts are no such parts."""
    chaoyang = """<html><head><script src="/resource/js/jquery-1.4.2.min.js"></script></head><body>
<script language="JavaScript" type="text/javascript" src="/resource/js/home_top.js"></script>
<div id="top"></div><div id="news"><ul><li><a href="/dynamic/zwhd/1.html">交通安全示范社区创建让居民享便利</a></li></ul></div>
<script src="/resource/js/menu.js"></script><script src="/resource/js/go_top.js"></script>
<div class="news2"><a href="/dynamic/zwhd/2.html">朝阳区不动产登记事务中心来广营大厅正式对外办公</a></div>
<div class="clear"></div><script src="/resource/js/home_bottom.js"></script>
<script src="https://hm.baidu.com/hm_bottom.js"></script></body></html>"""
    p = extract_page(f"{BASE}/", chaoyang.encode())
    parts = [n for n in p.extract_notes if n.startswith("part built by script")]
    assert parts == ["part built by script: header (<script src=/resource/js/home_top.js>)",
                     "part built by script: footer (<script src=/resource/js/home_bottom.js>)"]
    ciq = """<html><head><script src="/jscss/common.js"></script></head><body><div id="header"></div>
<div class="card"><a href="/xwpd/1.html">北京局召开工作会议</a></div><div id="sidebar" class="side-width"></div>
<div id="footer"></div></body></html>"""
    p = extract_page(f"{BASE}/", ciq.encode())
    assert [n for n in p.extract_notes if n.startswith("part built by script")] == [
        'part built by script: header (empty <div id="header">)',
        'part built by script: navigation (empty <div id="sidebar">)',
        'part built by script: footer (empty <div id="footer">)']
    static = ciq.replace('<script src="/jscss/common.js"></script>', "")
    assert not [n for n in extract_page(f"{BASE}/", static.encode()).extract_notes if n.startswith("part built")]


def test_unfilled_list_templates_are_noted():
    """平潭 (2026): the 文字解读 list is an avalon template (<li ms-repeat="list">) a script fills
    from JSON; a Vue v-for list likewise. A filled list is no template."""
    html = """<html><body><div ms-controller="relnews"><div class="title_name">文字解读</div>
<ul><li ms-repeat="list"><a ms-attr-href="el.url" ms-text="el.title2"></a></li></ul></div>
<div id="app"><h3>图片解读</h3><ul><li v-for="item in items"><a :href="item.url">{{ item.title }}</a></li></ul></div>
<ul><li><a href="/a.html">已填充的列表</a></li></ul></body></html>"""
    notes = [n for n in extract_page(f"{BASE}/zwgk/a.htm", html.encode()).extract_notes if n.startswith("list template")]
    assert notes == ["list template not filled: 文字解读 (<li ms-repeat=list>)",
                     "list template not filled: 图片解读 (<li v-for=item in items>)"]


def test_month_day_list_dates_take_the_year_of_the_url():
    """北京住房公积金 (2018): <span>03-08</span> before t20180307_….html is 2018-03-08; a December
    URL shown as 01-02 is the next January; an item without a URL date keeps no date."""
    html = """<html><body><ul>
<li><span>03-08</span><a href="./xwdt/201803/t20180307_4752.html">部门预算情况的说明</a></li>
<li><span>01-02</span><a href="./xwdt/201712/t20171230_4600.html">元旦假期安排</a></li>
<li><span>02-28</span><a href="./xwdt/list.html">缴存工作的通知</a></li></ul></body></html>"""
    items = extract_page(f"{BASE}/", html.encode()).list_items
    assert [(i.title, i.date) for i in items] == [("部门预算情况的说明", dt.date(2018, 3, 8)),
                                                 ("元旦假期安排", dt.date(2018, 1, 2)), ("缴存工作的通知", None)]
