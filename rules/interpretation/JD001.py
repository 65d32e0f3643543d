"""JD001 — policy documents without a linked interpretation (政策文件未关联解读)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable
from urllib.parse import urlsplit

from contracts import Citation, Finding, PageArtifact, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (book_title, column_index, doc_number_of, page_label, seen_at, short_title,
                        target_loaded, titles_of, unique_pages)
from ..scripted import unfilled_lists
from ._common import interpretation_exemption

_GENERIC_CRUMBS = {"正文", "详情", "内容", "文章", "详细内容", "阅读", "查看"}


class JD001(Rule):
    """Each 规范性文件 / 政策文件 is linked with its 解读.

    What it checks:
        A policy page is a crawled article whose 文号 matches ``〔YYYY〕N号`` — brackets
        〔〕, ﹝﹞, [], ［］, (), （）, 【】 all accepted — read from the metadata fields
        文号 / 发文字号 / 发文号 / 文件编号 (else a labelled ``文号：`` in the text), and whose
        breadcrumb, 47号 ``ColumnName`` meta tag or listing column matches
        ``政策文件|规范性文件|文件``, and which is not itself a 解读 (解读 / 图解 / 答记者问 in
        its heading, title, own breadcrumb entry or column). The policy passes when it has a working
        link to its 解读 — a non-navigation link whose text matches ``解读|图解|答记者问``,
        pointing to a page (not a column list) that loaded — or when a crawled 解读 page links
        to it. Otherwise one FAIL: url = the policy page, evidence ``{title, doc_number}``
        (plus ``broken_links`` when the 解读 link exists but is dead). A 解读 link whose check
        timed out or was rate limited gives could-not-evaluate. Links to column lists (known
        columns, or URLs like ``/zcjd/`` and ``index.html``: the 政策解读 column in a sidebar)
        are not a 解读 of the document. ``doc_number_pattern`` can limit the check to the
        body's own documents (转发的上级文件 are interpreted upstream), ``max_age_days`` to
        recent ones. Documents that are neither 规范性文件 nor major policies need no 解读 and
        are left out (listed in one site-level not-applicable finding): 批复, 函 and 复函 (by
        the 文种 ending the title, or a 文号 of the 函 series such as 国办函〔2022〕63号),
        meeting notices (关于召开…会议的通知) and appointments or personnel notices
        (关于…等同志职务任免的通知, a 文号 such as 府任〔2023〕3号); a title that issues a
        policy (关于印发…办法的通知) always needs one.

    Legal basis:
        国办发〔2016〕80号《〈关于全面推进政务公开工作的意见〉实施细则》: 政策文件与解读方案、
        解读材料同步组织、同步审签、同步部署; 主要负责人是"第一解读人" (recalled, not verified
        here). 国办秘函〔2019〕19号 扣分指标 发布解读: inspections check that published policy
        documents have 政策解读, and 通报 list "解读稿未与政策原文做好双向关联". 条例第六条:
        行政机关应当及时、准确地公开政府信息 (the 条例 itself does not mention 解读). Plan
        tasks 6 (提升解读质效) and 4 (做好“六稳”政策解读).

    Passing example:
        《关于印发白城经济开发区稳就业若干措施的通知》（白开管发〔2020〕3号） in 政策文件 has a
        link “政策解读：《稳就业若干措施》解读” to a page that loads; or that 解读 page links
        back to the policy.

    Failing example:
        《关于印发……的通知》（白开管发〔2020〕5号） in 规范性文件 has no 解读 link, and no 解读
        page links to it: 政策文件《关于印发……的通知》（白开管发〔2020〕5号）未关联政策解读.

    Not applicable when:
        No crawled page is a policy document with a 文号 (pages with a 文号 in 通知公告 or
        新闻 columns are not policies here).
    """

    meta = RuleMeta(
        id="JD001",
        slug="interpretation.policy-without-interpretation",
        title="政策文件关联了政策解读",
        failure_title="政策文件未关联政策解读",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="国务院办公厅印发《〈关于全面推进政务公开工作的意见〉实施细则》的通知（国办发〔2016〕80号）",
                article="政策解读：解读方案、解读材料与政策文件同步组织、同步审签、同步部署",
                verified=False,
                note="条文系据记忆，未见原文",
            ),
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 发布解读",
                note="部委自查报告引述“发布的政策文件都及时发布了政策解读”；地方通报列“解读稿未与政策原文做好双向关联”",
            ),
            Citation(
                document="中华人民共和国政府信息公开条例（国务院令第711号）",
                article="第六条第一款",
                note="行政机关应当及时、准确地公开政府信息（条例未直接规定政策解读）",
            ),
        ],
        plan_tasks=[6, 4],
        requires=["pages", "links", "columns"],
        options={
            "policy_pattern": r"政策文件|规范性文件|文件",
            "interpretation_page_pattern": r"解读|图解|答记者问",
            "interpretation_link_pattern": r"解读|图解|答记者问",
            # Link targets that look like column lists, not a 解读 article (TRS/Hanweb/开普云 list URLs).
            "column_url_pattern": r"(/|/(index|list|default|more)(_\d+)?\.s?html?|/col/col\d+/index\.html)$",
            # Only judge documents whose 文号 matches this (e.g. "^白开" for the body's own
            # documents, leaving 转发的上级文件 aside); null: every 文号.
            "doc_number_pattern": None,
            # Only judge policies published within this many days (null: all).
            "max_age_days": None,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        policy_rx = re.compile(ctx.opt("policy_pattern"))
        interp_rx = re.compile(ctx.opt("interpretation_page_pattern"))
        link_rx = re.compile(ctx.opt("interpretation_link_pattern"))
        max_age = ctx.opt("max_age_days")
        column_url_rx = re.compile(ctx.opt("column_url_pattern")) if ctx.opt("column_url_pattern") else None
        number_rx = re.compile(ctx.opt("doc_number_pattern")) if ctx.opt("doc_number_pattern") else None
        cols = column_index(site)
        column_urls = {c.url for c in site.columns} | {u for c in site.columns for u in c.pages}
        column_urls |= {p.url for p in site.pages if p.page_kind in ("home", "column")}

        def context_names(page: PageArtifact) -> list[str]:
            names = list(page.breadcrumb[1:]) if len(page.breadcrumb) > 1 else list(page.breadcrumb)
            col = cols.get(page.url) or cols.get(page.final_url)
            if col is not None:
                names.append(col.name)
            if page.meta.get("ColumnName"):
                names.append(page.meta["ColumnName"])
            return names

        def is_interpretation(page: PageArtifact) -> bool:
            # The page's own column decides (breadcrumb tail, listing column, ColumnName), not
            # every ancestor: a 规范性文件 under "政策文件及解读" is still a policy.
            crumbs = [c for c in page.breadcrumb if c not in _GENERIC_CRUMBS]
            names = [page.heading, page_label(page), short_title(page.title), crumbs[-1] if len(crumbs) > 1 else ""]
            col = cols.get(page.url) or cols.get(page.final_url)
            names += [col.name if col else "", page.meta.get("ColumnName", "")]
            return any(interp_rx.search(t) for t in names if t)

        # Policies linked from a 解读 page (the reverse direction of the 双向关联).
        backlinked: dict[str, str] = {}
        for page in unique_pages(site):
            if page.status >= 400 or page.page_kind in ("home", "column") or not is_interpretation(page):
                continue
            for link in page.links:
                if not link.hidden:
                    backlinked.setdefault(link.url, seen_at(page))

        policies = 0
        exempt: list[dict] = []
        for page in unique_pages(site):
            if page.status >= 400 or page.page_kind in ("home", "column"):
                continue
            number = doc_number_of(page)
            if number is None or is_interpretation(page):
                continue
            if number_rx is not None and not number_rx.search(number):
                continue
            if not any(policy_rx.search(n) for n in context_names(page)):
                continue
            if max_age is not None and page.publish_date is not None \
                    and page.publish_date < ctx.as_of - dt.timedelta(days=int(max_age)):
                continue
            reason = interpretation_exemption(titles_of(page), number)
            if reason is not None:
                exempt.append({"title": page_label(page, seen_at(page)), "url": seen_at(page),
                               "doc_number": number, "kind": reason})
                continue
            policies += 1
            title = page_label(page, seen_at(page))
            evidence = {"title": title, "doc_number": number}
            named = f"政策文件{book_title(title)}（{number}）"

            working, unknown, broken = None, [], []
            for link in page.links:
                if link.hidden or link.region.value in ("nav", "footer") or not link.text:
                    continue
                if link.kind.value not in ("page", "external", "attachment"):
                    continue
                if not link_rx.search(link.text) or link.url in column_urls \
                        or link.url in (page.url, page.final_url):
                    continue
                if column_url_rx is not None and column_url_rx.search(urlsplit(link.url).path or "/"):
                    continue
                state = target_loaded(site, link.url)
                if state is True:
                    working = link
                    break
                (broken if state is False else unknown).append(link)
            if working is not None:
                yield self.passed(f"{named}关联了解读“{working.text}”", url=seen_at(page), target=working.url,
                                  evidence={**evidence, "via": "link", "interpretation": working.url})
                continue
            back = backlinked.get(page.url) or backlinked.get(page.final_url)
            if back is not None:
                yield self.passed(f"{named}的解读页面链接了该文件", url=seen_at(page), target=back,
                                  evidence={**evidence, "via": "backlink", "interpretation": back})
                continue
            if unknown:
                yield self.could_not_evaluate(
                    f"{named}的解读链接“{unknown[0].text}”未能检查（超时、限流或未采集），无法判断是否关联了解读",
                    url=seen_at(page), target=unknown[0].url, evidence=evidence)
                continue
            template = next((t for t in unfilled_lists(page) if link_rx.search(t)), None)
            if template is not None:  # the 解读 list is filled from data a script fetches: not seen
                yield self.could_not_evaluate(
                    f"{named}页面的解读列表由脚本按模板填充（{template}），未能看到，无法判断是否关联了解读",
                    url=seen_at(page), evidence={**evidence, "template": template})
                continue
            if broken:
                evidence["broken_links"] = [l.url for l in broken]
                yield self.fail(f"{named}的解读链接“{broken[0].text}”无法打开，且没有解读页面链接该文件",
                                url=seen_at(page), evidence=evidence)
                continue
            yield self.fail(f"{named}未关联政策解读（页面无解读链接，也没有解读页面链接该文件）",
                            url=seen_at(page), evidence=evidence)
        if exempt:
            kinds = "、".join(dict.fromkeys(e["kind"] for e in exempt))
            yield self.not_applicable(f"{len(exempt)} 个带文号的文件属于{kinds}，不是规范性文件或重大政策，无需解读",
                                      evidence={"exempt": exempt[:20], "count": len(exempt)})
        if not policies and not exempt:
            yield self.not_applicable("未发现带文号的政策文件（规范性文件）页面")
