"""JD005 — 六稳 and 六保 coverage across the 解读 (plan tasks 4 and 5)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import INTERPRETATION_PATTERN, body_text, columns_listing, norm, page_date, seen_at, titles_of
from ._common import interpretation_pages

PLAN = "2020年白城经济开发区政务公开（政府信息公开）重点工作任务分工实施方案（落实白政公组办〔2020〕6号）"


class JD005(Rule):
    """The 解读 cover the 六稳 and 六保 areas; coverage is reported area by area.

    What it checks:
        The titles and texts of the crawled 解读 pages (dated within ``window_days`` of the
        audit date, when set) are searched for each area's keywords:

        * 六稳 (task 4): 稳就业, 稳金融, 稳外贸, 稳外资, 稳投资, 稳预期;
        * 六保 (task 5): 保居民就业, 保基本民生, 保市场主体, 保粮食能源安全, 保产业链供应链稳定,
          保基层运转.

        Keywords per area are configurable (``liuwen`` / ``liubao``: area → regex; e.g.
        稳就业 ↔ 就业/稳岗/创业, 保市场主体 ↔ 市场主体/中小企业/纾困/减税降费/惠企). One result per
        group, filed under its task: PASS listing the areas covered and missing when at least
        ``min_areas`` (1) areas are covered, FAIL otherwise; evidence ``{item, covered,
        missing, interpretations}``.

    Legal basis:
        Plan tasks 4 (扎实做好稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期各项政策举措解读) and 5
        (实时发布保居民就业、保基本民生、保市场主体、保粮食能源安全、保产业链供应链稳定、保基层运转等
        相关政策信息，解读好政策措施) — the plan's own text. A 2020 policy priority, not a statutory
        requirement: severity info.

    Passing example:
        解读 of 《稳就业若干措施》 (稳就业, 保居民就业) and of 《中小企业融资担保管理办法》
        (稳金融, 保市场主体).

    Failing example:
        Only 解读 of planning and land rules: 政策解读未涉及“六稳”任何方面.

    Not applicable when:
        No 解读 page was crawled (JD001 reports policies without 解读).
    """

    meta = RuleMeta(
        id="JD005",
        slug="interpretation.six-stabilities",
        title="政策解读覆盖“六稳”“六保”",
        failure_title="政策解读未覆盖“六稳”“六保”",
        severity=Severity.info,
        legal_basis=[
            Citation(document=PLAN, article="任务4", note="扎实做好稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期各项政策举措解读力度"),
            Citation(document=PLAN, article="任务5", note="实时发布保居民就业、保基本民生、保市场主体、保粮食能源安全、保产业链供应链稳定、保基层运转等相关政策信息，解读好政策措施"),
        ],
        plan_tasks=[4, 5],
        requires=["pages", "columns"],
        options={
            "interpretation_pattern": INTERPRETATION_PATTERN,
            "window_days": None,
            "min_areas": 1,
            "liuwen": {
                "稳就业": r"稳就业|就业|稳岗|创业",
                "稳金融": r"稳金融|金融|融资|信贷|担保|上市",
                "稳外贸": r"稳外贸|外贸|进出口|跨境电商|出口",
                "稳外资": r"稳外资|外资|外商|招商引资",
                "稳投资": r"稳投资|投资|项目建设|重点项目",
                "稳预期": r"稳预期|预期|营商环境|市场信心",
            },
            "liubao": {
                "保居民就业": r"保居民就业|就业|稳岗|失业",
                "保基本民生": r"保基本民生|民生|救助|低保|养老|医疗保障",
                "保市场主体": r"保市场主体|市场主体|中小企业|纾困|减税降费|惠企|企业",
                "保粮食能源安全": r"保粮食能源安全|粮食|能源|电力|煤炭|供热|燃气",
                "保产业链供应链稳定": r"产业链|供应链",
                "保基层运转": r"保基层运转|基层运转|三保|直达资金|资金直达",
            },
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        pages = interpretation_pages(site, listing, ctx.opt("interpretation_pattern"))
        if ctx.opt("window_days") is not None:
            since = ctx.as_of - dt.timedelta(days=int(ctx.opt("window_days")))
            pages = [p for p in pages if page_date(p) is None or page_date(p) >= since]
        if not pages:
            yield self.not_applicable("未发现政策解读页面")
            return
        texts = [" ".join(titles_of(p)) + " " + norm(body_text(p)) for p in pages]
        need = int(ctx.opt("min_areas"))
        for group, key, task in (("六稳", "liuwen", 4), ("六保", "liubao", 5)):
            covered, examples = [], {}
            for area, pattern in ctx.opt(key).items():
                rx = re.compile(pattern)
                hit = next((p for p, t in zip(pages, texts) if rx.search(t)), None)
                if hit is not None:
                    covered.append(area)
                    examples[area] = seen_at(hit)
            missing = [a for a in ctx.opt(key) if a not in covered]
            evidence = {"item": group, "covered": covered, "missing": missing, "interpretations": len(pages),
                        "examples": examples}
            if len(covered) >= need:
                f = self.passed(f"政策解读涉及“{group}”中的{'、'.join(covered)}"
                                + (f"，未涉及{'、'.join(missing)}" if missing else ""), evidence=evidence)
            else:
                f = self.fail(f"{len(pages)} 篇政策解读均未涉及“{group}”", evidence=evidence)
            yield f.model_copy(update={"task": task})
