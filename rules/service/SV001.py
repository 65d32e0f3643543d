"""SV001 — 办事指南 pages give the key elements (事项名称, 设定依据, 申请条件, 办理材料 …)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import body_text, book_title, crumbs, norm, ok_pages, page_label, seen_at, target_loaded, titles_of
from ..presence import PresenceSpec, seen_homepage

DOC_19 = "国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）"
CITE_VETO_SERVICE = Citation(
    document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 服务不实用",
    verified=False,
    note="“1.未提供办事服务 2.办事指南重点要素类别（包括事项名称、设定依据、申请条件、办理材料、…）缺失”已见引述，"
         "其后的要素（办理地点、办理时间、联系电话、办理流程）及“缺失超过（含）5类”的否决标准系据记忆，未见原文",
)
CITE_19_SVC = Citation(
    document=DOC_19, article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 办事服务",
    verified=False,
    note="办事指南要素齐全、准确（部委自查报告引述）；扣分标准未见原文",
)

ELEMENTS = {
    "事项名称": r"事项名称|项目名称|服务事项名称|审批事项名称|服务名称|事项名",
    "设定依据": r"设定依据|办理依据|实施依据|法律依据|政策依据|法定依据|受理依据|审批依据|许可依据|依据[:：]",
    "申请条件": r"申请条件|受理条件|办理条件|准予(?:行政)?许可的?条件|许可条件|申报条件|受理标准|适用条件|申请人条件",
    "办理材料": r"办理材料|申请材料|申报材料|提交材料|所需材料|材料目录|材料清单|申请要件|要件",
    "办理地点": r"办理地点|受理地点|办理地址|受理地址|办公地点|办公地址|窗口地址|受理窗口|办理窗口|服务窗口|办理场所|地点[:：]",
    "办理时间": r"办理时间|受理时间|办公时间|工作时间|服务时间|窗口时间|对外办公时间",
    "联系电话": r"联系电话|咨询电话|咨询方式|联系方式|服务电话|办事电话|咨询投诉电话|电话[:：]",
    "办理流程": r"办理流程|办理程序|审批流程|受理流程|办事流程|办理步骤|流程图|审批程序|办理环节|申办流程",
}


class SV001(Rule):
    """Each 办事指南 gives the key element categories, and the site offers 办事服务 at all.

    What it checks:
        办事指南 pages: articles whose title or own column (the breadcrumb's last column entry)
        matches ``guide_pattern`` (办事指南, 服务指南, 办事须知). In each page's text (footer
        excluded) every category of ``elements`` must appear under one of its usual labels —
        事项名称; 设定依据 (办理依据, 法律依据 …); 申请条件 (受理条件 …); 办理材料 (申请材料 …);
        办理地点 (受理地点, 窗口地址 …); 办理时间 (受理时间, 办公时间 … — 办理时限 is a different
        element); 联系电话 (咨询电话 …); 办理流程 (办理程序, 流程图 …). The text of attachments the
        guide links (DocumentArtifacts read, e.g. 办事指南.docx) counts with the page's. One FAIL per guide with any
        category missing: url = the guide, evidence ``{missing, count, title, veto}``. Severity by count:
        ≥ ``critical_missing`` (5) categories missing → critical and ``veto: true`` (the 单项否决
        level), else error.

        No 办事指南 page crawled: when no homepage link matches ``service_link_pattern`` (政务服务,
        办事服务, 网上办事, 在线办事, 办事指南, and the sections service halls go by: 公共服务,
        审批事项, 服务事项, 场景式服务 …) → FAIL at the homepage, evidence ``{item: 办事服务}``,
        critical (未提供办事服务); when such a link exists (guides kept on a 政务服务网 outside the
        crawl) → not applicable.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        国办秘函〔2019〕19号 单项否决指标 服务不实用: 未提供办事服务; 办事指南重点要素类别（包括事项名称、
        设定依据、申请条件、办理材料、…）缺失. The first four categories are quoted in the reference
        catalogue; the rest of the list (办理地点、办理时间、联系电话、办理流程) and the veto threshold
        of 5 missing categories are **not verified** (configurable). Plan tasks 1 (权责清单 and the
        公共服务事项 behind them) and 2 (基层政务公开标准化规范化).

    Passing example:
        企业投资项目备案办事指南: 事项名称、设定依据、受理条件、申请材料、办理地点、办理时间、咨询电话、
        办理流程 all present.

    Failing example:
        户外广告设置审批办事指南 shows only 事项名称 and 咨询电话, “详见政务服务网”: 6 categories
        missing (critical).

    Not applicable when:
        No 办事指南 crawled but the homepage links to a 政务服务 platform.
    """

    meta = RuleMeta(
        id="SV001",
        slug="service.guide-elements",
        title="办事指南要素齐全",
        failure_title="办事指南缺少重点要素",
        severity=Severity.error,
        legal_basis=[CITE_VETO_SERVICE, CITE_19_SVC],
        plan_tasks=[1, 2],
        requires=["pages", "documents"],
        options={
            "guide_pattern": r"办事指南|服务指南|办事须知|办理指南",
            "exclude_pattern": r"政府信息公开指南|信息公开指南|政务公开指南|公开指南",
            "elements": ELEMENTS,
            "critical_missing": 5,
            "service_link_pattern": r"政务服务|办事服务|网上办事|在线办事|办事大厅|政务大厅|办事指南|一网通办|政务服务网|便民服务|"
                                    r"在线办理|公共服务|审批事项|服务事项|场景式?服务",
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="办事服务", link_text=options["service_link_pattern"], example="政务服务",
                             exclude=options["exclude_pattern"])]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        guide_rx, ex_rx = re.compile(ctx.opt("guide_pattern")), re.compile(ctx.opt("exclude_pattern"))
        elements = {k: re.compile(v) for k, v in ctx.opt("elements").items()}
        critical = int(ctx.opt("critical_missing"))
        guides = []
        for page in ok_pages(site):
            if page.page_kind in ("home", "column"):
                continue
            names = titles_of(page)
            c = crumbs(page)
            if c and c[-1] in names:
                c = c[:-1]
            own = c[-1:] if c else []
            if any(ex_rx.search(n) for n in names + own):
                continue
            if any(guide_rx.search(n) for n in names + own):
                guides.append(page)
        if not guides:
            yield from self._no_guides(site, ctx)
            return
        attachments: dict[str, list] = {}
        for doc in site.documents:
            if doc.outcome != "ok":
                continue
            for holder in doc.linked_from:
                attachments.setdefault(holder, []).append(doc)
        for page in guides:
            url = seen_at(page)
            title = page_label(page, url)
            text = norm(body_text(page)) + " " + " ".join(norm(c) for t in page.tables for r in t for c in r)
            attached = attachments.get(page.url, []) + attachments.get(page.final_url, [])
            if attached:  # a guide published as 附件 (doc / pdf) counts with its text
                text += " " + " ".join(norm(d.text) for d in attached)
            missing = [k for k, rx in elements.items() if not rx.search(text)]
            evidence = {"title": title, "missing": missing, "count": len(missing)}
            if not missing:
                yield self.passed(f"办事指南{book_title(title)}要素齐全", url=url, evidence=evidence)
                continue
            veto = len(missing) >= critical
            evidence["veto"] = veto  # lets the 19号 scoring count 单项否决 guides only
            severity = Severity.critical if veto else Severity.error
            yield self.fail(f"办事指南{book_title(title)}缺少{len(missing)}类要素：{'、'.join(missing)}", url=url,
                            evidence=evidence, severity=severity)

    def _no_guides(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("首页未能抓取，无法判断是否提供办事服务", evidence={"item": "办事服务"})
            return
        rx = re.compile(ctx.opt("service_link_pattern"))
        for link in home.links:
            if link.hidden or not link.text or link.kind.value not in ("page", "external") or not rx.search(norm(link.text)):
                continue
            if target_loaded(site, link.url) is not True and site.link(link.url) is not None \
                    and site.link(link.url).outcome != "skipped":
                continue  # a broken or unchecked entry: the presence decision below names it
            yield self.not_applicable(f"未抓取到办事指南页面；首页链接了“{link.text}”（办事指南可能在政务服务平台上）",
                                      url=seen_at(home), evidence={"item": "办事服务", "target": link.url})
            return
        yield self.missing(site, self.presence_specs(ctx.options)[0], "首页未提供办事服务入口，也未发现办事指南（服务不实用）",
                           url=seen_at(home), evidence={"veto": True}, severity=Severity.critical)
