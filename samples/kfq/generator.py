"""Generate the 白鹭湖经济开发区 sample portal: a fictional TRS WCM style government site
with planted compliance defects, and the truth.json that lists them.

    generate(out_dir, as_of) -> out_dir
        out_dir/site/        the web root (serve it with samples.server), with _routes.json
        out_dir/truth.json   planted defects and correct decoys (docs/architecture.md)

Output is deterministic: a fixed seed, every date relative to `as_of`, files written in a
fixed order, zips with fixed timestamps. Same as_of, same bytes.

    python -m samples.kfq OUT_DIR --as-of 2026-11-27
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import posixpath
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import docfiles
from . import content as c
from . import catalogue_section, documents_section, extra_section, service_section
from . import layout as L

SEED = 20240611
SITE_DIR = "site"
TRUTH_FILE = "truth.json"
SITE_KEY = "kfq"
START_PATH = "/"

XXGK = ("政府信息公开", "/xxgk/index.html")
FDZD = ("法定主动公开内容", "/xxgk/fdzdgknr/index.html")
XWZX = ("新闻中心", "/xwzx/index.html")
ZWFW = ("政务服务", "/zwfw/index.html")
HDJL = ("互动交流", "/hdjl/index.html")
ZWXMT_URL = "/zwxmt/index.html"

# Planted server behaviour (see _routes.json) and the pages that link to it.
DEAD_HOME = "/ztzl/dsxxjy/index.html"  # 404: a removed 专题 still linked from the homepage
GONE_ZWFW = "/zwfw/wsbs/index.html"  # 410: retired 网上办事 system
BROKEN_HDJL = "/hdjl/zxft/index.html"  # 500: broken 在线访谈 system
DEAD_EXTERNAL = "http://127.0.0.1:9/xfxt/index.html"  # closed port on loopback
REDIRECT_301 = "/bsdt/index.html"  # 301 -> /zwfw/index.html
CHAIN_START = "/zwgk/index.html"  # 301 -> /zwgk/index.shtml, 302 -> /xxgk/index.html
LOOP = ("/hdjl/wsdc/index.html", "/hdjl/wsdc/index.jsp")  # 302 loop, not linked from pages
HEAD_405_PREFIX = "/xxgk/fdzdgknr/czyjs/"  # attachment directory whose server refuses HEAD

ACCOUNTS = [
    ("白鹭湖发布", "微信公众号", "/newmedia/weixin/blhfb.html", "发布开发区权威信息、政策解读和便民服务。"),
    ("白鹭湖经开区", "微博", "/newmedia/weibo/blhjkq.html", "及时发布开发区新闻动态和通知公告。"),
    ("白鹭湖经开区", "抖音", "/newmedia/douyin/blhjkq.html", "以短视频形式展示开发区发展成就。"),
    ("白鹭湖政务服务", "微信公众号", "/newmedia/weixin/blhzwfw.html", "提供办事指南查询、预约办理等服务。"),
]


@dataclass
class Attachment:
    filename: str  # TRS name, e.g. P020261120123456789012.pdf
    label: str  # link text
    ext: str
    title: str
    lines: list[str]
    missing: bool = False  # planted: linked but not on the server


@dataclass
class Article:
    col: "Column"
    title: str
    when: dt.datetime
    paras: list[str]
    centered: int = 0
    docid: int = 0
    doc_number: str = ""
    written: dt.date | None = None
    topic: str = "综合政务"
    validity: str = ""
    source: str = c.SITE_NAME
    attach_specs: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    related: list[tuple[str, list["Article"]]] = field(default_factory=list)
    extra_links: list[tuple[str, str, str]] = field(default_factory=list)  # (heading, href, text)
    extra_html: str = ""
    index_no: str = ""

    @property
    def date(self) -> dt.date:
        return self.when.date()

    @property
    def dir(self) -> str:
        return f"{self.col.path}{self.when:%Y%m}/"

    @property
    def path(self) -> str:
        return f"{self.dir}t{self.when:%Y%m%d}_{self.docid}.html"

    def href_from(self, base_dir: str) -> str:
        """Relative link as TRS writes it (./ for the same folder)."""
        rel = posixpath.relpath(self.path, base_dir)
        return rel if rel.startswith("..") else "./" + rel


@dataclass
class Column:
    key: str
    name: str
    path: str  # folder, e.g. /xwzx/gzdt/
    trail: list[tuple[str, str]]  # ancestors below 首页
    style: str  # xxgk | news | plain (template family)
    date_fmt: str  # dash | bracket | cn | slash
    per_page: int = 20
    encoding: str = "utf-8"
    truncate: int | None = None
    side: bool = False
    intro: str = ""
    articles: list[Article] = field(default_factory=list)
    quoted: list[Article] = field(default_factory=list)  # items of other columns listed here
    no_summary: bool = False  # 信息公开 table without 内容概述 (planted, catalogue_section)

    @property
    def url(self) -> str:
        return self.path + "index.html"

    @property
    def xxgk(self) -> bool:
        return self.style == "xxgk"


def fmt_date(d: dt.date, style: str) -> str:
    if style == "bracket":
        return f"[{d.isoformat()}]"
    if style == "cn":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    return d.isoformat()


def _months_back(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) - k
    return idx // 12, idx % 12 + 1


class _Builder:
    def __init__(self, as_of: dt.date):
        self.as_of = as_of
        self.rng = random.Random(SEED)
        self.columns: dict[str, Column] = {}
        self.files: dict[str, bytes] = {}
        self.home_ztzl_links: list[tuple[str, str]] = []  # (href, text) added to 专题专栏 (catalogue_section)
        self.xxgk_blocks: list[str] = []  # extra blocks on the 政府信息公开 专栏 page (catalogue_section)
        self.defects: list[dict] = []
        self.correct: list[dict] = []
        self.routes = {
            "redirects": {
                REDIRECT_301: [301, "/zwfw/index.html"],
                CHAIN_START: [301, "/zwgk/index.shtml"],
                "/zwgk/index.shtml": [302, "/xxgk/index.html"],
                LOOP[0]: [302, LOOP[1]],
                LOOP[1]: [302, LOOP[0]],
            },
            "status": {GONE_ZWFW: 410, BROKEN_HDJL: 500},
            "head_not_allowed": [HEAD_405_PREFIX],
        }

    # ---- helpers -------------------------------------------------------------------

    def when(self, days_back: int) -> dt.datetime:
        d = self.as_of - dt.timedelta(days=days_back)
        return dt.datetime.combine(d, dt.time(self.rng.randint(8, 17), self.rng.randint(0, 59)))

    def offsets(self, count: int, start: int, lo: int, hi: int) -> list[int]:
        out, cur = [], start
        for _ in range(count):
            out.append(cur)
            cur += self.rng.randint(lo, hi)
        return out

    def col(self, key: str, name: str, path: str, trail, style: str, date_fmt: str, **kw) -> Column:
        col = Column(key, name, path, list(trail), style, date_fmt, **kw)
        self.columns[key] = col
        return col

    def add(self, col: Column, title: str, days_back: int, paras: list[str], **kw) -> Article:
        art = Article(col, title, self.when(days_back), paras, **kw)
        col.articles.append(art)
        return art

    def generic_paras(self, title: str, extra: list[str] | None = None) -> list[str]:
        return [f"根据《中华人民共和国政府信息公开条例》有关规定，现将{title}予以公开。",
                *(extra or []),
                "具体内容详见正文及附件。",
                f"联系单位：{c.OFFICE}　联系电话：{c.PHONE}"]

    # ---- columns and articles ------------------------------------------------------

    def build_columns(self) -> None:
        news = [XWZX]
        xxgk1 = [XXGK]
        fdzd = [XXGK, FDZD]
        self.col("gzdt", "工作动态", "/xwzx/gzdt/", news, "news", "dash", per_page=15, truncate=28)
        self.col("tzgg", "通知公告", "/xwzx/tzgg/", news, "news", "bracket", per_page=15)
        self.col("xxgkzn", "政府信息公开指南", "/xxgk/xxgkzn/", xxgk1, "xxgk", "dash", side=True)
        for key, name, fmt, extra in [
            ("jgzn", "机构职能", "dash", {}),
            ("zcwj", "政策文件", "cn", {"per_page": 15}),
            ("zcjd", "政策解读", "slash", {"per_page": 15, "encoding": "gbk"}),
            ("qzqd", "权责清单", "dash", {}),
            ("czyjs", "财政预决算", "dash", {}),
            ("sfxx", "收费信息", "dash", {}),
            ("yjgl", "应急管理", "dash", {}),
            ("ghxx", "规划信息", "dash", {}),
            ("tjxx", "统计信息", "dash", {}),
            ("zfcg", "政府采购", "dash", {}),
            ("rsxx", "人事信息", "dash", {}),
            ("zdxm", "重大项目", "dash", {}),
        ]:
            self.col(key, name, f"/xxgk/fdzdgknr/{key}/", fdzd, "xxgk", fmt, side=True, **extra)
        self.col("xxgknb", "政府信息公开年报", "/xxgk/xxgknb/", xxgk1, "xxgk", "dash", side=True)
        self.col("ysqgk", "依申请公开", "/xxgk/ysqgk/", xxgk1, "xxgk", "dash", side=True)
        self.col("bszn", "办事指南", "/zwfw/bszn/", [ZWFW], "plain", "dash")
        self.col("xjxd", "信件选登", "/hdjl/xjxd/", [HDJL], "plain", "dash")
        self.col("yjzj", "意见征集", "/hdjl/yjzj/", [HDJL], "plain", "dash")
        self.col("zwxmt", "政务新媒体", "/zwxmt/", [], "plain", "dash")
        self.col("yhyshj", "优化营商环境", "/ztzl/yhyshj/", [], "plain", "dash")

    def build_news(self) -> None:
        rng, col = self.rng, self.columns["gzdt"]
        used: set[str] = set()
        for off in self.offsets(120, 1, 0, 3):
            d = self.as_of - dt.timedelta(days=off)
            for _ in range(20):
                title, paras = c.news_item(rng, d)
                if title not in used:
                    break
            used.add(title)
            self.add(col, title, off, paras, source=rng.choice([c.OFFICE, "开发区经济发展局", "开发区融媒体中心"]))

        col = self.columns["tzgg"]
        used.clear()
        # Stale on purpose (COL002): the newest notice is 240 days (~8 months) old.
        for i, off in enumerate(self.offsets(45, 240, 4, 14)):
            d = self.as_of - dt.timedelta(days=off)
            for _ in range(40):
                title, body, form = c.notice_item(rng, d)
                if title not in used and (i != 0 or form):  # the newest one carries a form (D06)
                    break
            used.add(title)
            art = self.add(col, title, off, body)
            if form:
                art.attach_specs.append(("doc", form, form, ["单位名称：", "统一社会信用代码：", "联系人：", "联系电话："]))

    def build_policies(self) -> None:
        rng = self.rng
        zcwj, zcjd = self.columns["zcwj"], self.columns["zcjd"]
        topics = list(c.POLICY_TOPICS)
        rng.shuffle(topics)
        offs = self.offsets(len(topics), 20, 12, 30)
        whens = [self.when(o) for o in offs]
        # 文号 numbered per year in date order; index 4 is published without one.
        numbers: dict[int, str] = {}
        counters: dict[int, int] = {}
        for i in sorted(range(len(topics)), key=lambda k: whens[k]):
            if i == 4:
                continue
            y = whens[i].year
            counters[y] = counters.get(y, rng.randint(2, 6)) + rng.randint(1, 5)
            prefix = c.DOC_PREFIX if rng.random() < 0.8 else "白鹭开管办发"
            numbers[i] = f"{prefix}〔{y}〕{counters[y]}号"
        self.policies: list[Article] = []
        self.interpretations: dict[int, list[Article]] = {}
        for i, ((topic, theme), off, when) in enumerate(zip(topics, offs, whens)):
            number = numbers.get(i, "")
            written = when.date() - dt.timedelta(days=rng.randint(2, 8))
            inner = f"{c.SHORT}{topic}"
            title = f"{c.SITE_NAME}关于印发《{inner}》的通知" if number else inner
            paras = c.policy_body(rng, topic, number, written)
            if not number:
                paras = paras[6:]  # published as the 办法 itself, without a covering 通知
            art = Article(zcwj, title, when, paras, centered=1 if number else 0, doc_number=number,
                          written=written, topic=theme, validity="现行有效")
            art.attach_specs.append(("pdf", inner, inner, paras[-6:]))
            zcwj.articles.append(art)
            self.policies.append(art)
            if i in (2, 4):
                continue  # 2: the policy without any 解读 (JD001); 4: no 文号, not a 规范性文件
            later = 6 if i == 6 else rng.randint(0, 2)
            jd_off = max(1, off - later)
            jd_title = f"《{inner}》政策解读" if i % 2 == 0 else f"关于《{inner}》的解读"
            jd = Article(zcjd, jd_title, self.when(jd_off),
                         c.interpretation_body(rng, topic, number, when.date()),
                         topic=theme, source=c.OFFICE)
            jd.related.append(("相关文件", [art]))
            zcjd.articles.append(jd)
            jds = [jd]
            if i in (1, 5, 9):
                tj = Article(zcjd, f"图解：《{inner}》", self.when(jd_off),
                             [f"一图读懂《{inner}》。", "【政策目标】推动开发区高质量发展。",
                              "【支持对象】在开发区依法注册的企业和单位。", "【申请流程】企业申报—部门审核—公示—拨付。"],
                             topic=theme, source=c.OFFICE)
                tj.related.append(("相关文件", [art]))
                zcjd.articles.append(tj)
                jds.append(tj)
            self.interpretations[i] = jds
            if i != 6:  # 6: the policy page was never updated; only the 解读 links back
                art.related.append(("相关解读", jds))

    def build_xxgk(self) -> None:
        rng, cols, y0 = self.rng, self.columns, self.as_of.year

        def simple(key: str, titles: list[str], start: int, lo: int, hi: int, **kw) -> list[Article]:
            out = []
            for t, off in zip(titles, self.offsets(len(titles), start, lo, hi)):
                title = t.format(y=(self.as_of - dt.timedelta(days=off)).year)
                out.append(self.add(cols[key], title, off, self.generic_paras(title), **kw))
            return out

        for a in simple("jgzn", ["管委会领导及分工", "内设机构及职能", "管委会主要职责", "机构设置及联系方式"],
                        60, 60, 200, topic="机构职能"):
            a.paras = [f"{c.SITE_NAME}是{c.CITY}人民政府派出机构，代表市政府对开发区实行统一领导和管理。",
                       "主要职责：贯彻执行国家和省、市有关方针政策和法律法规；编制开发区发展规划并组织实施；"
                       "负责开发区招商引资、项目建设和企业服务工作。",
                       f"管委会主任：{c.LEADERS[0]}；副主任：{c.LEADERS[1]}、{c.LEADERS[2]}。",
                       f"办公地址：{c.ADDRESS}　联系电话：{c.PHONE}"]
        simple("qzqd", [c.SITE_NAME + "权责清单（{y}年版）", "行政许可事项清单（{y}年版）", "公共服务事项清单",
                        "证明事项保留清单", "权责清单动态调整情况说明"], 45, 40, 120, topic="权责清单")
        budget, seen_budget = [], set()
        for off in self.offsets(8, 25, 30, 70):
            d = self.as_of - dt.timedelta(days=off)
            k = 0
            while (t := c.budget_title(d, k)) in seen_budget and k < 3:
                k += 1
            if t in seen_budget:
                t += "（更正）"
            seen_budget.add(t)
            budget.append((t, off))
        for t, off in budget:
            a = self.add(self.columns["czyjs"], t, off, self.generic_paras(t), topic="财政")
            a.attach_specs.append(("xls", a.title + "表", a.title,
                                   [["项目", "预算数（万元）"], ["一般公共预算收入", str(rng.randint(8000, 30000))],
                                    ["一般公共预算支出", str(rng.randint(9000, 32000))]]))
        simple("yjgl", [c.SHORT + t for t in [
            "突发事件总体应急预案", "防汛抗旱应急预案", "生产安全事故应急预案", "森林草原防火应急预案",
            "{y}年汛期气象灾害防御提示", "危险化学品事故应急演练顺利举行", "地震应急预案",
            "重污染天气应急预案", "应急避难场所名录", "突发环境事件应急预案"]], 12, 10, 40, topic="应急管理")
        simple("ghxx", [c.SHORT + t for t in [
            "国土空间规划（{y}-2035年）", "产业发展规划", "综合交通专项规划", "供热专项规划",
            "排水防涝专项规划", "绿地系统专项规划"]], 70, 30, 120, topic="城乡建设")
        # 统计信息: monthly, published on the 15th for the previous month.
        y, m = self.as_of.year, self.as_of.month
        if self.as_of.day <= 15:
            y, m = _months_back(y, m, 1)
        for k in range(14):
            py, pm = _months_back(y, m, k)
            ry, rm = _months_back(py, pm, 1)
            title = f"{c.SHORT}{ry}年{rm}月份主要经济指标"
            pub = dt.date(py, pm, 15)
            rows = [["指标", "本月", "同比增长（%）"],
                    ["规模以上工业总产值（亿元）", f"{rng.randint(20, 60)}.{rng.randint(0, 9)}",
                     f"{rng.randint(2, 15)}.{rng.randint(0, 9)}"],
                    ["固定资产投资（亿元）", f"{rng.randint(5, 25)}.{rng.randint(0, 9)}",
                     f"{rng.randint(1, 12)}.{rng.randint(0, 9)}"]]
            art = self.add(cols["tjxx"], title, (self.as_of - pub).days,
                           [f"{ry}年{rm}月份，{c.SHORT}主要经济指标运行情况如下表。"], topic="统计")
            art.extra_html = ('<table class="data-table" border="1" cellspacing="0">' + "".join(
                "<tr>" + "".join(f"<td>{L.e(v)}</td>" for v in row) + "</tr>" for row in rows) + "</table>\n")
            if k < 2:
                art.attach_specs.append(("xlsx", title, title, rows))
        kinds = ["采购意向公开", "中标（成交）结果公告", "竞争性磋商公告", "合同公告"]
        titles, seen = [], set()
        while len(titles) < 12:
            t = f"{rng.choice(c.PROJECTS)}配套工程{rng.choice(kinds)}"
            if t not in seen:
                seen.add(t)
                titles.append(t)
        for i, a in enumerate(simple("zfcg", titles, 6, 6, 25, topic="政府采购")):
            if i % 3 == 0:
                a.attach_specs.append(("pdf", a.title, a.title, ["采购人：" + c.SITE_NAME, "采购方式：公开招标"]))
        simple("rsxx", [c.SITE_NAME + "关于李卫东同志任职的通知", "{y}年公开招聘工作人员拟聘用人员名单",
                        "{y}年度公务员考核结果", c.SITE_NAME + "关于周文静同志任职的通知",
                        "{y}年公开招聘工作人员体检结果", c.SITE_NAME + "关于郑国强同志免职的通知"],
               35, 30, 90, topic="人事")
        simple("zdxm", [f"{p}项目批准和实施信息" for p in rng.sample(c.PROJECTS, 6)], 15, 20, 60, topic="重大项目")
        # 收费信息 (sfxx) stays empty on purpose (COL003).

        # 政府信息公开指南: the current edition and the one it replaced.
        for off in (200, 200 + rng.randint(500, 700)):
            yr = (self.as_of - dt.timedelta(days=off)).year
            self.add(cols["xxgkzn"], f"{c.SITE_NAME}政府信息公开指南（{yr}年修订）", off, [
                "为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
                "一、主动公开", "（一）公开的主要内容：机构职能、政策文件、财政预决算、统计信息等。",
                "（二）公开的方式：开发区门户网站政府信息公开专栏、政务新媒体、公开查阅点等。",
                "二、依申请公开", "（一）受理机构：" + c.OFFICE + "。",
                "（二）申请方式：当面申请、邮寄申请、网上申请。", "三、监督和救济",
                "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。",
            ], topic="综合政务")
        # 年报: one per year, published in January of the following year.
        last = self.as_of.year - 1
        if dt.date(last + 1, 1, 28) >= self.as_of:
            last -= 1
        for k in range(6):
            ry = last - k
            pub = dt.date(ry + 1, 1, rng.randint(15, 27))
            title = f"{c.SITE_NAME}{ry}年政府信息公开工作年度报告"
            art = self.add(cols["xxgknb"], title, (self.as_of - pub).days, [
                f"本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制。",
                "一、总体情况", f"{ry}年，{c.SITE_NAME}认真贯彻落实政府信息公开有关要求，持续加强主动公开工作。",
                "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
            ], topic="综合政务")
            art.attach_specs.append(("pdf", title, title, [f"{ry}年政府信息公开工作年度报告"]))
        for i, (title, paras) in enumerate([
            ("依申请公开政府信息指引", ["申请人可以通过当面、邮寄、网上等方式提出政府信息公开申请。",
                                  f"受理机构：{c.OFFICE}　地址：{c.ADDRESS}　电话：{c.PHONE}"]),
            ("政府信息公开申请表", ["请下载填写申请表，并附申请人身份证明复印件。"]),
            ("依申请公开办理流程", ["申请—登记—审查—答复。行政机关收到申请后，能够当场答复的当场答复；"
                              "不能当场答复的，自收到申请之日起20个工作日内予以答复。"]),
        ]):
            art = self.add(cols["ysqgk"], title, 300 + 10 * i, paras, topic="综合政务")
            if i == 1:
                art.attach_specs.append(("docx", "政府信息公开申请表", "政府信息公开申请表",
                                         ["申请人姓名：", "证件号码：", "联系电话：", "所需信息内容描述："]))
                art.attach_specs.append(("doc", "政府信息公开申请表（WPS版）", "政府信息公开申请表",
                                         ["申请人姓名：", "证件号码：", "联系电话：", "所需信息内容描述："]))

    def build_services(self) -> None:
        rng, cols = self.rng, self.columns
        for i, (item, off) in enumerate(zip(c.SERVICE_ITEMS, self.offsets(12, 30, 15, 60))):
            art = self.add(cols["bszn"], f"{item}办事指南", off, [
                f"一、事项名称：{item}", "二、办理依据：相关法律法规及规章。",
                "三、受理条件：申请材料齐全、符合法定形式。", "四、申请材料：申请表、营业执照复印件、其他相关材料。",
                f"五、办理时限：{rng.choice([3, 5, 7, 10])}个工作日。", "六、收费标准：不收费。",
                f"七、咨询电话：{c.PHONE}"])
            if i % 4 == 0:
                art.attach_specs.append(("doc", f"{item}申请表", f"{item}申请表", ["申请单位：", "联系人：", "联系电话："]))
        for topic, off in zip(rng.sample(c.LETTER_TOPICS, 10), self.offsets(10, 8, 6, 25)):
            title, paras = c.letter_item(rng, self.as_of - dt.timedelta(days=off), topic)
            self.add(cols["xjxd"], title, off, paras)
        for topic, off in zip(rng.sample(c.POLICY_TOPICS, 4), self.offsets(4, 40, 30, 90)):
            d = self.as_of - dt.timedelta(days=off)
            self.add(cols["yjzj"], f"关于公开征求《{c.SHORT}{topic[0]}（征求意见稿）》意见的公告", off, [
                f"为提高决策的科学性和透明度，现将《{c.SHORT}{topic[0]}（征求意见稿）》全文公布，公开征求社会各界意见。",
                f"征求意见时间：{c.cn_date(d)}至{c.cn_date(d + dt.timedelta(days=30))}。",
                f"意见反馈方式：请将意见建议发送至{c.OFFICE}，联系电话：{c.PHONE}。"])
        for i, off in enumerate(self.offsets(3, 50, 80, 120)):
            d = self.as_of - dt.timedelta(days=off)
            q = (d.month - 1) // 3 + 1
            title = (f"{c.SHORT}政务新媒体名录（{d.year}年{d.month}月更新）" if i != 1
                     else f"关于{d.year}年第{q}季度政务新媒体检查情况的通报")
            self.add(cols["zwxmt"], title, off, [
                f"根据政务新媒体管理有关要求，现将{c.SHORT}政务新媒体有关情况公布如下。",
                *[f"{n}（{p}）：{desc}" for n, p, _, desc in ACCOUNTS]])
        # The 优化营商环境 专题 quotes items of other columns, as TRS 专题 do.
        gz = self.columns["gzdt"].articles
        self.columns["yhyshj"].quoted = sorted(rng.sample(gz[:40], 8) + self.policies[:3],
                                               key=lambda a: a.when, reverse=True)

    # ---- numbering ---------------------------------------------------------------

    def number(self) -> None:
        """TRS doc ids grow with publication time; attachment names carry the date."""
        arts = [a for col in self.columns.values() for a in col.articles]
        arts.sort(key=lambda a: (a.when, a.col.path, a.title))
        docid = 5123400
        seq: dict[int, int] = {}
        for a in arts:
            docid += self.rng.randint(1, 37)
            a.docid = docid
            if a.col.xxgk:
                seq[a.when.year] = seq.get(a.when.year, 0) + 1
                a.index_no = f"{c.ORG_CODE}/{a.when.year}-{seq[a.when.year]:05d}"
            for ext, label, title, lines in a.attach_specs:
                name = f"P0{a.when:%Y%m%d}{self.rng.randrange(10 ** 11, 10 ** 12)}.{ext}"
                a.attachments.append(Attachment(name, f"{label}.{ext}", ext, title, lines))
        self.min_docid = arts[0].docid

    # ---- planted defects and decoys ------------------------------------------------

    def plant(self) -> None:
        gz = sorted(self.columns["gzdt"].articles, key=lambda a: a.when, reverse=True)
        tz = sorted(self.columns["tzgg"].articles, key=lambda a: a.when, reverse=True)
        newest_news, newest_notice, newest_policy = gz[0], tz[0], self.policies[0]
        gz_col = self.columns["gzdt"]
        last_page = (len(gz_col.articles) + gz_col.per_page - 1) // gz_col.per_page - 1
        # D04: an article links to an older article that was deleted.
        old = gz[-1].when - dt.timedelta(days=400)
        old_path = f"/xwzx/gzdt/{old:%Y%m}/t{old:%Y%m%d}_{self.min_docid - 4321}.html"
        old_text = f"{c.SHORT}首批标准化厂房交付使用"
        newest_news.extra_links.append(("相关链接", posixpath.relpath(old_path, newest_news.dir), old_text))
        newest_policy.attachments[0].missing = True  # D05
        newest_notice.attachments[0].missing = True  # D06
        jd_missing = self.policies[2]
        one_way = self.policies[6]
        no_number = self.policies[4]
        both = [self.policies[i] for i in (1, 3, 9)]
        czyjs_att = sorted(self.columns["czyjs"].articles, key=lambda a: a.when)[-1]
        live_pdf = self.policies[1]
        a = newest_policy.attachments[0]
        n = newest_notice.attachments[0]

        def dead(status=None, text=None) -> dict:
            ev = {"outcome": "dead"}
            if status is not None:
                ev["status"] = status
            if text is not None:
                ev["link_text"] = text
            return ev

        self.defects = [
            {"id": "D01", "rule": "LNK001", "url": "/", "target": DEAD_HOME,
             "evidence": dead(404, "党史学习教育"), "note": "homepage 专题专栏 links a removed 专题 (404)"},
            {"id": "D02", "rule": "LNK001", "url": "/zwfw/index.html", "target": GONE_ZWFW,
             "evidence": dead(410, "旧版网上办事系统"), "note": "retired system answers 410 Gone"},
            {"id": "D03", "rule": "LNK001", "url": "/hdjl/index.html", "target": BROKEN_HDJL,
             "evidence": dead(500, "在线访谈"), "note": "broken 在线访谈 system answers 500"},
            {"id": "D04", "rule": "LNK001", "url": newest_news.path, "target": old_path,
             "evidence": dead(404, old_text), "note": "newest 工作动态 article links a deleted article (404)"},
            {"id": "D05", "rule": "LNK002", "url": newest_policy.path, "target": newest_policy.dir + a.filename,
             "evidence": dead(404, a.label), "note": "policy attachment missing on the server"},
            {"id": "D06", "rule": "LNK002", "url": newest_notice.path, "target": newest_notice.dir + n.filename,
             "evidence": dead(404, n.label), "note": "notice form (.doc) missing on the server"},
            {"id": "D07", "rule": "LNK003", "url": "/hdjl/index.html", "target": DEAD_EXTERNAL,
             "evidence": dead(None, "网上信访"), "note": "external system on a closed loopback port: connection refused"},
            {"id": "D08", "rule": "COL001", "url": "/xxgk/index.html",
             "evidence": {"column": "政府信息公开制度"}, "note": "专栏 has no 政府信息公开制度 column"},
            {"id": "D09", "rule": "COL002", "url": self.columns["tzgg"].url,
             "evidence": {"column": "通知公告", "days_since": (self.as_of - newest_notice.date).days},
             "note": f"newest 通知公告 is dated {newest_notice.date.isoformat()}, > 6 months before as_of"},
            {"id": "D10", "rule": "COL003", "url": self.columns["sfxx"].url,
             "evidence": {"column": "收费信息", "placeholder": "暂无信息"}, "note": "empty column showing 暂无信息"},
            {"id": "D11", "rule": "JD001", "url": jd_missing.path,
             "evidence": {"doc_number": jd_missing.doc_number},
             "note": f"policy 《{jd_missing.title}》 has no 解读 in either direction"},
            {"id": "D12", "rule": "IDN001", "url": "/",
             "evidence": {"identifier": "网站标识码"}, "note": "homepage footer template lacks 网站标识码 "
                                                          "(inner pages and the SiteIDCode meta have it)"},
        ]
        self.correct = [
            {"url": "/", "rules": ["COL003"], "note": "the homepage is not a column"},
            {"url": self.columns["gzdt"].url, "rules": ["COL002", "COL003"],
             "note": f"newest item {newest_news.date.isoformat()} ({(self.as_of - newest_news.date).days} day(s) before as_of)"},
            {"url": f"{gz_col.path}index_{last_page}.html", "rules": ["COL002", "COL003"],
             "note": "last paging page of 工作动态: merged into the column, never judged alone"},
            {"url": self.columns["zcwj"].url, "rules": ["COL002", "COL003"],
             "note": f"newest policy {newest_policy.date.isoformat()} ({(self.as_of - newest_policy.date).days} days before as_of)"},
            {"url": self.columns["zcjd"].url, "rules": ["COL003"],
             "note": "GBK column list (meta charset gb2312) with items"},
            {"url": ZWXMT_URL, "rules": ["COL003"], "note": "accounts table plus a list of items"},
            *[{"url": p.path, "rules": ["JD001"], "note": "policy with 解读, linked both ways"} for p in both],
            {"url": one_way.path, "rules": ["JD001"],
             "note": "policy page has no 解读 link; its GBK 解读 page links to it"},
            {"url": no_number.path, "rules": ["JD001"], "note": "no 文号: not a 规范性文件"},
            {"url": self.interpretations[1][0].path, "rules": ["JD001"],
             "note": "a GBK 解读 page quoting the policy's 文号 in its text; not a policy"},
            {"target": REDIRECT_301, "rules": ["LNK001"], "note": "301 to /zwfw/index.html (linked from the homepage)"},
            {"target": CHAIN_START, "rules": ["LNK001"],
             "note": "301 then 302 to /xxgk/index.html (linked from /wzdt.html)"},
            {"target": czyjs_att.dir + czyjs_att.attachments[0].filename, "rules": ["LNK002"],
             "note": "HEAD answers 405, GET 200 (HEAD refused under " + HEAD_405_PREFIX + ")"},
            {"target": live_pdf.dir + live_pdf.attachments[0].filename, "rules": ["LNK002"], "note": "live pdf"},
            {"target": "http://www.gov.cn/", "rules": ["LNK003"],
             "note": "external host not allowed by a loopback profile: skipped, never requested"},
            {"target": "http://www.example-city.gov.cn/", "rules": ["LNK003"], "note": "as above"},
        ]
        self.fixtures = {
            "redirect_301": [REDIRECT_301, "/zwfw/index.html"],
            "redirect_chain": [CHAIN_START, "/zwgk/index.shtml", "/xxgk/index.html"],
            "redirect_loop": list(LOOP),
            "head_not_allowed": czyjs_att.dir + czyjs_att.attachments[0].filename,
            "gbk_prefix": self.columns["zcjd"].path,
            "gbk_page": self.interpretations[1][0].path,
            "gbk_text": c.INTERPRETER,
            "jd_one_way": one_way.path,
            "status_410": GONE_ZWFW,
            "status_500": BROKEN_HDJL,
            "missing_404": DEAD_HOME,
        }

    # ---- rendering ---------------------------------------------------------------

    def base_meta(self) -> list[tuple[str, str]]:
        return [("SiteName", c.SITE_NAME), ("SiteDomain", c.SITE_DOMAIN), ("SiteIDCode", c.SITE_ID_CODE)]

    def column_meta(self, name: str, ctype: str) -> list[tuple[str, str]]:
        return self.base_meta() + [("ColumnName", name), ("ColumnType", ctype),
                                   ("ColumnDescription", f"{c.SITE_NAME}{name}"),
                                   ("ColumnKeywords", f"{name},{c.SHORT}")]

    def put(self, path: str, html: str, encoding: str = "utf-8") -> None:
        rel = path.lstrip("/") or "index.html"
        if rel.endswith("/"):
            rel += "index.html"
        self.files[rel] = html.encode(encoding)  # strict: a character GBK lacks is a generator bug

    def side_entries(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        subs = [(col.name, col.url) for col in self.columns.values() if col.path.startswith("/xxgk/fdzdgknr/")]
        cols = self.columns
        return [(cols["xxgkzn"].name, cols["xxgkzn"].url, []), (FDZD[0], FDZD[1], subs),
                (cols["xxgknb"].name, cols["xxgknb"].url, []), (cols["ysqgk"].name, cols["ysqgk"].url, [])]

    def render_column(self, col: Column) -> None:
        items = sorted(col.articles + col.quoted, key=lambda a: (a.when, a.docid), reverse=True)
        chunks = [items[i:i + col.per_page] for i in range(0, len(items), col.per_page)] or [[]]
        ctype = "信息公开" if col.xxgk else "新闻"
        for idx, chunk in enumerate(chunks):
            body = [L.breadcrumb(col.trail + [(col.name, col.url)], col.style)]
            if col.side:
                body.append(L.side_nav(self.side_entries(), col.url))
                body.append('<div class="right-box">\n')
            body.append(f'<div class="col-title"><h2>{L.e(col.name)}</h2></div>\n')
            if idx == 0 and col.intro:
                body.append(col.intro)
            if chunk:
                body.append(L.list_items([(a.href_from(col.path), a.title, fmt_date(a.date, col.date_fmt))
                                          for a in chunk], col.truncate))
            else:
                body.append('<div class="list-box"><div class="nodata">暂无信息</div></div>\n')
            body.append(L.paging(idx, len(chunks)))
            if col.side:
                body.append("</div>\n")
            name = "index.html" if idx == 0 else f"index_{idx}.html"
            self.put(col.path + name, L.page(f"{col.name}_{c.SITE_NAME}", self.column_meta(col.name, ctype),
                                             col.encoding, '<div class="main">\n' + "".join(body) + "</div>\n"),
                     col.encoding)

    def render_article(self, a: Article) -> None:
        col = a.col
        meta = self.base_meta() + [
            ("ColumnName", col.name), ("ArticleTitle", a.title), ("PubDate", f"{a.when:%Y-%m-%d %H:%M}"),
            ("ContentSource", a.source), ("Keywords", f"{col.name},{c.SHORT}"),
            ("Description", (a.paras[a.centered] if len(a.paras) > a.centered else a.title)[:60]),
        ]
        body = [L.breadcrumb(col.trail + [(col.name, col.url)], col.style, last_linked=True),
                '<div class="main">\n<div class="article">\n']
        if col.xxgk:
            body.append(L.xxgk_table([
                [("索 引 号：", a.index_no), ("主题分类：", a.topic)],
                [("发布机构：", c.SITE_NAME), ("成文日期：", c.cn_date(a.written or a.date))],
                [("名　　称：", a.title)],
                *([] if col.no_summary else [[("内容概述：", self.summary(a))]]),
                [("文　　号：", a.doc_number), ("发布日期：", c.cn_date(a.date))],
                [("有 效 性：", a.validity), ("废止日期：", "")],
            ]))
        body.append(f'<h1 class="article-title">{L.e(a.title)}</h1>\n')
        body.append(f'<div class="article-info"><span>发布时间：{a.when:%Y-%m-%d %H:%M}</span>　'
                    f'<span>来源：{L.e(a.source)}</span>　<span>字号：<a href="javascript:doZoom(16)">大</a> '
                    '<a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a></span></div>\n')
        body.append('<div class="TRS_Editor" id="zoom">\n' + L.paragraphs(a.paras, a.centered) + "\n"
                    + a.extra_html + "</div>\n")
        if a.attachments:
            links = "".join(f'<p><a href="./{x.filename}" target="_blank">{L.e(x.label)}</a></p>'
                            for x in a.attachments)
            body.append(f'<div class="fj"><p>附件：</p>{links}</div>\n')
        for heading, targets in a.related:
            links = "".join(f'<p><a href="{t.href_from(a.dir)}" target="_blank">{L.e(t.title)}</a></p>'
                            for t in sorted(targets, key=lambda t: t.docid))
            body.append(f'<div class="related"><h3>{L.e(heading)}</h3>{links}</div>\n')
        for heading, href, text in a.extra_links:
            body.append(f'<div class="related"><h3>{L.e(heading)}</h3>'
                        f'<p><a href="{href}" target="_blank">{L.e(text)}</a></p></div>\n')
        body.append('<div class="article-tools"><a href="javascript:window.print();">【打印本页】</a> '
                    '<a href="javascript:window.close();">【关闭窗口】</a></div>\n</div>\n</div>\n')
        self.put(a.path, L.page(f"{a.title}_{col.name}_{c.SITE_NAME}", meta, col.encoding, "".join(body)),
                 col.encoding)

    @staticmethod
    def summary(a: Article) -> str:
        """The 内容概述 of a 目录 entry: its first body paragraph, shortened."""
        text = a.paras[a.centered] if len(a.paras) > a.centered else a.title
        return text if len(text) <= 60 else text[:59] + "…"

    def latest(self, keys: list[str], n: int) -> list[Article]:
        arts = [a for k in keys for a in self.columns[k].articles]
        return sorted(arts, key=lambda a: (a.when, a.docid), reverse=True)[:n]

    def root_list(self, arts: list[Article], fmt: str = "dash", truncate: int | None = None) -> str:
        return L.list_items([(a.path, a.title, fmt_date(a.date, fmt)) for a in arts], truncate)

    def render_home(self) -> None:
        cols = self.columns

        def block(title: str, more: str, inner: str, cls: str) -> str:
            return (f'<div class="{cls}">\n<div class="hd"><h3><a href="{more}">{title}</a></h3>'
                    f'<a class="more" href="{more}">更多&gt;&gt;</a></div>\n{inner}</div>\n')

        def home_list(arts: list[Article]) -> str:
            rows = "".join(f'<li><span class="date">[{a.when:%m-%d}]</span><a href="{a.path}" '
                           f'title="{L.e(a.title)}" target="_blank">{L.e(a.title)}</a></li>\n' for a in arts)
            return f'<ul class="news-list">\n{rows}</ul>\n'

        accounts = "".join(f'<li><a href="{u}">{L.e(n)}（{p}）</a></li>' for n, p, u, _ in ACCOUNTS)
        body = "".join([
            '<div class="main home">\n',
            block("工作动态", cols["gzdt"].url, home_list(self.latest(["gzdt"], 8)), "box news"),
            block("通知公告", cols["tzgg"].url, home_list(self.latest(["tzgg"], 7)), "box notice"),
            block("政策文件", cols["zcwj"].url, home_list(self.latest(["zcwj"], 6)), "box policy"),
            block("政策解读", cols["zcjd"].url, home_list(self.latest(["zcjd"], 5)), "box jd"),
            '<div class="box ztzl">\n<div class="hd"><h3>专题专栏</h3></div>\n<ul>'
            f'<li><a href="{cols["yhyshj"].url}">优化营商环境</a></li>'
            f'<li><a href="{DEAD_HOME}">党史学习教育</a></li>'
            + "".join(f'<li><a href="{u}">{L.e(t)}</a></li>' for u, t in self.home_ztzl_links) + '</ul>\n</div>\n',
            '<div class="box zwfw">\n<div class="hd"><h3>政务服务</h3></div>\n<ul>'
            f'<li><a href="{REDIRECT_301}">网上办事大厅</a></li>'
            f'<li><a href="{cols["bszn"].url}">办事指南</a></li>'
            f'<li><a href="{cols["ysqgk"].url}">依申请公开</a></li></ul>\n</div>\n',
            '<div class="box hdjl">\n<div class="hd"><h3>互动交流</h3></div>\n<ul>'
            f'<li><a href="{cols["xjxd"].url}">信件选登</a></li>'
            f'<li><a href="{cols["yjzj"].url}">意见征集</a></li></ul>\n</div>\n',
            f'<div class="box xmt">\n<div class="hd"><h3><a href="{ZWXMT_URL}">政务新媒体</a></h3></div>\n'
            f"<ul>{accounts}</ul>\n</div>\n",
            "</div>\n",
        ])
        meta = self.base_meta() + [("Keywords", f"{c.SHORT},管委会,政务公开,政务服务"),
                                   ("Description", f"{c.SITE_NAME}门户网站")]
        self.put("/index.html", L.page(c.SITE_NAME, meta, "utf-8", body, home=True))

    def render_landing(self, path: str, name: str, trail: list[tuple[str, str]], inner: str,
                       side: bool = False, style: str = "plain") -> None:
        body = [L.breadcrumb(trail + [(name, path)], style)]
        if side:
            body += [L.side_nav(self.side_entries(), path), '<div class="right-box">\n']
        body.append(f'<div class="col-title"><h2>{L.e(name)}</h2></div>\n{inner}')
        if side:
            body.append("</div>\n")
        self.put(path, L.page(f"{name}_{c.SITE_NAME}", self.column_meta(name, "栏目首页"), "utf-8",
                              '<div class="main">\n' + "".join(body) + "</div>\n"))

    def render_landings(self) -> None:
        cols = self.columns
        fd_keys = [k for k, col in cols.items() if col.path.startswith("/xxgk/fdzdgknr/")]
        xxgk_keys = [k for k, col in cols.items() if col.xxgk]
        # 政府信息公开 专栏: four of the five standard first-level columns (制度 omitted: COL001).
        sub_links = "".join(f'<li><a href="{cols[k].url}">{L.e(cols[k].name)}</a></li>' for k in fd_keys)
        blocks = [
            f'<div class="xxgk-block"><h3><a href="{cols["xxgkzn"].url}">政府信息公开指南</a></h3>'
            f'<p>{L.e(c.SITE_NAME)}政府信息公开指南，介绍主动公开和依申请公开的方式与途径。</p></div>\n',
            f'<div class="xxgk-block"><h3><a href="{FDZD[1]}">法定主动公开内容</a></h3>'
            f'<ul class="sub-cols">{sub_links}</ul></div>\n',
            f'<div class="xxgk-block"><h3><a href="{cols["xxgknb"].url}">政府信息公开年报</a></h3>'
            '<p>历年政府信息公开工作年度报告。</p></div>\n',
            f'<div class="xxgk-block"><h3><a href="{cols["ysqgk"].url}">依申请公开</a></h3>'
            '<p>申请指引、申请表下载及办理流程。</p></div>\n',
            *self.xxgk_blocks,
        ]
        self.render_landing(XXGK[1], XXGK[0], [], "".join(blocks) + '<h3 class="sub-title">最新公开信息</h3>\n'
                            + self.root_list(self.latest(xxgk_keys, 10)), style="xxgk")
        self.render_landing(FDZD[1], FDZD[0], [XXGK], f'<ul class="sub-cols">{sub_links}</ul>\n'
                            + self.root_list(self.latest(fd_keys, 12)), side=True, style="xxgk")
        self.render_landing(XWZX[1], XWZX[0], [], "".join([
            f'<div class="box"><h3><a href="{cols["gzdt"].url}">工作动态</a></h3>',
            self.root_list(self.latest(["gzdt"], 10)), f'<a class="more" href="{cols["gzdt"].url}">更多</a></div>\n',
            f'<div class="box"><h3><a href="{cols["tzgg"].url}">通知公告</a></h3>',
            self.root_list(self.latest(["tzgg"], 8)), f'<a class="more" href="{cols["tzgg"].url}">更多</a></div>\n',
        ]), style="news")
        self.render_landing(ZWFW[1], ZWFW[0], [], "".join([
            '<ul class="quick">',
            f'<li><a href="{cols["bszn"].url}">办事指南</a></li>',
            f'<li><a href="{cols["ysqgk"].url}">依申请公开</a></li>',
            f'<li><a href="{GONE_ZWFW}">旧版网上办事系统</a></li>',
            "</ul>\n",
            self.root_list(self.latest(["bszn"], 8)),
        ]))
        self.render_landing(HDJL[1], HDJL[0], [], "".join([
            '<ul class="quick">',
            f'<li><a href="{cols["xjxd"].url}">信件选登</a></li>',
            f'<li><a href="{cols["yjzj"].url}">意见征集</a></li>',
            f'<li><a href="{BROKEN_HDJL}">在线访谈</a></li>',
            f'<li><a href="{DEAD_EXTERNAL}" target="_blank">网上信访</a></li>',
            "</ul>\n",
            self.root_list(self.latest(["xjxd", "yjzj"], 10)),
        ]))

    def render_accounts(self) -> None:
        rows = "".join(
            f'<tr><td>{i}</td><td><a href="{u}">{L.e(n)}</a></td><td>{p}</td><td>{L.e(c.SITE_NAME)}</td>'
            f'<td>{L.e(desc)}</td></tr>\n' for i, (n, p, u, desc) in enumerate(ACCOUNTS, start=1))
        self.columns["zwxmt"].intro = (
            '<table class="xmt-table" border="1" cellspacing="0">\n'
            "<tr><th>序号</th><th>账号名称</th><th>平台</th><th>主办单位</th><th>功能定位</th></tr>\n"
            f"{rows}</table>\n<h3 class=\"sub-title\">政务新媒体管理</h3>\n")
        gz = self.latest(["gzdt"], 15)
        for n, p, u, desc in ACCOUNTS:
            posts = self.rng.sample(gz, 5)
            if gz[0] not in posts:  # every account posted recently (NM002: within 14 days)
                posts = [gz[0]] + posts[:4]
            posts = sorted(posts, key=lambda a: a.when, reverse=True)
            body = "".join([
                L.breadcrumb([("政务新媒体", ZWXMT_URL), (n, u)], "plain"),
                '<div class="main">\n<div class="xmt-account">\n',
                f'<h2 class="account-name">{L.e(n)}</h2>\n',
                f'<p class="platform">平台：{p}</p>\n<p class="owner">主办单位：{L.e(c.SITE_NAME)}</p>\n',
                f'<p class="desc">功能介绍：{L.e(desc)}</p>\n',
                '<p class="interact">互动功能：留言　评论　私信</p>\n<h3>最新发布</h3>\n',
                self.root_list(posts), "</div>\n</div>\n",
            ])
            meta = self.base_meta() + [("ColumnName", "政务新媒体")]
            self.put(u, L.page(f"{n}（{p}）_{c.SITE_NAME}", meta, "utf-8", body))

    def render_misc(self) -> None:
        cols = self.columns
        groups = [("政府信息公开", [XXGK, FDZD] + [(col.name, col.url) for col in cols.values() if col.xxgk]),
                  ("新闻中心", [XWZX, (cols["gzdt"].name, cols["gzdt"].url), (cols["tzgg"].name, cols["tzgg"].url)]),
                  ("政务服务", [ZWFW, (cols["bszn"].name, cols["bszn"].url)]),
                  ("互动交流", [HDJL, (cols["xjxd"].name, cols["xjxd"].url), (cols["yjzj"].name, cols["yjzj"].url)]),
                  ("其他", [("政务新媒体", ZWXMT_URL), ("优化营商环境", cols["yhyshj"].url),
                          ("政务公开（旧版入口）", CHAIN_START)])]
        sections = "".join(
            f'<div class="map-group"><h3>{g}</h3><ul>'
            + "".join(f'<li><a href="{u}">{L.e(n)}</a></li>' for n, u in links) + "</ul></div>\n"
            for g, links in groups)
        meta = self.base_meta()
        self.put("/wzdt.html", L.page(f"网站地图_{c.SITE_NAME}", meta, "utf-8",
                                      L.breadcrumb([("网站地图", None)], "plain")
                                      + f'<div class="main sitemap">\n{sections}</div>\n'))
        self.put("/lxwm.html", L.page(f"联系我们_{c.SITE_NAME}", meta, "utf-8",
                                      L.breadcrumb([("联系我们", None)], "plain")
                                      + '<div class="main contact">\n'
                                      + f"<p>单位名称：{c.SITE_NAME}</p>\n<p>地址：{c.ADDRESS}</p>\n"
                                      + f"<p>联系电话：{c.PHONE}</p>\n<p>办公时间：工作日 8:30-11:30，13:30-17:00</p>\n"
                                      + "</div>\n"))
        self.files["css/style.css"] = L.CSS.encode("utf-8")
        self.files["robots.txt"] = b"User-agent: *\nDisallow: /was5/\n"

    def render_attachments(self) -> None:
        for col in self.columns.values():
            for a in col.articles:
                for x in a.attachments:
                    if x.missing:
                        continue
                    if x.ext == "pdf":
                        data = docfiles.make_pdf(x.title, [str(v) for v in x.lines])
                    elif x.ext == "doc":
                        data = docfiles.make_doc(x.title, [str(v) for v in x.lines])
                    elif x.ext == "docx":
                        data = docfiles.make_docx(x.title, [str(v) for v in x.lines])
                    elif x.ext == "xls":
                        data = docfiles.make_xls(x.title[:31], x.lines)
                    else:
                        data = docfiles.make_xlsx(x.title[:31], x.lines)
                    self.files[(a.dir + x.filename).lstrip("/")] = data

    def build(self) -> None:
        self.build_columns()
        self.build_news()
        self.build_policies()
        self.build_xxgk()
        self.build_services()
        self.number()
        self.plant()
        catalogue_section.plant(self)  # issue 4: content for the statutory rule catalogue, planted defects
        documents_section.plant(self)  # issue 6: 年报 tables, attachments of every type, PII lists
        service_section.plant(self)  # search, forms, 第二十六条, 互动, 办事指南: planted defects
        extra_section.plant(self)  # 解读比例 (JD007) and 申请表 contents (AP005): a title-matched 图解 decoy
        self.render_accounts()
        for col in self.columns.values():
            self.render_column(col)
            for a in col.articles:
                self.render_article(a)
        self.render_home()
        self.render_landings()
        self.render_misc()
        self.render_attachments()
        service_section.finish(self)  # pages that are forms and tables, 专栏 header without search

    def truth(self) -> dict:
        html = sum(1 for k in self.files if k.endswith(".html"))
        return {
            "site": SITE_KEY,
            "site_name": c.SITE_NAME,
            "as_of": self.as_of.isoformat(),
            "start_path": START_PATH,
            "defects": self.defects,
            "correct": self.correct,
            "fixtures": self.fixtures,
            "stats": {"html_pages": html, "files": len(self.files)},
        }


def generate(out_dir: Path, as_of: dt.date) -> Path:
    """Write the portal to out_dir/site and its ground truth to out_dir/truth.json."""
    out_dir = Path(out_dir)
    b = _Builder(as_of)
    b.build()
    site = out_dir / SITE_DIR
    if site.exists():
        shutil.rmtree(site)  # a previous as_of would leave stale article pages behind
    for rel in sorted(b.files):
        p = site / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b.files[rel])
    (site / "_routes.json").write_text(json.dumps(b.routes, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")
    (out_dir / TRUTH_FILE).write_text(json.dumps(b.truth(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.kfq",
                                 description="Generate the 白鹭湖经济开发区 sample portal.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(),
                    help="audit date the site's dates are relative to (YYYY-MM-DD, default today)")
    args = ap.parse_args(argv)
    out = generate(args.out_dir, args.as_of)
    truth = json.loads((out / TRUTH_FILE).read_text("utf-8"))
    print(f"{out / SITE_DIR}: {truth['stats']['html_pages']} html pages, {len(truth['defects'])} planted defects")
    return 0
