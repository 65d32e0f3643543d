"""Content of the 云溪县 sample for the statutory rule catalogue (issue 4): the columns and texts
the 专栏 / 指南 / 法定主动公开 / 规范性文件 / 解读 / 依申请公开 / 年报 / 新媒体 / 表述错误 /
个人信息 rules look at, in 大汉 style, with planted defects (truth ids HRnn) and correct decoys.

`plant(builder)` runs after the generator's build() and before rendering. It edits texts of
existing articles, adds columns and articles, and appends to `builder.cat_defects` /
`builder.cat_correct`. It draws from its own random stream, so the lists, ids and dates the
generator made stay as they were.

Planted (each a FAIL of one rule): the 专栏 links 信息公开制度 (ZL002) · guide without
办公时间 (GD001) · 财政预决算 entries without 内容概述 (GD003) · no 政府采购 column, an empty
人事信息 (PA001) · 应急管理 without 处置结果 (PA003) · a policy past its 有效期至 still 有效
(PL002) · a policy its 解读 links one way only (JD002) · a 解读 without 依据 and 目的 (JD004) ·
依申请 办理流程 with the 2007 reply period (AP003) · an online 申请 form without 获取方式 (AP005) ·
解读比例 below 100% through H11's policy without 解读 (JD007) · the latest 年报 after 3月31日 (AR001) · a
silent and a 僵尸 new-media account (NM002, NM004) · dead links scored (INS003) · no link to
the superior portal (IDN003) · http on an IP address (IDN004) · “以习近平为核心的党中央”
(CT001) · an off-screen 暗链 in the homepage footer (CT002) · a 低保 名单 with full
身份证号码 (PII001) · a policy published 60 days after its 成文日期 (PA007) · the dead 县长信箱 as
the only 信箱 and a 信件 answered after four months (HD001).
"""

from __future__ import annotations

import datetime as dt
import random
from html import escape

from .. import docfiles
from ..kfq.documents_section import make_series, report_html, resident_id

HIJACK_URL = "http://www.yx-sf-example.invalid/"  # never requested: the host is not allowed (and cannot resolve)
HIJACK_TEXT = "传奇私服发布网"
GUIDE_EMAIL = "yxzwgk@example-yunxi.gov.cn"
FORM_DOC = "/attach/0/ysqgk_sqb.doc"
MATRIX_ID = 3350
# name, platform, page, days since its latest post
ACCOUNTS = [("云溪发布", "微信公众号", "/newmedia/weixin/yxfb.html", 1),
            ("云溪县人民政府", "微博", "/newmedia/weibo/yxxrmzf.html", 2),
            ("云溪政务", "抖音", "/newmedia/douyin/yxzw.html", 30),
            ("云溪民生", "今日头条", "/newmedia/toutiao/yxms.html", 420)]
# 低保 名单 (fictional people, full numbers with valid check digits: planted)
PLANTED_IDS = [resident_id("33112719560812031"), resident_id("33112719610304042"), resident_id("33112719700925053")]
MASKED_IDS = [resident_id("33112719481107064"), resident_id("33112719530219075")]


def _mask(v: str) -> str:
    return v[:4] + "*" * 10 + v[-4:]


def plant(b) -> None:
    from .generator import DEAD_MAILBOX, OFFICE, POLICY_TOPICS, SHORT, SITE_NAME, Article, Column, e

    rng = random.Random(20261201)
    as_of = b.as_of
    cols = b.cols
    state = {"id": max(a.artid for c in cols.values() for a in c.articles)}
    xxgk = ("政府信息公开", cols["xxgk"].url)
    fdzd = ("法定主动公开内容", cols["fdzd"].url)

    def article(col: Column, title: str, back: int, paras: list[str], **kw) -> Article:
        state["id"] += rng.randint(3, 17)
        a = Article(col, title, as_of - dt.timedelta(days=back), paras, artid=state["id"], **kw)
        col.articles.append(a)
        return a

    def column(key: str, colid: int, name: str, trail, **kw) -> Column:
        kw.setdefault("per_page", 5)
        kw.setdefault("group_size", 2)
        col = b.col(key, colid, name, trail, **kw)
        if trail == [xxgk, fdzd]:
            b.fdzd_kids.append(key)
        return col

    def generic(title: str, *extra: str) -> list[str]:
        return [f"根据《中华人民共和国政府信息公开条例》有关规定，现将{title}予以公开。", *extra, f"联系单位：{OFFICE}"]

    def ago(back: int) -> dt.date:
        return as_of - dt.timedelta(days=back)

    defects: list[dict] = []
    correct: list[dict] = []

    # ---- 专栏: the 制度 column under a short name (61号 names it 政府信息公开制度)
    cols["zd"].name = "信息公开制度"
    defects.append({"rule": "ZL002", "url": cols["xxgk"].url, "target": cols["zd"].url,
                    "evidence": {"column": "政府信息公开制度", "link_text": "信息公开制度"},
                    "note": "the 专栏 links its 制度 column as 信息公开制度"})
    correct.append({"url": cols["fdzd"].url, "rules": ["ZL003"], "note": "first-level columns are disclosure columns"})

    # ---- 指南: every element but 办公时间
    guide = cols["zn"].articles[0]
    guide.paras = [
        "为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
        "一、政府信息的分类与编排体系",
        f"本机关主动公开的政府信息按照机构职能、规范性文件、政策解读、规划信息、统计信息、财政预决算等类别编排，"
        f"在{SITE_NAME}门户网站“政府信息公开”专栏集中发布。",
        "二、获取政府信息的方式",
        "（一）主动公开：通过县政府门户网站政府信息公开专栏、政务新媒体和县档案馆、县图书馆政府信息公开查阅点获取。",
        "（二）依申请公开：可以向本机关政府信息公开工作机构提出申请。本机关自收到申请之日起20个工作日内予以答复；"
        "需要延长答复期限的，延长的期限最长不超过20个工作日。依申请提供政府信息，不收取费用。",
        "三、政府信息公开工作机构",
        f"工作机构名称：{OFFICE}",
        f"办公地址：{SHORT}人民路1号",
        "联系电话：0578-1234567",
        "传真：0578-1234568",
        f"电子邮箱：{GUIDE_EMAIL}",
        "四、监督和救济",
        "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开"
        "工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
    ]
    defects.append({"rule": "GD001", "url": guide.path, "evidence": {"item": "办公时间"},
                    "note": "the guide gives office, address, phone, fax and e-mail but no 办公时间"})
    correct.append({"url": guide.path, "rules": ["GD002", "ORG001", "AP004"],
                    "note": "current guide: 20个工作日, 不收取费用, office and contacts named"})

    # ---- 目录: the 财政预决算 template has no 内容概述 row
    cols["czyjs"].no_summary = True
    defects.append({"rule": "GD003", "url": cols["czyjs"].url, "evidence": {"field": "内容概述", "column_name": "财政预决算"},
                    "note": "the 财政预决算 信息公开 table omits 内容概述"})
    correct.append({"url": cols["gfxwj"].url, "rules": ["GD003"], "note": "索引号, 名称, 内容概述, 发布日期"})

    # ---- 依申请公开: 在线申请 (a jsp form), 申请表 (.doc), contacts; the 流程 keeps the 2007 period
    from .generator import APPLY_FORM

    ysq = {a.title: a for a in cols["ysq"].articles}
    flow, form, contact = ysq["依申请公开办理流程"], ysq["政府信息公开申请表"], ysq["依申请公开受理机构及联系方式"]
    cols["ysq"].intro = (f'<div class="ysq-rk"><a href="{APPLY_FORM}" target="_blank">在线申请</a>　'
                         f'<a href="{form.path}" target="_blank">申请表下载</a></div>\n')
    flow.paras = ["一、提出申请：申请人可以通过当面、邮寄、网上等方式向县政府办公室提出申请。",
                  "二、受理和答复：行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，"
                  "应当自收到申请之日起15个工作日内予以答复。",
                  "三、费用：行政机关依申请提供政府信息，不收取费用。"]
    form.paras = ["申请人可下载填写《政府信息公开申请表》，通过当面、邮寄或者电子邮件方式提交。"]
    form.attachments.append((FORM_DOC, "政府信息公开申请表.doc", docfiles.make_doc("政府信息公开申请表", [
        "申请人姓名或者名称：", "证件名称及号码：", "通信地址：", "联系电话：", "所需政府信息的名称、文号或者便于查询的其他特征性描述：",
        "获取信息的方式：纸质 / 电子邮件 / 光盘"])))
    contact.paras = [f"受理机构：{OFFICE}", f"通信地址：{SHORT}人民路1号（邮政编码：323300）",
                     "咨询电话：0578-1234567", f"电子邮箱：{GUIDE_EMAIL}"]
    defects.append({"rule": "AP003", "url": flow.path, "evidence": {"item": "旧答复期限"},
                    "note": "办理流程 still gives the 2007 period: 15个工作日内予以答复"})
    defects.append({"rule": "AP005", "url": APPLY_FORM, "evidence": {"missing": ["获取方式"], "stale": []},
                    "note": "the jsp form asks 姓名或者名称, 证件号码, 联系电话, 通信地址 and 内容描述 but not "
                            "获取信息的方式 (条例第二十九条第二款第三项); the downloadable 申请表 does ask it"})
    correct += [
        {"url": cols["ysq"].url, "rules": ["AP001", "AP002"], "note": "在线申请 (jsp form), 申请表.doc, address and phone"},
        {"url": flow.path, "rules": ["AP004"], "note": "不收取费用"},
        {"target": FORM_DOC, "rules": ["LNK002", "DOC001"], "note": "申请表 as RTF under .doc"},
    ]

    # ---- 规范性文件: the oldest policy ran out (有效期至…) but still says 有效
    policies, interps = b.policies, b.interps
    old = policies[-1]
    ends = old.date + dt.timedelta(days=120)
    assert ends < as_of - dt.timedelta(days=7), "the expired policy must have run out before as_of"
    old.paras = [p if not p.startswith("第二条") else
                 f"第二条 本办法自印发之日起施行，有效期至{ends.year}年{ends.month}月{ends.day}日。" for p in old.paras]
    defects.append({"rule": "PL002", "url": old.path, "evidence": {"item": "有效期届满", "validity": "有效"},
                    "note": f"有效期至{ends.isoformat()}, still labelled 有效"})
    correct += [{"url": policies[k].path, "rules": ["PL001", "PL002", "JD002", "JD003"],
                 "note": "文号, 发布日期, 有效性; 解读 both ways within 3 working days"} for k in (0, 1)]
    # 成文日期 a few days before publication; one policy waited two months (条例第二十六条: 20 working days)
    for k, p in enumerate(policies):
        p.written = p.date - dt.timedelta(days=60 if k == 9 else 2 + k % 4)
    defects.append({"rule": "PA007", "url": policies[9].path, "evidence": {"written_date": policies[9].written.isoformat()},
                    "note": "成文日期 60 days before 发布日期"})
    correct.append({"url": policies[0].path, "rules": ["PA007"], "note": "published 2 days after 成文"})
    defects.append({"rule": "JD002", "url": policies[12].path, "target": interps[12].path,
                    "evidence": {"direction": "政策文件→解读"}, "note": "only the 解读 links its policy"})

    # ---- 政策解读: 背景/依据/目的/举措; the first by the 县长; one keeps the old short text
    for i, j in sorted(interps.items()):
        if i == 5:
            continue  # 背景 and 主要内容 only (JD004)
        name = f"《{SHORT}{POLICY_TOPICS[i]}》"
        j.paras = ["一、起草背景和目的",
                   f"为回应群众和企业关切，县政府在深入调研的基础上起草了{name}，目的是规范办理程序、稳定市场预期。",
                   "二、制定依据", "根据《浙江省行政规范性文件管理办法》等法律法规和省、市有关规定制定。",
                   "三、主要内容和举措", "一是简化办理材料；二是压缩办理时限；三是强化事中事后监管，确保政策落地见效。",
                   "四、施行时间", "自印发之日起施行。",
                   f"解读人：{SITE_NAME}县长 陈建国" if i == 0 else f"解读单位：{OFFICE}"]
    defects.append({"rule": "JD007", "url": cols["xxgk"].url, "evidence": {"expectation_verified": False},
                    "note": "解读比例 below 100%: the 规范性文件 of H11 (JD001) has no 解读, by link or by title"})
    defects.append({"rule": "JD004", "url": interps[5].path, "evidence": {"item": "解读要素", "missing": ["依据", "目的"]},
                    "note": "解读 explains 背景 and 主要内容 only"})
    correct.append({"url": interps[0].path, "rules": ["JD004", "JD006"], "note": "解读人：县长 (第一解读人)"})

    # ---- 互动: 信件选登 with 来信时间 / 答复时间; one letter answered after four months
    letters = sorted(cols["xjxd"].articles, key=lambda a: (a.date, a.artid), reverse=True)
    for k, a in enumerate(letters):
        asked = a.date - dt.timedelta(days=130 if k == len(letters) - 1 else 3 + k)
        a.paras = [f"来信时间：{asked.isoformat()}", f"答复时间：{a.date.isoformat()}", "办理状态：已办结"] + a.paras
    defects += [
        {"rule": "HD001", "url": letters[-1].path, "evidence": {"item": "留言答复超过3个月"},
         "note": "来信 130 days before its 答复"},
    ]
    # The only 信箱 is the dead 县长信箱: the dead link is LNK001's finding (H04); HD001 cannot
    # tell what the mailbox offers, so it says could not evaluate, never 未提供 (issue 9).
    correct.append({"url": cols["hdjl"].url, "rules": ["HD001"], "note": "dead 县长信箱: could not evaluate, LNK001 reports it"})
    correct.append({"url": letters[0].path, "rules": ["HD001"], "note": "answered within days"})

    # ---- 表述错误: a news article misnames the 党中央; another has the correct form
    gz = sorted(cols["gzdt"].articles, key=lambda a: (a.date, a.artid), reverse=True)
    gz[3].paras.append("会议要求，全县上下要更加紧密地团结在以习近平为核心的党中央周围，奋力推进县域高质量发展。")
    gz[4].paras.append("会议强调，要坚持以习近平同志为核心的党中央坚强领导，积极参与共建“一带一路”倡议。")
    defects.append({"rule": "CT001", "url": gz[3].path, "evidence": {"item": "以习近平为核心的党中央"},
                    "note": "同志 left out"})
    correct.append({"url": gz[4].path, "rules": ["CT001"], "note": "以习近平同志为核心的党中央, “一带一路”倡议"})

    # ---- 暗链: an off-screen link to another host in the homepage footer
    b.home_hidden = (f'<div style="position:absolute;left:-9999px;top:-9999px"><a href="{HIJACK_URL}" '
                     f'target="_blank">{HIJACK_TEXT}</a></div>\n')
    defects.append({"rule": "CT002", "url": "/", "target": HIJACK_URL, "evidence": {"item": "暗链", "link_text": HIJACK_TEXT},
                    "note": "link positioned at left:-9999px (a hacked template)"})

    # ---- 法定主动公开内容: sub-columns in 大汉 style; no 政府采购, 应急 without 处置结果
    fd = [xxgk, fdzd]
    specs = [
        ("ghxx", 3315, "规划信息", [(f"{SHORT}国土空间总体规划（2021—2035年）", 95), ("{y}年县重点项目建设计划", 40)]),
        ("tjxx", 3316, "统计信息", [("{y}年{m}月份全县主要经济指标", 12), ("{py}年国民经济和社会发展统计公报", 240)]),
        ("xzxk", 3317, "行政许可", [("行政许可办理结果公示（{y}年{m}月）", 20), (f"{SHORT}行政许可事项清单", 150)]),
        ("xzzf", 3318, "行政执法", [(f"{SHORT}市场监督管理局行政处罚决定公开", 25),
                                  ("县公安局开展打击整治网上赌博违法犯罪专项行动情况通报", 35),
                                  (f"{SHORT}行政执法主体和执法人员名单", 130)]),
        ("sfxx", 3319, "行政事业性收费", [(f"{SHORT}行政事业性收费目录清单（{{y}}年）", 60)]),
        ("jyshbz", 3324, "就业和社会保障", [("{y}年城乡居民基本养老保险待遇调整公告", 18), ("失业保险稳岗返还申领指南", 50)]),
        ("shjz", 3325, "社会救助", [("城乡最低生活保障标准调整的通知", 100)]),
        ("zdxm", 3326, "重大建设项目", [("{y}年重大建设项目计划", 70), ("云溪大道改造提升工程批准结果公开", 30)]),
        ("jdjc", 3327, "监督检查", [("{y}年第{q}季度安全生产监督检查情况", 28), ("重点排污单位环境监管执法检查结果公开", 75)]),
        ("yjgl", 3328, "应急管理", [(f"{SHORT}突发事件总体应急预案", 210), (f"{SHORT}防汛防台专项应急预案", 160),
                                  ("关于发布暴雨橙色预警信号的通知", 9), ("龙潭乡山体滑坡险情进展情况通报", 22)]),
        ("qzqd", 3329, "权责清单", [(f"{SHORT}人民政府部门权责清单（{{y}}年版）", 60)]),
        ("ggqsydw", 3330, "公共企事业单位信息公开", [(f"{SHORT}自来水有限公司供水服务承诺", 26),
                                           (f"{SHORT}天然气有限公司管道燃气价格及收费标准", 55),
                                           (f"{SHORT}热电有限公司工业园区集中供热服务承诺", 90),
                                           ("县环境卫生管理所城区环卫作业标准及监督电话", 33)]),
        ("jczwgk", 3331, "基层政务公开", [(f"{SHORT}政务公开事项标准目录（{{y}}年版）", 80),
                                     ("重大建设项目领域基层政务公开标准目录", 120)]),
    ]
    for key, colid, name, items in specs:
        col = column(key, colid, name, fd)
        for title, back in items:
            d = ago(back)
            t = title.format(y=d.year, py=d.year - 1, m=d.month, q=(d.month - 1) // 3 + 1)
            article(col, t, back, generic(t, "具体内容详见正文。"))
    defects += [
        {"rule": "PA001", "url": "/", "evidence": {"item": "政府采购", "column_name": None},
         "note": "no 政府采购 / 招标 column (条例第二十条（十）)"},
        {"rule": "PA001", "url": cols["rsxx"].url, "evidence": {"item": "公务员招考", "column_name": "人事信息"},
         "note": "人事信息 is empty (H09)"},
        {"rule": "PA003", "url": cols["yjgl"].url, "evidence": {"item": "处置结果"},
         "note": "应急管理 has 预案, 预警 and 进展 but no 处置结果"},
    ]
    xzzf_decoy = next(a for a in cols["xzzf"].articles if "网上赌博" in a.title)
    bszn = article(cols["xzxk"], "企业投资项目备案办事指南", 65, [
        "事项名称：企业投资项目备案", "设定依据：《企业投资项目核准和备案管理条例》",
        "申请条件：在本县行政区域内投资建设的、实行备案管理的企业投资项目", "申请材料：项目备案信息表、企业营业执照",
        f"办理地点：{SHORT}行政服务中心二楼发改窗口", "办理时间：工作日上午8:30-12:00，下午14:00-17:30",
        "咨询电话：0578-1234570", "办理流程：网上申报、窗口受理、即时备案、公开备案信息"])
    correct += [
        {"url": cols["yjgl"].url, "rules": ["PA002", "COL002", "COL003"], "note": "总体 and 专项 应急预案"},
        {"url": cols["qzqd"].url, "rules": ["PA004"], "note": "权责清单 updated within the year"},
        {"url": cols["ggqsydw"].url, "rules": ["PA005"], "note": "供水, 燃气, 集中供热, 环卫"},
        {"url": cols["jczwgk"].url, "rules": ["PA006"], "note": "政务公开事项标准目录"},
        {"url": cols["xzzf"].url, "rules": ["PA001", "COL002", "COL003"], "note": "行政处罚 and 执法 items"},
        {"url": cols["jgzn"].url, "rules": ["PA001"], "note": "机构职能 as a single page"},
        {"url": xzzf_decoy.path, "rules": ["CT002"], "note": "打击网上赌博: news against gambling"},
        {"url": bszn.path, "rules": ["SV001"], "note": "办事指南 with all eight element categories"},
    ]

    # ---- 个人信息: a 低保 名单 in full, a 特困 名单 masked
    shjz = cols["shjz"]
    d = ago(15)
    leak = article(shjz, f"{d.year}年{d.month}月城乡最低生活保障对象名单公示", 15,
                   ["根据城乡最低生活保障有关规定，现将新增低保对象名单公示如下，公示期为7天。"])
    rows = "".join(f"<tr><td>{i + 1}</td><td>{n}</td><td>{pid}</td><td>{k}</td><td>{t}</td></tr>"
                   for i, (n, pid, k, t) in enumerate(zip(["周某华", "吴某英", "郑某军"], PLANTED_IDS, [2, 1, 3],
                                                          ["城关镇", "青石镇", "溪口乡"])))
    leak.extra_html = ('<table class="gs-table" border="1"><tr><th>序号</th><th>户主姓名</th><th>身份证号码</th>'
                       f"<th>保障人数</th><th>所在乡镇</th></tr>{rows}</table>\n<p>监督电话：0578-1234567</p>\n")
    masked = article(shjz, f"{ago(45).year}年特困人员救助供养对象名单公示", 45,
                     ["现将特困人员救助供养对象名单公示如下（个人信息已作去标识化处理）。"])
    rows = "".join(f"<tr><td>{i + 1}</td><td>{n}</td><td>{_mask(pid)}</td><td>{m}</td></tr>"
                   for i, (n, pid, m) in enumerate(zip(["王某林", "李某芳"], MASKED_IDS, ["138****5678", "159****1234"])))
    masked.extra_html = ('<table class="gs-table" border="1"><tr><th>序号</th><th>姓名</th><th>身份证号码</th>'
                         f"<th>联系电话</th></tr>{rows}</table>\n<p>监督电话：0578-1234567</p>\n")
    defects.append({"rule": "PII001", "url": leak.path, "evidence": {"kind": "id_number", "count": 3},
                    "note": "低保 名单 with full 身份证号码"})
    correct.append({"url": masked.path, "rules": ["PII001", "PII002", "PII003"], "note": "masked IDs and mobiles"})

    # ---- 年报: under 法定主动公开内容 (not a first-level column: H07); the latest after 3月31日
    nb = column("nb", 3305, "政府信息公开年报", fd)
    due = as_of.year - 1 if as_of > dt.date(as_of.year, 3, 31) else as_of.year - 2
    series = make_series(SITE_NAME, [due - 2, due - 1, due], seed=11)
    for y, data in sorted(series.items()):
        deadline = dt.date(y + 1, 3, 31)
        pub = min(deadline + dt.timedelta(days=20), as_of) if y == due else dt.date(y + 1, 3, 10 + (y % 5))
        paras, html = report_html(data)
        rep = article(nb, data.title, (as_of - pub).days, paras, extra_html=html)
        if y == due:
            defects.append({"rule": "AR001", "url": rep.path, "evidence": {"item": "年度报告", "year": y},
                            "note": "本级政府 report published after 3月31日"})
        else:
            correct.append({"url": rep.path, "rules": ["AR001"], "note": "published before 3月31日"})
        correct.append({"url": rep.path, "rules": ["DOC002", "DOC003", "DOC004", "DOC005"],
                        "note": "30号 template, tables add up and chain"})
    # the 部门 and 乡镇 reports the county portal carries too (published earlier: they must not hide HR-AR001)
    for org, pub, seed in ((f"{SHORT}发展和改革局", dt.date(due + 1, 1, 20), 12), ("城关镇人民政府", dt.date(due + 1, 2, 10), 13)):
        data = make_series(org, [due], seed=seed)[due]
        paras, html = report_html(data)
        rep = article(nb, data.title, (as_of - pub).days, paras, extra_html=html)
        correct.append({"url": rep.path, "rules": ["AR001", "DOC002", "DOC003", "DOC004", "DOC005"],
                        "note": "another body's report on the county portal: not the 本级政府's"})

    # ---- 政府网站工作年度报表: linked from the homepage, on time
    ndbb = column("ndbb", 3351, "政府网站工作年度报表", [])
    due_form = as_of.year - 1 if as_of > dt.date(as_of.year, 1, 31) else as_of.year - 2
    for y in (due_form - 2, due_form - 1, due_form):
        pub = dt.date(y + 1, 1, 12 + (y % 7))
        t = f"{SITE_NAME}{y}年政府网站工作年度报表"
        article(ndbb, t, (as_of - pub).days, [f"现将{t}予以公开。", "一、网站基本信息", "二、发布解读", "三、办事服务",
                                            "四、互动交流", "五、安全防护", "六、移动新媒体", "七、创新发展"])
    correct.append({"url": ndbb.url, "rules": ["AR002", "COL002", "COL003"], "note": "报表 on time"})

    # ---- 政务新媒体: a matrix page (single page, 账号名称 / 平台 table) and one page per account
    matrix = b.col("zwxmt", MATRIX_ID, "政务新媒体", [], style="single")
    rows = "".join(f'<tr><td>{i}</td><td><a href="{u}" target="_blank">{e(n)}</a></td><td>{p}</td><td>{e(OFFICE)}</td>'
                   "<td>发布政务信息，回应群众关切</td></tr>\n" for i, (n, p, u, _) in enumerate(ACCOUNTS, start=1))
    matrix.intro = ('<div class="xmt-con"><p>为便于公众获取政务信息，现将本县政务新媒体名录公布如下。</p>\n'
                    '<table class="xmt-table" border="1" cellspacing="0">\n<tr><th>序号</th><th>账号名称</th><th>平台</th>'
                    f"<th>主办单位</th><th>功能定位</th></tr>\n{rows}</table></div>\n")
    b.accounts = []
    for n, p, u, days in ACCOUNTS:
        posts = [(ago(days + 3 * k), f"{n}：{gz[(k * 5) % len(gz)].title}") for k in range(5)]
        b.accounts.append((n, p, u, posts))
        label = f"{n}（{p}）"
        if days > 14:
            defects.append({"rule": "NM002", "url": u, "target": u, "evidence": {"account": label, "days_since": days},
                            "note": f"last post {days} days before as_of"})
        else:
            correct.append({"url": u, "rules": ["NM002", "NM003", "NM004"], "note": "current, 留言/评论/私信"})
        if days > 365:
            defects.append({"rule": "NM004", "url": u, "target": u, "evidence": {"account": label, "days_since": days},
                            "note": "silent for more than a year: 僵尸 account"})
    b.home_links += [("政务新媒体", matrix.url), ("政府网站工作年度报表", ndbb.url)]
    correct.append({"url": matrix.url, "rules": ["NM001", "COL003"], "note": "accounts table"})

    # ---- identity, inspection (truth of what the site is)
    defects += [
        {"rule": "IDN003", "url": "/", "evidence": {"item": "上级政府门户"},
         "note": "友情链接 holds 中国政府网 and the 融媒体中心 only"},
        {"rule": "IDN004", "url": "/", "evidence": {"item": "HTTPS", "scheme": "http"},
         "note": "the loopback sample server speaks plain http"},
        {"rule": "IDN004", "url": "/", "evidence": {"item": "政务域名", "host": "127.0.0.1"},
         "note": "served on an IP address, not a .gov.cn name"},
        {"rule": "INS003", "url": "/", "evidence": {"item": "首页链接可用性", "broken": 2},
         "note": "the homepage holds two dead links (H02, H06)"},
        {"rule": "INS003", "url": "/", "evidence": {"item": "其他页面链接可用性", "broken": 4},
         "note": "other pages hold the dead links H01, H03, H04, H05"},
    ]
    correct.append({"url": "/", "rules": ["ZL001", "INS001", "IDN002", "NM001", "AR002", "FN001"],
                    "note": "政府信息公开 in the nav, fresh, SiteIDCode meta, 新媒体 and 报表 links, jrobot search form"})
    correct.append({"url": cols["xxgk"].url, "rules": ["FN001"], "note": "the header's search form on the 专栏 too"})

    start = len(b.cat_defects)
    b.cat_defects += [{"id": f"HR{k:02d}", **d} for k, d in enumerate(defects, start=start + 1)]
    b.cat_correct += correct
