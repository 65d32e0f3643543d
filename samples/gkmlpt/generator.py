"""Generate the 青榕区人民政府 sample portal: a fictional district site whose 政府信息公开目录 is
a Guangdong gkmlpt platform and whose other lists are built in the browser from JSON.

* ``/gkmlpt/index``: the HTML holds only a script, an empty ``<div id="app">`` and
  ``window._CONFIG = {SID: '…', TREE: [...]}``; each column's list comes from
  ``/gkmlpt/api/all/{id}?page=N&sid=SID`` → ``{"total", "classify": {"post_count"},
  "articles": [{"id", "title", "url", "created_at", "display_publish_time"}]}`` (20 a page).
* ``/zwgk/tzgg/index.html`` (通知公告): a Vue-style shell that fetches
  ``/api/cms/articles?channelId=tzgg&pageNo=N&pageSize=10`` → ``{"code": 200, "data":
  {"records": [{"wzbt", "lj", "fbrq" (epoch ms)}], "total", "pages", "current", "size"}}``
  and draws rows without links (onclick), so only the JSON shows the list.
* ``/zwgk/bmdt/index.html`` (部门动态): another shell, POST ``/api/info/list`` with the JSON body
  ``{"catId": "bmdt", "pageNum": N, "pageSize": 5}`` → ``{"rows": [{"name", "linkUrl",
  "publishTime": "YYYY/MM/DD HH:MM:SS"}], "total"}``.

Every date is relative to ``as_of``; the same ``as_of`` gives byte-identical output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path

SITE_DIR = "site"
TRUTH_FILE = "truth.json"
DATA_FILE = "_api.json"  # the APIs' data, read by samples.gkmlpt.server (linked from nowhere)
SITE_NAME = "青榕区人民政府"
SID = "440399"
PAGE_SIZE = 20  # gkmlpt articles per API page
_CN_TZ = dt.timezone(dt.timedelta(hours=8))


def e(s: str) -> str:
    return html.escape(s, quote=True)


@dataclass
class Post:
    id: int
    title: str
    when: dt.datetime
    column: str
    body: str = ""
    doc_number: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (text, href)
    exists: bool = True

    @property
    def path(self) -> str:
        return f"/gkmlpt/content/0/{self.id // 1000}/post_{self.id}.html"


FOOTER = ('<div class="footer"><p>主办单位：青榕区人民政府办公室　承办：青榕区政务服务数据管理局</p>'
          '<p>网站标识码：4403990001　<span>粤ICP备20260001号</span>　'
          '<span>粤公网安备 44039902000001号</span></p></div>')


def page(title: str, body: str, *, meta: dict[str, str] | None = None, scripts: str = "") -> str:
    tags = "".join(f'<meta name="{e(k)}" content="{e(v)}">\n' for k, v in {
        "SiteName": SITE_NAME, "SiteDomain": "127.0.0.1", "SiteIDCode": "4403990001", **(meta or {})}.items())
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
            f"<title>{e(title)}</title>\n{tags}</head>\n<body>\n"
            '<div class="header"><a href="/">青榕区人民政府门户网站</a></div>\n'
            '<div class="nav"><a href="/">首页</a> <a href="/gkmlpt/index">政府信息公开</a> '
            '<a href="/zwgk/tzgg/index.html">通知公告</a> <a href="/zwgk/bmdt/index.html">部门动态</a></div>\n'
            f"{body}\n{FOOTER}\n{scripts}</body></html>\n")


class Builder:
    def __init__(self, root: Path, as_of: dt.date):
        self.root = root
        self.as_of = as_of
        self.noon = dt.datetime.combine(as_of, dt.time(10, 0), _CN_TZ)
        self.next_id = 800100

    def ago(self, days: int, hour: int = 0) -> dt.datetime:
        return self.noon - dt.timedelta(days=days, hours=hour)

    def put(self, path: str, text: str) -> None:
        target = self.root / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")

    def post(self, title: str, days: int, column: str, **kw) -> Post:
        self.next_id += 1
        return Post(self.next_id, title, self.ago(days, hour=self.next_id % 5), column, **kw)


def _article(p: Post) -> str:
    info = ""
    if p.doc_number:
        info = ('<table class="xxgk_table"><tr><td>索 引 号：</td><td>11440399MB2C' + f"{p.id}" + '/2026-00001</td>'
                f'<td>发布机构：</td><td>{SITE_NAME}</td></tr><tr><td>名　　称：</td><td colspan="3">{e(p.title)}</td></tr>'
                f'<tr><td>文　　号：</td><td>{e(p.doc_number)}</td><td>成文日期：</td><td>{p.when:%Y-%m-%d}</td></tr>'
                f'<tr><td>有 效 性：</td><td>有效</td><td>发布日期：</td><td>{p.when:%Y-%m-%d}</td></tr></table>\n')
    links = "".join(f'<p><a href="{e(h)}">{e(t)}</a></p>' for t, h in p.links)
    body = (f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/gkmlpt/index">信息公开目录</a></div>\n'
            f'<div class="article">{info}<h1>{e(p.title)}</h1>\n'
            f'<div class="info">发布日期：{p.when:%Y-%m-%d %H:%M}　来源：{SITE_NAME}</div>\n'
            f'<div class="content"><p>{e(p.body or p.title + "。现予公布，请认真贯彻执行。")}</p>{links}</div></div>')
    return page(f"{p.title}-{SITE_NAME}", body, meta={"ArticleTitle": p.title,
                                                      "PubDate": f"{p.when:%Y-%m-%d %H:%M}"})


def _api_article(p: Post) -> dict:
    return {"id": p.id, "title": p.title, "url": f"/gkmlpt/content/0/{p.id // 1000}/post_{p.id}.html",
            "post_url": f"/gkmlpt/content/0/{p.id // 1000}/post_{p.id}.html",
            "created_at": f"{p.when:%Y-%m-%d %H:%M:%S}", "display_publish_time": int(p.when.timestamp()),
            "document_number": p.doc_number, "publisher": SITE_NAME}


GKMLPT_SHELL = """<div id="app"></div>
<script>window._CONFIG = {{
  SID: '{sid}',
  TITLE: '{site}政府信息公开目录',
  TREE: {tree},
  SERVICE_AREA_ID: 0
}};</script>
<script src="/gkmlpt/gkml/pc/js/app.js"></script>"""

GKMLPT_APP_JS = """(function () {
  var cfg = window._CONFIG, app = document.getElementById('app');
  function show(id) {
    fetch('/gkmlpt/api/all/' + id + '?page=1&sid=' + cfg.SID).then(function (r) { return r.json(); })
      .then(function (d) {
        app.innerHTML = d.articles.map(function (a) {
          return '<div class="row" data-href="' + a.url + '">' + a.title + '</div>';
        }).join('');
      });
  }
  show((location.hash || '#0').slice(1));
})();
"""

VUE_SHELL = """<div class="position">当前位置：<a href="/">首页</a> &gt; {name}</div>
<div id="app"><ul class="list" id="list"></ul><div class="pager" id="pager"></div></div>
<script>
(function () {{
  var list = document.getElementById('list');
  function load(n) {{
    fetch({request})
      .then(function (r) {{ return r.json(); }})
      .then(function (d) {{
        var rows = {rows};
        list.innerHTML = rows.map(function (x) {{
          return '<li onclick="location.href=\\'' + x.{url} + '\\'"><span class="t">' + x.{title} +
                 '</span><span class="d">' + {date} + '</span></li>';
        }}).join('');
      }});
  }}
  load(1);
}})();
</script>"""


def generate(out: Path, as_of: dt.date) -> Path:
    out = Path(out)
    root = out / SITE_DIR
    b = Builder(root, as_of)

    # ---- gkmlpt columns (adapter path)
    gzdt = [b.post(f"青榕区召开第{i + 1}次重点项目推进会", 1 + i * 2, "工作动态") for i in range(25)]
    gzdt[22].exists = False  # page 2 of the API: the article was deleted (planted dead link)
    gsgg = [b.post(t, d, "公示公告") for t, d in (("青榕区2026年第一批就业补贴名单公示", 200),
                                               ("关于青榕区城市更新单元计划的公告", 230),
                                               ("青榕区行政事业单位资产处置公示", 260))]
    interp = b.post("《青榕区促进先进制造业发展若干措施》政策解读", 9, "政策解读")
    policy_ok = b.post("青榕区人民政府关于印发《青榕区促进先进制造业发展若干措施》的通知", 10, "政策文件",
                       doc_number="青府〔2026〕12号", links=(("政策解读：" + interp.title, interp.path),))
    interp.links = (("相关文件：" + policy_ok.title, policy_ok.path),)
    policy_bad = b.post("青榕区人民政府关于印发《青榕区城市管理精细化实施办法》的通知", 20, "政策文件",
                        doc_number="青府〔2026〕15号")
    zcwj = [policy_ok, policy_bad]
    zd = [b.post("青榕区政府信息公开工作制度", 400, "政府信息公开制度")]
    nb = [b.post(f"青榕区人民政府{as_of.year - 1}年政府信息公开工作年度报告",
                 max(1, (as_of - dt.date(as_of.year, 1, 20)).days) if as_of >= dt.date(as_of.year, 1, 20) else 30,
                 "政府信息公开年报")]
    tree = [
        {"id": 1, "name": "政府信息公开指南", "jump_url": "/zwgk/gkzn/index.html", "children": []},
        {"id": 2, "name": "政府信息公开制度", "jump_url": "", "children": []},
        {"id": 3, "name": "法定主动公开内容", "jump_url": "", "children": [
            {"id": 31, "name": "工作动态", "jump_url": "", "children": []},
            {"id": 32, "name": "公示公告", "jump_url": "", "children": []},
            {"id": 33, "name": "政策文件", "jump_url": "", "children": []},
            {"id": 34, "name": "政策解读", "jump_url": "", "children": []},
            {"id": 35, "name": "重大建设项目", "jump_url": "", "children": []},
        ]},
        {"id": 4, "name": "政府信息公开年报", "jump_url": "", "children": []},
        {"id": 5, "name": "依申请公开", "jump_url": "/zwgk/ysqgk/index.html", "children": []},
    ]
    columns = {2: zd, 31: gzdt, 32: gsgg, 33: zcwj, 34: [interp], 35: [], 4: nb}
    api = {"gkmlpt": {str(k): [_api_article(p) for p in sorted(v, key=lambda p: p.when, reverse=True)]
                      for k, v in columns.items()}}
    shell = GKMLPT_SHELL.format(sid=SID, site=SITE_NAME, tree=json.dumps(tree, ensure_ascii=False, indent=1))
    b.put("/gkmlpt/index.html", page(f"政府信息公开目录-{SITE_NAME}", shell))
    b.put("/gkmlpt/gkml/pc/js/app.js", GKMLPT_APP_JS)
    for p in [*gzdt, *gsgg, *zcwj, interp, *zd, *nb]:
        if p.exists:
            b.put(p.path, _article(p))

    # ---- JSON-built lists elsewhere (generic path)
    tzgg = [b.post(f"关于做好{m}月份安全生产检查工作的通知（第{i + 1}号）", 2 + i * 3, "通知公告")
            for i, m in enumerate([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])]
    tzgg[21].exists = False  # on the API's page 3 only: a deleted notice (planted dead link)
    bmdt = [b.post(f"区{d}开展“服务企业”走访活动", 40 + i * 6, "部门动态")
            for i, d in enumerate(["发改局", "教育局", "民政局", "财政局", "人社局", "住建局", "交通局", "卫健局"])]

    def generic_path(p: Post, col: str) -> str:
        return f"/zwgk/{col}/{p.when:%Y%m}/t{p.when:%Y%m%d}_{p.id}.html"

    for p in tzgg:
        if p.exists:
            b.put(generic_path(p, "tzgg"), _article(p))
    bmdt[6].exists = False  # on the POSTed page 2 only (planted dead link)
    for p in bmdt:
        if p.exists:
            b.put(generic_path(p, "bmdt"), _article(p))
    api["tzgg"] = [{"id": p.id, "wzbt": p.title, "lj": generic_path(p, "tzgg"), "fbrq": int(p.when.timestamp() * 1000),
                    "lmmc": "通知公告"} for p in tzgg]
    api["bmdt"] = [{"id": p.id, "name": p.title, "linkUrl": generic_path(p, "bmdt"),
                    "publishTime": f"{p.when:%Y/%m/%d %H:%M:%S}"} for p in bmdt]
    b.put("/zwgk/tzgg/index.html", page(f"通知公告-{SITE_NAME}", VUE_SHELL.format(
        name="通知公告", request="'/api/cms/articles?channelId=tzgg&pageNo=' + n + '&pageSize=10', "
        "{headers: {'Accept': 'application/json'}}", rows="d.data.records",
        url="lj", title="wzbt", date="new Date(x.fbrq).toISOString().slice(0, 10)"), meta={"ColumnName": "通知公告"}))
    b.put("/zwgk/bmdt/index.html", page(f"部门动态-{SITE_NAME}", VUE_SHELL.format(
        name="部门动态", request="'/api/info/list', {method: 'POST', headers: {'Content-Type': 'application/json'}, "
        "body: JSON.stringify({catId: 'bmdt', pageNum: n, pageSize: 5})}", rows="d.rows", url="linkUrl",
        title="name", date="x.publishTime.slice(0, 10)"), meta={"ColumnName": "部门动态"}))

    # ---- plain HTML pages
    b.put("/zwgk/gkzn/index.html", page(f"政府信息公开指南-{SITE_NAME}", (
        '<div class="position">当前位置：<a href="/">首页</a> &gt; 政府信息公开指南</div>'
        '<div class="article"><h1>青榕区人民政府政府信息公开指南</h1><p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府'
        '信息公开条例》，编制本指南。一、主动公开：公开的范围、公开的形式、公开的时限。二、依申请公开：受理机构为青榕区人民政府办公室，'
        '办公地址：青榕区府前路1号，办公时间：工作日上午9:00-12:00，下午14:00-17:30，联系电话：0755-20260001，传真：0755-20260002，'
        '邮政编码：518000。申请人可以通过当面、信函、网络等方式提出申请。三、监督和救济：公民、法人或者其他组织认为行政机关在政府信息'
        '公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。'
        '</p></div>')))
    b.put("/zwgk/ysqgk/index.html", page(f"依申请公开-{SITE_NAME}", (
        '<div class="position">当前位置：<a href="/">首页</a> &gt; 依申请公开</div>'
        '<div class="article"><h1>依申请公开</h1><p>申请人可以通过信函、当面或在线方式向青榕区人民政府办公室提出政府信息公开申请。'
        '行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，应当自收到申请之日起20个工作日内予以答复。</p>'
        '<p>受理机构：青榕区人民政府办公室　办公地址：青榕区府前路1号　邮政编码：518000　联系电话：0755-20260001　'
        '电子邮箱：xxgk@qingrong.example　办公时间：工作日上午9:00-12:00，下午14:00-17:30。申请人提出申请时，应当提交'
        '申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述，以及'
        '申请公开的政府信息的形式要求，包括获取信息的方式、途径。</p>'
        '</div>')))
    news = "".join(f'<li><a href="{p.path}">{e(p.title)}</a><span>{p.when:%Y-%m-%d}</span></li>' for p in gzdt[:5])
    b.put("/index.html", page(f"{SITE_NAME}门户网站", (
        '<div class="main"><h2>政务要闻</h2><ul class="list">' + news + "</ul>"
        '<p><a href="/gkmlpt/index">政府信息公开</a> <a href="/zwgk/gkzn/index.html">政府信息公开指南</a> '
        '<a href="/zwgk/ysqgk/index.html">依申请公开</a> </p></div>'),
        scripts=""))
    (root / DATA_FILE).write_text(json.dumps(api, ensure_ascii=False, sort_keys=True), "utf-8")
    (root / "_routes.json").write_text(json.dumps({"redirects": {}, "status": {}, "head_not_allowed": []}), "utf-8")

    # ---- truth
    sid_q = f"sid={SID}"
    gz_p2 = f"/gkmlpt/api/all/31?page=2&{sid_q}"
    truth = {
        "site": SITE_NAME, "as_of": as_of.isoformat(), "start_path": "/",
        "defects": [
            {"id": "G01", "rule": "COL002", "url": f"/gkmlpt/api/all/32?page=1&{sid_q}",
             "evidence": {"column": "公示公告"}, "note": "gkmlpt 公示公告: newest item 200 days old (API only)"},
            {"id": "G02", "rule": "COL003", "url": f"/gkmlpt/api/all/35?page=1&{sid_q}",
             "evidence": {"column": "重大建设项目"}, "note": "gkmlpt column whose API answers total 0"},
            {"id": "G03", "rule": "LNK001", "url": gz_p2, "target": gzdt[22].path,
             "note": "dead article listed only on page 2 of the gkmlpt API"},
            {"id": "G04", "rule": "JD001", "url": policy_bad.path,
             "note": "政策文件 known as such only from its gkmlpt column; no 解读"},
            {"id": "G05", "rule": "LNK001", "url": "/api/cms/articles?channelId=tzgg&pageNo=3&pageSize=10",
             "target": generic_path(tzgg[21], "tzgg"),
             "note": "dead notice listed only on page 3 of the Vue list's JSON (wzbt/lj/fbrq fields)"},
            {"id": "G06", "rule": "COL002", "url": "/zwgk/bmdt/index.html", "evidence": {"column": "部门动态"},
             "note": "JSON-built 部门动态 (name/linkUrl/publishTime): newest item 40 days old"},
            {"id": "G07", "rule": "LNK001", "url": "/api/info/list", "target": generic_path(bmdt[6], "bmdt"),
             "note": "dead link on page 2 of a list the page POSTs for (JSON body pageNum)"},
        ],
        "correct": [
            {"url": f"/gkmlpt/api/all/31?page=1&{sid_q}", "rules": ["COL002", "COL003"],
             "note": "gkmlpt 工作动态: fresh, 25 items over 2 API pages"},
            {"url": f"/gkmlpt/api/all/33?page=1&{sid_q}", "rules": ["COL002", "COL003"],
             "note": "gkmlpt 政策文件: fresh"},
            {"url": "/gkmlpt/index", "rules": ["COL001", "ZL002", "COL003"],
             "note": "the 目录 has every standard column, in its config tree only"},
            {"url": "/zwgk/tzgg/index.html", "rules": ["COL002", "COL003"],
             "note": "Vue 通知公告: fresh, 23 items over 3 JSON pages"},
            {"url": policy_ok.path, "rules": ["JD001"], "note": "policy linked to its 解读 both ways"},
        ],
        "json_items": {"gkmlpt": sum(len(v) for v in columns.values()),
                       "generic": len(tzgg) + len(bmdt)},
        "json_columns": ["政府信息公开制度", "工作动态", "公示公告", "政策文件", "政策解读", "政府信息公开年报", "通知公告",
                         "部门动态"],
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / TRUTH_FILE).write_text(json.dumps(truth, ensure_ascii=False, indent=1), "utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    args = ap.parse_args(argv)
    generate(args.out, args.as_of)
    return 0
