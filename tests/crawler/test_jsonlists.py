"""Lists read from recorded JSON answers (crawler.jsonlists) and the gkmlpt adapter's pure
parts (crawler.cms_gkmlpt), over answers shaped like real platforms'."""

import datetime as dt
import json

from crawler import cms_gkmlpt, jsonlists
from crawler.jsonlists import find_lists, page_urls, parse_json, post_bodies, to_date

BASE = "http://127.0.0.1:8000/zwgk/tzgg/index.html"


def test_gkmlpt_answer_with_epoch_seconds_and_relative_urls():
    data = {"total": 45, "classify": {"id": 721, "post_count": 45}, "articles": [
        {"id": 963149, "title": "2026年5月份工程造价信息", "url": "/yjzjj/gkmlpt/content/0/963/post_963149.html",
         "created_at": "2026-06-18 16:25:04", "display_publish_time": 1781771108},
        {"id": 963150, "title": "关于开展安全生产检查的通知", "url": "/yjzjj/gkmlpt/content/0/963/post_963150.html",
         "created_at": "2026-06-17 09:00:00", "display_publish_time": 1781658000},
    ]}
    [jl] = find_lists(data, "http://127.0.0.1:8000/yjzjj/gkmlpt/api/all/721?page=1&sid=662021")
    assert jl.where == "articles" and jl.total == 45
    assert jl.items[0].url == "http://127.0.0.1:8000/yjzjj/gkmlpt/content/0/963/post_963149.html"
    assert jl.items[0].date == dt.date(2026, 6, 18)  # display_publish_time, 北京时间
    assert jl.fields == ("title", "url", "display_publish_time")


def test_vue_page_answer_with_pinyin_fields_and_milliseconds():
    # MyBatis-Plus IPage as many 集约化 Vue platforms return it
    rows = [{"id": i, "wzbt": f"关于做好第{i}批项目申报的通知", "lj": f"/zwgk/tzgg/202611/t20261120_{i}.html",
             "fbrq": 1763604000000 - i * 86400000} for i in range(10)]
    data = {"code": 200, "msg": "操作成功", "data": {"records": rows, "total": 23, "size": 10, "current": 1,
                                                 "pages": 3}}
    [jl] = find_lists(data, BASE)
    assert (jl.where, jl.total, jl.page_count, jl.page_size, jl.page_no) == ("data.records", 23, 3, 10, 1)
    assert jl.items[0].date == dt.date(2025, 11, 20) and jl.items[1].date == dt.date(2025, 11, 19)
    assert jl.items[0].url == "http://127.0.0.1:8000/zwgk/tzgg/202611/t20261120_0.html"
    urls, why = page_urls("http://127.0.0.1:8000/api/cms/articles?channelId=tzgg&pageNo=1&pageSize=10", jl)
    assert why is None
    assert urls == ["http://127.0.0.1:8000/api/cms/articles?channelId=tzgg&pageNo=2&pageSize=10",
                    "http://127.0.0.1:8000/api/cms/articles?channelId=tzgg&pageNo=3&pageSize=10"]


def test_rows_total_answer_pages_from_total_and_rows_shown():
    rows = [{"name": f"区发改局开展走访活动{i}", "linkUrl": f"/zwgk/bmdt/a{i}.html",
             "publishTime": "2026/10/18 09:30:00"} for i in range(8)]
    [jl] = find_lists({"rows": rows, "total": 20}, BASE)
    assert jl.items[0].date == dt.date(2026, 10, 18) and jl.page_count is None
    assert jsonlists.pages_total(jl) == 3  # 20 entries, 8 a page
    urls, _ = page_urls("http://127.0.0.1:8000/api/info/list?catId=bmdt&page=1&rows=8", jl)
    assert [u.rsplit("page=", 1)[1] for u in urls] == ["2&rows=8", "3&rows=8"]


def test_zero_based_paging_and_request_without_page_parameter():
    rows = [{"title": "通知", "link": "/a.html", "pubDate": "2026-01-02"}] * 10
    [jl] = find_lists({"list": rows, "totalPage": 3, "pageIndex": 0}, BASE)
    urls, why = page_urls("http://127.0.0.1:8000/list.json?pageIndex=0", jl)
    assert why is None and [u[-1] for u in urls] == ["1", "2"]
    urls, why = page_urls("http://127.0.0.1:8000/list.json", jl)
    assert urls == [] and "no page parameter" in why


def test_menus_and_trees_without_dates_are_not_lists():
    menu = {"menus": [{"name": "首页", "url": "/"}, {"name": "政务公开", "url": "/zwgk/"}],
            "tree": [{"id": 2, "name": "政府信息公开指南", "children": []}]}
    assert find_lists(menu, BASE) == []
    uploads = {"files": [{"name": "banner.jpg", "path": "/upload/2026/banner.jpg", "createTime": "2026-11-01"},
                         {"name": "logo.png", "path": "/upload/2026/logo.png?v=2", "createTime": "2026-11-02"}]}
    assert find_lists(uploads, BASE) == []  # an upload list of images is not a list of publications


def test_nested_lists_are_found_where_they_are():
    data = {"result": {"columns": [
        {"name": "通知公告", "docs": [{"docTitle": "关于停水的通知", "docUrl": "./t1.html", "docRelTime": "2026-11-01 08:00"}]},
        {"name": "工作动态", "docs": [{"docTitle": "区长调研", "docUrl": "./t2.html", "docRelTime": "2026-11-02"}]},
    ]}}
    found = find_lists(data, BASE)
    assert [j.where for j in found] == ["result.columns[0].docs", "result.columns[1].docs"]
    assert found[1].items[0].url == "http://127.0.0.1:8000/zwgk/tzgg/t2.html"


def test_jsonp_and_non_json():
    assert parse_json('jQuery1124_1({"rows": []});') == {"rows": []}
    assert parse_json("<html>404</html>") is None and parse_json(b"") is None


def test_dates_in_every_form():
    assert to_date("2026年11月20日") == dt.date(2026, 11, 20)
    assert to_date("2026-11-20T23:30:00+08:00") == dt.date(2026, 11, 20)
    assert to_date(1763654400) == dt.date(2025, 11, 21)  # 2025-11-20 16:00 UTC = 11-21 00:00 北京时间
    assert to_date("1763654400000") == dt.date(2025, 11, 21)
    assert to_date(0) is None and to_date(12) is None and to_date(True) is None


GKMLPT_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开目录</title></head><body>
<div id="app"></div>
<script>window._CONFIG = {
  SID: '200025', TITLE: '某区政府信息公开目录', IS_AREA: 0,
  TREE: [{"id": 1, "name": "政府信息公开指南", "jump_url": "/gkmlpt/guide", "children": []},
         {"id": 3, "name": "法定主动公开内容", "jump_url": "", "children": [
            {"id": 505, "name": "规范性文件", "jump_url": "", "children": []},
            {"id": 507, "name": "政策解读 {\\"图解\\"}", "jump_url": "", "children": []}]}],
  SERVICE_AREA_ID: 0
};</script><script src="/gkmlpt/gkml/pc/js/chunk-common.c1553651.js"></script></body></html>"""


def test_gkmlpt_config_tree_and_api_urls():
    url = "http://127.0.0.1:8000/yjzjj/gkmlpt/index"
    assert cms_gkmlpt.is_gkmlpt_page(url, GKMLPT_PAGE)
    cfg = cms_gkmlpt.parse_config(url, GKMLPT_PAGE)
    assert cfg.sid == "200025" and cfg.base == "http://127.0.0.1:8000/yjzjj/gkmlpt/"
    assert [(n.id, n.name, n.path, n.has_children) for n in cfg.nodes] == [
        (1, "政府信息公开指南", [], False), (3, "法定主动公开内容", [], True),
        (505, "规范性文件", ["法定主动公开内容"], False), (507, '政策解读 {"图解"}', ["法定主动公开内容"], False)]
    assert cfg.nodes[0].jump_url == "http://127.0.0.1:8000/gkmlpt/guide"
    api = cms_gkmlpt.api_url(cfg, 505)
    assert api == "http://127.0.0.1:8000/yjzjj/gkmlpt/api/all/505?page=1&sid=200025"  # sid kept
    assert cms_gkmlpt.is_api_url(api) and cms_gkmlpt.column_id(api) == 505
    assert not cms_gkmlpt.is_gkmlpt_page("http://127.0.0.1:8000/index.html", GKMLPT_PAGE)


def test_gkmlpt_api_answer_and_its_paging():
    api = "http://127.0.0.1:8000/gkmlpt/api/all/505?page=1&sid=200025"
    answer = json.loads(json.dumps({"classify": {"post_count": 45}, "articles": [
        {"id": i, "title": f"规范性文件{i}", "post_url": f"/gkmlpt/content/0/1/post_{i}.html",
         "first_publish_time": 1781771108, "created_at": "2026-06-01 10:00:00"} for i in range(20)]}))
    page = cms_gkmlpt.parse_api(answer, api)
    assert page.total == 45 and page.articles == 20
    assert page.items[0].url == "http://127.0.0.1:8000/gkmlpt/content/0/1/post_0.html"
    assert page.items[0].date == dt.date(2026, 6, 18)  # first publication, not creation
    assert cms_gkmlpt.next_pages(api, page) == [
        "http://127.0.0.1:8000/gkmlpt/api/all/505?page=2&sid=200025",
        "http://127.0.0.1:8000/gkmlpt/api/all/505?page=3&sid=200025"]
    later = cms_gkmlpt.with_page(api, 2)
    assert cms_gkmlpt.next_pages(later, page) == []  # only page 1 announces the others
    empty = cms_gkmlpt.parse_api({"total": 0, "articles": []}, api)
    assert empty.items == [] and cms_gkmlpt.next_pages(api, empty) == []
    assert cms_gkmlpt.parse_api({"rows": []}, api) is None


def test_posted_lists_page_through_their_body():
    rows = [{"name": "走访", "linkUrl": "/a.html", "publishTime": "2026/10/18 09:30:00"}] * 5
    [jl] = find_lists({"rows": rows, "total": 12}, BASE)
    bodies, why = post_bodies('{"catId":"bmdt","pageNum":1,"pageSize":5}', jl)
    assert why is None
    assert [(n, json.loads(b)) for n, b in bodies] == [(2, {"catId": "bmdt", "pageNum": 2, "pageSize": 5}),
                                                       (3, {"catId": "bmdt", "pageNum": 3, "pageSize": 5})]
    bodies, _ = post_bodies("columnId=12&pageIndex=0&size=5", jl)
    assert bodies == [(1, "columnId=12&pageIndex=1&size=5"), (2, "columnId=12&pageIndex=2&size=5")]
    bodies, why = post_bodies('{"catId":"bmdt"}', jl)
    assert bodies == [] and "no page field" in why
