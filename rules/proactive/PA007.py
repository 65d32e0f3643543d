"""PA007 — 主动公开 information is published within 20 working days of being made (条例第二十六条)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (POLICY_CONTEXT_PATTERN, CalendarRangeError, book_title, columns_listing, context_names,
                        doc_number_of, ok_pages, page_label, seen_at, working_days_between)
from ._common import ART
from ._timeliness import publish_date_shown, written_date_shown

CITE_ART26 = Citation(document=ART, article="第二十六条",
                      note="属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。"
                           "法律、法规对政府信息公开的期限另有规定的，从其规定")


class PA007(Rule):
    """Each 法定主动公开 item is published within ``max_working_days`` (20) working days of the
    date it was made.

    What it checks:
        Articles of the 政府信息公开 专栏 — a breadcrumb entry, listing column or ColumnName
        matching ``scope_pattern`` (政府信息公开, 法定主动公开, 信息公开目录 …), or a 索引号 field
        (a 目录 entry) — that show both dates:

        * when the information was made: a 成文日期 / 生成日期 / 印发日期 / 签发日期 field, else
          (``use_signature``) the 落款 date of the body: the last date in Chinese numerals
          (二〇二〇年十一月三十日) or in digits right after the issuing body's name, not one that
          opens a period (自…起施行) and not after the publication date;
        * when it was published: a visible 发布日期 / 发布时间 / 公开日期 field, else the date in
          the article's URL (t20230511_, /art/2023/5/11/), else the PubDate meta tag — which CMSs
          rewrite whenever they regenerate a page, so it never outranks a date the page shows.

        Documents the site reposts from another (superior) body — the extraction marks them
        (``PageArtifact.repost``: a 转发 title, a 来源 / 发文机关 naming another government, a
        文号 of the State Council or a provincial government) — are not judged as the site's own:
        their making date is the other body's. They are listed in one not-applicable result.

        The lag counts Chinese working days after the making date (``chinese_calendar``:
        holidays do not count, 调休 weekend days do), as JD003 does. Lag >
        ``max_working_days`` → one FAIL per page: url = the page, evidence ``{written_date,
        written_source, publish_date, working_days, threshold, title}``; filed under task 3 when
        the page is a 政策文件 / 规范性文件 with a 文号. A lag within the threshold in calendar
        days passes without the calendar (evidence ``calendar_days`` then); otherwise a date outside the years the installed
        ``chinese_calendar`` covers gives could-not-evaluate. Pages whose context matches
        ``exclude_pattern`` (依申请公开: instructions, not 主动公开 items) are skipped.

    Legal basis:
        条例第二十六条 (verified): 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起
        20个工作日内及时公开 (the 2007 条例 第十八条 had the same period). Laws with their own
        periods prevail: drop or raise the threshold per site. Plan tasks 11 (法定主动公开内容全部
        公开到位) and 3 (规范性文件).

    Passing example:
        成文日期 2025-09-22 (Monday), 发布日期 2025-10-24: 32 calendar days but exactly 20 working
        days — the 国庆 holiday 10-01…10-08 does not count, the adjusted Sunday 09-28 and
        Saturday 10-11 do.

    Failing example:
        成文日期 2025-09-19, 发布日期 2025-10-24: 21 working days > 20:
        《…》形成于2025-09-19（成文日期），2025-10-24才公开，间隔21个工作日，超过第二十六条规定的20个工作日.

    Not applicable when:
        No 专栏 article shows both a making date and a publication date.
    """

    meta = RuleMeta(
        id="PA007",
        slug="proactive.publication-lag",
        title="主动公开信息在形成之日起20个工作日内公开",
        failure_title="主动公开信息未在形成之日起20个工作日内公开",
        severity=Severity.error,
        legal_basis=[CITE_ART26],
        plan_tasks=[11, 3],
        requires=["pages", "columns"],
        options={
            "max_working_days": 20,
            "scope_pattern": r"政府信息公开|法定主动公开|主动公开|信息公开目录|政务公开|信息公开",
            "exclude_pattern": r"依申请公开|申请公开",
            "use_signature": True,
            "policy_pattern": POLICY_CONTEXT_PATTERN,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        scope, exclude = re.compile(ctx.opt("scope_pattern")), re.compile(ctx.opt("exclude_pattern"))
        policy_rx = re.compile(ctx.opt("policy_pattern"))
        limit = int(ctx.opt("max_working_days"))
        judged = 0
        reposts: list[tuple[str, str]] = []
        for page in ok_pages(site):
            if page.page_kind in ("home", "column"):
                continue
            names = context_names(page, listing)
            if any(exclude.search(n) for n in names):
                continue
            if not (any(scope.search(n) for n in names) or "索引号" in page.fields):
                continue
            published, _ = publish_date_shown(page)
            if published is None:
                continue
            written, source = written_date_shown(page, published, bool(ctx.opt("use_signature")))
            if written is None:
                continue
            if page.repost:
                reposts.append((seen_at(page), page.repost))
                continue
            judged += 1
            url = seen_at(page)
            title = page_label(page, url)
            evidence = {"written_date": written.isoformat(), "written_source": source,
                        "publish_date": published.isoformat(), "threshold": limit, "title": title}
            if (published - written).days <= limit:
                # at most as many working days as calendar days: no calendar needed
                try:
                    lag = working_days_between(written, published)
                    evidence["working_days"] = lag
                    unit = "个工作日"
                except CalendarRangeError:
                    lag = max(0, (published - written).days)
                    evidence["calendar_days"] = lag
                    unit = "天"
                yield self.passed(f"{book_title(title)}在形成后{lag}{unit}内公开", url=url, evidence=evidence)
                continue
            try:
                lag = working_days_between(written, published)
            except CalendarRangeError as exc:
                yield self.could_not_evaluate(f"{book_title(title)}的公开时效无法计算：{exc}", url=url, evidence=evidence)
                continue
            evidence["working_days"] = lag
            if lag <= limit:
                yield self.passed(f"{book_title(title)}在形成后{lag}个工作日内公开", url=url, evidence=evidence)
                continue
            finding = self.fail(
                f"{book_title(title)}形成于{written.isoformat()}（{source}），{published.isoformat()}才公开，"
                f"间隔{lag}个工作日，超过第二十六条规定的{limit}个工作日", url=url, evidence=evidence)
            if doc_number_of(page) and any(policy_rx.search(n) for n in names):
                finding.task = 3
            yield finding
        if reposts:
            yield self.not_applicable(
                f"有 {len(reposts)} 篇信息系转发、转载其他机关（上级）的文件（如 {reposts[0][1]}），形成日期为原发机关的日期，"
                f"不按第二十六条判断本站的公开时效",
                evidence={"reposts": len(reposts), "examples": [{"url": u, "why": w} for u, w in reposts[:10]]})
        if not judged and not reposts:
            yield self.not_applicable("未发现同时标注成文（形成）日期和发布日期的政府信息公开专栏信息")

