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
