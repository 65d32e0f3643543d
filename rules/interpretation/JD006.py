"""JD006 — at least one 解读 by the 主要负责人 (第一解读人)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (INTERPRETATION_PATTERN, body_text, columns_listing, norm, ok_pages, page_date, seen_at,
                        titles_of)
from ._common import CITE_80, interpretation_pages

_PRINCIPAL = r"(?<!副)(?:主任|书记|局长|县长|区长|市长|镇长|乡长|主席|厅长|部长|处长|院长)"


class JD006(Rule):
    """The 主要负责人 acts as 第一解读人: at least one 解读 is by the head of the body.

    What it checks:
        The heads' names are read from the crawled pages on leadership (titles matching
        ``leader_page_pattern``: 领导, 机构职能, 机构概况 …): a principal title not preceded
        by 副 followed by a name (``管委会主任：刘振华``), or a name followed by it. A crawled
        解读 (within ``window_days`` — 365 — of the audit date) is by the 主要负责人 when

        * its title or text says 主要负责人 / 第一解读人 / 主任解读 / 书记谈 … (a principal
          title not preceded by 副, followed by 解读 / 谈 / 答记者问 / 访谈), or
        * its 解读人 line names a principal title not preceded by 副, or one of the heads' names.

        None → one FAIL (site level), evidence ``{item: 第一解读人, interpretations, leaders}``.

    Legal basis:
        “部门主要负责人是第一解读人和责任人” — verified in local implementations (甘肃,
        辽政办〔2022〕43号: 应通过参加新闻发布会、接受访谈、撰写解读文章等多种方式，带头解读政策);
        its national source 国办发〔2016〕80号 is not verified. Plan task 6 二是: 行政机关主要
        负责人要履行好“第一解读人”职责，带头解读政策.

    Passing example:
        解读 page: “解读人：白城经济开发区管理委员会主任 张某某”.

    Failing example:
        Every 解读 names 副主任 王某 or 党政办公室 as 解读人: 近一年未发现主要负责人解读政策.

    Not applicable when:
        No 解读 page was crawled in the window.
    """

    meta = RuleMeta(
        id="JD006",
        slug="interpretation.principal-interprets",
        title="主要负责人带头解读政策",
        failure_title="未见主要负责人解读政策",
        severity=Severity.warning,
        legal_basis=[
            CITE_80,
            Citation(document="辽宁省人民政府办公厅关于印发政策文件解读工作规范（试行）的通知（辽政办〔2022〕43号）",
                     article="第一解读人",
                     note="政府部门主要负责人是政策文件的第一解读人和责任人（地方文件，作为该要求的佐证）"),
        ],
        plan_tasks=[6],
        requires=["pages", "columns"],
        options={
            "interpretation_pattern": INTERPRETATION_PATTERN,
            "window_days": 365,
            "leader_page_pattern": r"领导|机构职能|机构概况|机构设置|单位简介|概况信息",
            "principal_title_pattern": _PRINCIPAL,
            "self_declared_pattern": r"主要负责人|第一解读人|" + _PRINCIPAL + r"(?:解读|谈|答记者问|接受.{0,8}访谈)",
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        pages = interpretation_pages(site, listing, ctx.opt("interpretation_pattern"))
        if ctx.opt("window_days") is not None:
            since = ctx.as_of - dt.timedelta(days=int(ctx.opt("window_days")))
            pages = [p for p in pages if page_date(p) is None or page_date(p) >= since]
        if not pages:
            yield self.not_applicable("未发现政策解读页面")
            return
        principal = ctx.opt("principal_title_pattern")
        leaders = self._leaders(site, ctx.opt("leader_page_pattern"), principal)
        declared = re.compile(ctx.opt("self_declared_pattern"))
        by_line = re.compile(r"解读人[:：]?(.{0,40})")
        title_rx = re.compile(principal)
        for page in pages:
            text = norm(body_text(page))
            names = " ".join(titles_of(page))
            if declared.search(names) or declared.search(text):
                yield self.passed("主要负责人解读政策", url=seen_at(page),
                                  evidence={"item": "第一解读人", "via": "declared", "leaders": leaders})
                return
            for m in by_line.finditer(text):
                who = m.group(1)
                if title_rx.search(who) or any(n in who for n in leaders):
                    yield self.passed(f"主要负责人解读政策（解读人：{who[:30]}）", url=seen_at(page),
                                      evidence={"item": "第一解读人", "via": "interpreter", "leaders": leaders})
                    return
        yield self.fail(f"{len(pages)} 篇政策解读中未发现主要负责人（第一解读人）解读",
                        evidence={"item": "第一解读人", "interpretations": len(pages), "leaders": leaders})

    @staticmethod
    def _leaders(site: SiteArtifacts, page_pattern: str, principal: str) -> list[str]:
        page_rx = re.compile(page_pattern)
        before = re.compile(principal + r"[:：]\s*([\u4e00-\u9fa5]{2,3})(?=[，,；;、。\s]|$)")
        names: list[str] = []
        for page in ok_pages(site):
            if not any(page_rx.search(t) for t in titles_of(page)):
                continue
            text = body_text(page)
            for m in before.finditer(text):
                if m.group(1) not in names:
                    names.append(m.group(1))
        return names[:10]
