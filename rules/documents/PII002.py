"""PII002 — personal mobile numbers in published lists (名单公开手机号码)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import funds_task, listed_mobile, lists_people
from ._pii import ART15, PIPL_34, YAODIAN_2018, examples, holders


class PII002(Rule):
    """Lists of people (名单, 公示, 花名册) do not show their members' full mobile numbers.

    What it checks:
        Pages and attachments that list people — their title, heading or link text says
        名单/名册/公示/拟录用/拟聘用/补贴/救助…, or one of their tables has a 姓名 column — and
        whose text or tables hold full mobile numbers (11 digits on an allocated 1[3-9]
        segment, not inside a longer digit run; 138****5678 is masked and fine). Numbers
        right after an office label (联系电话：, 咨询电话, 监督电话, 联系人：…) or in a
        咨询/监督电话 column are the publisher's and are not counted — unless they stand in
        per-person rows (extraction's ``per_person``): a table row under a 姓名/联系人/身份证
        column, or two or more text entries each pairing a name (or ID number) with a number
        ("张三 13912345678；李四 13812345678", "1. 王芳 联系电话：139…" on every row). A 联系电话
        label repeated on each row of a 名单 is the listed person's number, wherever the list
        appears (also in a notice not titled 名单); a single 联系电话 closing a notice, or
        entries introduced by 联系人/咨询电话, stay the office's. One FAIL per page or
        attachment, evidence ``{kind, count, examples}`` (masked), plan task 7 (task 5 for
        补贴/救助/资金 公示).

    Legal basis:
        条例第十五条; 2018年政务公开工作要点 去标识化; a county 通报 (福建永安, 2023) treats
        unmasked 电话号码 in 政府文件 as 个人隐私信息泄露 and requires 138****1234.

    Passing example:
        拟聘用人员名单 with 手机号码 138****5678; a notice ending 联系人：王老师，联系电话：13904361234.

    Failing example:
        拟聘用人员公示 table 姓名 | 手机号码 with 13812345678: 页面《…公示》公开了5个完整的手机号码.

    Not applicable when:
        Never: a site without such lists passes.
    """

    meta = RuleMeta(
        id="PII002",
        slug="documents.pii-mobile-in-list",
        title="名单类信息未公开完整的个人手机号码",
        failure_title="名单类信息公开了完整的个人手机号码（个人信息未去标识化）",
        severity=Severity.error,
        legal_basis=[ART15, YAODIAN_2018, PIPL_34],
        plan_tasks=[7, 5],
        requires=["pages", "documents"],
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        found = 0
        for h in holders(site):
            is_list = lists_people(h.names, h.tables)
            mobiles = [c for c in h.pii if listed_mobile(c) and (is_list or c.per_person)]
            if not mobiles:
                continue
            found += 1
            f = self.fail(f"{h.where}公开了{len(mobiles)}个完整的手机号码（如 {mobiles[0].masked}），应去标识化处理",
                          url=h.url, target=h.target,
                          evidence={"kind": "mobile", "count": len(mobiles), "examples": examples(mobiles),
                                    "in_table": any(c.in_table for c in mobiles),
                                    "per_person": sum(c.per_person for c in mobiles)})
            f.task = funds_task(h.names, mobiles)
            yield f
        if not found:
            yield self.passed("名单类页面和附件中未发现完整的个人手机号码")
