"""ORG003 — 培训 (plan task 15): a manual checklist item, with news of 政务公开 training in the audit year."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._manual import audit_year, evidence_pages


class ORG003(Rule):
    """Manual check: 政务公开 training took place in the audit year.

    What it checks:
        A person confirms that the 领导小组 organised 政务公开 training this year. To help, the
        rule lists crawled pages dated in the audit year whose title or text matches
        ``evidence_pattern`` (政务公开…培训, 培训…政务公开 / 信息公开, 业务培训班 on 政务公开), newest
        first. Always could-not-evaluate (``manual``), with the evidence found.

    Legal basis:
        条例第四十八条 (verified): 政府信息公开工作主管部门应当对行政机关的政府信息公开工作人员定期
        进行培训. Plan task 15: 定期有针对性、系统性地组织政务公开业务培训.

    Passing example:
        (manual) 《开发区举办2026年政务公开业务培训班》 (2026-06-18) is listed; the reviewer confirms.

    Failing example:
        (manual) Nothing this year mentions 政务公开 training: the reviewer asks for the training records.

    Not applicable when:
        Never: the item is always shown for manual confirmation.
    """

    meta = RuleMeta(
        id="ORG003",
        slug="organization.training-manual",
        title="政务公开业务培训（人工确认）",
        failure_title="政务公开业务培训需人工确认",
        severity=Severity.info,
        legal_basis=[
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第四十八条",
                     note="政府信息公开工作主管部门应当对行政机关的政府信息公开工作人员定期进行培训"),
        ],
        plan_tasks=[15],
        requires=["pages"],
        manual=True,
        options={
            "evidence_pattern": r"(政务公开|信息公开)[^。；]{0,15}培训|培训[^。；]{0,15}(政务公开|信息公开)",
            "max_evidence": 10,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        year = audit_year(ctx.as_of)
        hits = evidence_pages(site, ctx.opt("evidence_pattern"), year, int(ctx.opt("max_evidence")))
        found = f"{year}年网站上发现 {len(hits)} 条培训相关信息，请核对" if hits else f"{year}年网站上未发现政务公开培训信息，请向责任单位核实"
        yield self.could_not_evaluate(f"人工确认项：政务公开业务培训（{found}）",
                                      evidence={"item": "培训", "manual": True, "year": year, "pages": hits})
