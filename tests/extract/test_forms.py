"""Forms on government pages (extract.extract_forms): search boxes of TRS / 大汉 / 开普云 headers,
依申请公开 application forms in table layout, 领导信箱 message forms; default values masked."""

import datetime as dt

from contracts import PageArtifact, Region
from crawler.extract import extract_forms, extract_page, parse_html

BASE = "http://127.0.0.1:8000"

PAGE = """<html><head><meta charset="utf-8"><title>依申请公开_白鹭湖经济开发区</title></head><body>
<div class="header">
<form name="searchform" action="/was5/web/search" method="get" target="_blank" onsubmit="return checkForm()">
<input type="hidden" name="channelid" value="229105"><input name="searchword" class="ss_input" value="请输入关键字">
<input type="image" src="/images/ss.gif" alt="搜索"></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; 依申请公开</div>
<form name="ysqForm" action="submit.jsp" method="POST"><table>
<tr><td>申请人姓名<span class="red">*</span></td><td><input name="sqrxm"></td>
    <td><label for="zj">证件号码</label></td><td><input id="zj" name="zjhm" value="110101199003074514"></td></tr>
<tr><td>联系电话</td><td><input name="lxdh" value="13812345678" required></td>
    <td>证件类型</td><td><select name="zjlx"><option>身份证</option><option selected>护照</option></select></td></tr>
<tr><td>所需信息的内容描述</td><td colspan="3"><textarea name="xxms"></textarea></td></tr>
<tr><td>获取信息的方式</td><td colspan="3"><input type="radio" name="hqfs" value="邮寄" checked>邮寄
    <input type="radio" name="hqfs" value="电子邮件">电子邮件</td></tr>
</table><button type="submit">提交申请</button> <input type="reset" value="重置"></form>
<div style="display:none"><form action="/old/search.asp"><input name="key"><input type="submit" value="搜索"></form></div>
<div class="footer">主办单位：白鹭湖经济开发区管理委员会</div></body></html>"""


def _page() -> PageArtifact:
    return extract_page(f"{BASE}/xxgk/ysqgk/index.html", PAGE.encode("utf-8"),
                        fetched_at=dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc))


def test_trs_header_search_form():
    search = _page().forms[0]
    assert search.action == f"{BASE}/was5/web/search" and search.method == "get"
    assert search.looks_like_search and not search.looks_like_application and not search.formless
    assert [(f.name, f.type) for f in search.fields] == [("channelid", "hidden"), ("searchword", "text")]
    assert search.fields[0].value == "229105" and search.submit_text == "搜索"


def test_application_form_in_table_layout_with_pii_masked():
    page = _page()
    form = page.forms[1]
    assert form.action == f"{BASE}/xxgk/ysqgk/submit.jsp" and form.method == "post"
    assert form.looks_like_application and not form.looks_like_search and not form.looks_like_message
    by_name = {f.name: f for f in form.fields}
    assert by_name["sqrxm"].label == "申请人姓名" and by_name["sqrxm"].required
    assert by_name["zjhm"].label == "证件号码"  # <label for>
    assert by_name["zjhm"].value == "1101**********4514"  # masked, never stored in full
    assert by_name["lxdh"].value == "138****5678" and by_name["lxdh"].required
    assert by_name["zjlx"].type == "select" and by_name["zjlx"].value == "护照"
    assert by_name["xxms"].type == "textarea" and by_name["xxms"].label == "所需信息的内容描述"
    assert by_name["hqfs"].type == "radio" and by_name["hqfs"].value == "邮寄"  # one field per radio group
    assert form.submit_text == "提交申请"
    assert "110101199003074514" not in page.model_dump_json() and "13812345678" not in page.model_dump_json()
    kinds = {(c.kind, c.masked) for c in page.pii}
    assert ("id18", "1101**********4514") in kinds and ("mobile", "138****5678") in kinds
    assert any("证件号码" in c.context for c in page.pii if c.kind == "id18")


def test_hidden_form_is_marked_hidden():
    hidden = _page().forms[2]
    assert hidden.hidden and hidden.looks_like_search and hidden.action == f"{BASE}/old/search.asp"


def test_script_submitted_search_box_outside_any_form():
    html = """<html><body><div class="top"><div class="search-box">
    <input type="text" id="keyword" placeholder="请输入您要搜索的内容" onkeydown="if(event.keyCode==13)doSearch()">
    <a href="javascript:void(0)" onclick="doSearch()"><img src="/s.png" alt="搜索"></a></div></div>
    <div class="main"><input type="checkbox" id="agree"> 我已阅读</div></body></html>"""
    forms = extract_forms(parse_html(html), f"{BASE}/")
    assert len(forms) == 1
    box = forms[0]
    assert box.formless and box.action == "" and box.looks_like_search and box.submit_text == "搜索"
    assert box.fields[0].name == "keyword"


def test_hanweb_jsearch_and_message_and_other_forms():
    html = """<html><body>
    <form action="http://127.0.0.1:8000/jsearchfront/search.do" method="get"><input type="hidden" name="websiteid"
      value="220800000000000"><input name="q"><input type="submit" value="搜 索"></form>
    <form action="/hdjl/ldxx/save" method="post"><p>姓名：<input name="xm"></p><p>信件标题：<input name="title"></p>
      <p>信件内容：<textarea name="content"></textarea></p><p><input type="submit" value="提交"></p></form>
    <form action="/bjcx.do"><p>受理编号：<input name="slbh"></p><p>查询密码：<input type="password" name="cxmm"></p>
      <input type="submit" value="查询"></form>
    <form action="/login.do" method="post"><input name="username"><input type="password" name="pwd">
      <input type="submit" value="登录"></form>
    </body></html>"""
    jsearch, message, query, login = extract_forms(parse_html(html), f"{BASE}/hdjl/index.html")
    assert jsearch.looks_like_search and jsearch.action == f"{BASE}/jsearchfront/search.do"
    assert message.looks_like_message and not message.looks_like_search and message.submit_text == "提交"
    assert [f.label for f in message.fields] == ["姓名", "信件标题", "信件内容"]
    assert message.region is Region.main and message.method == "post"
    for form in (query, login):  # 办件查询 and login are neither search, application nor message
        assert not (form.looks_like_search or form.looks_like_application or form.looks_like_message)


def test_form_without_action_submits_to_the_page_itself():
    forms = extract_forms(parse_html('<form><input name="wd"><button>搜索</button></form>'),
                          f"{BASE}/xxgk/index.html?a=1")
    assert forms[0].action == f"{BASE}/xxgk/index.html?a=1" and forms[0].looks_like_search


def test_artifacts_written_before_forms_existed_still_load():
    old = {"url": f"{BASE}/", "final_url": f"{BASE}/", "status": 200, "fetched_at": "2020-01-01T00:00:00Z"}
    assert PageArtifact.model_validate(old).forms == []
