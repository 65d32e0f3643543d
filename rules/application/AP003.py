"""AP003 — the 依申请公开 pages state the 20-working-day reply period, not the 2007 one."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..guide._common import current_guide, guide_text
from ..patterns import body_text, norm, seen_at, short_context
from ._common import CITE_ART33, application_pages


class AP003(Rule):
    """Applicants are told the reply period of 条例第三十三条: 20 working days.

    What it checks:
        The text of the 依申请公开 pages (see AP001) and of the current 政府信息公开指南:

        * one of them must state the period (``period_pattern``: 20个工作日 / 二十个工作日) →
          else FAIL, item 答复期限;
        * none of the 依申请公开 pages may state the 2007 period (``outdated_pattern``:
          15个工作日内答复 / 十五个工作日) → FAIL per page, url = that page, item 旧答复期限,
          evidence ``{match, context}``. (An outdated guide is GD002's.)

    Legal basis:
        条例第三十三条 (verified): 不能当场答复的，应当自收到申请之日起20个工作日内予以答复；
        需要延长答复期限的…延长的期限最长不得超过20个工作日. Plan task 9 (按标准做好依申请公开
        工作，规范工作流程).

    Passing example:
        办理流程: 不能当场答复的，自收到申请之日起20个工作日内予以答复.

    Failing example:
        依申请公开须知: 自收到申请之日起15个工作日内予以答复 → 旧答复期限; and no page states
        20个工作日 → 答复期限.

    Not applicable when:
        No 依申请公开 page was found (AP001 reports that).
    """

    meta = RuleMeta(
        id="AP003",
        slug="application.reply-period",
        title="依申请公开告知20个工作日答复期限",
        failure_title="依申请公开答复期限表述缺失或过时",
        severity=Severity.error,
        legal_basis=[CITE_ART33],
        plan_tasks=[9],
        requires=["pages"],
        options={
            "period_pattern": r"(20|二十)个工作日",
            "outdated_pattern": r"(15|十五)个工作日内(予以)?答复|答复.{0,6}(15|十五)个工作日",
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = application_pages(site)
        if not pages:
            yield self.not_applicable("未采集到依申请公开页面（是否设置由 AP001 判断）")
            return
        old = re.compile(ctx.opt("outdated_pattern"))
        for page in pages:
            text = norm(body_text(page))
            m = old.search(text)
            if m:
                yield self.fail(f"依申请公开页面仍告知旧答复期限“{m.group(0)}”", url=seen_at(page),
                                evidence={"item": "旧答复期限", "match": m.group(0),
                                          "context": short_context(text, m.start(), m.end())})
        sources = [(p, norm(body_text(p))) for p in pages]
        guide = current_guide(site)
        if guide is not None:
            sources.append((guide, norm(guide_text(site, guide)[0])))
        rx = re.compile(ctx.opt("period_pattern"))
        hit = next(((p, rx.search(t)) for p, t in sources if rx.search(t)), None)
        if hit is not None:
            yield self.passed(f"告知了答复期限“{hit[1].group(0)}”", url=seen_at(hit[0]), evidence={"item": "答复期限"})
        else:
            yield self.fail("依申请公开页面和政府信息公开指南均未告知20个工作日的答复期限", url=seen_at(pages[0]),
                            evidence={"item": "答复期限"})
