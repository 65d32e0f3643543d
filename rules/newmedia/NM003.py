"""NM003 — each 政务新媒体 account offers 互动 (留言 / 评论 / 私信)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import CITE_123, CITE_19_NM, label, not_visited, where


class NM003(Rule):
    """Every visited account offers an interaction function.

    What it checks:
        For each AccountArtifact: ``has_interaction`` False → FAIL, evidence ``{account,
        interaction_entries}``; True → PASS; None (not visited, or the visit could not tell) →
        could not evaluate. The crawler fills ``interaction_entries`` with the 留言 / 评论 /
        私信 / 咨询 entries it saw.

    Legal basis:
        国办秘函〔2019〕19号: “未提供有效互动功能” is a 单项否决 case for 政务新媒体 in 通报 applying the
        indicators (连云港 2023, 常德 2020, 株洲 2022 — verified). 国办发〔2018〕123号: 互动 among the
        functions (not verified). Plan task 12 (不断优化发布、传播、互动、引导、办事等功能).

    Passing example:
        白鹭发布（微信公众号）: 菜单“我要留言”, 文章评论开放.

    Failing example:
        白鹭湖政务服务（微信公众号） has no 留言, 评论 or 私信: 政务新媒体未提供有效互动功能.

    Not applicable when:
        Never. Accounts not visited → could not evaluate.
    """

    meta = RuleMeta(
        id="NM003",
        slug="newmedia.interaction",
        title="政务新媒体提供互动功能",
        failure_title="政务新媒体未提供有效互动功能",
        severity=Severity.critical,
        legal_basis=[CITE_19_NM, CITE_123],
        plan_tasks=[12],
        requires=["accounts"],
        options={},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        if not site.accounts:
            yield self.could_not_evaluate("抓取结果中没有政务新媒体账号记录，无法检查互动功能")
            return
        for a in site.accounts:
            name = label(a)
            evidence = {"account": name, "interaction_entries": list(a.interaction_entries)}
            if a.has_interaction is None or (not_visited(a) and not a.has_interaction):
                yield self.could_not_evaluate(f"政务新媒体“{name}”未能访问或无法判断是否提供互动功能", url=where(a),
                                              target=a.url, evidence=evidence)
            elif a.has_interaction:
                yield self.passed(f"政务新媒体“{name}”提供互动功能（{'、'.join(a.interaction_entries) or '已识别'}）",
                                  url=where(a), target=a.url, evidence=evidence)
            else:
                yield self.fail(f"政务新媒体“{name}”未提供有效互动功能（留言、评论、私信等）", url=where(a), target=a.url,
                                evidence=evidence)
