"""PII003 — bank card / account numbers of persons published in full (公开银行卡号)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import funds_task
from ._pii import ART15, PIPL_34, YAODIAN_2018, examples, holders


class PII003(Rule):
    """No page or attachment shows a full bank card number.

    What it checks:
        PII candidates of kind bank_card: 16-19 digits (4-digit groups allowed) passing the
        Luhn check, labelled 银行卡/卡号/账号/开户/账户 within a few characters or in their
        table column's header. One FAIL per page or attachment, evidence ``{kind, count,
        examples}`` (masked), plan task 5 for 补贴/救助/资金 公示 (where 卡号 lists occur),
        else 7.

    Legal basis:
        条例第十五条; 2018年政务公开工作要点 去标识化; 个人信息保护法第三十四条 (recalled).
        人社部、财政部 notices on 就业补助资金 公开 ask that personal information be protected
        (not verified here).

    Passing example:
        A 补贴发放公示 showing 银行卡号 6222***********0128.

    Failing example:
        A 稳岗补贴发放明细.xlsx with a 银行卡号 column in full: 附件“…”公开了3个完整的银行卡号.

    Not applicable when:
        Never: a site without such numbers passes.
    """

    meta = RuleMeta(
        id="PII003",
        slug="documents.pii-bank-card",
        title="未公开完整的银行卡号",
        failure_title="公开了完整的银行卡号（个人信息未去标识化）",
        severity=Severity.error,
        legal_basis=[ART15, YAODIAN_2018, PIPL_34],
        plan_tasks=[5, 7],
        requires=["pages", "documents"],
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        found = 0
        for h in holders(site):
            cards = [c for c in h.pii if c.kind == "bank_card"]
            if not cards:
                continue
            found += 1
            f = self.fail(f"{h.where}公开了{len(cards)}个完整的银行卡号（如 {cards[0].masked}），应去标识化处理",
                          url=h.url, target=h.target,
                          evidence={"kind": "bank_card", "count": len(cards), "examples": examples(cards)})
            f.task = funds_task(h.names, cards)
            yield f
        if not found:
            yield self.passed("已采集的页面和附件中未发现完整的银行卡号")
