"""Generate the 云溪县人民政府 sample portal: a fictional county portal in the style of a
大汉 Hanweb (JCMS) site, and the truth.json that lists its planted defects and every page.

What a crawler meets here that the TRS-style kfq sample does not have:

* every page is GBK, served as bare ``text/html``: the <meta> decides the decoding;
* column pages ``/col/colNNNN/index.html`` hold their list only inside
  ``<script type="text/xml"><datastore>…<record><![CDATA[<li>…]]></record>…``; the jpage
  script shows more records by asking ``/module/web/jpage/dataproxy.jsp`` (samples.hanweb
  .server answers it from ``_hanweb.json``). Lists differ in where their parameters sit
  (a ``.jpage({…})`` call, ``var totalRecord`` + <nextgroup>, no total at all) and one
  dataproxy answers POST only;
* articles ``/art/YYYY/M/D/art_COL_ID.html``, attachments ``/attach/0/….pdf``;
* a 专题 carried over from an old TRS site, paged only by ``createPageHTML(3, 0, "index", "html")``;
* 部门动态, a list built only by JavaScript (XMLHttpRequest → JSON → DOM): it needs a browser;
* a soft-404 (HTTP 200 "该信息已删除"), a dead deep link redirected to the homepage, a
  redirect loop, a page that answers 429 + Retry-After every other time, a slow page.

The statutory catalogue's content (信息公开 目录 tables, 指南, 依申请公开 with a jsp form,
年报 of the 县政府 and of 部门/乡镇, 解读, 政务新媒体 matrix …) and its planted defects
(HRnn) come from samples.hanweb.catalogue_section.

    generate(out_dir, as_of) -> out_dir      (out_dir/site/, out_dir/truth.json)
    python -m samples.hanweb OUT_DIR --as-of 2026-11-27
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from .. import docfiles

SEED = 20261127
SITE_DIR = "site"
TRUTH_FILE = "truth.json"
DATA_FILE = "_hanweb.json"  # dataproxy records, read by samples.hanweb.server (never served)
ROUTES_FILE = "_routes.json"
FORM_FILE = "_ysqgk.html"  # the page samples.hanweb.server answers at APPLY_FORM (never linked as a file)
SITE_KEY = "hanweb"
START_PATH = "/"

SITE_NAME = "云溪县人民政府"
SHORT = "云溪县"
OFFICE = "云溪县人民政府办公室"
SITE_ID_CODE = "3307270001"
ICP = "浙ICP备05012345号"
RETIRED_MIIT = "http://www.miitbeian.gov.cn/"  # the MIIT 备案 system's old address (shown, never fetched)
PSB = "浙公网安备 33072702000123号"  # on inner pages only: the homepage footer omits it (IDN001)
ORG_CODE = "11330727002597123X"
WEBID = "1"
WEBNAME = "云溪县人民政府"

PROXY = "/module/web/jpage/dataproxy.jsp"
SOFT_404 = "/art/2024/3/5/art_3320_880001.html"  # HTTP 200, says 该信息已删除
OLD_SERVICE = "/col/col2999/index.html"  # 302 to the homepage: a dead deep link
LOOP = ("/interact/wsdc.jsp", "/interact/wsdc_old.jsp")
DEAD_MAILBOX = "/module/xxgk/ldxx.jsp"  # 404
DEAD_EXTERNAL = "http://127.0.0.1:9/rmt/index.html"  # closed port: connection refused
RATE_LIMITED = "/col/col3341/index.html"  # 429 + Retry-After: 1 on every other request
SLOW = "/col/col3342/index.html"  # answers after 1.5 s
JS_JSON = "/module/jslib/data/col3322.json"
APPLY_FORM = "/module/xxgk/ysqgk.jsp"  # 依申请公开 online form (a dynamic route)

NEWS_TOPICS = ["召开全县安全生产工作会议", "开展防汛应急演练", "推进乡村振兴重点项目建设", "召开优化营商环境推进会",
               "开展森林防火专项检查", "举办农民丰收节系列活动", "部署秋冬季环境整治工作", "开展“送政策进企业”活动",
               "召开县政府常务会议", "推进数字政府建设", "开展消防安全宣传月活动", "召开重点项目建设调度会",
               "开展食品安全专项整治", "召开民生实事项目推进会", "举办人才招聘专场活动", "开展燃气安全隐患排查",
               "推进“最多跑一次”改革", "召开经济运行分析会", "开展防范电信诈骗宣传", "部署冬季供暖保障工作"]
TOWNS = ["城关镇", "青石镇", "溪口乡", "白沙镇", "龙潭乡", "枫林镇"]
POLICY_TOPICS = ["农村宅基地管理办法", "政府投资项目管理办法", "城市道路挖掘管理办法", "公共资源交易管理办法",
                 "行政规范性文件管理办法", "农业产业化扶持办法", "人才引进若干政策", "住房公积金管理办法",
                 "生活垃圾分类管理办法", "扶持个体工商户发展若干措施", "旅游业高质量发展若干措施",
                 "企业上市扶持办法", "城乡供水管理办法", "电动自行车停放管理规定"]
NOTICE_SUBJECTS = ["县级非物质文化遗产代表性项目", "农村危房改造补助", "中小学招生入学", "耕地地力保护补贴",
                   "残疾人两项补贴", "城乡居民医保参保", "退役军人优待证申领", "春季植树造林",
                   "高校毕业生就业见习", "新型农业经营主体认定"]


def _d(d: dt.date) -> str:
    return d.isoformat()


def e(s: str) -> str:
    return escape(s, quote=True)


@dataclass
class Article:
    col: "Column"
    title: str
    date: dt.date
    paras: list[str]
    artid: int = 0
    doc_number: str = ""
    related: list[tuple[str, str, str]] = field(default_factory=list)  # (heading, href, text)
    attachments: list[tuple[str, str, bool | bytes]] = field(default_factory=list)  # (path, label, exists or bytes)
    trs: bool = False  # an article of the old TRS 专题
    extra_html: str = ""  # after the text (tables of a 年报, 名单 …)
    written: dt.date | None = None  # 成文日期 shown in its 信息公开 table

    @property
    def path(self) -> str:
        if self.trs:
            return f"{self.col.path_dir}{self.date:%Y%m}/t{self.date:%Y%m%d}_{self.artid}.html"
        return f"/art/{self.date.year}/{self.date.month}/{self.date.day}/art_{self.col.colid}_{self.artid}.html"


@dataclass
class Column:
    colid: int
    name: str
    trail: list[tuple[str, str]]  # ancestors below 首页: (name, url)
    unitid: int = 0
    per_page: int = 15
    group_size: int = 3
    style: str = "call"  # call: .jpage({...}) | vars: var totalRecord + nextgroup | nototal | post | js | trs | page
    articles: list[Article] = field(default_factory=list)
    intro: str = ""  # HTML above the list (or the whole text of a single-page column)
    placeholder: str = ""
    no_summary: bool = False  # its 信息公开 table has no 内容概述 row

    @property
    def url(self) -> str:
        return f"/col/col{self.colid}/index.html"

    @property
    def path_dir(self) -> str:
        return "/zt/yshj/"

    @property
    def embedded(self) -> int:
        return self.per_page * self.group_size


class _Builder:
    def __init__(self, as_of: dt.date):
        self.as_of = as_of
        self.rng = random.Random(SEED)
        self.files: dict[str, bytes] = {}
        self.cols: dict[str, Column] = {}
        self.data: dict[str, dict] = {}
        self.next_id = 100_000
        self.fdzd_kids = ["jgzn", "gfxwj", "zcjd", "czyjs", "rsxx"]
        self.home_links: list[tuple[str, str]] = []  # (text, url) of the 网站服务 box
        self.home_hidden = ""  # HTML planted in the homepage footer
        self.cat_defects: list[dict] = []
        self.cat_correct: list[dict] = []
        self.accounts: list[tuple] = []  # (name, platform, page path, [(date, post title)])

    # ---- model ------------------------------------------------------------------

    def day(self, back: int) -> dt.date:
        return self.as_of - dt.timedelta(days=back)

    def col(self, key: str, colid: int, name: str, trail, **kw) -> Column:
        c = Column(colid, name, list(trail), unitid=colid + 60, **kw)
        self.cols[key] = c
        return c

    def art(self, col: Column, title: str, back: int, paras: list[str], **kw) -> Article:
        self.next_id += self.rng.randint(3, 40)
        a = Article(col, title, self.day(back), paras, artid=self.next_id, **kw)
        col.articles.append(a)
        return a

    def build(self) -> None:
        rng = self.rng
        xxgk = ("政府信息公开", "/col/col3301/index.html")
        fdzd = ("法定主动公开内容", "/col/col3304/index.html")
        news = ("新闻中心", "/col/col3320/index.html")
        hdjl = ("互动交流", "/col/col3340/index.html")
        C = self.col
        C("xxgk", 3301, "政府信息公开", [], per_page=5, group_size=2, style="page")
        C("zn", 3302, "政府信息公开指南", [xxgk], per_page=5, group_size=2)
        C("zd", 3303, "政府信息公开制度", [xxgk], per_page=5, group_size=2, style="vars")
        C("fdzd", 3304, "法定主动公开内容", [xxgk], per_page=5, group_size=2, style="page")
        C("ysq", 3306, "依申请公开", [xxgk], per_page=5, group_size=2)
        C("jgzn", 3310, "机构职能", [xxgk, fdzd], style="single")
        C("gfxwj", 3311, "规范性文件", [xxgk, fdzd], per_page=5, group_size=2, style="vars")
        C("zcjd", 3312, "政策解读", [xxgk, fdzd], per_page=5, group_size=2, style="post")
        C("czyjs", 3313, "财政预决算", [xxgk, fdzd], per_page=5, group_size=2)
        C("rsxx", 3314, "人事信息", [xxgk, fdzd], per_page=5, group_size=2, placeholder="暂无信息")
        C("gzdt", 3320, "工作动态", [news], per_page=15, group_size=2)
        C("bmdt", 3322, "部门动态", [news], style="js")
        C("tzgg", 3323, "通知公告", [news], per_page=5, group_size=2, style="nototal")
        C("hdjl", 3340, "互动交流", [], per_page=5, group_size=2, style="page")
        C("yjzj", 3341, "意见征集", [hdjl], per_page=5, group_size=2)
        C("xjxd", 3342, "信件选登", [hdjl], per_page=5, group_size=2)
        C("yshj", 0, "优化营商环境", [("专题专栏", "/zt/yshj/index.html")], per_page=10, style="trs")

        # 工作动态: 60 items, 30 on the page, 31-60 only through dataproxy.jsp.
        back = 1
        for i in range(60):
            town = TOWNS[i % len(TOWNS)]
            topic = NEWS_TOPICS[(i * 7) % len(NEWS_TOPICS)]
            title = f"{town}{topic}" if i % 3 else f"{SHORT}{topic}"
            self.art(self.cols["gzdt"], title, back, self.news_paras(title, self.day(back)))
            back += rng.randint(1, 4)
        # 部门动态 (built by JavaScript): newest item 40 days old (COL002).
        back = 40
        for i in range(8):
            title = f"县{['发改局', '财政局', '教育局', '卫健局', '农业农村局', '住建局', '交通运输局', '民政局'][i]}" \
                    f"{NEWS_TOPICS[(i * 5 + 3) % len(NEWS_TOPICS)]}"
            self.art(self.cols["bmdt"], title, back, self.news_paras(title, self.day(back)))
            back += rng.randint(5, 12)
        # 通知公告: 25 items; the list script gives no total (dataproxy followed until short).
        back = 5
        for i in range(25):
            subj = NOTICE_SUBJECTS[i % len(NOTICE_SUBJECTS)]
            year = self.day(back).year
            title = f"关于做好{year}年度{subj}工作的通知" if i % 2 else f"关于{subj}申报工作的公告"
            self.art(self.cols["tzgg"], title, back, [f"各乡镇人民政府、县政府各部门：现将{subj}有关事项通知如下。",
                                                      "一、申报对象：符合条件的单位和个人。",
                                                      f"二、申报时间：即日起至{(self.day(back) + dt.timedelta(days=30)).isoformat()}。",
                                                      f"联系单位：{OFFICE}"])
            back += rng.randint(4, 12)
        self.build_policies()
        # 政府信息公开指南 / 制度 / 依申请公开 / 财政预决算: short dated lists.
        self.art(self.cols["zn"], f"{SITE_NAME}政府信息公开指南（{self.day(150).year}年版）", 150,
                 ["为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
                  f"受理机构：{OFFICE}；办公地址：{SHORT}人民路1号；联系电话：0578-1234567。"])
        for i, t in enumerate(["政府信息公开保密审查制度", "政府信息主动公开制度", "政府信息公开申请办理制度",
                               "政府信息公开工作考核制度"]):
            self.art(self.cols["zd"], f"{SITE_NAME}{t}", 200 + 40 * i, [f"为规范{t[:-2]}工作，制定本制度。"])
        for i, t in enumerate(["依申请公开办理流程", "政府信息公开申请表", "依申请公开受理机构及联系方式"]):
            self.art(self.cols["ysq"], t, 260 + 20 * i, ["申请人可以通过当面、邮寄、网上等方式提出申请。"])
        for i in range(6):
            yr = self.as_of.year - (i // 2) - 1
            t = f"{SHORT}{yr}年{'财政预算' if i % 2 == 0 else '财政决算'}公开"
            a = self.art(self.cols["czyjs"], t, 30 + 60 * i, [f"现将{t}有关情况公开如下，详见附件。"])
            a.attachments.append((f"/attach/0/cz{a.artid}.pdf", f"{t}.pdf", i != 1))  # i == 1: missing (LNK002)
        # 意见征集 (the rate-limited page) and 信件选登 (the slow page).
        for i in range(4):
            t = f"关于公开征求《{SHORT}{POLICY_TOPICS[(i * 3) % len(POLICY_TOPICS)]}（征求意见稿）》意见的公告"
            self.art(self.cols["yjzj"], t, 12 + 25 * i, ["现将征求意见稿全文公布，公开征求社会各界意见。"])
        for i in range(6):
            t = f"关于{['农村道路维修', '小区停车难', '学校周边交通', '路灯不亮', '噪音扰民', '饮用水质'][i]}问题的答复"
            self.art(self.cols["xjxd"], t, 3 + 9 * i, ["来信收悉。经核实，现答复如下：相关部门已安排处理。"])
        # 优化营商环境 专题 (old TRS site): 24 items on 3 pages, createPageHTML only.
        back = 2
        for i in range(24):
            t = f"{SHORT}优化营商环境{['典型案例', '工作简报', '政策宣传', '经验做法'][i % 4]}（第{24 - i}期）"
            self.art(self.cols["yshj"], t, back, [f"{t}。", "县营商办将持续推进营商环境优化提升。"], trs=True)
            back += rng.randint(3, 9)
        # 人事信息 stays empty (COL003).

    def news_paras(self, title: str, d: dt.date) -> list[str]:
        return [f"{d.month}月{d.day}日，{title}。",
                "会议强调，各部门要提高政治站位，压实工作责任，细化工作措施，确保各项任务落到实处。",
                "下一步，将持续跟踪推进，确保取得实效。"]

    def build_policies(self) -> None:
        rng = self.rng
        gf, jd = self.cols["gfxwj"], self.cols["zcjd"]
        back = 10
        counters: dict[int, int] = {}
        policies = []
        for i, topic in enumerate(POLICY_TOPICS):
            d = self.day(back)
            counters[d.year] = counters.get(d.year, 48) - rng.randint(1, 3)
            number = f"云政发〔{d.year}〕{max(1, counters[d.year])}号" if i % 2 == 0 else \
                f"云政办发〔{d.year}〕{max(1, counters[d.year]) + 7}号"
            title = f"{SITE_NAME}关于印发《{SHORT}{topic}》的通知"
            a = self.art(gf, title, back, ["各乡镇人民政府，县政府各部门：",
                                           f"《{SHORT}{topic}》已经县政府常务会议研究通过，现印发给你们，请认真贯彻执行。",
                                           f"第一条 为规范{topic[:-2]}工作，制定本办法。", "第二条 本办法自印发之日起施行。"],
                         doc_number=number)
            policies.append(a)
            back += rng.randint(9, 20)
        self.policies = policies
        self.interps: dict[int, Article] = {}
        for i, p in enumerate(policies):
            if i == 2:
                continue  # no 解读 at all (JD001)
            topic = POLICY_TOPICS[i]
            later = rng.randint(1, 3)
            j = self.art(jd, f"《{SHORT}{topic}》政策解读", (self.as_of - p.date).days - later,
                         ["一、起草背景", f"为进一步规范{topic[:-2]}工作，县政府制定了本办法。",
                          "二、主要内容", "办法共四章二十条，明确了职责分工、工作程序和保障措施。"])
            j.related.append(("相关文件", p.path, p.title))
            self.interps[i] = j
            if i != 12:  # 12: the policy page was never updated; only its 解读 (listed via dataproxy) links it
                p.related.append(("相关解读", j.path, j.title))

    # ---- rendering ---------------------------------------------------------------

    def put(self, path: str, html: str) -> None:
        rel = path.lstrip("/") or "index.html"
        self.files[rel] = html.encode("gbk")  # strict: a character GBK lacks is a generator bug

    def head(self, title: str, meta: list[tuple[str, str]], charset: str = "gbk") -> str:
        metas = "\n".join(f'<meta name="{e(k)}" content="{e(v)}">' for k, v in meta)
        return ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
                f'<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
                f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
                f"<title>{e(title)}</title>\n{metas}\n"
                '<link href="/images/style.css" rel="stylesheet" type="text/css">\n</head>\n')

    def base_meta(self) -> list[tuple[str, str]]:
        return [("SiteName", SITE_NAME), ("SiteDomain", "www.example-yunxi.gov.cn"), ("SiteIDCode", SITE_ID_CODE)]

    def header(self) -> str:
        nav = [("首页", "/"), ("政府信息公开", self.cols["xxgk"].url), ("新闻中心", self.cols["gzdt"].url),
               ("互动交流", self.cols["hdjl"].url), ("专题专栏", "/zt/yshj/index.html")]
        items = "".join(f'<li><a href="{u}">{n}</a></li>' for n, u in nav)
        return ('<div class="top"><div class="w1000"><div class="logo"><h1>' + SITE_NAME + '</h1></div>'
                '<div class="top-link"><a href="javascript:void(0)" onclick="SetHome(this)">设为首页</a> '
                '<a href="#">无障碍</a></div>'
                '<div class="search"><form action="/jrobot/search.do" method="get" target="_blank">'
                f'<input type="hidden" name="webid" value="{WEBID}"><input type="text" name="q" placeholder="请输入关键字">'
                '<input type="submit" value="搜索"></form></div></div></div>\n'
                f'<div class="nav"><ul>{items}</ul></div>\n')

    def footer(self, home: bool) -> str:
        psb = "" if home else f"　<span>{PSB}</span>"
        friends = ""
        if home:
            friends = ('<div class="yqlj">友情链接：<a href="http://www.gov.cn/" target="_blank">中国政府网</a>　'
                       f'<a href="{DEAD_EXTERNAL}" target="_blank">县融媒体中心</a></div>\n')
        return ('<div class="bottom"><div class="w1000">\n' + friends + (self.home_hidden if home else "") +
                f'<p>主办单位：{OFFICE}　承办：{SHORT}大数据发展中心</p>\n'
                f'<p>网站标识码：{SITE_ID_CODE}　<a href="{RETIRED_MIIT}" target="_blank">{ICP}</a>{psb}</p>\n'
                f'<p>地址：{SHORT}人民路1号　联系电话：0578-1234567</p>\n</div></div>\n')

    def page(self, title: str, meta, body: str, *, home: bool = False, charset: str = "gbk") -> str:
        return (self.head(title, meta, charset) + "<body>\n" + self.header() + '<div class="main w1000">\n'
                + body + "</div>\n" + self.footer(home) + "</body>\n</html>\n")

    def crumb(self, trail: list[tuple[str, str]], last: str | None) -> str:
        """当前位置 trail; `last` unlinked (column pages), None when every entry is linked (articles)."""
        parts = ['<a href="/">首页</a>'] + [f'<a href="{u}">{e(n)}</a>' for n, u in trail]
        if last is not None:
            parts.append(f"<span>{e(last)}</span>")
        return '<div class="dqwz">当前位置：' + " &gt; ".join(parts) + "</div>\n"

    @staticmethod
    def record(a: Article) -> str:
        return (f'<li><a href="{a.path}" title="{e(a.title)}" target="_blank">{e(a.title)}</a>'
                f'<span class="bt-data-time">{_d(a.date)}</span></li>')

    def datastore(self, col: Column, records: list[str]) -> str:
        ng = ""
        if col.style in ("call", "vars", "post"):
            query = (f"page=1&appid=1&webid={WEBID}&path=/&columnid={col.colid}&unitid={col.unitid}"
                     f"&webname={quote(WEBNAME.encode('gbk'))}&permissiontype=0")
            ng = f'<nextgroup><![CDATA[<a href="{PROXY}?{query}"></a>]]></nextgroup>\n'
        recs = "".join(f"<record><![CDATA[{r}]]></record>\n" for r in records)
        return (f'<div id="{col.unitid}"><script type="text/xml">\n<datastore>\n{ng}<recordset>\n{recs}'
                "</recordset>\n</datastore>\n</script></div>\n")

    def jpage_script(self, col: Column, total: int) -> str:
        if col.style in ("call", "post"):
            return ('<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>\n'
                    '<script type="text/javascript">\n'
                    f"$('#{col.unitid}').jpage({{dataStore:$('#{col.unitid}'), proxyUrl:'{PROXY}', "
                    f"perPage:{col.per_page}, groupSize:{col.group_size}, totalRecord:{total}, barPosition:'bottom', "
                    f"ajaxParam:{{col:1, appid:1, webid:{WEBID}, path:'/', columnid:{col.colid}, "
                    f"sourceContentType:1, unitid:'{col.unitid}', webname:'{WEBNAME}', permissiontype:0}}}});\n"
                    "</script>\n")
        if col.style == "vars":
            return ('<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>\n'
                    '<script type="text/javascript">\n'
                    f"var totalRecord = {total};\nvar perPage = {col.per_page};\nvar groupSize = {col.group_size};\n"
                    f"jpageInit('{col.unitid}', totalRecord, perPage);\n</script>\n")
        if col.style == "nototal":  # jpage fetches until an answer is short
            return ('<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>\n'
                    '<script type="text/javascript">\n'
                    f"$('#{col.unitid}').jpage({{perPage:{col.per_page}, groupSize:{col.group_size}, "
                    f"ajaxParam:{{webid:{WEBID}, columnid:{col.colid}, unitid:'{col.unitid}', path:'/'}}}});\n"
                    "</script>\n")
        return ""

    def sidebar(self) -> str:
        keys = ["zn", "zd", "fdzd", "ysq"]
        subs = self.fdzd_kids
        out = ['<div class="left"><h2>政府信息公开</h2><ul>']
        for k in keys:
            out.append(f'<li><a href="{self.cols[k].url}">{e(self.cols[k].name)}</a></li>')
            if k == "fdzd":
                out.append("<ul class=\"sub\">" + "".join(f'<li><a href="{self.cols[s].url}">{e(self.cols[s].name)}</a></li>'
                                                         for s in subs) + "</ul>")
        out.append("</ul></div>\n")
        return "".join(out)

    def column_meta(self, col: Column) -> list[tuple[str, str]]:
        return self.base_meta() + [("ColumnName", col.name), ("ColumnType", "信息列表")]

    def sorted_items(self, col: Column) -> list[Article]:
        return sorted(col.articles, key=lambda a: (a.date, a.artid), reverse=True)

    def render_column(self, key: str, col: Column) -> None:
        items = self.sorted_items(col)
        side = self.sidebar() if col.trail and col.trail[0][0] == "政府信息公开" else ""
        title_block = f'<div class="lm-title"><h2>{e(col.name)}</h2></div>\n'
        if col.style == "single":
            body = (self.crumb(col.trail, col.name) + side + '<div class="right">' + title_block +
                    (col.intro or '<div class="jgzn-con">' + "".join(f"<p>{e(p)}</p>" for p in self.jgzn_text())
                     + "</div>") + "</div>\n")
            self.put(col.url, self.page(f"{col.name} {SITE_NAME}", self.column_meta(col), body))
            return
        if col.style == "js":
            self.render_js_column(col, items)
            return
        if col.style == "trs":
            self.render_trs_column(col, items)
            return
        extra = ""
        if col.style == "page":  # a landing: sub-columns, then the latest items of its children
            extra = self.landing_links(key)
            items = self.landing_items(key)
        records = [self.record(a) for a in items]
        shown = records[: col.embedded] if col.style != "page" else records
        lst = self.datastore(col, shown) + (self.jpage_script(col, len(records)) if col.style != "page" else "")
        if not records:
            lst += f'<div class="nodata">{col.placeholder or "暂无信息"}</div>\n'
        body = (self.crumb(col.trail, col.name) + side + '<div class="right">' + title_block + col.intro + extra + lst
                + "</div>\n")
        self.put(col.url, self.page(f"{col.name} {SITE_NAME}", self.column_meta(col), body))
        if col.style != "page" and len(records) > col.embedded:
            self.data[str(col.colid)] = {"records": records, "total": col.style != "nototal",
                                         "post_only": col.style == "post"}

    def landing_links(self, key: str) -> str:
        kids = {"xxgk": ["zn", "zd", "fdzd", "ysq"],  # no 政府信息公开年报 (COL001)
                "fdzd": self.fdzd_kids,
                "hdjl": ["yjzj", "xjxd"]}[key]
        links = "".join(f'<li><a href="{self.cols[k].url}">{e(self.cols[k].name)}</a></li>' for k in kids)
        if key == "hdjl":
            links += (f'<li><a href="{LOOP[0]}">网上调查</a></li><li><a href="{DEAD_MAILBOX}">县长信箱</a></li>')
        return f'<ul class="sub-lm">{links}</ul>\n<h3 class="sub-title">最新信息</h3>\n'

    def landing_items(self, key: str) -> list[Article]:
        kids = {"xxgk": ["zn", "zd", "ysq", "gfxwj", "zcjd", "czyjs"], "fdzd": ["gfxwj", "zcjd", "czyjs"],
                "hdjl": ["yjzj", "xjxd"]}[key]
        arts = [a for k in kids for a in self.cols[k].articles]
        return sorted(arts, key=lambda a: (a.date, a.artid), reverse=True)[:8]

    def jgzn_text(self) -> list[str]:
        return [f"{SITE_NAME}是县级国家行政机关，执行县人民代表大会及其常务委员会的决议和上级国家行政机关的决定和命令。",
                "主要职责：贯彻执行国家法律法规和方针政策；规定行政措施，发布决定和命令；领导所属各工作部门和乡镇人民政府的工作；"
                "编制和执行国民经济和社会发展计划、预算；管理本县的经济、教育、科学、文化、卫生、体育事业和环境资源保护、"
                "城乡建设事业和财政、民政、公安、民族事务、司法行政、计划生育等行政工作。",
                f"办公地址：{SHORT}人民路1号；办公时间：工作日上午8:30-12:00，下午14:30-17:30；联系电话：0578-1234567。"]

    def render_js_column(self, col: Column, items: list[Article]) -> None:
        data = [{"title": a.title, "url": a.path, "date": _d(a.date)} for a in items]
        self.files[JS_JSON.lstrip("/")] = json.dumps({"total": len(data), "list": data}, ensure_ascii=False).encode("utf-8")
        script = ("<script type=\"text/javascript\">\n(function(){\n"
                  "  var xhr = new XMLHttpRequest();\n"
                  f"  xhr.open('GET', '{JS_JSON}', true);\n"
                  "  xhr.onload = function(){\n"
                  "    var data = JSON.parse(xhr.responseText), ul = document.getElementById('bmdt-list'), html = '';\n"
                  "    for (var i = 0; i < data.list.length; i++) { var r = data.list[i];\n"
                  "      html += '<li><a href=\"' + r.url + '\" target=\"_blank\">' + r.title + '</a><span class=\"date\">'"
                  " + r.date + '</span></li>'; }\n"
                  "    ul.innerHTML = html;\n  };\n  xhr.send();\n})();\n</script>\n")
        body = (self.crumb(col.trail, col.name) + '<div class="right"><div class="lm-title"><h2>' + e(col.name)
                + "</h2></div>\n<ul id=\"bmdt-list\" class=\"list\"></ul>\n</div>\n" + script)
        self.put(col.url, self.page(f"{col.name} {SITE_NAME}", self.column_meta(col), body))

    def render_trs_column(self, col: Column, items: list[Article]) -> None:
        pages = [items[i:i + col.per_page] for i in range(0, len(items), col.per_page)]
        for n, chunk in enumerate(pages):
            rows = "".join(f'<li><a href="./{a.path[len(col.path_dir):]}" target="_blank" title="{e(a.title)}">'
                           f'{e(a.title)}</a><span class="date">{_d(a.date)}</span></li>\n' for a in chunk)
            pager = (f'<div class="page"><script language="JavaScript">\nvar currentPage = {n};\nvar countPage = '
                     f'{len(pages)};\ncreatePageHTML({len(pages)}, {n}, "index", "html");\n</script></div>\n')
            body = (self.crumb(col.trail, col.name) + '<div class="zt-list"><h2>' + e(col.name) + "</h2>\n<ul class=\"list\">\n" + rows + "</ul>\n"
                    + pager + "</div>\n")
            name = "index.html" if n == 0 else f"index_{n}.html"
            self.put(col.path_dir + name, self.page(f"{col.name} 专题专栏 {SITE_NAME}", self.column_meta(col), body))

    def info_table(self, a: Article) -> str:
        rows = [("索引号：", f"{ORG_CODE}/{a.date.year}-{a.artid % 100000:05d}", "发布机构：", OFFICE),
                ("发布日期：", _d(a.date), "组配分类：", a.col.name)]
        if a.doc_number:
            rows.insert(1, ("文号：", a.doc_number, "有效性：", "有效"))
        if a.written:
            rows.insert(1, ("成文日期：", _d(a.written), "主题分类：", "综合政务"))
        cells = "".join(f"<tr><td class=\"lab\">{r[0]}</td><td>{e(r[1])}</td><td class=\"lab\">{r[2]}</td>"
                        f"<td>{e(r[3])}</td></tr>" for r in rows)
        if not a.col.no_summary:
            cells += f'<tr><td class="lab">内容概述：</td><td colspan="3">{e(a.title)}</td></tr>'
        return f'<div class="xxgk-info"><table class="xxgk-table">{cells}</table></div>\n'

    def render_article(self, a: Article) -> None:
        col = a.col
        trail = col.trail + [(col.name, col.url if not a.trs else "/zt/yshj/index.html")]
        meta = self.base_meta() + [("ColumnName", col.name), ("ArticleTitle", a.title), ("PubDate", f"{_d(a.date)} 09:30")]
        parts = [self.crumb(trail, None)]
        if col.trail and col.trail[0][0] == "政府信息公开":
            parts.append(self.info_table(a))
        parts.append(f'<div class="art-title"><h1>{e(a.title)}</h1></div>\n'
                     f'<div class="art-info">发布日期：{_d(a.date)}　来源：{OFFICE}　'
                     '<a href="javascript:window.print()">【打印】</a></div>\n')
        parts.append('<div class="art-con" id="zoom">' + "".join(f"<p>{e(p)}</p>" for p in a.paras) + a.extra_html
                     + "</div>\n")
        if a.attachments:
            links = "".join(f'<p><a href="{p}" target="_blank">{e(label)}</a></p>' for p, label, _ in a.attachments)
            parts.append(f'<div class="fujian"><p>附件：</p>{links}</div>\n')
        for heading, href, text in a.related:
            parts.append(f'<div class="related"><h3>{e(heading)}</h3><p><a href="{href}" target="_blank">{e(text)}</a>'
                         "</p></div>\n")
        self.put(a.path, self.page(f"{a.title} {SITE_NAME}", meta, "".join(parts)))
        for path, label, exists in a.attachments:
            if isinstance(exists, bytes):
                self.files[path.lstrip("/")] = exists
            elif exists:
                self.files[path.lstrip("/")] = docfiles.make_pdf(label, [a.title, "附件内容"])

    def render_home(self) -> None:
        def box(title: str, key: str, n: int) -> str:
            col = self.cols[key]
            rows = "".join(f'<li><a href="{a.path}" title="{e(a.title)}" target="_blank">{e(a.title)}</a>'
                           f'<span>[{a.date:%m-%d}]</span></li>' for a in self.sorted_items(col)[:n])
            return (f'<div class="box"><div class="box-hd"><h3><a href="{col.url}">{title}</a></h3>'
                    f'<a class="more" href="{col.url}">更多&gt;&gt;</a></div><ul>{rows}</ul></div>\n')

        services = ('<div class="box"><div class="box-hd"><h3>政务服务</h3></div><ul>'
                    f'<li><a href="{OLD_SERVICE}">旧版网上办事</a></li>'
                    f'<li><a href="{self.cols["hdjl"].url}">互动交流</a></li>'
                    f'<li><a href="{self.cols["bmdt"].url}">部门动态</a></li></ul></div>\n')
        body = ('<div class="home">\n' + box("工作动态", "gzdt", 6) + box("通知公告", "tzgg", 5)
                + box("规范性文件", "gfxwj", 4) + services
                + ('<div class="box"><div class="box-hd"><h3>网站服务</h3></div><ul>'
                   + "".join(f'<li><a href="{u}">{e(t)}</a></li>' for t, u in self.home_links) + "</ul></div>\n"
                   if self.home_links else "")
                + '<div class="box"><div class="box-hd"><h3>专题专栏</h3></div><ul>'
                  '<li><a href="/zt/yshj/index.html">优化营商环境</a></li></ul></div>\n</div>\n')
        meta = self.base_meta() + [("Keywords", f"{SHORT},政府,政务公开")]
        self.put("/index.html", self.page(SITE_NAME, meta, body, home=True))

    def render_accounts(self) -> None:
        """One page per new-media account (the platform's public page, on this host)."""
        for name, platform, path, posts in self.accounts:
            rows = "".join(f'<li><span class="title">{e(t)}</span><span class="date">{_d(d)}</span></li>'
                           for d, t in posts)
            body = (self.crumb([("政务新媒体", self.cols["zwxmt"].url)], name) + '<div class="xmt-account">'
                    f'<h2>{e(name)}</h2><p>平台：{platform}</p><p>主办单位：{OFFICE}</p>'
                    '<p class="interact">互动功能：留言　评论　私信</p><h3>最新发布</h3>'
                    f'<ul class="list">{rows}</ul></div>\n')
            meta = self.base_meta() + [("ColumnName", "政务新媒体")]
            self.put(path, self.page(f"{name}（{platform}） {SITE_NAME}", meta, body))

    def apply_form(self) -> str:
        """The 依申请公开 online form answered at APPLY_FORM."""
        fields = [("xm", "申请人姓名或者名称"), ("zjhm", "证件号码"), ("lxdh", "联系电话"), ("txdz", "通信地址"),
                  ("nrms", "所需政府信息的内容描述")]
        rows = "".join(f'<tr><td><label for="{k}">{v}</label></td><td><input type="text" id="{k}" name="{k}"></td></tr>'
                       for k, v in fields)
        body = (self.crumb([("政府信息公开", self.cols["xxgk"].url), ("依申请公开", self.cols["ysq"].url)], "在线申请")
                + f'<div class="ysq-form"><h2>政府信息公开在线申请</h2><form method="post" action="{APPLY_FORM}">'
                f'<table class="form-table">{rows}</table><input type="submit" value="提交申请"></form></div>\n')
        return self.page(f"政府信息公开在线申请 {SITE_NAME}", self.base_meta(), body)

    def render_misc(self) -> None:
        self.put(SOFT_404, self.head("提示信息", self.base_meta()) +
                 "<body><div class=\"msg\"><p>对不起，该信息已删除或不存在！</p>"
                 "<p><a href=\"/\">返回首页</a></p></div></body></html>\n")
        self.files["robots.txt"] = b"User-agent: *\nDisallow: /module/search/\n"
        self.files["module/web/jpage/jpage.js"] = (
            b"/* jpage: shows datastore records page by page and asks dataproxy.jsp for more */\n"
            b"(function($){ if(!$){return;} $.fn.jpage = function(o){ return this; }; })(window.jQuery);\n"
            b"function jpageInit(){}\n")
        self.files["images/style.css"] = b"body{font:12px/1.8 SimSun,serif}.nav li{display:inline-block}\n"

    def plant_links(self) -> None:
        gz = self.sorted_items(self.cols["gzdt"])
        gz[0].related.append(("相关阅读", SOFT_404, f"{SHORT}2024年春季农田水利建设全面启动"))

    def run(self) -> None:
        from . import catalogue_section

        self.build()
        catalogue_section.plant(self)
        self.plant_links()
        for key, col in self.cols.items():
            self.render_column(key, col)
            for a in col.articles:
                self.render_article(a)
        self.render_accounts()
        self.render_home()
        self.render_misc()

    # ---- truth -------------------------------------------------------------------

    def truth(self) -> dict:
        gz = self.sorted_items(self.cols["gzdt"])
        cz = sorted(self.cols["czyjs"].articles, key=lambda a: a.artid)
        missing = next((a, p, label) for a in cz for p, label, ok in a.attachments if not ok)
        live = next((a, p, label) for a in cz for p, label, ok in a.attachments if ok)
        no_jd = self.policies[2]
        one_way = self.policies[12]
        defects = [
            {"id": "H01", "rule": "LNK001", "url": gz[0].path, "target": SOFT_404,
             "evidence": {"outcome": "dead", "status": 200, "link_text": f"{SHORT}2024年春季农田水利建设全面启动"},
             "note": "soft-404: HTTP 200 page saying 该信息已删除"},
            {"id": "H02", "rule": "LNK001", "url": "/", "target": OLD_SERVICE,
             "evidence": {"outcome": "dead", "link_text": "旧版网上办事"},
             "note": "a dead deep link redirected (302) to the homepage: soft-404"},
            {"id": "H03", "rule": "LNK001", "url": self.cols["hdjl"].url, "target": LOOP[0],
             "evidence": {"outcome": "redirect_loop", "link_text": "网上调查"}, "note": "302 loop"},
            {"id": "H04", "rule": "LNK001", "url": self.cols["hdjl"].url, "target": DEAD_MAILBOX,
             "evidence": {"outcome": "dead", "status": 404, "link_text": "县长信箱"}, "note": "404"},
            {"id": "H05", "rule": "LNK002", "url": missing[0].path, "target": missing[1],
             "evidence": {"outcome": "dead", "status": 404, "link_text": missing[2]},
             "note": "财政预决算 attachment missing on the server"},
            {"id": "H06", "rule": "LNK003", "url": "/", "target": DEAD_EXTERNAL,
             "evidence": {"outcome": "dead", "link_text": "县融媒体中心"},
             "note": "external site on a closed loopback port: connection refused"},
            {"id": "H07", "rule": "COL001", "url": self.cols["xxgk"].url,
             "evidence": {"column": "政府信息公开年报"},
             "note": "专栏 has no 年报 column (the 年报 sit under 法定主动公开内容)"},
            {"id": "H08", "rule": "COL002", "url": self.cols["bmdt"].url,
             "evidence": {"column": "部门动态", "days_since": 40},
             "note": "list built by JavaScript only (needs the browser); newest item 40 days old"},
            {"id": "H09", "rule": "COL003", "url": self.cols["rsxx"].url,
             "evidence": {"column": "人事信息", "placeholder": "暂无信息"}, "note": "empty datastore, 暂无信息"},
            {"id": "H10", "rule": "IDN001", "url": "/", "evidence": {"identifier": "公安机关备案号"},
             "note": "homepage footer lacks the 公网安备 number (inner pages have it)"},
            {"id": "H12", "rule": "IDN001", "url": "/", "target": RETIRED_MIIT,
             "evidence": {"identifier": "ICP备案号链接", "host": "www.miitbeian.gov.cn"},
             "note": "the ICP number still links the retired www.miitbeian.gov.cn, not beian.miit.gov.cn"},
            {"id": "H11", "rule": "JD001", "url": no_jd.path, "evidence": {"doc_number": no_jd.doc_number},
             "note": "规范性文件 without any 解读"},
        ]
        correct = [
            {"url": self.cols["gzdt"].url, "rules": ["COL002", "COL003"],
             "note": "30 of its 60 items only through dataproxy.jsp; newest 1 day old"},
            {"url": self.cols["tzgg"].url, "rules": ["COL002", "COL003"],
             "note": "no totalRecord: dataproxy ranges followed until a short answer"},
            {"url": self.cols["gfxwj"].url, "rules": ["COL002", "COL003"], "note": "规范性文件, newest 10 days"},
            {"url": self.cols["zcjd"].url, "rules": ["COL003"], "note": "dataproxy answers POST only"},
            {"url": "/zt/yshj/index.html", "rules": ["COL003"], "note": "TRS createPageHTML paging, 3 pages"},
            {"url": self.cols["jgzn"].url, "rules": ["COL003"], "note": "a single-page column"},
            {"url": one_way.path, "rules": ["JD001"],
             "note": "its 解读 is listed only through dataproxy.jsp (POST) and links back to it"},
            *[{"url": self.policies[i].path, "rules": ["JD001"], "note": "policy with 解读, both ways"}
              for i in (0, 1, 3, 11, 13)],
            {"target": RATE_LIMITED, "rules": ["LNK001"], "note": "429 + Retry-After: 1 first, then 200"},
            {"target": SLOW, "rules": ["LNK001"], "note": "answers after 1.5 s"},
            {"target": live[1], "rules": ["LNK002"], "note": "live pdf"},
            {"target": "http://www.gov.cn/", "rules": ["LNK003"], "note": "not allowed by a loopback profile: skipped"},
        ]
        defects += self.cat_defects
        correct += self.cat_correct
        pages = sorted({"/" if k == "index.html" else "/" + k for k in self.files
                        if k.endswith(".html") and "/" + k != SOFT_404})
        only_dataproxy = sorted(a.path for key in ("gzdt", "tzgg") for a in self.sorted_items(self.cols[key])
                                [self.cols[key].embedded:])
        return {
            "site": SITE_KEY, "site_name": SITE_NAME, "as_of": self.as_of.isoformat(), "start_path": START_PATH,
            "defects": defects, "correct": correct, "pages": pages,
            "pages_via": {
                "dataproxy": only_dataproxy,
                "javascript": sorted(a.path for a in self.cols["bmdt"].articles),
                "createPageHTML": ["/zt/yshj/index_1.html", "/zt/yshj/index_2.html"],
            },
            "fixtures": {"soft_404": SOFT_404, "redirect_home": OLD_SERVICE, "redirect_loop": list(LOOP),
                         "rate_limited": RATE_LIMITED, "slow": SLOW, "js_column": self.cols["bmdt"].url,
                         "dataproxy": PROXY, "post_only_column": self.cols["zcjd"].url},
            "stats": {"html_pages": len(pages), "files": len(self.files)},
        }


def generate(out_dir: Path, as_of: dt.date) -> Path:
    """Write the portal to out_dir/site and its ground truth to out_dir/truth.json."""
    out_dir = Path(out_dir)
    b = _Builder(as_of)
    b.run()
    site = out_dir / SITE_DIR
    if site.exists():
        shutil.rmtree(site)
    for rel in sorted(b.files):
        p = site / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b.files[rel])
    routes = {"redirects": {OLD_SERVICE: [302, "/"], LOOP[0]: [302, LOOP[1]], LOOP[1]: [302, LOOP[0]]},
              "status": {}, "head_not_allowed": []}
    (site / ROUTES_FILE).write_text(json.dumps(routes, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    (site / FORM_FILE).write_bytes(b.apply_form().encode("gbk"))
    (site / DATA_FILE).write_text(json.dumps(b.data, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    (out_dir / TRUTH_FILE).write_text(json.dumps(b.truth(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.hanweb", description="Generate the 云溪县 大汉-style sample portal.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    args = ap.parse_args(argv)
    out = generate(args.out_dir, args.as_of)
    truth = json.loads((out / TRUTH_FILE).read_text("utf-8"))
    print(f"{out / SITE_DIR}: {truth['stats']['html_pages']} html pages, {len(truth['defects'])} planted defects")
    return 0
