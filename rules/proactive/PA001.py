"""PA001 — every 法定主动公开 item of 条例第二十条/第二十一条 has a non-empty column."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import seen_at
from ..presence import PresenceSpec
from ._common import CITE_ART20, CITE_ART21, matching_columns, site_columns


class PA001(Rule):
    """Each statutory 主动公开 item is published in a column that has content.

    What it checks:
        For each item of ``items`` (条例第二十条 (一)–(十四), 第二十一条 公共服务) the site
        must have a column whose name matches the item's pattern (columns anywhere on the
        site count: TRS 信息公开 trees, Hanweb ``col/col…`` lists, 开普云 目录 pages) and
        at least one of them must have content: list items, or — for single-page columns
        such as 机构职能 — text of its own. Names matching ``exclude_pattern`` (解读, 图解)
        never count.

        * no matching column → FAIL, evidence ``{item, column_name: null}``;
        * matching columns, all empty → FAIL, evidence ``{item, column_name}`` (the first one);
        * otherwise PASS.

        The finding is filed under the item's plan task (财政预决算 and 民生 under task 5,
        许可/处罚 under task 1, the rest under task 11). 应急预案 (PA002), 突发事件 (PA003),
        权责清单 (PA004), 公共企事业单位 (PA005) and the 基层 标准目录 (PA006) have their own
        rules. Drop items a body does not produce through the ``items`` option.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage or the 专栏 was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第二十条 (verified text): 机关职能、机构设置…; 规范性文件; 规划; 统计信息; 行政许可…
        依据、条件、程序以及办理结果; 行政处罚、行政强制; 财政预算、决算; 行政事业性收费; 政府集中采购;
        重大建设项目; 扶贫、教育、医疗、社会保障、促进就业; 环境保护、公共卫生、安全生产…监督检查;
        公务员招考. 第二十一条: 市政建设、公共服务、公益事业、社会救助…. 国办秘函〔2019〕19号:
        空白栏目 count towards 单项否决.

    Passing example:
        法定主动公开内容 holds 机构职能 (one page of text), 政策文件 (22 items), 规划信息,
        统计信息, 行政执法公示, 财政预决算, 政府采购, 重大项目, 人事信息 … each with items.

    Failing example:
        No column named 公共服务 / 市政建设 / 社会救助 …: 未设置“公共服务”方面的主动公开栏目.
        收费信息 shows only 暂无信息: “行政事业性收费”栏目“收费信息”没有内容.

    Not applicable when:
        An item removed from ``items`` is not judged. Could not evaluate when the crawl
        identified no columns at all.
    """

    meta = RuleMeta(
        id="PA001",
        slug="proactive.statutory-columns",
        title="法定主动公开内容栏目齐全且有内容",
        failure_title="法定主动公开内容缺项或栏目为空",
        severity=Severity.error,
        legal_basis=[CITE_ART20, CITE_ART21],
        plan_tasks=[11, 1, 5],
        requires=["pages", "columns"],
        options={
            "items": {
                "机构职能": {"pattern": r"机构职能|机构设置|机构概况|领导信息|领导之窗|内设机构|部门职责|单位简介|概况信息|机关简介", "task": 11},
                "规范性文件": {"pattern": r"规范性文件|政策文件|政府文件|管委会文件|法规文件|政策法规|文件库|政府规章|^文件$", "task": 11},
                "规划信息": {"pattern": r"规划", "task": 11},
                "统计信息": {"pattern": r"统计|数据发布|经济运行", "task": 11},
                "行政许可": {"pattern": r"行政许可|许可公示|审批|办事指南|政务服务|服务事项|双公示", "task": 1},
                "行政处罚和行政强制": {"pattern": r"行政处罚|处罚|行政强制|行政执法|执法公示|双公示", "task": 1},
                "财政预决算": {"pattern": r"预决算|预算|决算|财政信息|财政资金|三公经费", "task": 5},
                "行政事业性收费": {"pattern": r"收费", "task": 11},
                "政府采购": {"pattern": r"采购|招标|招投标", "task": 11},
                "重大建设项目": {"pattern": r"重大建设项目|重大项目|重点项目|项目建设", "task": 11},
                "扶贫教育医疗社保就业": {"pattern": r"扶贫|脱贫|乡村振兴|义务教育|教育(信息|公开|服务|领域)|医疗|卫生健康|社会保障|社保|就业|民生", "task": 5},
                "环境保护和安全生产监督检查": {"pattern": r"环境保护|生态环境|环保|安全生产|食品药品|食品安全|产品质量|监督检查|双随机|抽检", "task": 11},
                "公务员招考": {"pattern": r"公务员|招考|招录|录用|招聘|人事信息|人事", "task": 11},
                "公共服务": {"pattern": r"公共服务|市政建设|公益事业|社会救助|土地征收|房屋征收|征地", "task": 11},
            },
            "exclude_pattern": r"解读|图解|回应",
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [self._spec(item, spec, options) for item, spec in options["items"].items()]

    @staticmethod
    def _spec(item: str, spec: dict, options) -> PresenceSpec:
        return PresenceSpec(item=item, link_text=spec["pattern"], example=item, exclude=options["exclude_pattern"],
                            in_portal=True)

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        cols = site_columns(site)
        if not cols:
            yield self.could_not_evaluate("未识别出任何栏目，无法检查法定主动公开内容")
            return
        home = site.homepage()
        home_url = seen_at(home) if home else site.crawl.start_url
        for item, spec in ctx.opt("items").items():
            task = int(spec.get("task", self.meta.plan_tasks[0]))
            found = matching_columns(cols, spec["pattern"], ctx.opt("exclude_pattern"))
            full = [c for c in found if c.non_empty]
            if full:
                f = self.passed(f"“{item}”公开于栏目“{full[0].name}”", url=full[0].url,
                                evidence={"item": item, "column_name": full[0].name, "columns": [c.name for c in found]})
            elif found:
                f = self.fail(f"“{item}”栏目“{found[0].name}”没有内容", url=found[0].url,
                              evidence={"item": item, "column_name": found[0].name, "columns": [c.name for c in found]})
            else:
                f = self.missing(site, self._spec(item, spec, ctx.options), f"未设置“{item}”方面的主动公开栏目",
                                 url=home_url, evidence={"column_name": None})
            yield f.model_copy(update={"task": task})
