"""AP004 — no fee demands beyond 条例第四十二条 (不收取费用; 信息处理费 only)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..guide._common import current_guide, guide_text
from ..patterns import body_text, norm, seen_at, short_context
from ._common import CITE_ART42, application_pages


class AP004(Rule):
    """The 依申请公开 pages and the guide ask no fee the 条例 does not allow.

    What it checks:
        The text of the 依申请公开 pages (see AP001) and of the current guide is searched for
        fee demands (``fee_patterns``): 收取 / 缴纳 / 交纳 … 检索费, 复制费, 邮寄费, 成本费,
        工本费, 手续费, 服务费 — the 2007 wording 检索、复制、邮寄等成本费用 included. A demand
        negated just before (不收取, 免收, 无需缴纳) does not count, nor does the
        信息处理费 the 条例 itself allows. One FAIL per page: url = the page, evidence
        ``{item: 收费, match, context}``.

    Legal basis:
        条例第四十二条 (verified): 行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开
        政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费. Plan task 9.

    Passing example:
        行政机关依申请提供政府信息，不收取检索、复制、邮寄费用; or 超过合理范围的，可以依法收取信息处理费.

    Failing example:
        申请人应当按照规定缴纳检索、复制、邮寄等成本费用: 依申请公开页面要求申请人缴纳“检索、复制、邮寄等成本费”.

    Not applicable when:
        Neither a 依申请公开 page nor a guide was found.
    """

    meta = RuleMeta(
        id="AP004",
        slug="application.no-fees",
        title="依申请公开不违规收费",
        failure_title="依申请公开要求缴纳条例规定以外的费用",
        severity=Severity.error,
        legal_basis=[CITE_ART42],
        plan_tasks=[9],
        requires=["pages"],
        options={
            "fee_patterns": [
                r"(?<!不)(?<!免)(?<!无需)(?<!无须)(?<!不再)(收取|缴纳|交纳|支付)[^。；;]{0,24}?(检索|复制|邮寄|寄送|成本|工本|手续|服务)(费|等费用|费用)",
                r"(?<!不收取)(检索|复制|邮寄)[、和]?(复制|邮寄|检索)?[、和]?(邮寄|检索|复制)?等成本费",
            ],
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = [(p, norm(body_text(p))) for p in application_pages(site)]
        guide = current_guide(site)
        if guide is not None and all(p is not guide for p, _ in pages):
            pages.append((guide, norm(guide_text(site, guide)[0])))
        if not pages:
            yield self.not_applicable("未采集到依申请公开页面和政府信息公开指南（是否设置由 AP001、GD001 判断）")
            return
        rxs = [re.compile(p) for p in ctx.opt("fee_patterns")]
        clean = 0
        for page, text in pages:
            m = next((m for rx in rxs for m in [rx.search(text)] if m), None)
            if m is None:
                clean += 1
                continue
            yield self.fail(f"页面要求申请人缴纳费用（“{m.group(0)}”），条例规定依申请提供政府信息不收取费用",
                            url=seen_at(page), evidence={"item": "收费", "match": m.group(0),
                                                         "context": short_context(text, m.start(), m.end())})
        if clean:
            yield self.passed(f"{clean} 个依申请公开相关页面未见违规收费表述", evidence={"item": "收费", "pages": clean})
