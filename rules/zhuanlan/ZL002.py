"""ZL002 — the 专栏's four first-level columns carry their standard names (61号)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import PORTAL_LINK_PATTERNS, find_portal, norm, seen_at
from ..presence import seen_homepage
from ._common import CITE_61_COLUMNS, CITE_61_PLATFORM, COLUMN_URL_PATTERN, column_urls, is_column_link


class ZL002(Rule):
    """The four first-level columns of the 专栏 are named exactly as 61号 names them.

    What it checks:
        On the 专栏 page (found as COL001 finds it) each standard column is looked for among
        the links to columns (known column pages, or list-like URLs such as ``/xxgkzn/`` or
        ``index.html``; links to articles do not count) by a loose pattern, as COL001 does.
        When such a column exists, at least one of its links must carry the standard name
        (spaces removed; an optional 专栏 suffix allowed):

        * 政府信息公开指南 (loose: 公开指南),
        * 政府信息公开制度 (loose: 公开制度),
        * 法定主动公开内容 (loose: 法定主动公开 / 主动公开内容 / 主动公开),
        * 政府信息公开年报 (loose: 年报 / 年度报告).

        A column found only under another name is one FAIL: url = the 专栏 page, target =
        the column, evidence ``{column: standard name, link_text}``. A missing column is not
        judged here (COL001 reports it). Names are configurable (``standard_columns``).

    Legal basis:
        国办公开办函〔2019〕61号: 平台必须统一名称、统一格式 (verified); the four first-level
        column names 政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报 are
        recalled, not verified — hence configurable.

    Passing example:
        The 专栏 links “政府信息公开指南”, “政府信息公开制度”, “法定主动公开内容” and
        “政府信息公开年报” to their column pages.

    Failing example:
        The 专栏 links “公开年报” to /xxgk/gknb/ and no column named 政府信息公开年报:
        专栏一级栏目“公开年报”应统一命名为“政府信息公开年报”.

    Not applicable when:
        The 专栏 has none of the four columns (COL001's finding). Could not evaluate when the
        homepage or the 专栏 page was not crawled or did not load.
    """

    meta = RuleMeta(
        id="ZL002",
        slug="zhuanlan.standard-column-names",
        title="专栏一级栏目名称规范",
        failure_title="专栏一级栏目名称不规范",
        severity=Severity.warning,
        legal_basis=[CITE_61_PLATFORM, CITE_61_COLUMNS],
        plan_tasks=[11],
        requires=["pages"],
        options={
            "portal_link_patterns": list(PORTAL_LINK_PATTERNS),
            # standard name → loose pattern that finds the column under any name
            "standard_columns": {
                "政府信息公开指南": r"公开指南",
                "政府信息公开制度": r"公开制度",
                "法定主动公开内容": r"法定主动公开|主动公开内容|主动公开",
                "政府信息公开年报": r"年报|年度报告",
            },
            "column_url_pattern": COLUMN_URL_PATTERN,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home, link, portal = find_portal(site, ctx.opt("portal_link_patterns"))
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查专栏一级栏目名称",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        if link is None:
            yield self.not_applicable("首页未找到政府信息公开专栏入口（由 COL001 报告）", url=seen_at(home))
            return
        if portal is None:
            yield self.could_not_evaluate("政府信息公开专栏页面未采集或无法打开，无法检查其一级栏目名称",
                                          url=seen_at(home), target=link.url)
            return
        known = column_urls(site)
        url_rx = re.compile(ctx.opt("column_url_pattern")) if ctx.opt("column_url_pattern") else None
        links = [l for l in portal.links if not l.hidden and l.text and l.kind.value in ("page", "external")
                 and is_column_link(l, known, url_rx)]
        judged = 0
        for std, loose in ctx.opt("standard_columns").items():
            std_rx = re.compile(re.escape(std) + r"(专栏)?")
            loose_rx = re.compile(loose)
            found = [l for l in links if loose_rx.search(norm(l.text))]
            if not found:
                continue
            judged += 1
            exact = next((l for l in found if std_rx.fullmatch(norm(l.text))), None)
            if exact is not None:
                yield self.passed(f"专栏设有“{std}”栏目", url=seen_at(portal), target=exact.url,
                                  evidence={"column": std, "link_text": exact.text})
            else:
                other = found[0]
                yield self.fail(f"专栏一级栏目“{norm(other.text)}”应统一命名为“{std}”", url=seen_at(portal),
                                target=other.url, evidence={"column": std, "link_text": other.text})
        if not judged:
            yield self.not_applicable("专栏页面未发现四个一级栏目中的任何一个（由 COL001 报告）", url=seen_at(portal))
