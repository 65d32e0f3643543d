"""PA004 — the 权责清单 is published and kept current (plan task 1)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, seen_at
from ..presence import PresenceSpec
from ._common import ART, all_items, matching_columns, site_columns


class PA004(Rule):
    """The 权责清单 (权力清单 / 责任清单) is published and updated within its period.

    What it checks:
        A 权责清单 column (name matching ``column_pattern``) with content, or else items
        titled so anywhere (``title_pattern``). None → FAIL, evidence ``{item: 权责清单}``.
        Its newest dated item (or the newest titled item) must be dated within
        ``max_age_days`` (365) of the audit date → else FAIL, evidence ``{item: 更新时间,
        latest_date}``. A list whose items carry no dates cannot be judged for currency.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage or the 专栏 was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第二十条第（十五）项 (法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息)
        and 第二十二条 (verified); 中办发〔2015〕21号《关于推行地方各级政府工作部门权力清单制度
        的指导意见》 — 权力清单 published and 动态调整 (recalled, not verified). The one-year
        period is the reference catalogue's suggestion (dated within the current or last year),
        not a statutory figure: configurable. Plan task 1: 及时更新调整权责清单，并按照要求公开.

    Passing example:
        权责清单 lists 《权责清单（2020年版）》 dated 2020-10-15 (audit 2020-12-01).

    Failing example:
        权责清单's newest item is 2018-06-01: 权责清单最近一次更新为2018-06-01，已超过365天.

    Not applicable when:
        Never for an administrative body. Could not evaluate when the crawl identified no
        columns, or the items carry no dates (currency only).
    """

    meta = RuleMeta(
        id="PA004",
        slug="proactive.power-list",
        title="权责清单已公开并及时更新",
        failure_title="权责清单未公开或未及时更新",
        severity=Severity.error,
        legal_basis=[
            Citation(document=ART, article="第二十条第（十五）项、第二十二条",
                     note="法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息；不断增加主动公开的内容"),
            Citation(document="中共中央办公厅 国务院办公厅印发《关于推行地方各级政府工作部门权力清单制度的指导意见》（中办发〔2015〕21号）",
                     article="权力清单公开及动态调整", verified=False, note="文件名称、文号及条文系据记忆，未见原文"),
        ],
        plan_tasks=[1],
        requires=["columns"],
        options={
            "column_pattern": r"权责清单|权力清单|责任清单|权力运行|行政权力",
            "title_pattern": r"权责清单|权力清单|责任清单",
            "max_age_days": 365,
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="权责清单", link_text=options["column_pattern"], example="权责清单", in_portal=True)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        cols = site_columns(site)
        if not cols:
            yield self.could_not_evaluate("未识别出任何栏目，无法检查权责清单公开情况")
            return
        home = site.homepage()
        home_url = seen_at(home) if home else site.crawl.start_url
        found = [c for c in matching_columns(cols, ctx.opt("column_pattern")) if c.non_empty]
        title_rx = re.compile(ctx.opt("title_pattern"))
        titled = [i for i in all_items(site) if title_rx.search(norm(i.title))]
        if not found and not titled:
            yield self.missing(site, self.presence_specs(ctx.options)[0], "未公开权责清单", url=home_url,
                               evidence={"column_name": None})
            return
        url = found[0].url if found else (titled[0].url or home_url)
        name = found[0].name if found else None
        yield self.passed(f"公开了权责清单（{'栏目“' + name + '”' if name else '“' + titled[0].title + '”'}）",
                          url=url, evidence={"item": "权责清单", "column_name": name})
        dates = [i.date for c in found for i in c.items if i.date and i.date <= ctx.as_of]
        dates += [i.date for i in titled if i.date and i.date <= ctx.as_of]
        if not dates:
            if found and all(c.single_page for c in found):
                yield self.could_not_evaluate("权责清单为单页栏目且未标注日期，无法判断是否及时更新", url=url,
                                              evidence={"item": "更新时间", "column_name": name})
            else:
                yield self.could_not_evaluate("权责清单信息未标注日期，无法判断是否及时更新", url=url,
                                              evidence={"item": "更新时间", "column_name": name})
            return
        latest = max(dates)
        days = int(ctx.opt("max_age_days"))
        evidence = {"item": "更新时间", "column_name": name, "latest_date": latest.isoformat(),
                    "days_since": (ctx.as_of - latest).days, "threshold_days": days}
        if latest < ctx.as_of - dt.timedelta(days=days):
            yield self.fail(f"权责清单最近一次更新为{latest.isoformat()}，已超过{days}天未更新", url=url, evidence=evidence)
        else:
            yield self.passed(f"权责清单最近更新于{latest.isoformat()}", url=url, evidence=evidence)
