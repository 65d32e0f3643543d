"""PA006 — the 基层政务公开 标准目录 and its 领域 (国办发〔2019〕54号, plan task 2)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, seen_at
from ..presence import PresenceSpec
from ._common import CITE_ART22, all_items, site_columns

#: The 26 试点领域 of the 基层政务公开标准指引 as the reference catalogue lists them
#: (24 corroborated, list not verified against 54号 itself).
DOMAINS_26 = [
    "国土空间规划", "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿",
    "国有土地上房屋征收与补偿", "农村危房改造", "城市综合执法", "扶贫", "救灾", "社会救助", "养老服务",
    "户籍管理", "涉农补贴", "义务教育", "医疗卫生", "市政服务", "就业", "社会保险", "生态环境",
    "公共文化服务", "公共法律服务", "食品药品监管", "保障性住房",
]


class PA006(Rule):
    """The body has published its 政务公开事项标准目录, covering the 领域 it must cover.

    What it checks:
        * 标准目录 — an item or page titled like ``catalogue_title_pattern``
          (政务公开事项标准目录, 基层政务公开标准目录, …领域政务公开标准目录); none → FAIL,
          evidence ``{item: 标准目录}``.
        * 领域 — each name in ``required_domains`` must appear in a column name or an item
          title (synonyms in ``domain_synonyms``: 扶贫 ↔ 脱贫攻坚/乡村振兴, 医疗卫生 ↔ 卫生健康,
          生态环境 ↔ 环境保护, 就业 ↔ 就业创业); one FAIL per domain missing, evidence
          ``{item: domain}``. The default list is empty because applicability depends on the
          body's functions (a 开发区 管委会 has no 户籍管理 or 义务教育); a 县级 government
          would list all 26 (``domain_catalogue`` holds them as the catalogue gives them).

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage or the 专栏 was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        国办发〔2019〕54号《关于全面推进基层政务公开标准化规范化工作的指导意见》 (verified via
        news copies): 对照国务院部门制定的26个试点领域基层政务公开标准指引…于2020年底前编制完成
        本级政务公开事项标准目录. Plan task 2 sets 2020年11月底前. 条例第二十二条: 确定主动公开
        的具体内容. The 26-domain list itself is not verified.

    Passing example:
        基层政务公开 lists 《白城经济开发区政务公开事项标准目录（2020年版）》.

    Failing example:
        No page or item is titled …标准目录: 未公开基层政务公开事项标准目录. With
        ``required_domains: [安全生产]`` and no 安全生产 column or item: 未涉及“安全生产”领域.

    Not applicable when:
        Domains are judged only when ``required_domains`` lists them. Could not evaluate when
        the crawl found no columns and no articles.
    """

    meta = RuleMeta(
        id="PA006",
        slug="proactive.standard-catalogue",
        title="公开基层政务公开事项标准目录",
        failure_title="未公开基层政务公开事项标准目录或领域缺项",
        severity=Severity.error,
        legal_basis=[
            Citation(document="国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见（国办发〔2019〕54号）",
                     article="对照26个试点领域标准指引编制本级政务公开事项标准目录",
                     note="于2020年底前编制完成本级政务公开事项标准目录（据新华社摘要及各地方案引述）"),
            Citation(document="国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见（国办发〔2019〕54号）",
                     article="26个试点领域名单", verified=False, note="领域名单据县级工具代码与广州文件旁证，未见原文"),
            CITE_ART22,
        ],
        plan_tasks=[2],
        requires=["pages", "columns"],
        options={
            "catalogue_title_pattern": r"(政务公开|公开)事项.{0,6}标准目录|政务公开.{0,8}标准目录|标准化.{0,6}目录",
            "required_domains": [],
            "domain_catalogue": list(DOMAINS_26),
            "domain_synonyms": {
                "扶贫": "脱贫攻坚|乡村振兴|巩固拓展",
                "医疗卫生": "卫生健康",
                "生态环境": "环境保护|环保",
                "就业": "就业创业",
            },
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="标准目录", link_text=options["catalogue_title_pattern"], example="政务公开事项标准目录",
                             in_portal=True)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        items = all_items(site)
        cols = site_columns(site)
        if not items and not cols:
            yield self.could_not_evaluate("未识别出任何栏目或信息，无法检查基层政务公开标准目录")
            return
        home = site.homepage()
        home_url = seen_at(home) if home else site.crawl.start_url
        rx = re.compile(ctx.opt("catalogue_title_pattern"))
        hits = [i for i in items if rx.search(norm(i.title))]
        if hits:
            newest = max(hits, key=lambda i: (i.date is not None, i.date))
            yield self.passed(f"公开了“{newest.title}”", url=newest.url or home_url,
                              evidence={"item": "标准目录", "title": newest.title,
                                        "date": newest.date.isoformat() if newest.date else None})
        else:
            yield self.missing(site, self.presence_specs(ctx.options)[0], "未公开基层政务公开事项标准目录", url=home_url)
        names = [norm(c.name) for c in cols] + [norm(i.title) for i in items]
        synonyms = ctx.opt("domain_synonyms")
        for domain in ctx.opt("required_domains"):
            pattern = re.escape(domain) + ("|" + synonyms[domain] if domain in synonyms else "")
            drx = re.compile(pattern)
            if any(drx.search(n) for n in names):
                yield self.passed(f"基层政务公开涉及“{domain}”领域", url=home_url, evidence={"item": domain})
            else:
                yield self.fail(f"基层政务公开未涉及“{domain}”领域", url=home_url, evidence={"item": domain})
