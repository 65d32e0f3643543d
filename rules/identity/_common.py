from __future__ import annotations

from contracts import Citation

CITE_47 = Citation(
    document="国务院办公厅关于印发政府网站发展指引的通知（国办发〔2017〕47号）",
    article="附件《政府网站发展指引》网站标识、域名与网页设计规范",
    verified=False,
    note="发文文号、日期及“政府网站使用.gov.cn域名、一个单位最多开设一个网站”已据第三方摘录核实；网页元数据（SiteIDCode 等）、"
         "链接中国政府网和上级政府门户、HTTPS 等具体条文系据记忆，未见原文",
)
CITE_19_FUNC = Citation(
    document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
    article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 功能设计",
    note="网站域名名称及网站标识符合相关要求（见于部委自查报告引述）",
)

# The portals of the 31 provincial-level governments (省、自治区、直辖市人民政府门户网站): host and
# the brand name some of them go by instead of "XX人民政府". Every 市/县/区 government and every
# department below a province counts its province's portal among its superior portals, so a
# homepage link to one of these hosts (an image link without text, as 北京通州's banner to
# www.beijing.gov.cn) or a link named by the brand (首都之窗, 北京's portal since 1998) is a
# link to a superior government portal. Brands of the form 中国XX (中国上海, 中国吉林) are
# matched by IDN003's superior_text_pattern already.
PROVINCIAL_PORTALS: dict[str, tuple[str, str]] = {
    # province: (host, brand name other than XX人民政府 / 中国XX, or "")
    "北京": ("www.beijing.gov.cn", "首都之窗"),
    "天津": ("www.tj.gov.cn", ""),
    "河北": ("www.hebei.gov.cn", ""),
    "山西": ("www.shanxi.gov.cn", ""),
    "内蒙古": ("www.nmg.gov.cn", ""),
    "辽宁": ("www.ln.gov.cn", ""),
    "吉林": ("www.jl.gov.cn", ""),
    "黑龙江": ("www.hlj.gov.cn", ""),
    "上海": ("www.shanghai.gov.cn", ""),
    "江苏": ("www.jiangsu.gov.cn", ""),
    "浙江": ("www.zj.gov.cn", ""),
    "安徽": ("www.ah.gov.cn", ""),
    "福建": ("www.fujian.gov.cn", ""),
    "江西": ("www.jiangxi.gov.cn", ""),
    "山东": ("www.shandong.gov.cn", ""),
    "河南": ("www.henan.gov.cn", ""),
    "湖北": ("www.hubei.gov.cn", ""),
    "湖南": ("www.hunan.gov.cn", ""),
    "广东": ("www.gd.gov.cn", ""),
    "广西": ("www.gxzf.gov.cn", ""),
    "海南": ("www.hainan.gov.cn", ""),
    "重庆": ("www.cq.gov.cn", ""),
    "四川": ("www.sc.gov.cn", ""),
    "贵州": ("www.guizhou.gov.cn", ""),
    "云南": ("www.yn.gov.cn", ""),
    "西藏": ("www.xizang.gov.cn", ""),
    "陕西": ("www.shaanxi.gov.cn", ""),
    "甘肃": ("www.gansu.gov.cn", ""),
    "青海": ("www.qinghai.gov.cn", ""),
    "宁夏": ("www.nx.gov.cn", ""),
    "新疆": ("www.xinjiang.gov.cn", ""),
}
PROVINCIAL_PORTAL_HOSTS = frozenset(h for h, _ in PROVINCIAL_PORTALS.values())
PORTAL_BRANDS = tuple(b for _, b in PROVINCIAL_PORTALS.values() if b)
