"""Chinese text for the fictional 白鹭湖经济开发区 portal.

Every name here is invented. Text is composed from these banks by the generator with a
seeded random.Random, so output is deterministic.
"""

from __future__ import annotations

import datetime as dt
import random

SITE_NAME = "白鹭湖经济开发区管理委员会"
SHORT = "白鹭湖经济开发区"
CITY = "白鹭市"
OFFICE = "白鹭湖经济开发区党政综合办公室"
SITE_DOMAIN = "www.example-kfq.gov.cn"  # fictional; only a 47号 meta value, never a link
SITE_ID_CODE = "2208000012"
ICP = "吉ICP备12345678号-1"
PSB = "吉公网安备 22080202000123号"
ORG_CODE = "11220800MB1C52731X"  # fictional 统一社会信用代码, the 索引号 prefix
ADDRESS = "白鹭市白鹭湖经济开发区鹭湖大路1号"
PHONE = "0436-3210000"
DOC_PREFIX = "白鹭开管发"
SUPERIOR_NAME = "白鹭市人民政府"

LEADERS = ["刘振华", "陈立新", "王喆", "赵晓东", "孙海燕"]
INTERPRETER = "王喆"  # 喆 is in GBK but not in GB2312: the GBK section must decode as GBK

COMPANIES = [
    "吉鹭新材料科技有限公司", "鹭鸣智能装备制造有限公司", "湖源新能源汽车零部件有限公司",
    "北辰绿色食品有限公司", "瀚洋光电科技有限公司", "鹭岛冷链物流有限公司",
    "嘉禾现代农业发展有限公司", "天澜数据科技有限公司", "恒信精密机械有限公司",
    "白鹭湖生物医药产业园有限公司", "鹭湖热电有限责任公司", "宏泰建材有限公司",
]

PROJECTS = [
    "年产5万吨生物基材料", "新能源汽车线束", "智能仓储物流中心", "分布式光伏发电",
    "玉米深加工", "数据中心一期", "标准化厂房二期", "污水处理厂提标改造",
    "风电装备制造", "冷链物流园", "绿色建材产业园", "医药中间体",
]

MEETINGS = [
    "安全生产工作会议", "优化营商环境工作推进会", "招商引资工作调度会", "重点项目建设推进会",
    "党工委理论学习中心组学习会议", "防汛工作部署会议", "冬季供暖保障工作会议",
    "经济运行分析会", "生态环境保护工作会议", "意识形态工作专题会议", "信访稳定工作会议",
]

CAMPAIGNS = [
    "安全生产大检查", "消防安全宣传月活动", "“送政策进企业”活动", "燃气安全专项整治",
    "环境卫生集中整治", "法治宣传进企业活动", "春风行动专场招聘会", "惠企政策宣讲会",
    "“安全生产月”系列活动", "防范非法集资宣传活动", "森林草原防火宣传",
]

VISITOR_CITIES = ["长春", "沈阳", "天津", "苏州", "宁波", "深圳", "青岛", "大连"]

POLICY_TOPICS = [
    ("促进科技创新若干政策措施", "科技"), ("招商引资奖励办法", "商贸"),
    ("企业上市扶持办法", "财政金融"), ("安全生产责任制实施办法", "安全生产"),
    ("人才引进实施细则", "人事"), ("标准化厂房租赁管理办法", "城乡建设"),
    ("优化营商环境若干措施", "综合政务"), ("中小企业融资担保管理办法", "财政金融"),
    ("建设项目审批流程再造实施方案", "城乡建设"), ("生态环境保护工作实施方案", "环境保护"),
    ("土地集约节约利用管理办法", "国土资源"), ("财政专项资金管理办法", "财政金融"),
    ("数字经济发展扶持政策", "工业"), ("重点项目帮办代办工作办法", "综合政务"),
    ("电子商务发展扶持办法", "商贸"), ("企业研发费用补助实施细则", "科技"),
    ("消防安全管理规定", "安全生产"), ("燃气安全管理办法", "安全生产"),
    ("入区项目准入评价办法", "工业"), ("高新技术企业培育办法", "科技"),
    ("知识产权资助管理办法", "科技"), ("物业服务管理办法", "城乡建设"),
]

NOTICE_SUBJECTS = [
    "高新技术企业认定", "科技型中小企业评价", "专精特新中小企业", "企业研发费用补助",
    "人才公寓入住", "标准化厂房租赁", "规模以上工业企业统计", "企业安全生产标准化",
    "外贸发展专项资金", "企业技术中心认定",
]

# The holiday a notice issued in a given month prepares for.
FESTIVAL_BY_MONTH = {1: "春节", 2: "清明节", 3: "清明节", 4: "劳动节", 5: "端午节", 6: "端午节",
                     7: "中秋节", 8: "中秋节", 9: "国庆节", 10: "元旦", 11: "元旦", 12: "元旦"}

GENERIC_PARAS = [
    "会议强调，各部门要进一步提高政治站位，压实工作责任，细化工作措施，确保各项任务落到实处。",
    "下一步，开发区将继续坚持项目为王，聚焦主导产业延链补链强链，全力推动经济高质量发展。",
    "开发区相关部门负责同志参加活动，并就企业反映的问题逐一现场答复。",
    "据了解，该项目总投资约{amount}亿元，达产后预计年产值{value}亿元，新增就业岗位{jobs}个。",
    "活动期间，工作人员向企业职工发放宣传资料{copies}余份，现场解答咨询{qa}人次。",
    "会上，各部门分别汇报了近期重点工作进展情况及下一步工作打算。",
    "此次检查共排查企业{firms}家，发现一般隐患{risks}处，均已督促企业限期整改。",
    "开发区将持续深化“放管服”改革，提升政务服务效能，为企业发展营造良好环境。",
    "与会人员围绕产业合作、项目落地等事项进行了深入交流，达成多项合作意向。",
    "开发区管委会将加强跟踪服务，协调解决项目建设中遇到的困难和问题，推动项目早投产、早见效。",
    "今年以来，开发区累计签约项目{projects}个，协议引资{invest}亿元。",
    "活动现场气氛热烈，参与群众纷纷表示收获很大，进一步增强了安全意识和法治观念。",
]

INTERPRET_SECTIONS = ["一、起草背景", "二、主要内容", "三、适用范围", "四、政策亮点", "五、施行时间"]

LETTER_TOPICS = [
    "标准化厂房租金优惠政策", "企业职工子女入学", "人才公寓申请条件", "开发区公交线路调整",
    "施工噪音扰民", "企业用电增容办理", "高新技术企业补贴发放时间", "园区道路照明",
    "失业保险稳岗返还", "企业开办登记流程",
]

SERVICE_ITEMS = [
    "企业投资项目备案", "建设工程施工许可", "建设用地规划许可", "工业企业技术改造项目备案",
    "人才公寓入住申请", "企业安全生产标准化评审", "高新技术企业认定推荐", "城市道路挖掘审批",
    "户外广告设置审批", "排水许可", "特种设备使用登记", "劳动用工备案",
]


def num(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randint(lo, hi)


def fill(rng: random.Random, text: str) -> str:
    """Fill the {placeholders} of a generic paragraph with plausible figures."""
    return text.format(
        amount=rng.choice(["1.2", "3.5", "5", "8.6", "12", "20"]),
        value=rng.choice(["2", "4.5", "6", "10", "15"]),
        jobs=rng.choice([80, 120, 200, 350, 500]),
        copies=rng.choice([300, 500, 800, 1200]),
        qa=rng.choice([60, 90, 150, 210]),
        firms=rng.choice([18, 26, 35, 42, 57]),
        risks=rng.choice([12, 23, 31, 46]),
        projects=rng.choice([11, 16, 23, 28]),
        invest=rng.choice(["36", "58.5", "72", "105"]),
    )


def md(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def news_item(rng: random.Random, d: dt.date) -> tuple[str, list[str]]:
    """A 工作动态 title and body for date d."""
    kind = rng.randrange(6)
    leader = rng.choice(LEADERS)
    if kind == 0:
        meeting = rng.choice(MEETINGS)
        title = f"{SHORT}召开{meeting}"
        first = f"{md(d)}，{SHORT}召开{meeting}，管委会主任{LEADERS[0]}出席会议并讲话。"
    elif kind == 1:
        company = rng.choice(COMPANIES)
        title = f"管委会{'主任' if leader == LEADERS[0] else '副主任'}{leader}带队调研{company}"
        first = f"{md(d)}，{leader}带队深入{company}，实地调研企业生产经营和项目建设情况。"
    elif kind == 2:
        company, project = rng.choice(COMPANIES), rng.choice(PROJECTS)
        verb = rng.choice(["正式投产", "开工建设", "签约落户", "通过竣工验收"])
        title = f"{company}{project}项目{verb}"
        first = f"{md(d)}，{company}{project}项目{verb}，标志着开发区产业集群建设又迈出坚实一步。"
    elif kind == 3:
        campaign = rng.choice(CAMPAIGNS)
        title = f"{SHORT}开展{campaign}"
        first = f"为进一步提升辖区企业和群众的安全与法治意识，{md(d)}，{SHORT}开展{campaign}。"
    elif kind == 4:
        city = rng.choice(VISITOR_CITIES)
        title = f"{city}客商来{SHORT}考察对接"
        first = f"{md(d)}，{city}客商一行来{SHORT}考察，{leader}陪同并介绍开发区产业发展和营商环境情况。"
    else:
        month = (d.replace(day=1) - dt.timedelta(days=1)).month
        title = f"{SHORT}{month}月份经济运行稳中向好"
        first = f"据统计，{month}月份{SHORT}规模以上工业增加值同比增长{num(rng, 3, 12)}.{num(rng, 0, 9)}%，主要经济指标保持平稳增长。"
    paras = [first] + [fill(rng, p) for p in rng.sample(GENERIC_PARAS, 3)]
    return title, paras


def notice_item(rng: random.Random, d: dt.date) -> tuple[str, list[str], str | None]:
    """A 通知公告 title, body and the label of its .doc form (申报表/报名表), if any."""
    kind = rng.randrange(5)
    y = d.year
    if kind == 0:
        subject = rng.choice(NOTICE_SUBJECTS)
        title = f"关于开展{y}年度{subject}申报工作的通知"
        body = [f"各有关企业：为做好{y}年度{subject}相关工作，现将申报有关事项通知如下。",
                "一、申报条件：在开发区内依法注册、具有独立法人资格的企业。",
                f"二、申报时间：即日起至{cn_date(d + dt.timedelta(days=30))}。",
                "三、申报方式：请将申报材料纸质版一式两份报送开发区经济发展局。",
                f"联系电话：{PHONE}"]
        return title, body, f"{y}年度{subject}申报表"
    if kind == 1:
        fest = FESTIVAL_BY_MONTH[d.month]
        fy = y + 1 if fest == "元旦" else y
        title = f"关于做好{fy}年{fest}期间安全生产工作的通知"
        body = ["各部门、各企业：", f"{fest}将至，为确保节日期间辖区安全生产形势稳定，现就有关工作通知如下。",
                "一、严格落实安全生产责任，加强值班值守。", "二、深入开展隐患排查，坚决遏制各类事故发生。",
                "三、严格执行信息报送要求，遇有突发情况及时报告。"]
        return title, body, None
    if kind == 2:
        n = num(rng, 5, 30)
        title = f"{SITE_NAME}{y}年公开招聘工作人员公告"
        body = [f"根据工作需要，{SITE_NAME}面向社会公开招聘工作人员{n}名，现将有关事项公告如下。",
                "一、招聘岗位及条件详见附件。", "二、报名方式：现场报名，需携带本人身份证、学历证书原件及复印件。",
                f"咨询电话：{PHONE}"]
        return title, body, f"{y}年公开招聘工作人员报名表"
    if kind == 3:
        subject = rng.choice(NOTICE_SUBJECTS)
        title = f"关于{y}年度{subject}拟认定名单的公示"
        body = [f"经企业申报、专家评审，拟认定{num(rng, 3, 15)}家企业为{y}年度{subject}企业，现予以公示。",
                f"公示期：{cn_date(d)}至{cn_date(d + dt.timedelta(days=7))}。",
                f"公示期间如有异议，请以书面形式向开发区经济发展局反映。联系电话：{PHONE}"]
        return title, body, None
    road = rng.choice(["鹭湖大路", "白鹭西街", "湖滨路", "创业大街", "科技路"])
    what = rng.choice(["停水", "停电", "道路封闭施工"])
    title = f"关于{road}部分路段{what}的通知"
    body = [f"因市政管网改造需要，定于{cn_date(d + dt.timedelta(days=3))}对{road}部分路段实施{what}，请沿线企业和居民提前做好准备。",
            "给您带来的不便，敬请谅解。"]
    return title, body, None


def policy_body(rng: random.Random, topic: str, doc_number: str, written: dt.date) -> list[str]:
    return [
        doc_number,
        "各部门、各园区，区属各单位：",
        f"现将《{SHORT}{topic}》印发给你们，请结合实际，认真贯彻执行。",
        SITE_NAME,
        cn_date(written),
        f"{SHORT}{topic}",
        f"第一条 为深入贯彻落实国家和省、市有关决策部署，进一步规范和推动{SHORT}相关工作，结合开发区实际，制定本办法。",
        f"第二条 本办法适用于在{SHORT}依法注册登记、具有独立法人资格的企业和单位。",
        f"第三条 开发区{rng.choice(['经济发展局', '财政局', '规划建设局', '安全生产监督管理局'])}负责本办法的组织实施和日常管理工作。",
        f"第四条 符合条件的申请主体，按照规定程序申请，经审核后给予支持，单个企业年度支持金额最高不超过{rng.choice([50, 100, 200, 300])}万元。",
        "第五条 对弄虚作假、骗取扶持资金的，依法追回已拨付资金，并按有关规定追究责任。",
        f"第六条 本办法自印发之日起施行，有效期{rng.choice([2, 3, 5])}年。",
    ]


def interpretation_body(rng: random.Random, topic: str, doc_number: str, pub: dt.date) -> list[str]:
    ref = f"《{SHORT}{topic}》（{doc_number}）" if doc_number else f"《{SHORT}{topic}》"
    paras = [f"近日，{SITE_NAME}印发了{ref}。现就有关内容解读如下。"]
    for heading in INTERPRET_SECTIONS:
        paras.append(heading)
        if heading.startswith("一"):
            paras.append(f"为进一步推动{SHORT}高质量发展，解决企业反映集中的问题，开发区在深入调研、广泛征求意见的基础上，起草了《{SHORT}{topic}》。")
        elif heading.startswith("二"):
            paras.append(f"《{topic}》共{rng.choice([6, 8, 10, 12])}条，明确了适用对象、支持内容、申请程序和监督管理等内容。")
        elif heading.startswith("三"):
            paras.append(f"适用于在{SHORT}依法注册登记、具有独立法人资格的企业和单位。")
        elif heading.startswith("四"):
            paras.append("一是简化申请材料；二是压缩办理时限；三是强化事中事后监管，确保政策落地见效。")
        else:
            paras.append(f"自{cn_date(pub)}起施行。")
    paras.append(f"解读人：{SITE_NAME}副主任 {INTERPRETER}　联系电话：{PHONE}")
    return paras


def letter_item(rng: random.Random, reply: dt.date, topic: str) -> tuple[str, list[str]]:
    """A 信件选登 letter received a few days before its published reply."""
    title = f"关于{topic}的咨询"
    d = reply - dt.timedelta(days=rng.randint(2, 6))
    return title, [
        f"来信时间：{cn_date(d)}",
        f"来信内容：您好！想咨询一下{topic}的有关问题，具体应该找哪个部门办理？谢谢。",
        f"答复单位：{SITE_NAME}{rng.choice(['经济发展局', '社会事业局', '规划建设局', '党政综合办公室'])}",
        f"答复时间：{cn_date(reply)}",
        f"答复内容：您好！您反映的{topic}问题，已转相关部门办理。如有疑问，请拨打咨询电话{PHONE}。感谢您对开发区工作的关心和支持！",
    ]


def budget_title(d: dt.date, k: int) -> str:
    """A 财政预决算 item that fits its publication month (预算 early in the year, 决算 mid-year)."""
    y = d.year
    if d.month <= 3:
        options = [f"{y}年部门预算公开", f"{y}年“三公”经费预算情况说明", f"{y}年政府性基金预算"]
    elif 7 <= d.month <= 9:
        options = [f"{y - 1}年部门决算公开", f"{y - 1}年“三公”经费决算情况说明", f"{y - 1}年国有资本经营预算执行情况"]
    else:
        q = (d.month - 1) // 3
        options = [f"{y}年第{q}季度预算执行情况", f"{y}年政府债务限额及余额情况", f"{y}年财政收支情况"]
    return SHORT + options[k % len(options)]
