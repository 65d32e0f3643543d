"""Content of the 开发区 sample for the statutory rule catalogue (issue 4): the columns and texts
the 法定主动公开 / 指南 / 依申请公开 / 解读 / 年报 / 新媒体 / 表述错误 rules look at, with
planted defects and correct decoys, and their truth entries (ids DRnn).

`plant(builder)` runs after the generator's own `plant()` (and before the documents section
and rendering). It edits existing articles, adds columns and articles, and appends to the
truth lists. It never draws from the generator's random stream: the rest of the site stays
byte-identical to what it would be without this section.

Planted (each a FAIL of exactly one rule, see `DEFECTS` in the truth):
  图片新闻 as a first-level column of the 专栏 (ZL003) · guide without 传真 (GD001) ·
  人事信息 目录 entries without 内容概述 (GD003) · no 公共服务 column, empty 收费信息 (PA001) ·
  公共企事业单位信息公开 without 环境卫生 (PA005) · a policy without 有效性 (PL001) · an expired
  policy still 现行有效 (PL002) · a 解读 linked one way only, 20 days late (JD002, JD003) · a
  解读 without 依据 and 目的 (JD004) · 依申请公开 without an online channel and with 2007 fees
  (AP001, AP004) · a late 年报 and a late 网站年度报表 (AR001, AR002) · “一带一路”战略 (CT001) ·
  a hidden gambling link (CT002) · dead links scored (INS003) · http on an IP address (IDN004).
"""

from __future__ import annotations

import datetime as dt
import random
import re

HIJACK_URL = "http://www.bet-example.invalid/"  # never requested: the host is not allowed (and cannot resolve)
HIJACK_TEXT = "澳门新葡京娱乐平台"
GUIDE_EMAIL = "zwgk@example-kfq.gov.cn"


def plant(b) -> None:
    from . import content as c
    from .generator import FDZD, XXGK, ZWXMT_URL, Article, Column

    rng = random.Random(20260427)
    as_of = b.as_of
    year = as_of.year
    cols = b.columns
    docid = max(a.docid for col in cols.values() for a in col.articles)
    seq = 0

    def article(col: Column, title: str, days_back: int, paras: list[str], **kw) -> Article:
        nonlocal docid, seq
        docid += rng.randint(3, 17)
        seq += 1
        when = dt.datetime.combine(as_of - dt.timedelta(days=days_back), dt.time(rng.randint(8, 17), rng.randint(0, 59)))
        art = Article(col, title, when, paras, docid=docid, **kw)
        if col.xxgk:
            art.index_no = f"{c.ORG_CODE}/{when.year}-{70000 + seq:05d}"
        col.articles.append(art)
        return art

    def generic(title: str, *extra: str) -> list[str]:
        return [f"根据《中华人民共和国政府信息公开条例》有关规定，现将{title}予以公开。", *extra,
                f"联系单位：{c.OFFICE}　联系电话：{c.PHONE}"]

    def column(key: str, name: str, path: str, trail, style: str = "xxgk", **kw) -> Column:
        col = Column(key, name, path, list(trail), style, "dash", side=(style == "xxgk"), **kw)
        cols[key] = col
        return col

    defects: list[dict] = []
    correct: list[dict] = []

    # ---- 工作动态: a wrong expression, a decoy with the correct forms, a hidden gambling link, training news
    gz = sorted(cols["gzdt"].articles, key=lambda a: (a.when, a.docid), reverse=True)
    wrong, decoy, hacked = gz[1], gz[2], gz[3]
    wrong.paras.append("会议要求，各部门要立足开发区区位优势，主动融入“一带一路”战略，扩大对外开放合作。")
    decoy.paras.append("会议强调，要更加紧密地团结在以习近平同志为核心的党中央周围，积极参与共建“一带一路”倡议，"
                       "推动开发区高质量发展。")
    hacked.extra_html += f'<div style="display:none"><a href="{HIJACK_URL}" target="_blank">{HIJACK_TEXT}</a></div>\n'
    train_off = min(45, (as_of - dt.date(year, 1, 1)).days)
    article(cols["gzdt"], f"{c.SHORT}举办{year}年政务公开业务培训班", train_off, [
        f"{c.md(as_of - dt.timedelta(days=train_off))}，{c.SHORT}政务公开工作领导小组办公室举办{year}年政务公开业务培训班，"
        "各部门政务公开工作人员参加培训。",
        "培训围绕政府信息公开条例、政策解读、政务新媒体管理等内容进行了系统讲解。"], source=c.OFFICE)

    # ---- 政府信息公开指南: the current edition lacks only 传真; the replaced one keeps 2007 wording
    guides = sorted(cols["xxgkzn"].articles, key=lambda a: a.when, reverse=True)
    guide, old_guide = guides[0], guides[1]
    guide.paras = [
        "为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
        "一、政府信息的分类与编排体系",
        "本机关主动公开的政府信息按照机构职能、政策文件、政策解读、规划信息、统计信息、财政预决算等类别编排，"
        "在开发区门户网站“政府信息公开”专栏集中发布。",
        "二、获取政府信息的方式",
        "（一）主动公开：通过开发区门户网站政府信息公开专栏、政务新媒体和政府信息公开查阅点获取。",
        "（二）依申请公开：可以向本机关政府信息公开工作机构提出申请，本机关自收到申请之日起20个工作日内予以答复。",
        "三、政府信息公开工作机构",
        f"工作机构名称：{c.OFFICE}",
        f"办公地址：{c.ADDRESS}",
        "办公时间：工作日上午8:30—11:30，下午13:30—17:00（法定节假日除外）",
        f"联系电话：{c.PHONE}",
        f"电子邮箱：{GUIDE_EMAIL}",
        "四、监督和救济",
        "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开"
        "工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
    ]
    old_guide.paras = old_guide.paras[:6] + [
        "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，应当自收到申请之日起15个工作日内予以答复。",
        "行政机关依申请提供政府信息，除可以收取检索、复制、邮寄等成本费用外，不得收取其他费用。",
    ] + old_guide.paras[6:]
    defects.append({"rule": "GD001", "url": guide.path, "evidence": {"item": "传真号码"},
                    "note": "the current guide gives office, address, hours, phone and e-mail but no fax"})
    correct += [
        {"url": guide.path, "rules": ["GD002", "ORG001", "AP004"], "note": "current guide: 2026 edition, 20个工作日, no fees"},
        {"url": old_guide.path, "rules": ["GD001", "GD002", "AP003", "AP004"],
         "note": "the replaced edition keeps 2007 wording (15个工作日, 成本费用): superseded, not judged"},
    ]

    # ---- 依申请公开: no online channel (no form link, no e-mail), 2007 fee wording in the 指引
    ysq = {a.title: a for a in cols["ysqgk"].articles}
    guide_note = ysq["依申请公开政府信息指引"]
    guide_note.paras.append("申请人应当按照规定缴纳检索、复制、邮寄等成本费用。")
    defects += [
        {"rule": "AP001", "url": cols["ysqgk"].url, "evidence": {"item": "在线申请"},
         "note": "依申请公开 mentions 网上申请 but links no form and gives no e-mail"},
        {"rule": "AP004", "url": guide_note.path, "evidence": {"item": "收费"},
         "note": "the 指引 still asks for 检索、复制、邮寄等成本费用 (条例第四十二条: 不收取费用)"},
    ]
    correct += [
        {"url": ysq["政府信息公开申请表"].path, "rules": ["AP002"], "note": "申请表 as docx and doc, both load"},
        {"url": ysq["依申请公开办理流程"].path, "rules": ["AP003", "AP004"], "note": "20个工作日, no fee"},
    ]

    # ---- 规范性文件: one without 有效性, the oldest expired but still 现行有效
    policies = b.policies
    no_validity, expired = policies[7], policies[-1]
    no_validity.validity = ""
    for i, p in enumerate(expired.paras):
        if p.startswith("第六条"):
            expired.paras[i] = "第六条 本办法自印发之日起施行，有效期6个月。"
    if expired.attachments:
        expired.attachments[0].lines = expired.paras[-6:]
    defects += [
        {"rule": "PL001", "url": no_validity.path, "evidence": {"field": "有效性"},
         "note": "the 信息公开 table of this policy leaves 有效性 blank"},
        {"rule": "PL002", "url": expired.path, "evidence": {"item": "有效期届满", "validity": "现行有效"},
         "note": "有效期6个月 ran out, still labelled 现行有效"},
    ]
    correct += [{"url": policies[k].path, "rules": ["PL001", "PL002", "JD002", "JD003"],
                 "note": "文号, 发布日期, 现行有效 within its period; 解读 both ways, same or next days"} for k in (1, 3, 9)]
    correct.append({"url": policies[4].path, "rules": ["PL001"], "note": "政策文件 without 文号: not taken for a 规范性文件"})

    # ---- 政策解读: bodies with 背景/依据/目的/举措; one without; one by the 主任; one late and one-way
    def body(p: Article, complete: bool, head: bool, pub: dt.date) -> list[str]:
        m = re.search(r"《(.+)》", p.title)
        inner = m.group(1) if m else p.title
        ref = f"《{inner}》（{p.doc_number}）" if p.doc_number else f"《{inner}》"
        who = f"{c.SITE_NAME}主任 {c.LEADERS[0]}" if head else f"{c.SITE_NAME}副主任 {c.INTERPRETER}"
        out = [f"近日，{c.SITE_NAME}印发了{ref}。现就有关内容解读如下。"]
        if complete:
            out += ["一、起草背景和目的",
                    f"开发区在深入调研、广泛征求意见的基础上起草了《{inner}》，目的是解决企业反映集中的问题，稳定市场预期。",
                    "二、制定依据", "根据《中华人民共和国中小企业促进法》《优化营商环境条例》等法律法规和省、市有关规定制定。"]
        else:
            out += ["一、起草背景", f"开发区在深入调研、广泛征求意见的基础上起草了《{inner}》。"]
        out += ["三、主要内容" if complete else "二、主要内容",
                f"《{inner}》共{rng.choice([6, 8, 10, 12])}条，明确了适用对象、支持内容、申请程序和监督管理等内容。",
                "四、主要举措" if complete else "三、适用范围",
                "一是简化申请材料；二是压缩办理时限；三是强化事中事后监管，确保政策落地见效。" if complete
                else f"适用于在{c.SHORT}依法注册登记、具有独立法人资格的企业和单位。",
                "五、施行时间" if complete else "四、施行时间", f"自{c.cn_date(pub)}起施行。",
                f"解读人：{who}　联系电话：{c.PHONE}"]
        return out

    for i, jds in sorted(b.interpretations.items()):
        jd = jds[0]
        policy = policies[i]
        if i == 6:  # published 20 days after its policy: late whatever holidays fall in between
            jd.when = policy.when + dt.timedelta(days=20)
        jd.paras = body(policy, complete=(i != 8), head=(i == 3), pub=policy.date)
    late = b.interpretations[6][0]
    defects += [
        {"rule": "JD002", "url": policies[6].path, "target": late.path, "evidence": {"direction": "政策文件→解读"},
         "note": "only the 解读 links its policy"},
        {"rule": "JD003", "url": policies[6].path, "target": late.path, "evidence": {"threshold": 3},
         "note": "解读 published 20 calendar days after the policy"},
        {"rule": "JD004", "url": b.interpretations[8][0].path, "evidence": {"item": "解读要素", "missing": ["依据", "目的"]},
         "note": "解读 explains 背景, 内容, 范围 only"},
    ]
    correct += [
        {"url": b.interpretations[3][0].path, "rules": ["JD004", "JD006"], "note": "解读人：管委会主任 (第一解读人)"},
        {"url": b.interpretations[1][0].path, "rules": ["JD004"], "note": "GBK 解读 by a 副主任, complete elements"},
    ]

    # ---- 年报: the report of two years back came out in March (部门 deadline 1月31日)
    reports = {}
    for a in cols["xxgknb"].articles:
        m = re.search(r"(\d{4})年政府信息公开工作年度报告", a.title)
        if m:
            reports[int(m.group(1))] = a
    last = max(reports)
    late_report = reports[last - 2]
    late_report.when = dt.datetime.combine(dt.date(last - 1, 3, 10), dt.time(10, 0))
    defects.append({"rule": "AR001", "url": late_report.path, "evidence": {"item": "年度报告", "year": last - 2},
                    "note": "published on 3月10日, after the 1月31日 deadline of a 部门 / 派出机构"})
    correct.append({"url": reports[last].path, "rules": ["AR001"], "note": "published in January"})

    # ---- 政府网站工作年度报表: linked from the homepage; the latest due one came out in February
    due = year - 1 if as_of > dt.date(year, 1, 31) else year - 2
    ndbb = column("ndbb", "政府网站工作年度报表", "/ztzl/ndbb/", [], style="plain")
    b.home_ztzl_links.append((ndbb.url, "政府网站工作年度报表"))
    for y in (due - 2, due - 1, due):
        deadline = dt.date(y + 1, 1, 31)
        pub = deadline + dt.timedelta(days=min(10, (as_of - deadline).days)) if y == due else dt.date(y + 1, 1, 20)
        title = f"{c.SITE_NAME}{y}年政府网站工作年度报表"
        art = article(ndbb, title, (as_of - pub).days, [
            f"现将{title}予以公开。", "一、网站基本信息", "二、发布解读", "三、办事服务", "四、互动交流", "五、安全防护",
            "六、移动新媒体", "七、创新发展"])
        if y == due:
            defects.append({"rule": "AR002", "url": art.path, "evidence": {"item": "年度报表", "year": y},
                            "note": "the 报表 came out after 1月31日"})
    correct.append({"url": ndbb.url, "rules": ["AR002", "COL002", "COL003"], "note": "报表 column, linked from the homepage"})

    # ---- 法定主动公开内容: new columns; 公共服务 left out, 公共企事业 without 环境卫生
    fd = [XXGK, FDZD]
    y = year
    for key, name, items in [
        ("xzzf", "行政执法公示", [("行政处罚决定公示（{y}年第三季度）", 18), ("行政强制措施实施情况公示", 47),
                             ("行政执法主体和执法人员名单", 95), ("行政执法事项目录", 150)]),
        ("jyshbz", "就业和社会保障", [("{y}年稳岗返还政策落实情况", 9), ("失业保险稳岗返还申领指南", 38),
                                ("就业创业补贴申领条件及流程", 70), ("企业职工基本养老保险缴费基数说明", 120)]),
        ("jdjc", "监督检查", [("{y}年第三季度安全生产监督检查情况", 14), ("重点排污单位环境监督检查结果", 60),
                          ("食品安全监督抽检信息", 110)]),
        ("ggqsydw", "公共企事业单位信息公开", [("鹭湖燃气有限公司收费标准及服务承诺", 20),
                                       ("鹭湖热电有限责任公司供热服务质量承诺", 75), ("鹭湖燃气有限公司安全用气提示", 130)]),
        ("jczwgk", "基层政务公开", [(f"{c.SHORT}政务公开事项标准目录（{{y}}年版）", 30), ("重大建设项目领域政务公开标准目录", 60)]),
    ]:
        col = column(key, name, f"/xxgk/fdzdgknr/{key}/", fd)
        for title, off in items:
            t = title.format(y=(as_of - dt.timedelta(days=off)).year)
            article(col, t, off, generic(t, "具体内容详见正文及附件。"), topic=name)
    for title, off in [(f"关于{y}年寒潮天气的预警信息", 5), ("鹭湖大路燃气管道泄漏事件进展情况通报", 8),
                       ("鹭湖大路燃气管道泄漏事件处置结果公告", 20)]:
        article(cols["yjgl"], title, off, generic(title), topic="应急管理")
    cols["rsxx"].no_summary = True
    home = "/"
    defects += [
        {"rule": "PA001", "url": home, "evidence": {"item": "公共服务"},
         "note": "no 公共服务 / 市政建设 / 社会救助 column (条例第二十一条)"},
        {"rule": "PA001", "url": cols["sfxx"].url, "evidence": {"item": "行政事业性收费", "column_name": "收费信息"},
         "note": "the 收费 column shows only 暂无信息"},
        {"rule": "PA005", "url": cols["ggqsydw"].url, "evidence": {"item": "环境卫生"},
         "note": "燃气 and 供热 information only"},
        {"rule": "GD003", "url": cols["rsxx"].url, "evidence": {"field": "内容概述", "column_name": "人事信息"},
         "note": "the 人事信息 template omits 内容概述"},
    ]
    correct += [
        {"url": cols["yjgl"].url, "rules": ["PA002", "PA003"], "note": "预案, 预警, 进展 and 处置 items"},
        {"url": cols["qzqd"].url, "rules": ["PA004"], "note": "权责清单 updated within the year"},
        {"url": cols["jczwgk"].url, "rules": ["PA006"], "note": "政务公开事项标准目录"},
        {"url": cols["xzzf"].url, "rules": ["PA001", "COL002", "COL003"], "note": "行政处罚和行政强制"},
        {"url": cols["jgzn"].url, "rules": ["PA001", "GD003"], "note": "机构职能 with 内容概述"},
    ]

    # ---- 专栏: 图片新闻 as a first-level column (专栏姓专)
    tpxw = column("tpxw", "图片新闻", "/xxgk/tpxw/", [XXGK], style="news")
    tpxw.quoted = sorted(cols["gzdt"].articles, key=lambda a: (a.when, a.docid), reverse=True)[:6]
    b.xxgk_blocks.append(f'<div class="xxgk-block"><h3><a href="{tpxw.url}">图片新闻</a></h3>'
                         "<p>开发区工作图片报道。</p></div>\n")
    defects.append({"rule": "ZL003", "url": tpxw.url, "evidence": {"column": "图片新闻"},
                    "note": "a news column among the 专栏's first-level columns"})
    correct += [
        {"url": tpxw.url, "rules": ["COL002", "COL003"], "note": "fresh news column (its fault is ZL003's)"},
        {"url": XXGK[1], "rules": ["ZL002"], "note": "standard names for the columns it has"},
    ]

    # ---- content safety, identity, link scores
    defects += [
        {"rule": "CT001", "url": wrong.path, "evidence": {"item": "一带一路战略"},
         "note": "“一带一路”战略 instead of 倡议"},
        {"rule": "CT002", "url": hacked.path, "target": HIJACK_URL, "evidence": {"item": "暗链", "link_text": HIJACK_TEXT},
         "note": "display:none link to a gambling host"},
        {"rule": "INS003", "url": home, "evidence": {"item": "首页链接可用性", "broken": 1},
         "note": "the homepage holds one dead link (D01)"},
        {"rule": "INS003", "url": home, "evidence": {"item": "其他页面链接可用性"},
         "note": "other pages hold the dead links D02–D07"},
        {"rule": "IDN004", "url": home, "evidence": {"item": "HTTPS", "scheme": "http"},
         "note": "the loopback sample server speaks plain http"},
        {"rule": "IDN004", "url": home, "evidence": {"item": "政务域名", "host": "127.0.0.1"},
         "note": "served on an IP address, not a .gov.cn name"},
    ]
    correct += [
        {"url": decoy.path, "rules": ["CT001", "CT002"], "note": "correct forms: 以习近平同志为核心的党中央, “一带一路”倡议"},
        {"url": home, "rules": ["ZL001", "INS001", "IDN002", "IDN003", "NM001", "AR002"],
         "note": "政府信息公开 in the nav, fresh, SiteIDCode meta, gov.cn links, 新媒体 and 报表 links"},
        {"url": ZWXMT_URL, "rules": ["NM001"], "note": "accounts table"},
    ]

    start = len([d for d in b.defects if str(d.get("id", "")).startswith("DR")])
    for k, d in enumerate(defects, start=start + 1):
        b.defects.append({"id": f"DR{k:02d}", **d})
    b.correct += correct
    b.fixtures = {**getattr(b, "fixtures", {}), "hijack_url": HIJACK_URL}
