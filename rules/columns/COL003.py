"""COL003 — empty columns (空白栏目)."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from contracts import Citation, ColumnArtifact, Finding, PageArtifact, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm
from ..scripted import first_unrendered, message

_CJK_OR_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


class COL003(Rule):
    """Every column lists at least one item.

    What it checks:
        Each ColumnArtifact (a list page, its paging pages merged) must hold at least one
        item. List entries that are only placeholders (a title like 暂无信息 with no link) do
        not count. An empty column is one FAIL: url = column URL, evidence ``{column,
        placeholder}`` where placeholder is the 暂无信息 / 正在建设中 / 敬请期待 / 无相关信息
        text the column page shows, or null when the list is simply empty. One PASS per
        non-empty column.

        Real portals also have columns that are a single page rather than a list (政府信息公开
        指南, 机构职能, 联系我们) and lists whose entries show no date, which the extractor does
        not turn into items. So a column without items and without a placeholder is not
        failed when its page has its own text (at least ``content_min_chars`` characters
        outside links and the footer: a single-page column, PASS) or at least
        ``min_entry_links`` links to article-like pages in the main area (an undated list:
        could not evaluate). A column page that is the entrance of its own sub-columns — at
        least ``min_sub_columns`` links (navigation menus included) to column-like pages in
        sub-directories of its URL, e.g. ``/zwgk/`` linking ``/zwgk/gkzn/``, ``/zwgk/gkzd/``,
        ``/zwgk/fdzdgknr/`` — is a 栏目导航 page, not a blank list (PASS); links to sibling
        columns (``/xxgk/fdzdgknr/zcwj/`` from ``/xxgk/fdzdgknr/zdxm/``) do not count.

    Legal basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标 "栏目不更新" 第3项:
        空白栏目数量超过（含）5个 → 单项否决. Inspection practice counts as 空白栏目 a column
        with no items or only 暂无信息 / 正在建设中 / 敬请期待 text.

    Passing example:
        栏目“通知公告” lists 12 dated items; 栏目“政府信息公开指南” is one page of guide text.

    Failing example:
        栏目“重大项目” shows only “暂无信息”: 栏目“重大项目”为空白栏目（页面显示“暂无信息”）.

    Not applicable when:
        The crawl identified no columns (could not evaluate: nothing to judge, rather than a
        pass). Columns known only from other pages (their page was not crawled) are judged
        on their ColumnArtifact alone.
        A column whose list a script builds (JSON API, 集约化 Vue pages) and whose page was
        recorded without rendering (no browser, render failed) is could not evaluate
        (列表由脚本生成，未能渲染), evidence ``script_list``: never a blank column.
    """

    meta = RuleMeta(
        id="COL003",
        slug="columns.empty-column",
        title="栏目有内容",
        failure_title="空白栏目",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 栏目不更新 第3项",
                note="空白栏目数量超过（含）5个",
            ),
        ],
        plan_tasks=[11],
        requires=["columns", "pages"],
        options={
            "placeholder_pattern": r"暂无(信息|内容|数据|相关信息|记录|文章)|正在建设中|栏目建设中|页面建设中|敬请期待|无相关信息|没有相关信息|信息正在更新|内容正在更新",
            # Text of its own (outside links and footer) that makes an item-less column page a
            # single-page column rather than a blank one.
            "content_min_chars": 200,
            # Main-area links to article-like pages that make it an undated list.
            "min_entry_links": 2,
            # Links to sub-columns (sub-directories of the column's URL) that make an item-less
            # page a column navigation page (政务公开 / 法定主动公开内容 entrance pages).
            "min_sub_columns": 3,
            # URL paths that are column lists, not entries.
            "column_url_pattern": r"(/|/(index|list|default|more)(_\d+)?\.s?html?|/col/col\d+/index\.html)$",
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        if not site.columns:
            yield self.could_not_evaluate("未识别出任何栏目，无法检查空白栏目")
            return
        rx = re.compile(ctx.opt("placeholder_pattern"))
        seen: set[str] = set()
        column_urls = {c.url for c in site.columns} | {u for c in site.columns for u in c.pages}
        for col in site.columns:
            if col.url in seen:
                continue
            seen.add(col.url)
            real = [i for i in col.items if i.url or not rx.search(norm(i.title))]
            if real:
                yield self.passed(f"栏目“{col.name}”有 {len(real)} 条信息", url=col.url,
                                  evidence={"column": col.name, "items": len(real)})
                continue
            pages = [p for p in (site.page(u) for u in [col.url, *col.pages]) if p is not None]
            scripted = first_unrendered(pages)
            if scripted is not None:  # what the script would list was never seen
                yield self.could_not_evaluate(
                    f"栏目“{col.name}”{message('')}是否为空白栏目", url=col.url,
                    evidence={"column": col.name, "script_list": scripted[1][:200]})
                continue
            placeholder = self._placeholder(col, pages, rx)
            if placeholder is None and pages:
                subs = self._sub_columns(pages[0], ctx)
                if len(subs) >= int(ctx.opt("min_sub_columns")):
                    yield self.passed(f"栏目“{col.name}”为栏目导航页，设有 {len(subs)} 个子栏目", url=col.url,
                                      evidence={"column": col.name, "sub_columns": len(subs)})
                    continue
                entries = self._entry_links(pages[0], column_urls, ctx)
                if len(entries) >= int(ctx.opt("min_entry_links")):
                    yield self.could_not_evaluate(
                        f"栏目“{col.name}”页面有 {len(entries)} 个信息链接，但未识别出带日期的列表，无法判断是否为空白栏目",
                        url=col.url, evidence={"column": col.name, "entry_links": len(entries)})
                    continue
                own = self._own_text_chars(pages[0])
                if own >= int(ctx.opt("content_min_chars")):
                    yield self.passed(f"栏目“{col.name}”为单页栏目，有正文内容（约 {own} 字）", url=col.url,
                                      evidence={"column": col.name, "single_page": True, "chars": own})
                    continue
            shown = f"（页面显示“{placeholder}”）" if placeholder else "（列表中没有任何信息）"
            yield self.fail(f"栏目“{col.name}”为空白栏目{shown}", url=col.url,
                            evidence={"column": col.name, "placeholder": placeholder})

    @staticmethod
    def _sub_columns(page: PageArtifact, ctx: RuleContext) -> set[str]:
        col_rx = re.compile(ctx.opt("column_url_pattern"))
        here = urlsplit(page.final_url or page.url)
        base = here.path.rsplit("/", 1)[0] + "/"
        out: set[str] = set()
        for link in page.links:
            if link.hidden or link.region.value == "footer" or link.kind.value != "page":
                continue
            there = urlsplit(link.url)
            path = there.path or "/"
            if there.netloc != here.netloc or not path.startswith(base) or not col_rx.search(path):
                continue
            if "/" not in path[len(base):]:
                continue  # same directory: the page itself or its own paging
            out.add(path)
        return out

    @staticmethod
    def _placeholder(col: ColumnArtifact, pages: list[PageArtifact], rx: re.Pattern[str]) -> str | None:
        for i in col.items:
            m = rx.search(norm(i.title))
            if m:
                return m.group(0)
        for page in pages:
            text = norm(page.text.replace(page.footer_text, " ") if page.footer_text else page.text)
            m = rx.search(text)
            if m:
                return m.group(0)
        return None

    @staticmethod
    def _entry_links(page: PageArtifact, column_urls: set[str], ctx: RuleContext) -> list[str]:
        col_rx = re.compile(ctx.opt("column_url_pattern"))
        out: list[str] = []
        for link in page.links:
            if link.hidden or link.region.value in ("nav", "footer") or link.kind.value not in ("page", "attachment"):
                continue
            if link.url in column_urls or link.url in out or col_rx.search(urlsplit(link.url).path or "/"):
                continue
            out.append(link.url)
        return out

    @staticmethod
    def _own_text_chars(page: PageArtifact) -> int:
        text = page.text
        if page.footer_text:
            text = text.replace(page.footer_text, " ")
        for link in page.links:
            if link.text:
                text = text.replace(link.text, " ", 1)
        return len(_CJK_OR_WORD.findall(text))
