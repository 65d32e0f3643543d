"""GD003 — 政府信息公开目录 entries show 索引, 名称, 内容概述 and 生成日期 (第十二条第三款)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import columns_listing, field_value, norm, ok_pages, own_column, seen_at


class GD003(Rule):
    """Each 公开目录 entry shows its index number, name, summary and date of creation.

    What it checks:
        A 目录 entry is a crawled page whose metadata shows a 索引号 (the TRS / Hanweb /
        开普云 信息公开 table). The value must look like an index number (a short code with
        digits, no sentence): a 政府信息公开指南 that explains its 编排体系 (索引号：政府公开信息的
        唯一识别代码，由…组成) is not a 目录 entry. Each must also show, as a labelled field:

        * 名称 — 名称 / 标题 / 文件名称 / 信息名称 (the page heading is accepted);
        * 内容概述 — 内容概述 / 摘要 / 内容摘要 / 内容简介 / 概述;
        * 生成日期 — 生成日期 / 成文日期 / 形成日期 / 印发日期 / 发布日期.

        Entries are grouped by their own column (the breadcrumb's column, matched to the
        column listing them). One FAIL per column and missing element: url = the column's
        list page (None when the column is unknown), evidence ``{field, column_name,
        pages_missing, pages_checked, examples}``.

    Legal basis:
        条例第十二条第三款 (verified text): 政府信息公开目录包括政府信息的索引、名称、内容概述、
        生成日期等内容. 第十二条第一款: 目录应当及时更新.

    Passing example:
        A 规范性文件 page with 索引号：11220800MB1234567X/2020-00012, 名称：…, 内容概述：…,
        成文日期：2020年11月05日.

    Failing example:
        The six pages of 人事信息 show 索引号, 名称 and 成文日期 but no 内容概述:
        栏目“人事信息”的 6 条目录信息未标注内容概述.

    Not applicable when:
        No crawled page shows a 索引号 (the portal has no 目录 metadata: reported as not
        applicable rather than failed, since some platforms keep the 目录 in a separate system).
    """

    meta = RuleMeta(
        id="GD003",
        slug="guide.catalogue-fields",
        title="政府信息公开目录信息要素齐全",
        failure_title="政府信息公开目录信息缺少要素",
        severity=Severity.warning,
        legal_basis=[
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第十二条第三款",
                     note="政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容"),
        ],
        plan_tasks=[11, 3],
        requires=["pages", "columns"],
        options={
            "index_labels": ["索引号", "索引"],
            "required_fields": {
                "名称": ["名称", "标题", "文件名称", "信息名称"],
                "内容概述": ["内容概述", "摘要", "内容摘要", "内容简介", "概述"],
                "生成日期": ["生成日期", "成文日期", "发文日期", "形成日期", "印发日期", "发布日期"],
            },
            "max_examples": 5,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        groups: dict[tuple[str, str | None], list] = {}
        for page in ok_pages(site):
            if page.page_kind in ("home", "column") or not _index_number(field_value(page, *ctx.opt("index_labels"))):
                continue
            key = own_column(site, page, listing)
            groups.setdefault(key, []).append(page)
        if not groups:
            yield self.not_applicable("未发现标注索引号的政府信息公开目录信息")
            return
        max_examples = int(ctx.opt("max_examples"))
        for (name, url), pages in groups.items():
            label = f"栏目“{name}”" if name else "未归入栏目的"
            for field, labels in ctx.opt("required_fields").items():
                missing = [p for p in pages if not self._has(p, field, labels)]
                evidence = {"field": field, "column_name": name or None, "pages_missing": len(missing),
                            "pages_checked": len(pages)}
                if missing:
                    evidence["examples"] = [seen_at(p) for p in missing[:max_examples]]
                    yield self.fail(f"{label}的 {len(missing)} 条目录信息未标注{field}（共检查 {len(pages)} 条）",
                                    url=url, evidence=evidence)
                else:
                    yield self.passed(f"{label}的 {len(pages)} 条目录信息均标注了{field}", url=url, evidence=evidence)

    @staticmethod
    def _has(page, field: str, labels: list[str]) -> bool:
        if field_value(page, *labels):
            return True
        if field == "名称" and norm(page.heading or page.meta.get("ArticleTitle", "")):
            return True
        return False


_SENTENCE = re.compile(r"[，。；、：]|[\u4e00-\u9fff]{8,}")


def _index_number(value: str | None) -> bool:
    """A 索引号 value that is an index number (PZ00101-3000-2026-00237, 000014349/2018-00222),
    not prose that merely follows a 索引号： label."""
    if not value:
        return False
    value = value.strip()
    return len(value) <= 60 and sum(c.isdigit() for c in value) >= 4 and not _SENTENCE.search(value)
