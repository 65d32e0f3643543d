"""Citations and helpers the 功能设计 rules share."""

from __future__ import annotations

from contracts import Citation, FormInfo, PageArtifact

ART = "中华人民共和国政府信息公开条例（国务院令第711号）"
DOC_19 = "国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）"

CITE_ART24_SEARCH = Citation(
    document=ART, article="第二十四条",
    note="各级人民政府应当加强依托政府门户网站公开政府信息的工作，利用统一的政府信息公开平台集中发布主动公开的政府信息。"
         "政府信息公开平台应当具备信息检索、查阅、下载等功能",
)
CITE_19_SEARCH = Citation(
    document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 功能设计 搜索功能",
    verified=False,
    note="“功能设计”含搜索功能见于部委自查报告引述，北京2019年第四季度通报检查“全站搜索”；"
         "“未提供站内搜索”的扣分标准与分值系据记忆，未见原文",
)


def search_forms(page: PageArtifact | None) -> list[FormInfo]:
    """The visible forms (or script-submitted search boxes) of a page that look like a search."""
    if page is None:
        return []
    return [f for f in page.forms if f.looks_like_search and not f.hidden]
