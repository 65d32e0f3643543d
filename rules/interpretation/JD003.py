"""JD003 — the 解读 is published within N working days of its policy."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (INTERPRETATION_PATTERN, POLICY_CONTEXT_PATTERN, CalendarRangeError, book_title,
                        columns_listing, interpretation_pairs, page_date, page_label, policy_pages, seen_at,
                        working_days_between)
from ._common import CITE_19_JD, CITE_80


class JD003(Rule):
    """A policy's first 解读 appears within ``max_working_days`` (3) working days of the policy.

    What it checks:
        For each policy linked with at least one crawled 解读 (either direction, see JD002), the
        earliest 解读's publication date is compared with the policy's. The lag is counted in
        Chinese working days after the policy's date: public holidays are not working days and
        the weekend days made working days (调休, e.g. Saturday 2025-02-08) are, from the
        ``chinese_calendar`` package. A 解读 published the same day or earlier has lag 0.
        Lag > ``max_working_days`` → one FAIL: url = the policy, target = the 解读, evidence
        ``{working_days, policy_date, interpretation_date, threshold}``. A date outside the
        years the installed ``chinese_calendar`` covers gives could-not-evaluate (update the
        package: it follows the State Council's yearly holiday notice).

    Legal basis:
        The 3-working-day figure is recalled from 国办发〔2016〕80号 (解读材料原则上在文件公开后
        3个工作日内发布) and is **not verified**: the default follows the reference catalogue and
        is configurable. 三同步 (同步组织、同步审签、同步部署) is verified through local
        implementations. Plan task 6.

    Passing example:
        Policy published Friday 2025-03-07, 解读 Monday 2025-03-10: 1 working day. Friday
        2025-01-24 → Monday 2025-01-27 is 2: Sunday 2025-01-26 was a working day.

    Failing example:
        Policy published Monday 2025-01-27, 解读 Saturday 2025-02-08 (an adjusted working day
        after the Spring Festival holiday): 4 working days > 3: 政策文件《…》的解读晚于文件4个工作日发布.

    Not applicable when:
        No policy is linked with a crawled 解读, or the dates are missing (could not evaluate).
    """

    meta = RuleMeta(
        id="JD003",
        slug="interpretation.timely",
        title="政策解读及时发布",
        failure_title="政策解读发布不及时",
        severity=Severity.warning,
        legal_basis=[CITE_80, CITE_19_JD],
        plan_tasks=[6],
        requires=["pages", "columns"],
        options={
            "max_working_days": 3,
            "policy_pattern": POLICY_CONTEXT_PATTERN,
            "interpretation_pattern": INTERPRETATION_PATTERN,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        policies = policy_pages(site, listing, ctx.opt("policy_pattern"),
                                interpretation_pattern=ctx.opt("interpretation_pattern"))
        pairs = interpretation_pairs(site, listing, policies, ctx.opt("interpretation_pattern"))
        if not pairs:
            yield self.not_applicable("未发现相互关联的政策文件与解读")
            return
        by_policy: dict[str, list] = {}
        for policy, interp, _, _ in pairs:
            by_policy.setdefault(seen_at(policy), [policy, []])[1].append(interp)
        limit = int(ctx.opt("max_working_days"))
        for key, (policy, interps) in by_policy.items():
            p_title = page_label(policy, key)
            p_date = page_date(policy)
            dated = [(page_date(j), j) for j in interps if page_date(j) is not None]
            if p_date is None or not dated:
                yield self.could_not_evaluate(f"政策文件{book_title(p_title)}或其解读未标注发布日期，无法判断解读是否及时",
                                              url=key, target=seen_at(interps[0]))
                continue
            j_date, interp = min(dated, key=lambda d: d[0])
            evidence = {"policy_date": p_date.isoformat(), "interpretation_date": j_date.isoformat(),
                        "threshold": limit, "title": p_title}
            try:
                lag = working_days_between(p_date, j_date)
            except CalendarRangeError as exc:
                yield self.could_not_evaluate(f"政策文件{book_title(p_title)}的解读时效无法计算：{exc}",
                                              url=key, target=seen_at(interp), evidence=evidence)
                continue
            evidence["working_days"] = lag
            if lag > limit:
                yield self.fail(f"政策文件{book_title(p_title)}（{p_date.isoformat()}）的解读晚于文件{lag}个工作日发布"
                                f"（{j_date.isoformat()}，要求{limit}个工作日内）",
                                url=key, target=seen_at(interp), evidence=evidence)
            else:
                yield self.passed(f"政策文件{book_title(p_title)}的解读在{lag}个工作日内发布", url=key,
                                  target=seen_at(interp), evidence=evidence)
