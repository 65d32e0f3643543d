"""Content of the 开发区 sample for the rules the catalogue left open: 站内搜索 (FN001), forms on
依申请公开 pages (AP001), 第二十六条 publication lag (PA007), 互动回应 (HD001) and 办事指南 elements
(SV001) — planted defects, correct decoys and their truth entries (ids DSnn).

Two hooks, both called by the generator:

* `plant(builder)` runs after the other sections' `plant()` and before rendering: it edits
  existing articles (办事指南 texts, 成文日期 of two policies and a 规划), adds the 咨询投诉 and
  信件选登 messages and appends to the truth lists;
* `finish(builder)` runs after rendering: it writes the pages that are not articles or lists
  (the 主任信箱 form, the 咨询投诉 table), links them from the homepage and the 互动交流 page, and
  gives the 政府信息公开 专栏 its own header without the site search box.

Neither draws from the generator's random stream: the rest of the site stays byte-identical.

Planted (each a FAIL of exactly one rule):
  the 专栏 template has no search box and no 检索 link (FN001) · a 政策文件 published 45 days
  after its 成文日期 and a 规划 100 days after (PA007) · a letter answered 115 days after it came
  and a 咨询 left unanswered for 130 days (HD001) · a 办事指南 without 办理地点 / 办理时间 and a
  stub 办事指南 that refers to the provincial platform (SV001).
Decoys: the homepage search form; a policy published exactly 20 working days after its 成文日期
  across the 国庆 holiday; a 主任信箱 form; messages answered in days, pending within 3 months,
  rejected as 不予受理, or answered late more than a year ago; 办事指南 that use other labels
  (法律依据, 受理窗口, 办公时间, 审批流程 …).
"""

from __future__ import annotations

import datetime as dt
import re

SEARCH_FORM = ('<form class="search" name="searchform" action="/was5/web/search" method="get">'
               '<input type="text" name="searchword" placeholder="请输入关键字" /><input type="submit" value="搜索" /></form>\n')
MAILBOX = "/hdjl/zrxx/index.html"
CONSULT = "/hdjl/zxts/index.html"
DOCID_BASE = 5_900_000  # above every id the generator (≈5.12M) and the other sections hand out


def _working_days_back(end: dt.date, n: int) -> dt.date | None:
    """The day n working days before `end` (chinese_calendar), or None outside its data."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a dependency of zwgk
        return None
    day, count = end, 0
    try:
        while count < n:
            if chinese_calendar.is_workday(day):
                count += 1
            day -= dt.timedelta(days=1)
        return day
    except NotImplementedError:
        return None


def plant(b) -> None:
    from . import content as c
    from .generator import HDJL, Article, Column

    as_of = b.as_of
    cols = b.columns
    # doc ids of their own: the other sections' additions must not shift this section's URLs
    docid = DOCID_BASE
    defects: list[dict] = []
    correct: list[dict] = []

    def when(days_back: int, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(as_of - dt.timedelta(days=days_back), dt.time(hour, 20))

    def article(col: Column, title: str, days_back: int, paras: list[str], **kw) -> Article:
        nonlocal docid
        docid += 11
        art = Article(col, title, when(days_back), paras, docid=docid, **kw)
        col.articles.append(art)
        return art

    # ---- 办事指南 (SV001): every guide gets the eight element categories, labelled in two
    # house styles; one lacks 办理地点 and 办理时间 (it gives a 办理时限), one is a stub.
    guides = cols["bszn"].articles
    for i, art in enumerate(guides):
        item = art.title.removesuffix("办事指南")
        days = [3, 5, 7, 10][i % 4]
        if i % 2 == 0:
            art.paras = [
                f"一、事项名称：{item}", f"二、设定依据：《中华人民共和国行政许可法》及{item}相关法律法规。",
                "三、申请条件：申请人为依法设立的企业或其他组织，申请材料齐全、符合法定形式。",
                "四、办理材料：申请表、营业执照复印件、其他相关材料。",
                f"五、办理地点：{c.SHORT}政务服务中心一楼综合窗口（{c.ADDRESS}）。",
                "六、办理时间：工作日上午8:30—11:30，下午13:30—17:00（法定节假日除外）。",
                f"七、办理时限：{days}个工作日。", "八、收费标准：不收费。", f"九、联系电话：{c.PHONE}",
                "十、办理流程：申请—受理—审查—决定—送达。"]
        else:
            art.paras = [
                f"【事项名称】{item}", "【法律依据】相关法律法规及规章。", "【受理条件】申请材料齐全、符合法定形式。",
                "【申请材料】申请表、营业执照复印件、其他相关材料。", f"【受理窗口】{c.SHORT}政务服务中心二楼专区。",
                "【办公时间】工作日8:30—17:00。", f"【承诺时限】{days}个工作日。", f"【咨询电话】{c.PHONE}",
                "【审批流程】网上申请或窗口申请—受理—审核—办结。"]
    no_place, stub, synonyms = guides[2], guides[8], guides[9]
    no_place.paras = [p for p in no_place.paras if not p.startswith(("五、办理地点", "六、办理时间"))]
    stub.paras = [f"事项名称：{stub.title.removesuffix('办事指南')}",
                  "本事项已进驻吉林省政务服务网，申请人可登录政务服务网在线申报，具体要求以平台公布的为准。",
                  f"咨询电话：{c.PHONE}"]
    defects += [
        {"rule": "SV001", "url": no_place.path, "evidence": {"missing": ["办理地点", "办理时间"], "count": 2, "veto": False},
         "note": "the guide gives a 办理时限 but no 办理地点 or 办理时间"},
        {"rule": "SV001", "url": stub.path, "evidence": {"count": 6, "veto": True},
         "note": "a stub that refers to the provincial platform: 6 categories missing (critical)"},
    ]
    correct += [
        {"url": synonyms.path, "rules": ["SV001"], "note": "法律依据, 受理条件, 受理窗口, 办公时间, 审批流程 count"},
        {"url": guides[0].path, "rules": ["SV001"], "note": "all eight categories"},
        {"url": cols["bszn"].url, "rules": ["COL002", "COL003", "SV001"], "note": "the 办事指南 list"},
    ]

    # ---- 第二十六条 (PA007): 成文日期 vs 发布日期
    policies = b.policies
    late, boundary = policies[11], policies[12]

    def rewrite(art: Article, written: dt.date) -> None:
        old = c.cn_date(art.written or art.date)
        art.paras = [c.cn_date(written) if p == old else p for p in art.paras]
        art.written = written

    rewrite(late, late.date - dt.timedelta(days=45))
    exact = _working_days_back(boundary.date, 20)
    rewrite(boundary, exact if exact is not None else boundary.date - dt.timedelta(days=14))
    plan = sorted(cols["ghxx"].articles, key=lambda a: (a.when, a.docid))[-1]
    plan.written = plan.date - dt.timedelta(days=100)
    defects += [
        {"rule": "PA007", "url": late.path, "evidence": {"written_source": "成文日期", "threshold": 20},
         "note": "a 规范性文件 published 45 calendar days after its 成文日期 (task 3)"},
        {"rule": "PA007", "url": plan.path, "evidence": {"written_source": "成文日期", "threshold": 20},
         "note": "a 规划 whose 成文日期 is 100 days before its 发布日期"},
    ]
    correct += [
        {"url": boundary.path, "rules": ["PA007", "PL001", "PL002"],
         "note": "成文日期 exactly 20 working days before the 发布日期 (more calendar days)"},
        {"url": policies[1].path, "rules": ["PA007"], "note": "成文日期 2–8 days before publication"},
    ]

    # ---- 互动交流 (HD001): 信件选登 letters, the 咨询投诉 list with its detail pages
    xjxd = cols["xjxd"]

    def letter(title: str, came: int, answered: int, unit: str, reply: str) -> Article:
        return article(xjxd, title, answered, [
            f"来信时间：{c.cn_date(as_of - dt.timedelta(days=came))}", f"来信内容：{reply[0]}",
            f"答复单位：{c.SITE_NAME}{unit}", f"答复时间：{c.cn_date(as_of - dt.timedelta(days=answered))}",
            f"答复内容：{reply[1]}"])

    slow = letter("关于标准化厂房消防验收的咨询", 200, 85, "规划建设局",
                  ("我公司租用的标准化厂房需要办理消防验收，请问应当由谁申请？", "您好！标准化厂房的消防验收由产权单位申请，"
                   "租用企业可向产权单位提出。如有疑问，请拨打咨询电话。"))
    old = letter("关于企业职工公寓入住条件的咨询", 430, 330, "社会事业局",
                 ("请问企业职工公寓的入住条件是什么？", "您好！入住条件以开发区有关办法为准，详见政策文件栏目。"))
    zxts = Column("zxts", "咨询投诉", "/hdjl/zxts/", [HDJL], "plain", "dash")
    cols["zxts"] = zxts
    rows = []  # (title, came, answered, status, article or None)

    def consult(title: str, came: int, answered: int | None, status: str, text: str, reply: str | None,
                linked: bool = True) -> Article | None:
        art = None
        if linked:
            paras = [f"留言时间：{c.cn_date(as_of - dt.timedelta(days=came))}", f"留言内容：{text}", f"办理状态：{status}"]
            if answered is not None:
                paras += [f"答复时间：{c.cn_date(as_of - dt.timedelta(days=answered))}", f"答复内容：{reply}"]
            else:
                paras += ["答复内容：" + (reply or "正在办理，办结后予以公开。")]
            art = article(zxts, title, answered if answered is not None else came, paras)
        rows.append((title, came, answered, status, art))
        return art

    quick = consult("关于园区道路照明的咨询", 40, 36, "已办结", "园区北侧道路路灯不亮，何时维修？",
                    "您好！已安排维修，目前已恢复照明。")
    consult("关于企业用地手续的咨询（申请人要求不公开内容）", 130, None, "办理中", "", None, linked=False)
    rejected = consult("关于某小区物业管理的投诉", 150, None, "不予受理（不属于本机关职责，已告知向属地街道反映）",
                       "小区物业服务质量差。", "该事项不属于本机关职责，已告知留言人向属地街道办事处反映。")
    pending = consult("关于公交线路调整的建议", 20, None, "办理中", "建议增加开发区至高铁站的公交线路。", None)
    late_old = consult("关于供暖收费标准的咨询", 420, 300, "已办结", "请问开发区供暖收费标准是多少？",
                       "您好！供暖收费标准按照市物价部门核定的标准执行。")
    b.service_rows = rows
    defects += [
        {"rule": "HD001", "url": slow.path, "evidence": {"item": "留言答复超过3个月"},
         "note": "来信 200 days before as_of, answered 115 days later"},
        {"rule": "HD001", "url": CONSULT, "evidence": {"item": "留言超过3个月未答复"},
         "note": "a row without a detail page, 办理中 for 130 days"},
    ]
    correct += [
        {"url": MAILBOX, "rules": ["HD001", "COL003"], "note": "主任信箱 with a message form: a working channel"},
        {"url": quick.path, "rules": ["HD001"], "note": "answered 4 days after it came"},
        {"url": rejected.path, "rules": ["HD001"], "note": "不予受理: not a valid message"},
        {"url": pending.path, "rules": ["HD001"], "note": "办理中 for 20 days: within 3 months"},
        {"url": late_old.path, "rules": ["HD001"], "note": "answered late, but it came more than a year ago"},
        {"url": old.path, "rules": ["HD001"], "note": "answered late, more than a year ago"},
        {"url": xjxd.url, "rules": ["HD001", "COL002", "COL003"], "note": "信件选登 list"},
    ]

    # ---- 站内搜索 (FN001): the homepage form counts; the 专栏 template has none (finish)
    defects.append({"rule": "FN001", "url": "/xxgk/index.html", "evidence": {"item": "公开平台检索"},
                    "note": "the 政府信息公开 专栏 template has neither a search box nor a 检索 link"})
    correct.append({"url": "/", "rules": ["FN001"], "note": "TRS header search form (/was5/web/search, searchword)"})

    start = len([d for d in b.defects if str(d.get("id", "")).startswith("DS")])
    for k, d in enumerate(defects, start=start + 1):
        b.defects.append({"id": f"DS{k:02d}", **d})
    b.correct += correct


def finish(b) -> None:
    """After rendering: the 主任信箱 form page, the 咨询投诉 table, their links, the 专栏 header."""
    from . import content as c
    from . import layout as L
    from .generator import HDJL, fmt_date

    cols = b.columns
    as_of = b.as_of

    # 主任信箱: a 写信 form (POSTed to a handler the sample does not serve: never requested)
    form = (
        '<div class="xx-intro"><h3>写信须知</h3>\n'
        f"<p>1. 主任信箱是{c.SITE_NAME}听取群众意见建议、解答群众咨询的网上渠道，欢迎您就开发区经济发展、项目建设、"
        "企业服务、城市管理等方面提出咨询和建议。</p>\n"
        "<p>2. 请文明用语、如实反映问题，并留下真实有效的联系方式，以便我们及时与您联系。</p>\n"
        "<p>3. 我们将在收到来信之日起15个工作日内予以答复，需要转办的将告知办理单位；涉及信访、纪检举报的事项，"
        "请通过相应专门渠道反映。</p>\n"
        "<p>4. 来信及答复经本人同意后在“信件选登”栏目公开，涉及个人隐私的内容不予公开。</p></div>\n"
        '<form class="xx-form" name="letterForm" action="/hdjl/zrxx/submit.do" method="post">\n<table class="form-table">\n'
        '<tr><td class="label">姓　　名：</td><td><input type="text" name="xm" required /></td></tr>\n'
        '<tr><td class="label">联系电话：</td><td><input type="text" name="lxdh" required /></td></tr>\n'
        '<tr><td class="label">信件标题：</td><td><input type="text" name="xjbt" required /></td></tr>\n'
        '<tr><td class="label">信件内容：</td><td><textarea name="xjnr" rows="8" cols="60"></textarea></td></tr>\n'
        '<tr><td class="label">是否公开：</td><td><input type="radio" name="sfgk" value="1" checked />同意公开 '
        '<input type="radio" name="sfgk" value="0" />不公开</td></tr>\n'
        '</table>\n<p class="btns"><input type="submit" value="提交" /> <input type="reset" value="重写" /></p>\n</form>\n')
    body = (L.breadcrumb([HDJL, ("主任信箱", MAILBOX)], "plain")
            + f'<div class="main">\n<div class="col-title"><h2>主任信箱</h2></div>\n{form}</div>\n')
    # no ColumnName: a form page, not a list (the sample's column pages all hold ul.list items)
    b.put(MAILBOX, L.page(f"主任信箱_{c.SITE_NAME}", b.base_meta(), "utf-8", body))

    # 咨询投诉: the list as a table (留言时间, 答复时间, 办理状态), detail pages linked where published
    trs = []
    for i, (title, came, answered, status, art) in enumerate(b.service_rows, start=1):
        cell = f'<a href="{art.href_from(cols["zxts"].path)}" target="_blank">{L.e(title)}</a>' if art else L.e(title)
        reply = fmt_date(as_of - dt.timedelta(days=answered), "dash") if answered is not None else ""
        trs.append(f"<tr><td>{i}</td><td>{cell}</td><td>{fmt_date(as_of - dt.timedelta(days=came), 'dash')}</td>"
                   f"<td>{reply}</td><td>{L.e(status.split('（')[0])}</td></tr>")
    table = ('<p class="tip">以下为近期网民咨询投诉及办理情况。我要写信请进入'
             f'<a href="{MAILBOX}">主任信箱</a>。</p>\n<table class="hd-list" border="1" cellspacing="0">\n'
             "<tr><th>序号</th><th>留言标题</th><th>留言时间</th><th>答复时间</th><th>办理状态</th></tr>\n"
             + "\n".join(trs) + "\n</table>\n")
    body = (L.breadcrumb([HDJL, ("咨询投诉", CONSULT)], "plain")
            + f'<div class="main">\n<div class="col-title"><h2>咨询投诉</h2></div>\n{table}</div>\n')
    b.put(CONSULT, L.page(f"咨询投诉_{c.SITE_NAME}", b.base_meta(), "utf-8", body))

    # links from the homepage 互动交流 box and the 互动交流 page
    yjzj = f'<li><a href="{cols["yjzj"].url}">意见征集</a></li>'
    extra = f'<li><a href="{MAILBOX}">主任信箱</a></li><li><a href="{CONSULT}">咨询投诉</a></li>'
    for rel in ("index.html", HDJL[1].lstrip("/")):
        html = b.files[rel].decode("utf-8")
        assert yjzj in html, rel
        b.files[rel] = html.replace(yjzj, yjzj + extra, 1).encode("utf-8")

    # the 政府信息公开 专栏 (its column pages and articles) uses a header without the search box
    for rel in list(b.files):
        if not (rel.startswith("xxgk/") and rel.endswith(".html")):
            continue
        data = b.files[rel]
        for enc in ("utf-8", "gbk"):
            needle = SEARCH_FORM.encode(enc)
            if needle in data:
                b.files[rel] = data.replace(needle, b"", 1)
                break
    assert SEARCH_FORM.encode("utf-8") in b.files["index.html"]
    assert re.search(rb"searchword", b.files["xxgk/index.html"]) is None
