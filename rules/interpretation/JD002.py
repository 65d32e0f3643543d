"""JD002 — a policy and its 解读 link each other (双向关联)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (INTERPRETATION_PATTERN, POLICY_CONTEXT_PATTERN, book_title, columns_listing,
                        interpretation_pairs, page_label, policy_pages, seen_at)
from ._common import CITE_19_JD, CITE_80


class JD002(Rule):
    """Each policy links to its 解读 and each 解读 links back to its policy.

    What it checks:
        Policies are found as JD001 finds them (文号 + 政策文件 / 规范性文件 / …文件 column, not a
        解读), 解读 pages by 解读 / 图解 / 答记者问 in their own title or column. A pair is a
        policy and a crawled 解读 page linked in at least one direction by a content link
        (navigation, footer and hidden links do not count). Each direction missing is one
        FAIL:

        * the 解读 links to the policy, the policy not to the 解读 → url = the policy,
          target = the 解读, evidence ``{direction: 政策文件→解读}``;
        * the policy links to the 解读, the 解读 not back → url = the 解读, target = the
          policy, evidence ``{direction: 解读→政策文件}``.

        Policies with no 解读 at all are JD001's.

    Legal basis:
        国办秘函〔2019〕19号 扣分指标 发布解读: 通报 list “解读稿未与政策原文做好双向关联”
        (verified through a 株洲 通报). 国办发〔2016〕80号 三同步 (not verified). Plan task 6.

    Passing example:
        《关于印发稳就业若干措施的通知》 has “相关解读：《稳就业若干措施》政策解读”, and the 解读
        page has “相关文件：关于印发稳就业若干措施的通知”.

    Failing example:
        The 解读 page links the policy but the policy page was never updated to link the 解读:
        政策文件《…》未链接其解读《…》（仅单向关联）.

    Not applicable when:
        No policy is linked with a crawled 解读 in either direction.
    """

    meta = RuleMeta(
        id="JD002",
        slug="interpretation.two-way-links",
        title="政策文件与解读双向关联",
        failure_title="政策文件与解读未双向关联",
        severity=Severity.error,
        legal_basis=[CITE_19_JD, CITE_80],
        plan_tasks=[6],
        requires=["pages", "columns"],
        options={
            "policy_pattern": POLICY_CONTEXT_PATTERN,
            "interpretation_pattern": INTERPRETATION_PATTERN,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        policies = policy_pages(site, listing, ctx.opt("policy_pattern"),
                                interpretation_pattern=ctx.opt("interpretation_pattern"))
        numbers = {seen_at(p): n for p, n in policies}
        pairs = interpretation_pairs(site, listing, policies, ctx.opt("interpretation_pattern"))
        if not pairs:
            yield self.not_applicable("未发现相互关联的政策文件与解读")
            return
        for policy, interp, forward, backward in pairs:
            p_title, j_title = page_label(policy, seen_at(policy)), page_label(interp, seen_at(interp))
            evidence = {"policy": seen_at(policy), "interpretation": seen_at(interp),
                        "doc_number": numbers.get(seen_at(policy)), "title": p_title}
            if forward and backward:
                yield self.passed(f"政策文件{book_title(p_title)}与解读{book_title(j_title)}双向关联",
                                  url=seen_at(policy), target=seen_at(interp), evidence=evidence)
            elif backward:
                yield self.fail(f"政策文件{book_title(p_title)}未链接其解读{book_title(j_title)}（仅解读链接了文件，单向关联）",
                                url=seen_at(policy), target=seen_at(interp),
                                evidence={**evidence, "direction": "政策文件→解读"})
            else:
                yield self.fail(f"解读{book_title(j_title)}未链接回政策文件{book_title(p_title)}（单向关联）",
                                url=seen_at(interp), target=seen_at(policy),
                                evidence={**evidence, "direction": "解读→政策文件"})
