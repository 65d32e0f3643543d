"""CT001 — wrong expressions (表述错误) from a configurable dictionary."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import body_text, norm, ok_pages, page_date, page_label, seen_at, short_context
from ._dictionary import DEFAULT_EXPRESSIONS

_QUOTES = re.compile(r"[“”‘’\"'「」『』]")


def flatten(text: str) -> str:
    """Whitespace and quotation marks removed: “一带一路” 战略 → 一带一路战略."""
    return _QUOTES.sub("", norm(text))


class Matcher:
    """All wrong forms as one compiled alternation (one pass over each page's text), the
    entry a match belongs to found by re-testing the matched text."""

    def __init__(self, entries: list[dict]):
        self.entries = entries
        self.patterns = [re.compile(e["wrong"]) for e in entries]
        self.any = re.compile("|".join(f"(?:{e['wrong']})" for e in entries)) if entries else None

    def find(self, text: str) -> Iterable[tuple[dict, re.Match]]:
        if self.any is None:
            return
        seen: set[int] = set()
        for m in self.any.finditer(text):
            for i, rx in enumerate(self.patterns):
                if i in seen:
                    continue
                own = rx.match(text, m.start())
                if own and own.end() == m.end():
                    seen.add(i)
                    yield self.entries[i], own
                    break


class CT001(Rule):
    """No page shows a known wrong expression: misnamed leaders, posts, phrases, institutions.

    What it checks:
        The text of every crawled page (title and heading included; footer excluded; on list and
        home pages the link texts are left out, so that a wrong title is reported once, on its own
        article) is searched, with whitespace and quotation marks removed, for the wrong forms of
        ``expressions`` — a dictionary of ``{wrong (regex), correct, kind, severity, since}``
        (defaults in rules/content/_dictionary.py: 以习近平为核心的党中央 → 以习近平同志为核心的党中央,
        “一带一路”战略 → 倡议, 全国人大委员长, 香港政府, 台湾总统, 中华人民共合国, outdated
        institution names after the 2018 reform …). All forms are compiled into one alternation, so
        a page is read once whatever the dictionary's size. An entry with ``since`` is judged only
        on pages dated on or after it. One FAIL per page and entry: url = the page, evidence
        ``{item: the matched text, correct, kind, context}``; severity per entry (political
        expressions critical: 严重表述错误 is a 单项否决 case). ``extra_expressions`` adds to the
        defaults without replacing them.

    Legal basis:
        国办秘函〔2019〕19号 单项否决指标 安全、泄密事故等严重问题 第1项: 出现严重表述错误 (verified).
        Plan task 11: 做好主动公开内容的审查，确保不发生表述错误. 条例第十七条 (公开前审查, verified).
        The dictionary is a starting list, not an official one.

    Passing example:
        “坚持以习近平同志为核心的党中央坚强领导，积极参与“一带一路”倡议”.

    Failing example:
        “积极融入“一带一路”战略”: 页面出现表述错误“一带一路战略”，应为“一带一路”倡议.

    Not applicable when:
        The dictionary is empty. Could not evaluate when no page was crawled.
    """

    meta = RuleMeta(
        id="CT001",
        slug="content.wrong-expressions",
        title="未发现表述错误",
        failure_title="页面存在表述错误",
        severity=Severity.critical,
        legal_basis=[
            Citation(document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                     article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 安全、泄密事故等严重问题 第1项",
                     note="出现严重表述错误"),
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第十七条",
                     note="行政机关应当建立健全政府信息公开审查机制，明确审查的程序和责任"),
        ],
        plan_tasks=[11],
        requires=["pages"],
        options={
            "expressions": [dict(e) for e in DEFAULT_EXPRESSIONS],
            "extra_expressions": [],
            "max_findings_per_entry": 20,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        entries = list(ctx.opt("expressions")) + list(ctx.opt("extra_expressions"))
        if not entries:
            yield self.not_applicable("表述错误词典为空")
            return
        pages = list(ok_pages(site))
        if not pages:
            yield self.could_not_evaluate("没有可检查的页面")
            return
        matcher = Matcher(entries)
        counts: dict[str, int] = {}
        cap = int(ctx.opt("max_findings_per_entry"))
        clean = 0
        for page in pages:
            text = body_text(page)
            if page.page_kind in ("home", "column"):
                for link in page.links:
                    if link.text:
                        text = text.replace(link.text, " ")
            text = flatten(" ".join([page.title or "", page.heading or "", text]))
            day = page_date(page)
            hit = False
            for entry, m in matcher.find(text):
                since = entry.get("since")
                if since and (day is None or day < dt.date.fromisoformat(since)):
                    continue
                counts[entry["wrong"]] = counts.get(entry["wrong"], 0) + 1
                if counts[entry["wrong"]] > cap:
                    continue
                hit = True
                severity = Severity(entry.get("severity", self.meta.severity.value))
                yield self.fail(f"页面《{page_label(page, seen_at(page))}》出现表述错误“{m.group(0)}”，应为“{entry['correct']}”",
                                url=seen_at(page), severity=severity,
                                evidence={"item": m.group(0), "correct": entry["correct"], "kind": entry.get("kind", ""),
                                          "context": short_context(text, m.start(), m.end())})
            clean += not hit
        if clean:
            yield self.passed(f"{clean} 个页面未发现词典中的表述错误", evidence={"pages": clean, "entries": len(entries)})
