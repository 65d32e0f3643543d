"""PII001 — resident identity card numbers published in full (公开身份证号码)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import funds_task
from ._pii import ART15, PIPL_34, YAODIAN_2018, examples, holders


class PII001(Rule):
    """No page or attachment shows a full 居民身份证号码.

    What it checks:
        The PII candidates extraction recorded in page text and tables and in attachment
        text (pdf, doc/docx, xls/xlsx, ofd …): 18-digit numbers with a real province code,
        a birth date between 1900 and the crawl year and a correct GB 11643 check digit
        (ISO 7064 MOD 11-2), and 15-digit old numbers labelled 身份证/证件. Masked forms
        (110101********1234), serial numbers failing the check digit and order numbers are
        never candidates. One FAIL per page or attachment, evidence ``{kind, count,
        examples}`` (masked values only; the full number is never stored), plan task 7, or
        task 5 when the list is a 补贴/救助/资金 公示.

    Legal basis:
        条例第十五条 (个人隐私不得公开); 2018年政务公开工作要点: 涉及个人隐私的政府信息
        “公开时要去标识化处理”; 个人信息保护法第三十四条 (recalled, not verified).

    Passing example:
        A 拟聘用人员名单 showing 身份证号 1101**********1233.

    Failing example:
        A 稳岗补贴发放公示.xlsx listing 姓名 and full 身份证号码: 附件“稳岗补贴发放明细.xlsx”公开了
        3个完整的居民身份证号码（如 2201**********0016），应去标识化处理.

    Not applicable when:
        Never: a site without such numbers passes.
    """

    meta = RuleMeta(
        id="PII001",
        slug="documents.pii-id-number",
        title="未公开完整的居民身份证号码",
        failure_title="公开了完整的居民身份证号码（个人信息未去标识化）",
        severity=Severity.error,
        legal_basis=[ART15, YAODIAN_2018, PIPL_34],
        plan_tasks=[7, 5],
        requires=["pages", "documents"],
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        found = 0
        for h in holders(site):
            ids = [c for c in h.pii if c.kind in ("id18", "id15")]
            if not ids:
                continue
            found += 1
            f = self.fail(f"{h.where}公开了{len(ids)}个完整的居民身份证号码（如 {ids[0].masked}），应去标识化处理",
                          url=h.url, target=h.target,
                          evidence={"kind": "id_number", "count": len(ids), "examples": examples(ids),
                                    "in_table": any(c.in_table for c in ids),
                                    "header": next((c.header for c in ids if c.header), "")})
            f.task = funds_task(h.names, ids)
            yield f
        if not found:
            yield self.passed("已采集的页面和附件中未发现完整的居民身份证号码",
                              evidence={"pages": len(site.pages), "documents": len(site.documents)})
