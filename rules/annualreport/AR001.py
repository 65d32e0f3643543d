"""AR001 — the 政府信息公开工作年度报告 is published by its deadline (条例第四十九条)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..documents._report import publisher_key, report_org
from ..patterns import norm, seen_at, short_title
from ..organ import DEPARTMENT, ORGAN_ZH, infer_organ_type
from ..presence import PresenceSpec
from ..proactive._common import matching_columns, site_columns
from ._common import deadline_for, due_years, yearly_reports


class AR001(Rule):
    """Each recent year's 政府信息公开工作年度报告 is published, and on time.

    What it checks:
        Reports are items or articles titled …年…政府信息公开工作年度报告 / …年报
        (``title_pattern``; the report year is the last year named before the match), and the
        entries of a 年报 column (``column_pattern``) whose title names only the year (“2023年”,
        “2023年度”, a file name), whether they link an article or the PDF/Word file. The
        deadline depends on who publishes: a 部门 (and a 派出机构 such as a 开发区管委会, and a
        乡镇) by 1月31日, a 县级以上人民政府 by 3月31日. The type is ``body_type`` when set (the
        site profile's ``organ_type`` sets it); with ``auto`` it is read from the footer's 主办单位
        (XX人民政府办公室 runs the government's portal), else the site name (XX人民政府门户网站,
        中国XX; XX局/委/办, 管委会), else the 网站标识码 (bm… = 国务院部门) — rules/organ.py. Evidence
        always says which: ``organ_type``, ``organ_type_source`` (profile / 主办单位 / 网站名称 /
        网站标识码 / default), ``organ_type_basis``. When nothing decides, only the 3月31日 deadline
        is applied, and a report published between the two deadlines is could not evaluate.
        For each of the ``years_to_check`` (3) most recent years whose deadline has passed:

        * no report → FAIL, evidence ``{item: 年度报告, year}``;
        * the report's date (list date, else page date) after the deadline → FAIL, evidence
          ``{item: 年度报告, year, published, deadline}``;
        * no date → could not evaluate.

        url = the report (or the 年报 column when it is missing, else the homepage).

        A county portal's 年报 column often lists its 部门 and 乡镇 reports beside the 本级政府's
        (大汉 / TRS 年报 columns with 县政府 · 部门 · 乡镇 tabs). When a year's reports name
        different bodies (the title's text before the year), only those of the site's own body
        are judged: the one named like the site (SiteName meta, else the homepage title), or
        titled without a body. When no report looks like the site's own, all of them are judged.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage or the 专栏 was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第四十九条 (verified): 县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作
        主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布；县级以上地方人民政府
        的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作
        年度报告. 第五十条 (contents) is checked by the documents rules.

    Passing example:
        Audit 2020-12-01: 2019年政府信息公开工作年度报告 dated 2020-01-20, 2018 dated 2019-01-25,
        2017 dated 2018-01-30.

    Failing example:
        2018年 report dated 2019-03-10 for a 管委会: 2018年政府信息公开工作年度报告于2019-03-10
        公布，晚于2019-01-31.

    Not applicable when:
        Never for an administrative body. Could not evaluate a year whose report carries no date.
    """

    meta = RuleMeta(
        id="AR001",
        slug="annualreport.published-on-time",
        title="政府信息公开工作年度报告按时公布",
        failure_title="政府信息公开工作年度报告未按时公布",
        severity=Severity.error,
        legal_basis=[Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第四十九条",
                              note="部门每年1月31日前公布上一年度年度报告；本级政府年度报告每年3月31日前向社会公布")],
        plan_tasks=[11],
        requires=["pages", "columns"],
        options={
            "body_type": "auto",
            "department_deadline": "01-31",
            "government_deadline": "03-31",
            "years_to_check": 3,
            "title_pattern": r"政府信息公开(工作)?(年度)?(报告|年报)|信息公开年报",
            "exclude_pattern": r"网站.{0,8}年度报表|报表",
            "column_pattern": r"年报|年度报告",
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="年度报告", link_text=options["column_pattern"], example="政府信息公开年报",
                             exclude=options["exclude_pattern"], in_portal=True)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        body = ctx.opt("body_type")
        organ = infer_organ_type(site, None if body == "auto" else body)
        gov_md, dept_md = ctx.opt("government_deadline"), ctx.opt("department_deadline")
        # Undecided type: only the later (government) deadline is certain to bind.
        month_day = dept_md if organ.value == DEPARTMENT else gov_md
        reports = yearly_reports(site, ctx.opt("title_pattern"), ctx.opt("exclude_pattern"), ctx.opt("column_pattern"))
        cols = matching_columns(site_columns(site), ctx.opt("column_pattern"))
        fallback = cols[0].url if cols else (seen_at(home) if home else site.crawl.start_url)
        who = ORGAN_ZH.get(organ.value, "本机关")
        site_name = (home.meta.get("SiteName") or short_title(home.title or "")) if home else ""
        for year in due_years(ctx.as_of, month_day, int(ctx.opt("years_to_check"))):
            deadline = deadline_for(year, month_day)
            evidence = {"requirement": f"{year}年政府信息公开工作年度报告", "item": "年度报告", "year": year,
                        "deadline": deadline.isoformat(), "body_type": organ.value or "unknown", **organ.evidence()}
            found = own_reports(reports.get(year, []), site_name)
            if not found:
                yield self.missing(site, self.presence_specs(ctx.options)[0],
                                   f"未公布{year}年政府信息公开工作年度报告（{who}应于{deadline.isoformat()}前公布）",
                                   url=fallback, evidence=evidence)
                continue
            dated = [(d, t, u) for t, u, d in found if d is not None]
            if not dated:
                yield self.could_not_evaluate(f"{year}年政府信息公开工作年度报告未标注发布日期，无法判断是否按时公布",
                                              url=found[0][1] or fallback, evidence=evidence)
                continue
            published, title, url = min(dated, key=lambda x: x[0])
            evidence["published"] = published.isoformat()
            early = deadline_for(year, dept_md)
            if organ.value is None and early < published <= deadline:
                yield self.could_not_evaluate(
                    f"{year}年政府信息公开工作年度报告于{published.isoformat()}公布：部门应于{early.isoformat()}前、"
                    f"县级以上人民政府应于{deadline.isoformat()}前公布，未能确定机关类型（请在站点配置中设置 organ_type）",
                    url=url or fallback, evidence={**evidence, "department_deadline": early.isoformat()})
            elif published > deadline:
                yield self.fail(f"{year}年政府信息公开工作年度报告于{published.isoformat()}公布，晚于{deadline.isoformat()}"
                                f"（{who}，机关类型依据：{_SOURCE_ZH[organ.source]}{('“' + organ.basis + '”') if organ.basis else ''}）",
                                url=url or fallback, evidence=evidence)
            else:
                yield self.passed(f"{year}年政府信息公开工作年度报告于{published.isoformat()}公布", url=url or fallback,
                                  evidence=evidence)


_SOURCE_ZH = {"profile": "站点配置", "主办单位": "主办单位", "网站名称": "网站名称", "网站标识码": "网站标识码",
              "default": "未能确定"}


def _canon(name: str) -> str:
    return norm(name).replace("人民政府", "政府").replace("管理委员会", "管委会")


def own_reports(found: list, site_name: str) -> list:
    """The reports (title, url, date) of the site's own body among those of one year: titled
    with the site's name or with no body (best), or with a shorter form of it (云溪县 for
    云溪县人民政府); all of them when none looks like the site's own."""
    site = _canon(site_name)

    def score(title: str) -> int:
        raw = report_org(title)
        org = _canon(raw)
        if not org or org == site or (site_name and publisher_key(raw) == publisher_key(site_name)):
            return 2  # 洮北区政府 is 白城市洮北区人民政府
        return 1 if site and site.startswith(org) else 0

    scored = [(score(r[0]), r) for r in found]
    best = max((s for s, _ in scored), default=0)
    return [r for s, r in scored if s == best] if best else list(found)
