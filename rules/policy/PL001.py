"""PL001 — each 规范性文件 shows its 文号, 发布日期 and 有效性."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (POLICY_CONTEXT_PATTERN, STRICT_POLICY_COLUMN, book_title, columns_listing, field_value,
                        page_label, policy_pages, seen_at)
from ._common import CITE_47_CHG, CITE_ART20_1, validity_of

_PUBLISH_IN_TEXT = re.compile(r"(发布|公开|印发)(日期|时间)\s*[:：]\s*(19|20)\d{2}")


class PL001(Rule):
    """Each 规范性文件 page shows its 文号, its 发布日期 and whether it is still valid.

    What it checks:
        Policy documents are found as JD001 finds them: articles with their own 文号 in a
        政策文件 / 规范性文件 / …文件 column, plus every article of a column named
        规范性文件 (whose documents must all be numbered). Each must show:

        * 文号 — a 文号 / 发文字号 field or a labelled 文号 in the text (only for documents of a
          规范性文件 column: elsewhere a document without 文号 is not taken for a policy);
        * 发布日期 — a 发布日期 / 发布时间 / 公开日期 field (or “发布日期：2020…” in the text);
        * 有效性 — a 有效性 / 时效性 / 效力状态 field whose value says 有效 / 现行有效 / 失效 /
          废止 / 已修改, or a 【已废止】 mark in the title.

        One FAIL per page and missing element: url = the policy page, evidence
        ``{field, title, doc_number}``.

    Legal basis:
        条例第二十条第（一）项 (规范性文件 are 主动公开, verified). 国办发〔2017〕47号: 文件修改、
        废止、失效等情况应当明确标注 (third-party summary, not verified). Plan task 3: 对已公开
        的…规范性文件…及时立、改、废，并进行动态调整更新 — which a reader can only follow when each
        document shows its status.

    Passing example:
        《企业扶持资金管理办法》 with 文号：白开管规〔2020〕1号, 发布日期：2020-09-15, 有效性：现行有效.

    Failing example:
        A 政策文件 page with 发文字号 白开管发〔2020〕5号 and 发布日期 but no 有效性:
        规范性文件《…》未标注有效性.

    Not applicable when:
        No policy document was crawled.
    """

    meta = RuleMeta(
        id="PL001",
        slug="policy.number-date-validity",
        title="规范性文件标注文号、发布日期和有效性",
        failure_title="规范性文件未标注文号、发布日期或有效性",
        severity=Severity.error,
        legal_basis=[CITE_ART20_1, CITE_47_CHG],
        plan_tasks=[3],
        requires=["pages", "columns"],
        options={
            "policy_pattern": POLICY_CONTEXT_PATTERN,
            "strict_column_pattern": STRICT_POLICY_COLUMN,
            "require": ["文号", "发布日期", "有效性"],
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        policies = policy_pages(site, listing, ctx.opt("policy_pattern"), ctx.opt("strict_column_pattern"))
        if not policies:
            yield self.not_applicable("未发现规范性文件（政策文件）页面")
            return
        required = list(ctx.opt("require"))
        for page, number in policies:
            title = page_label(page, seen_at(page))
            shown = {
                "文号": number,
                "发布日期": field_value(page, "发布日期", "发布时间", "公开日期")
                or (_PUBLISH_IN_TEXT.search(page.text or "") and "text"),
                "有效性": validity_of(page),
            }
            for field in required:
                evidence = {"field": field, "title": title, "doc_number": number}
                if shown.get(field):
                    yield self.passed(f"规范性文件{book_title(title)}标注了{field}", url=seen_at(page), evidence=evidence)
                else:
                    yield self.fail(f"规范性文件{book_title(title)}未标注{field}", url=seen_at(page), evidence=evidence)
