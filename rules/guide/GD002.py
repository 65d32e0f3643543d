"""GD002 — the 政府信息公开指南 was updated after the 2019 revision of the 条例."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, page_date, page_label, seen_at, short_context
from ._common import CITE_ART12_UPDATE, CITE_ART53, GUIDE_TITLE_PATTERN, current_guide, guide_text


class GD002(Rule):
    """The current guide follows the 2019 条例: dated after its entry into force, no 2007 wording.

    What it checks:
        The current guide (the newest page named 政府信息公开指南, see GD001) must

        * be dated on or after ``revision_date`` (2019-05-15, when the revised 条例 took
          effect) — item 修订日期; an undated guide is judged on its wording only;
        * not repeat wording of the 2007 条例 (国务院令第492号) that the revision removed or
          changed (``outdated_patterns``): the 15-working-day reply period (now 20, 第三十三条),
          the 15-working-day extension, 根据自身生产、生活、科研等特殊需要 (the 三需要
          condition), fees for 检索、复制、邮寄 (now 不收取费用, 第四十二条), a reference to
          国务院令第492号 — item 旧条例表述, evidence ``{match, context}``.

        Older editions of the guide are not judged: a portal may keep them for the record.

    Legal basis:
        条例第十二条第一款: 指南和目录应当及时更新; 第五十三条第（二）项: 不及时更新…政府信息公开
        指南 is a violation (verified). The revised 条例 (国务院令第711号) took effect on
        2019-05-15; 第三十三条 sets 20 working days, 第四十二条 不收取费用 (verified). The 2007
        wording quoted here is from stored copies of the 2007 text; the 15-day figure is
        recalled, not verified.

    Passing example:
        《政府信息公开指南（2024年修订）》 dated 2024-03-01 states 自收到申请之日起20个工作日内予以答复.

    Failing example:
        A guide dated 2016-06-01 saying 在15个工作日内予以答复: two FAILs, 修订日期 and 旧条例表述.

    Not applicable when:
        No guide page is found (GD001 reports that). Could not evaluate when the guide is an
        attachment whose text was not extracted.
    """

    meta = RuleMeta(
        id="GD002",
        slug="guide.updated-after-2019",
        title="政府信息公开指南已按新条例更新",
        failure_title="政府信息公开指南未按新条例更新",
        severity=Severity.error,
        legal_basis=[
            CITE_ART12_UPDATE, CITE_ART53,
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第三十三条、第四十二条",
                     note="20个工作日内予以答复，延长不得超过20个工作日；行政机关依申请提供政府信息，不收取费用"),
        ],
        plan_tasks=[11, 9],
        requires=["pages"],
        options={
            "guide_title_pattern": GUIDE_TITLE_PATTERN,
            "revision_date": "2019-05-15",
            "outdated_patterns": [
                r"(十五|15)个工作日内(予以)?答复",
                r"延长答复的?期限最长不得超过(十五|15)个工作日",
                r"生产、?生活、?科研等特殊需要",
                r"(检索|复制|邮寄)[、和]?(复制|邮寄|检索)?等?成本费",
                r"国务院令第?492号|492号令",
            ],
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        guide = current_guide(site, ctx.opt("guide_title_pattern"))
        if guide is None:
            yield self.not_applicable("未采集到政府信息公开指南页面（是否设置由 GD001 判断）")
            return
        label = page_label(guide, seen_at(guide))
        revision = dt.date.fromisoformat(ctx.opt("revision_date"))
        day = page_date(guide)
        if day is None:
            yield self.not_applicable(f"政府信息公开指南《{label}》未标注日期，仅检查其表述", url=seen_at(guide),
                                      evidence={"item": "修订日期"})
        elif day < revision:
            yield self.fail(f"政府信息公开指南《{label}》发布于{day.isoformat()}，早于新条例施行日{revision.isoformat()}，未按新条例更新",
                            url=seen_at(guide), evidence={"item": "修订日期", "date": day.isoformat()})
        else:
            yield self.passed(f"政府信息公开指南发布于{day.isoformat()}", url=seen_at(guide),
                              evidence={"item": "修订日期", "date": day.isoformat()})
        text, source = guide_text(site, guide)
        if source == "none":
            yield self.could_not_evaluate(f"政府信息公开指南《{label}》以附件形式发布且附件内容未能提取，无法检查其表述",
                                          url=seen_at(guide), evidence={"item": "旧条例表述"})
            return
        flat = norm(text)
        hits = []
        for pattern in ctx.opt("outdated_patterns"):
            m = re.search(pattern, flat)
            if m:
                hits.append((m.group(0), short_context(flat, m.start(), m.end())))
        if hits:
            yield self.fail(f"政府信息公开指南《{label}》仍使用旧条例表述“{hits[0][0]}”",
                            url=seen_at(guide), evidence={"item": "旧条例表述", "match": hits[0][0],
                                                          "context": hits[0][1], "matches": [h[0] for h in hits]})
        else:
            yield self.passed("政府信息公开指南未见旧条例表述", url=seen_at(guide), evidence={"item": "旧条例表述"})
