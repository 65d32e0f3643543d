"""Citations and account helpers of the 政务新媒体 rules."""

from __future__ import annotations

from contracts import AccountArtifact, Citation

from ..patterns import UNKNOWN_OUTCOMES

CITE_19_NM = Citation(
    document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
    article="附件《政府网站与政务新媒体检查指标》政务新媒体部分",
    note="检查通报以“监测时间点前2周内无更新”为更新标准，并将“未提供有效互动功能”列为单项否决情形（北京、浙江、连云港、常德通报引述）",
)
CITE_123 = Citation(
    document="国务院办公厅关于推进政务新媒体健康有序发展的意见（国办发〔2018〕123号）",
    article="规范运维管理",
    verified=False,
    note="“谁开设、谁主办”，发布、传播、互动、引导、办事等功能，对长期不更新的“僵尸”账号清理整合 — 系据记忆，未见原文",
)


def label(a: AccountArtifact) -> str:
    return f"{a.name}（{a.platform}）" if a.platform else a.name


def where(a: AccountArtifact) -> str | None:
    return a.url or a.listed_on


def not_visited(a: AccountArtifact) -> bool:
    """The crawler did not (or could not) look at the account: no verdict possible."""
    return (a.latest_post is None and a.outcome is None) or (a.outcome in UNKNOWN_OUTCOMES)
