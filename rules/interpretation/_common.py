"""Citations and helpers the 解读 rules share."""

from __future__ import annotations

from contracts import Citation, ColumnArtifact, PageArtifact, SiteArtifacts

from ..patterns import INTERPRETATION_PATTERN, is_interpretation_page, ok_pages

CITE_80 = Citation(
    document="国务院办公厅印发《〈关于全面推进政务公开工作的意见〉实施细则》的通知（国办发〔2016〕80号）",
    article="政策解读：三同步；主要负责人是“第一解读人和责任人”",
    verified=False,
    note="条文系据记忆，未见原文；“三同步”“第一解读人”的表述见于多地实施文件（如辽政办〔2022〕43号）",
)
CITE_19_JD = Citation(
    document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
    article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 发布解读",
    note="检查通报列“抽查的政策文件未被解读”“解读稿未与政策原文做好双向关联”（株洲2022年第四季度通报引述）",
)


def interpretation_pages(site: SiteArtifacts, listing: dict[str, list[ColumnArtifact]],
                         pattern: str = INTERPRETATION_PATTERN) -> list[PageArtifact]:
    return [p for p in ok_pages(site)
            if p.page_kind not in ("home", "column") and is_interpretation_page(p, listing, pattern)]
