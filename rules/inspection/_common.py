from __future__ import annotations

from contracts import Citation

DOC_19 = "国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）"
CITE_VETO_HOME = Citation(document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 首页不更新",
                          note="监测2周，首页无信息更新；如首页仅为栏目导航入口，所有二级页面无信息更新")
CITE_VETO_COLUMNS = Citation(document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 栏目不更新",
                             note="1.动态、要闻类栏目（2周）及通知公告、政策文件类一级栏目（6个月）累计超过（含）5个未更新；"
                                  "2.应更新但长期未更新的栏目数量超过（含）10个；3.空白栏目数量超过（含）5个")
CITE_LINKS = Citation(document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 首页/其他页面链接可用性",
                      verified=False,
                      note="首页链接每个扣1分、其他页面每个扣0.1分系据记忆与厂商代码注释（拓尔思 0.1%），未见原文")
