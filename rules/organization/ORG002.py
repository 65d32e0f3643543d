"""ORG002 — 队伍建设 (plan task 14): a manual checklist item, with the evidence found on the site."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._manual import evidence_pages


class ORG002(Rule):
    """Manual check: the 政务公开 work is led by a 领导小组 and assigned to a named internal office.

    What it checks:
        A person confirms, from the body's own records, that 政务公开 works under the
        领导小组's guidance and that an internal office is designated for the daily work. To help,
        the rule lists crawled pages (news, 年报 总体情况, 制度 documents) whose title or text
        matches ``evidence_pattern`` (政务公开领导小组, 调整…领导小组, 指定…负责政府信息公开日常工作,
        政务公开工作机构 …). The result is always could-not-evaluate (``manual``): the evidence
        is shown next to the checklist item, never turned into a pass or a failure.

    Legal basis:
        条例第四条 (verified): 指定机构负责本行政机关政府信息公开的日常工作. Plan task 14: 要依法理顺
        机构职能；在政务公开领导小组的统一指导、协调、监督下开展政府信息公开工作，并指定内设机构负责
        本机关政府信息公开的日常工作.

    Passing example:
        (manual) 《关于调整政务公开工作领导小组成员的通知》 is listed as evidence; the reviewer confirms.

    Failing example:
        (manual) No page mentions a 领导小组 or a designated office: the reviewer asks for the
        appointment documents.

    Not applicable when:
        Never: the item is always shown for manual confirmation.
    """

    meta = RuleMeta(
        id="ORG002",
        slug="organization.team-manual",
        title="政务公开队伍建设（人工确认）",
        failure_title="政务公开队伍建设需人工确认",
        severity=Severity.info,
        legal_basis=[
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第四条",
                     note="指定机构（政府信息公开工作机构）负责本行政机关政府信息公开的日常工作"),
        ],
        plan_tasks=[14],
        requires=["pages"],
        manual=True,
        options={
            "evidence_pattern": r"政务公开(工作)?领导小组|政府信息公开(工作)?领导小组|指定[^。；]{0,20}负责[^。；]{0,20}(政府信息公开|政务公开)|政务公开(工作)?机构",
            "max_evidence": 10,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        hits = evidence_pages(site, ctx.opt("evidence_pattern"), None, int(ctx.opt("max_evidence")))
        found = f"网站上发现 {len(hits)} 条相关信息，请核对" if hits else "网站上未发现相关信息，请向责任单位核实"
        yield self.could_not_evaluate(f"人工确认项：政务公开领导小组与指定工作机构（{found}）",
                                      evidence={"item": "队伍建设", "manual": True, "pages": hits})
