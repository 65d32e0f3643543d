"""AP002 — a downloadable 政府信息公开申请表."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, seen_at, target_loaded
from ..presence import PresenceSpec
from ._common import CITE_ART28, CITE_ART29, application_pages


class AP002(Rule):
    """The 依申请公开 area offers the 申请表 as a file that downloads.

    What it checks:
        Among the links of the 依申请公开 pages (see AP001), attachment links (doc, docx, wps,
        pdf, xls …) whose text or file name matches ``form_pattern`` (申请表). One that loads
        → PASS. Only broken ones → FAIL, target = the first, evidence ``{item: 申请表,
        broken}``; only unchecked ones → could not evaluate; none → FAIL, evidence
        ``{item: 申请表}``.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第二十八条 (申请渠道 … 提供便利) and 第二十九条 (书面形式; 申请内容) — verified. The
        catalogue's 依申请公开 signals list a downloadable 政府信息公开申请表. Plan task 9.

    Passing example:
        “政府信息公开申请表.docx” → 200.

    Failing example:
        The 申请表 link answers 404: 依申请公开页面的申请表“政府信息公开申请表.doc”无法下载.

    Not applicable when:
        No 依申请公开 page was found (AP001 reports that).
    """

    meta = RuleMeta(
        id="AP002",
        slug="application.form-download",
        title="提供可下载的政府信息公开申请表",
        failure_title="未提供可下载的政府信息公开申请表",
        severity=Severity.error,
        legal_basis=[CITE_ART28, CITE_ART29],
        plan_tasks=[9],
        requires=["pages", "links"],
        options={"form_pattern": r"申请表"},
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="申请表", link_text=options["form_pattern"], example="政府信息公开申请表",
                             url_pattern=r"(?i)sqb|shenqingbiao", needs_home=False, found_on="依申请公开")]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = application_pages(site)
        if not pages:
            yield self.not_applicable("未采集到依申请公开页面（是否设置由 AP001 判断）")
            return
        rx = re.compile(ctx.opt("form_pattern"))
        broken, unknown = [], []
        for page in pages:
            for link in page.links:
                if link.kind.value != "attachment" or link.hidden:
                    continue
                if not (rx.search(norm(link.text)) or rx.search(link.url)):
                    continue
                state = target_loaded(site, link.url)
                if state is True:
                    yield self.passed(f"依申请公开页面提供申请表“{link.text}”下载", url=seen_at(page), target=link.url,
                                      evidence={"item": "申请表"})
                    return
                (broken if state is False else unknown).append((page, link))
        # a 申请表 link that could not be fetched gives no verdict (LNK002 reports a dead one)
        yield self.missing(site, self.presence_specs(ctx.options)[0], "依申请公开页面未提供政府信息公开申请表下载",
                           url=seen_at(pages[0]), within=pages)
