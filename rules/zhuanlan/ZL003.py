"""ZL003 — no unrelated first-level columns inside the 专栏 (专栏姓专, 61号)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import PORTAL_LINK_PATTERNS, find_portal, norm, seen_at
from ..presence import seen_homepage
from ._common import CITE_61_COLUMNS, CITE_61_PLATFORM, first_level_columns, portal_names


class ZL003(Rule):
    """The 专栏 holds disclosure columns only: no news or other unrelated first-level columns.

    What it checks:
        The first-level columns of the 专栏 are read from breadcrumbs: every crawled page whose
        当前位置 trail (首页 and 正文-like entries removed) starts with the 专栏's name shows
        its first-level column as the next entry (首页 > 政府信息公开 > 政府信息公开指南 > …).
        When the homepage links a broader 政务公开 section whose page holds a column named
        政府信息公开, that inner column is the 专栏 and only its columns are judged. Each
        first-level column is then classified by name:

        * standard (``allowed_pattern``): 指南, 制度, 法定主动公开内容, 年报, 依申请公开,
          公开目录, 公开规定 …;
        * disclosure content placed one level too high (``related_pattern``): 政策文件,
          政策解读, 规划, 财政预决算 … — 法定主动公开内容 items, tolerated (reported as pass
          with a note, since 61号's sub-column layout is not verified);
        * anything else (新闻, 图片新闻, 通知公告, 专题, 领导活动 …) is unrelated: one FAIL
          per column, url = the column's own page (else the first page seen under it),
          evidence ``{column}``.

    Legal basis:
        国办公开办函〔2019〕61号 一、找准定位: 牢牢把握“专栏姓专”的基本定位，聚焦法定主动公开
        内容 (verified). The four-column layout itself is recalled, not verified.

    Passing example:
        Pages under 政府信息公开 show only 政府信息公开指南, 政府信息公开制度, 法定主动公开内容,
        政府信息公开年报 and 依申请公开 as the second breadcrumb entry.

    Failing example:
        /xxgk/tpxw/ has the trail 首页 > 政府信息公开 > 图片新闻: 政府信息公开专栏设有与信息公开
        无关的一级栏目“图片新闻”.

    Not applicable when:
        No crawled page has a breadcrumb under the 专栏 (sites without 当前位置 trails, or a 专栏
        on another host): could not evaluate. The homepage without any 专栏 link is COL001's.
    """

    meta = RuleMeta(
        id="ZL003",
        slug="zhuanlan.only-disclosure-columns",
        title="专栏姓专，无无关一级栏目",
        failure_title="政府信息公开专栏设有无关栏目",
        severity=Severity.warning,
        legal_basis=[CITE_61_PLATFORM, CITE_61_COLUMNS],
        plan_tasks=[11],
        requires=["pages", "columns"],
        options={
            "portal_link_patterns": list(PORTAL_LINK_PATTERNS),
            "standard_name_pattern": r"政府信息公开(专栏|平台)?",
            "allowed_pattern": r"指南|制度|法定主动公开|主动公开|年报|年度报告|依申请|申请公开|公开目录|信息公开目录|公开规定|公开平台",
            "related_pattern": r"政策|文件|解读|规划|统计|财政|预算|决算|采购|人事|招考|机构|职能|领导信息|领导之窗|领导简介|领导分工|应急|项目|权责|"
                               r"清单|收费|许可|处罚|执法|公共服务|企事业|标准目录|重点领域|回应|建议提案|审计",
        },
    )

    @staticmethod
    def _nested(site, link, portal, ctx):
        std = re.compile(ctx.opt("standard_name_pattern"))
        if portal is None or std.fullmatch(norm(link.text)):
            return None
        inner = next((l for l in portal.links if not l.hidden and std.fullmatch(norm(l.text))
                      and l.kind.value in ("page", "external")), None)
        if inner is None:
            return None
        return inner, site.page(inner.url)

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home, link, portal = find_portal(site, ctx.opt("portal_link_patterns"))
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查专栏栏目设置",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        if link is None:
            yield self.not_applicable("首页未找到政府信息公开专栏入口（由 COL001 报告）", url=seen_at(home))
            return
        names = portal_names(link, portal)
        nested = self._nested(site, link, portal, ctx)
        if nested is not None:  # 政务公开 section holding a 政府信息公开 专栏: judge the 专栏 only
            link, portal = nested
            names = portal_names(link, portal)
        columns = first_level_columns(site, names)
        if not columns:
            yield self.could_not_evaluate("未发现位于政府信息公开专栏下的页面（无“当前位置”导航或专栏未采集），无法判断专栏栏目设置",
                                          url=seen_at(portal) if portal else seen_at(home), target=link.url)
            return
        allowed = re.compile(ctx.opt("allowed_pattern"))
        related = re.compile(ctx.opt("related_pattern"))
        for name, url in columns.items():
            if allowed.search(name):
                yield self.passed(f"专栏一级栏目“{name}”", url=url, evidence={"column": name})
            elif related.search(name):
                yield self.passed(f"专栏一级栏目“{name}”属于法定主动公开内容（建议归入“法定主动公开内容”下）",
                                  url=url, evidence={"column": name, "misplaced": True})
            else:
                yield self.fail(f"政府信息公开专栏设有与信息公开无关的一级栏目“{name}”（专栏姓专）",
                                url=url, evidence={"column": name})
