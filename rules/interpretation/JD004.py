"""JD004 — a 解读 covers 背景, 依据, 目的 and 举措 (plan task 6)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import INTERPRETATION_PATTERN, body_text, book_title, columns_listing, norm, page_label, seen_at, titles_of
from ._common import CITE_80, interpretation_pages


class JD004(Rule):
    """Each text 解读 explains the policy's background, basis, purpose and measures.

    What it checks:
        Every crawled 解读 page (解读 / 答记者问 in its title or column; 图解, 一图读懂, 视频 and
        H5 解读 — titles matching ``skip_title_pattern`` — are image or media forms and are
        skipped) must touch each element of ``elements`` in its text (footer excluded):

        * 背景 — 背景 / 起草过程 / 出台 / 形势;
        * 依据 — 依据 / 根据《 / 按照《 / 法律法规;
        * 目的 — 目的 / 意义 / 目标 / 旨在 / 为了;
        * 举措 — 举措 / 措施 / 主要内容 / 重点任务 / 政策亮点 / 主要条款.

        One FAIL per page with fewer than ``min_elements`` (all four): url = the 解读, evidence
        ``{item: 解读要素, missing}``.

    Legal basis:
        Plan task 6 (the plan's own text): 着重从政策背景、决策依据、出台目的、重要举措等方面开展解读.
        Local rules (甘政公开办函〔2019〕1号 implementation, verified copy) list 背景依据、目标任务、
        主要内容… and forbid 简单地重复或简化文件内容. 国办发〔2016〕80号 (not verified).

    Passing example:
        “一、出台背景 … 二、政策依据 根据《中华人民共和国中小企业促进法》… 三、出台目的 … 四、主要举措 …”.

    Failing example:
        A 解读 that only restates 适用范围 and 施行时间: 解读《…》缺少依据、目的的说明.

    Not applicable when:
        No text 解读 page was crawled.
    """

    meta = RuleMeta(
        id="JD004",
        slug="interpretation.content-elements",
        title="政策解读要素齐全",
        failure_title="政策解读缺少背景、依据、目的或举措",
        severity=Severity.warning,
        legal_basis=[
            Citation(document="2020年白城经济开发区政务公开（政府信息公开）重点工作任务分工实施方案（落实白政公组办〔2020〕6号）",
                     article="任务6 一是", note="着重从政策背景、决策依据、出台目的、重要举措等方面开展解读"),
            CITE_80,
        ],
        plan_tasks=[6],
        requires=["pages", "columns"],
        options={
            "interpretation_pattern": r"解读|答记者问",
            "skip_title_pattern": r"图解|一图|视频|动漫|H5|长图",
            "elements": {
                "背景": r"背景|起草过程|出台过程|形势",
                "依据": r"依据|根据《|按照《|法律法规",
                "目的": r"目的|意义|目标|旨在|为了",
                "举措": r"举措|措施|主要内容|重点任务|政策亮点|主要条款|具体内容",
            },
            "min_elements": 4,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        skip = re.compile(ctx.opt("skip_title_pattern"))
        pages = [p for p in interpretation_pages(site, listing, ctx.opt("interpretation_pattern"))
                 if not any(skip.search(t) for t in titles_of(p))]
        if not pages:
            yield self.not_applicable("未发现文字解读页面")
            return
        need = int(ctx.opt("min_elements"))
        for page in pages:
            text = norm(body_text(page))
            found = [k for k, rx in ctx.opt("elements").items() if re.search(rx, text)]
            missing = [k for k in ctx.opt("elements") if k not in found]
            title = page_label(page, seen_at(page))
            evidence = {"item": "解读要素", "found": found, "missing": missing, "title": title}
            if len(found) >= need:
                yield self.passed(f"解读{book_title(title)}涵盖{'、'.join(found)}", url=seen_at(page), evidence=evidence)
            else:
                yield self.fail(f"解读{book_title(title)}缺少{'、'.join(missing)}的说明", url=seen_at(page), evidence=evidence)
