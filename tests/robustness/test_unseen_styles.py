"""Extraction and key rules on portal styles other than the bundled samples (TRS WCM, 大汉).

Pages under tests/robustness/pages/<style>/ imitate real templates:

* kaipuyun — 开普云 / 网站群: <div class="crumbs"><span>您所在的位置：</span>…&gt;&gt;…,
  <div class="list-item"><a>…</a><span class="time">2026.11.20</span></div>, the 公开 metadata
  in <div class="xxgk-info"><ul><li><span>索 引 号：</span><span>…</span></li>, the title in
  <div class="title">, footer <div class="copyright"> with 主办：…;
* gkmlpt — 政府信息公开目录 (Guangdong-style): a 目录 table 索引号 | 名称 | 发布机构 | 生成日期 |
  文号, articles with <dl><dt>发文字号</dt><dd>…</dd> (no colons), footer <div id="bottom">;
* dedecms — DedeCMS county sites: <div class="place"><strong>当前位置:</strong>, <ul class="e2">
  with <span class="info"><small>日期：</small>…, list_{tid}_{n}.html paging,
  {typedir}/{Y}/{M}{D}/{aid}.html articles, an unclassed <table> footer;
* wzq — 网站群 / 南威-style: <table class="zwgk-list"> rows 序号 | 标题 | 发布日期 (2026/11/25),
  a 要闻 list showing only 11-27 under a <h3>2026年</h3> year heading, <th>索 引 号</th><td>
  metadata without colons, <div class="xl-tit"> titles.

Dates are fixed (the pages are static); the audit date is AS_OF.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from contracts import CrawlInfo, LinkCheck, SiteArtifacts, Status
from crawler.assemble import build_columns, column_key
from crawler.extract import extract_page
from rules import get_rule, run_rule
from rules.base import RuleContext

PAGES = Path(__file__).resolve().parent / "pages"
BASE = "http://127.0.0.1:8000"
AS_OF = dt.date(2026, 12, 1)
FETCHED_AT = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)

# style → {file: path on the portal}
SITES = {
    "kaipuyun": {
        "index.html": "/",
        "zwgk_index.html": "/zwgk/",
        "gzdt_index.html": "/zwgk/gzdt/",
        "zcwj_article.html": "/zwgk/zcwj/content/post_3012399.html",
        "zcjd_article.html": "/zwgk/zcjd/content/post_3012400.html",
    },
    "gkmlpt": {
        "index.html": "/",
        "gfxwj.html": "/gkmlpt/gfxwj",
        "policy_article.html": "/gkmlpt/content/11/11045/post_11045678.html",
    },
    "dedecms": {
        "index.html": "/",
        "tzgg_list.html": "/a/tzgg/",
        "tzgg_article.html": "/a/tzgg/2026/1126/1283.html",
    },
    "wzq": {
        "tzgg_list.html": "/zwgk/tzgg/",
        "yw_list.html": "/zwgk/fzyw/",
        "xxgk_article.html": "/zwgk/zfwj/202611/t20261105_3119001.htm",
    },
}


def page(style: str, name: str):
    raw = (PAGES / style / name).read_text(encoding="utf-8")
    # DedeCMS county templates are served as GB2312
    encoding = "gbk" if "charset=gb2312" in raw[:600] else "utf-8"
    return extract_page(BASE + SITES[style][name], raw.encode(encoding),
                        headers={"Content-Type": "text/html"}, fetched_at=FETCHED_AT)


def site(style: str, extra_links: list[LinkCheck] | None = None) -> SiteArtifacts:
    pages = [page(style, name) for name in SITES[style]]
    links = [LinkCheck(url=p.url, kind="page", outcome="ok", status=200, final_url=p.final_url,
                       checked_at=FETCHED_AT) for p in pages] + list(extra_links or [])
    crawl = CrawlInfo(start_url=BASE + "/", site_host="127.0.0.1:8000", started_at=FETCHED_AT)
    return SiteArtifacts(crawl=crawl, pages=pages, links=links, columns=build_columns(pages))


def findings(rule_id: str, s: SiteArtifacts, as_of: dt.date = AS_OF, **options):
    rule = get_rule(rule_id)
    ctx = RuleContext(as_of=as_of, options={**rule.meta.options, **options})
    out = list(run_rule(rule, s, ctx))
    assert not [f for f in out if f.status == Status.error], out
    return out


def failed(out, key: str | None = None) -> list:
    fails = [f for f in out if f.status == Status.fail]
    return [f.evidence.get(key) for f in fails] if key else fails


def dates(p) -> list[str]:
    return [i.date.isoformat() if i.date else None for i in p.list_items]


# ---------------------------------------------------------------- 开普云 / 网站群

def test_kaipuyun_list_crumbs_and_dotted_dates():
    p = page("kaipuyun", "gzdt_index.html")
    assert p.page_kind == "column"
    assert p.breadcrumb == ["首页", "政务公开", "工作动态"]
    assert dates(p) == ["2026-11-28", "2026-11-25", "2026-11-20", "2026-11-12"]
    assert p.list_items[0].title == "区领导调研重点项目建设工作"
    assert p.list_items[0].url == f"{BASE}/zwgk/gzdt/content/post_3012401.html"
    assert f"{BASE}/zwgk/gzdt/index_2.html" in p.paging
    col = next(c for c in build_columns([p]))
    assert col.name == "工作动态" and col.latest_date == dt.date(2026, 11, 28)


def test_kaipuyun_article_title_div_and_xxgk_info():
    p = page("kaipuyun", "zcwj_article.html")
    assert p.page_kind == "article"
    assert p.heading == "杭州市西湖区人民政府办公室关于印发西湖区促进数字经济高质量发展若干政策的通知"
    assert p.breadcrumb == ["首页", "政务公开", "政策文件"]
    assert p.fields["索引号"] == "001008003014016/2026-00056"
    assert p.fields["发文字号"] == "西政办发〔2026〕18号"
    assert p.fields["发布日期"] == "2026-11-18"
    # the value stops at its own element, it never runs on into the article
    assert p.fields["有效性"] == "有效"
    assert p.fields["来源"] == "区政府办公室"
    assert p.publish_date == dt.date(2026, 11, 18)


def test_kaipuyun_home_footer_and_identity():
    p = page("kaipuyun", "index.html")
    assert p.page_kind == "home"
    for piece in ("主办：杭州市西湖区人民政府办公室", "网站标识码：3301060001", "浙ICP备12345678号-2",
                  "浙公网安备 33010602000123号"):
        assert piece in p.footer_text
    assert "西湖要闻" not in p.footer_text
    assert failed(findings("IDN001", site("kaipuyun"))) == []


def test_kaipuyun_rules():
    s = site("kaipuyun")
    # 专栏 reached by the 政务公开 nav link, five standard columns in div menus
    out = findings("COL001", s)
    assert failed(out) == [] and sum(f.status == Status.passed for f in out) == 6
    # the 政务公开 entrance lists no items, only its sub-columns: not a blank column
    col003 = findings("COL003", s)
    assert failed(col003) == []
    assert any(f.evidence.get("sub_columns") == 5 for f in col003 if f.status == Status.passed)
    # fresh 工作动态 list (2026.11.28, 3 days before the audit)
    col002 = findings("COL002", s)
    assert failed(col002) == []
    assert any(f.status == Status.passed and f.evidence["column"] == "工作动态" for f in col002)
    assert failed(findings("COL002", s, as_of=dt.date(2027, 1, 10)), "column") == ["工作动态"]
    # 政策文件 with 发文字号 and a 相关解读 link to a page that loaded
    jd = findings("JD001", s)
    assert failed(jd) == []
    passed = [f for f in jd if f.status == Status.passed]
    assert passed and passed[0].evidence["doc_number"] == "西政办发〔2026〕18号"


# ---------------------------------------------------------------- 政府信息公开目录 (gkmlpt)

def test_gkmlpt_catalogue_table_is_a_column_not_an_article():
    p = page("gkmlpt", "gfxwj.html")
    # the header row 索引号 | 名称 | 发布机构 | 生成日期 | 文号 is no metadata table
    assert "索引号" not in p.fields and "发布机构" not in p.fields
    assert p.page_kind == "column"
    assert p.breadcrumb == ["首页", "政府信息公开", "法定主动公开内容", "规范性文件"]
    assert dates(p) == ["2026-11-18", "2026-09-02", "2026-04-10"]
    assert p.list_items[0].title == "深圳市福田区人民政府关于印发福田区产业发展专项资金管理办法的通知"
    col = build_columns([p])[0]
    assert col.name == "规范性文件" and col.latest_date == dt.date(2026, 11, 18)


def test_gkmlpt_article_dt_dd_without_colons():
    p = page("gkmlpt", "policy_article.html")
    assert p.page_kind == "article"
    assert p.heading == "深圳市福田区人民政府关于印发福田区产业发展专项资金管理办法的通知"
    assert p.fields["索引号"] == "11440304007542471L/2026-00123"
    assert p.fields["发文字号"] == "福府规〔2026〕3号"
    assert p.fields["成文日期"] == "2026-11-15"
    assert p.fields["有效性"] == "有效"
    assert p.publish_date == dt.date(2026, 11, 18)


def test_gkmlpt_rules():
    s = site("gkmlpt")
    # 规范性文件 column updated 2026-11-18: fresh under the 6-month rule, stale by mid-2027
    assert failed(findings("COL002", s)) == []
    stale = failed(findings("COL002", s, as_of=dt.date(2027, 6, 1)))
    assert [(f.evidence["column"], f.evidence["column_type"], f.task) for f in stale] == [("规范性文件", "政策文件", 3)]
    # the 规范性文件 has a 文号 and no 解读 link (相关文件 is not one)
    jd = failed(findings("JD001", s))
    assert [(f.url, f.evidence["doc_number"]) for f in jd] == [
        (f"{BASE}/gkmlpt/content/11/11045/post_11045678.html", "福府规〔2026〕3号")]
    # footer in <div id="bottom"> without 公网安备; its ICP number is plain text, not linked to beian.miit.gov.cn
    assert failed(findings("IDN001", s), "identifier") == ["ICP备案号链接", "公安机关备案号"]


# ---------------------------------------------------------------- DedeCMS

def test_dedecms_place_breadcrumb_and_e2_list():
    p = page("dedecms", "tzgg_list.html")
    assert p.page_kind == "column"
    assert p.breadcrumb == ["主页", "通知公告"]
    assert dates(p) == ["2026-11-26", "2026-11-20", "2026-09-15"]
    assert [i.title for i in p.list_items][0] == "盐亭县2026年冬季森林防火工作通知"
    assert p.paging == [f"{BASE}/a/tzgg/list_3_2.html"]
    # list_{typeid}_{page}.html is page 2 of the directory's list
    assert column_key(f"{BASE}/a/tzgg/list_3_2.html") == (column_key(f"{BASE}/a/tzgg/")[0], 2)
    col = build_columns([p])[0]
    assert col.name == "通知公告" and col.latest_date == dt.date(2026, 11, 26)


def test_dedecms_article_url_date_and_heading():
    p = page("dedecms", "tzgg_article.html")
    assert p.page_kind == "article"
    assert p.heading == "盐亭县2026年冬季森林防火工作通知"
    assert p.breadcrumb == ["主页", "通知公告"]
    assert p.publish_date == dt.date(2026, 11, 26)  # from {Y}/{M}{D}/{aid}.html
    assert p.fields["来源"] == "县应急管理局"


def test_dedecms_rules():
    s = site("dedecms")
    home = s.homepage()
    assert "网站标识码：5107230001" in home.footer_text and "主办单位：盐亭县人民政府办公室" in home.footer_text
    # every identifier shown; the 公网安备 badge is an unlinked image (not linked to www.beian.gov.cn)
    assert [(f.evidence["identifier"], f.evidence["host"]) for f in failed(findings("IDN001", s))] == [
        ("公安机关备案号链接", None)]
    assert failed(findings("COL002", s)) == []
    stale = failed(findings("COL002", s, as_of=dt.date(2027, 7, 1)))
    assert [(f.url, f.evidence["column"], f.evidence["latest_date"]) for f in stale] == [
        (f"{BASE}/a/tzgg/", "通知公告", "2026-11-26")]
    # no 专栏 page crawled behind 政府信息公开 → cannot evaluate, never a false FAIL
    assert failed(findings("COL001", s)) == []


# ---------------------------------------------------------------- 网站群 / 南威 table lists

def test_wzq_table_list_with_header_row():
    p = page("wzq", "tzgg_list.html")
    assert p.page_kind == "column"
    assert p.breadcrumb == ["首页", "政务公开", "通知公告"]
    assert "标题" not in p.fields
    assert dates(p) == ["2026-11-25", "2026-11-10", "2026-10-30"]
    assert "闽公网安备 35050302000123号" in p.footer_text


def test_wzq_month_day_dates_under_year_headings():
    p = page("wzq", "yw_list.html")
    assert dates(p) == ["2026-11-27", "2026-11-24", "2026-11-19", "2025-12-30"]
    col = build_columns([p])[0]
    assert col.name == "丰泽要闻" and col.latest_date == dt.date(2026, 11, 27)


def test_wzq_th_td_metadata_and_title_div():
    p = page("wzq", "xxgk_article.html")
    assert p.page_kind == "article"
    assert p.heading == "泉州市丰泽区人民政府关于调整区级行政许可事项的通知"
    assert p.fields["索引号"] == "FZ00101-0200-2026-00045"
    assert p.fields["发文字号"] == "泉丰政〔2026〕21号"
    assert p.publish_date == dt.date(2026, 11, 5)


def test_wzq_rules():
    s = site("wzq")
    out = findings("COL002", s)
    assert failed(out) == []
    judged = {f.evidence["column"]: f.evidence["column_type"] for f in out if f.status == Status.passed}
    assert judged == {"通知公告": "通知公告", "丰泽要闻": "动态要闻"}
    # 要闻 last dated 2026-11-27: stale three weeks later
    assert failed(findings("COL002", s, as_of=dt.date(2026, 12, 20)), "column") == ["丰泽要闻"]
    # 政府文件 with a 文号 and no 解读
    assert failed(findings("JD001", s), "doc_number") == ["泉丰政〔2026〕21号"]


@pytest.mark.parametrize("style", sorted(SITES))
def test_every_list_item_is_dated(style):
    for name in SITES[style]:
        p = page(style, name)
        if p.page_kind == "column":
            assert p.list_items == [] or all(i.date for i in p.list_items), (style, name)


def test_title_class_fallback_ignores_list_entries_and_date_spans():
    """The <div class="title"> heading fallback takes whole class names only, never a list
    entry's title span or a 大汉 record's <span class="bt-data-time">."""
    fragment = ('<li><a href="/art/2026/11/26/art_1_1.html">云溪县召开会议</a>'
                '<span class="bt-data-time">2026-11-26</span></li>'
                '<li><span class="title">暂无链接的条目</span><span class="date">2026-11-20</span></li>')
    p = extract_page(f"{BASE}/module/web/jpage/dataproxy.jsp?startrecord=1", fragment.encode("utf-8"),
                     headers={"Content-Type": "text/html; charset=utf-8"}, fetched_at=FETCHED_AT)
    assert p.heading == ""
