"""LNK003 — dead external links (站外链接不可用)."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import LINK_OPTIONS, check_links


class LNK003(Rule):
    """Links to other sites (上级政府网站, 友情链接, 政务服务网 …) should open.

    What it checks:
        Every link of kind ``external`` (an HTML page on another scheme/host/port) on a
        crawled page is looked up in the LinkCheck records. Outcome ``dead``,
        ``redirect_loop`` or ``too_many_redirects`` is a FAIL (a warning: the other site is
        not the body's own, but its portal still shows a broken link), one per page holding
        the link. ``timeout`` / ``rate_limited`` / ``blocked`` / ``error`` give one
        could-not-evaluate result per cause and host, with a count and examples. External
        hosts the site profile does not allow
        are never requested (outcome ``skipped``): they are never findings, and one
        site-level not-applicable result says how many were not checked and on which hosts.

    Legal basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》扣分指标 "链接可用性" counts links
        that cannot be opened, "包括图片、附件、外部链接等" (wording and point values from
        memory, not verified here).

    Passing example:
        The footer's 友情链接 “白城市人民政府” points to an allowed host that answers 200.

    Failing example:
        The footer links “吉林省政务服务网” to a host that refuses connections:
        页面《首页》中的站外链接“吉林省政务服务网”指向的站外网站无法访问.

    Not applicable when:
        No crawled page links another site, or every external host is outside the profile's
        allowed hosts (then only the site-level not-applicable count is reported).
    """

    meta = RuleMeta(
        id="LNK003",
        slug="links.dead-external",
        title="站外链接可以正常访问",
        failure_title="站外链接无法访问",
        severity=Severity.warning,
        legal_basis=[
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 链接可用性（含外部链接）",
                verified=False,
                note="“包括图片、附件、外部链接等”的表述及分值系据记忆，未见原文",
            ),
        ],
        plan_tasks=[11],
        requires=["pages", "links"],
        options=dict(LINK_OPTIONS),
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        yield from check_links(self, site, ctx, kind="external", noun="站外链接", broken_phrase="指向的站外网站", label="站外链接")
