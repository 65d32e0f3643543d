"""ZL001 — the 专栏 is named 政府信息公开 and linked prominently from the homepage (61号 统一名称)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import PORTAL_LINK_PATTERNS, find_portal, norm, quote_page, seen_at
from ..presence import seen_homepage
from ._common import CITE_61_PLATFORM, CITE_ART24


class ZL001(Rule):
    """The homepage links the 专栏 under the unified name 政府信息公开, in a prominent place.

    What it checks:
        The homepage link to the 专栏 is found as COL001 finds it (link text 政府信息公开, else
        政务公开 / 信息公开, navigation preferred). Two things are judged, one finding each
        (evidence ``item``):

        * 专栏名称 — the link text, spaces removed, must match ``standard_name_pattern``
          (``政府信息公开(专栏|平台)?``). A 政务公开 section whose page itself links a
          column named 政府信息公开 passes (the 专栏 sits inside the broader section, as on
          many TRS and 开普云 portals).
        * 入口位置 — the link must be in the navigation bar or the main area, not only in the
          footer or a hidden menu (``allowed_regions``).

    Legal basis:
        国办公开办函〔2019〕61号 一、二: platforms 必须统一名称、统一格式; a body without a
        “政府信息公开” column, or with a similar column under another name, must set it up
        and name it uniformly (verified text). 条例第二十四条: the unified platform on the
        portal. Placement 首页显著位置 is recalled from 61号, not verified.

    Passing example:
        Homepage nav: “政府信息公开” → /xxgk/.

    Failing example:
        Homepage nav: “政务公开” → /zwgk/, and /zwgk/ has no column named 政府信息公开:
        首页专栏入口名称为“政务公开”，未统一为“政府信息公开”. A 政府信息公开 link only in the
        footer fails 入口位置.

    Not applicable when:
        The homepage has no 专栏 link at all (COL001 reports that). Could not evaluate when the
        homepage was not crawled or did not load.
    """

    meta = RuleMeta(
        id="ZL001",
        slug="zhuanlan.unified-name",
        title="政府信息公开专栏名称统一、入口醒目",
        failure_title="政府信息公开专栏名称不规范或入口不醒目",
        severity=Severity.warning,
        legal_basis=[CITE_61_PLATFORM, CITE_ART24],
        plan_tasks=[11],
        requires=["pages"],
        options={
            "portal_link_patterns": list(PORTAL_LINK_PATTERNS),
            "standard_name_pattern": r"政府信息公开(专栏|平台)?",
            "allowed_regions": ["nav", "main", "other"],
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home, link, portal = find_portal(site, ctx.opt("portal_link_patterns"))
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查政府信息公开专栏入口",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        if link is None:
            yield self.not_applicable("首页未找到政府信息公开专栏入口（由 COL001 报告）", url=seen_at(home))
            return
        std = re.compile(ctx.opt("standard_name_pattern"))
        name = norm(link.text)
        where = quote_page(home, seen_at(home))
        if std.fullmatch(name):
            yield self.passed(f"首页专栏入口名称为“{name}”", url=seen_at(home), target=link.url,
                              evidence={"item": "专栏名称", "link_text": link.text})
        else:
            inner = None
            if portal is not None:
                inner = next((l for l in portal.links if not l.hidden and std.fullmatch(norm(l.text))), None)
            if inner is not None:
                yield self.passed(f"首页“{name}”栏目内设有“{norm(inner.text)}”专栏", url=seen_at(home),
                                  target=inner.url, evidence={"item": "专栏名称", "link_text": inner.text})
            elif portal is None and site.page(link.url) is None:
                yield self.could_not_evaluate(
                    f"首页“{name}”入口页面未采集，无法确认其中是否设有“政府信息公开”专栏",
                    url=seen_at(home), target=link.url, evidence={"item": "专栏名称", "link_text": link.text})
            else:
                yield self.fail(f"首页{where}的专栏入口名称为“{name}”，未统一为“政府信息公开”",
                                url=seen_at(home), target=link.url,
                                evidence={"item": "专栏名称", "link_text": link.text})
        if link.region.value in ctx.opt("allowed_regions"):
            yield self.passed(f"专栏入口位于首页{ {'nav': '导航栏', 'main': '主体区域'}.get(link.region.value, '页面') }",
                              url=seen_at(home), target=link.url,
                              evidence={"item": "入口位置", "region": link.region.value})
        else:
            yield self.fail(f"首页{where}仅在页脚等非醒目位置设置专栏入口“{name}”",
                            url=seen_at(home), target=link.url,
                            evidence={"item": "入口位置", "region": link.region.value})
