"""CT001 — wrong expressions (表述错误) from a configurable dictionary."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

import ahocorasick

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import body_text, norm, ok_pages, page_date, page_label, seen_at, short_context
from ._dictionary import default_expressions

_QUOTES = re.compile(r"[“”‘’\"'「」『』]")


def flatten(text: str) -> str:
    """Whitespace and quotation marks removed: “一带一路” 战略 → 一带一路战略."""
    return _QUOTES.sub("", norm(text))


class _Match:
    """What a finding quotes: the matched text and where it stands (re.Match-like)."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int):
        self._text, self._start, self._end = text, start, end

    def group(self, _: int = 0) -> str:
        return self._text[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


class Matcher:
    """Every wrong form in one pass over a text.

    Literal entries (the bundled dictionary, ``literal: true``) go into one Aho-Corasick
    automaton (pyahocorasick); regex entries (site additions) into one compiled alternation.
    A match is dropped when one of its entry's ``not_before`` strings ends right before it or
    one of its ``not_after`` strings starts right after it. Of overlapping matches the longest
    is kept (中华人民共和国国务院办公室 over 国务院办公室), so one mistake is one finding."""

    def __init__(self, entries: list[dict]):
        self.entries = entries
        self.literal = [i for i, e in enumerate(entries) if e.get("literal")]
        self.regex = [i for i, e in enumerate(entries) if not e.get("literal")]
        self.automaton = None
        if self.literal:
            self.automaton = ahocorasick.Automaton()
            words: dict[str, list[int]] = {}
            for i in self.literal:
                words.setdefault(entries[i]["wrong"], []).append(i)
            for word, ids in words.items():
                self.automaton.add_word(word, (len(word), ids))
            self.automaton.make_automaton()
        self.patterns = {i: re.compile(entries[i]["wrong"]) for i in self.regex}
        self.any = re.compile("|".join(f"(?:{entries[i]['wrong']})" for i in self.regex)) if self.regex else None

    @staticmethod
    def _guarded(entry: dict, text: str, start: int, end: int) -> bool:
        if any(text.endswith(b, 0, start) for b in entry.get("not_before") or ()):
            return True
        return any(text.startswith(a, end) for a in entry.get("not_after") or ())

    def _candidates(self, text: str) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        if self.automaton is not None:
            for last, (length, ids) in self.automaton.iter(text):
                start, end = last - length + 1, last + 1
                for i in ids:
                    if not self._guarded(self.entries[i], text, start, end):
                        found.append((start, end, i))
        if self.any is not None:
            for m in self.any.finditer(text):
                for i, rx in self.patterns.items():
                    own = rx.match(text, m.start())
                    if own and own.end() == m.end():
                        found.append((m.start(), m.end(), i))
                        break
        return found

    def find(self, text: str) -> Iterable[tuple[dict, _Match]]:
        """(entry, match) per entry, its first occurrence, in text order."""
        kept: list[tuple[int, int, int]] = []
        for start, end, i in sorted(self._candidates(text), key=lambda c: (-(c[1] - c[0]), c[0])):
            if all(end <= s or start >= e for s, e, _ in kept):
                kept.append((start, end, i))
        seen: set[int] = set()
        for start, end, i in sorted(kept):
            if i in seen:
                continue
            seen.add(i)
            yield self.entries[i], _Match(text, start, end)


class CT001(Rule):
    """No page shows a known wrong expression: misnamed leaders, posts, phrases, institutions.

    What it checks:
        The text of every crawled page (title and heading included; footer excluded; on list and
        home pages the link texts are left out, so that a wrong title is reported once, on its own
        article) is searched, with whitespace and quotation marks removed, for the wrong forms of
        the 表述错误 dictionary rules/content/expressions.yaml (over 300 entries, each with its
        correct form and its source: 以习近平为核心的党中央 → 以习近平同志为核心的党中央,
        “一带一路”战略 → 倡议, 中国共产党第十九届全国代表大会 → 第十九次, 全国人大委员长,
        香港政府, 台湾总统, 以法治国, 政府信息公开法, repealed laws cited after their repeal
        (合同法 after 2021), institutions renamed in 2008/2013/2018/2023, homophones and near
        forms such as 社会主意, 中华人民共合国, 习近乎, and the common 别字 of 《咬文嚼字》's list).
        Entries are literal strings matched with one Aho-Corasick automaton (pyahocorasick), so
        a page is read once whatever the dictionary's size; an entry's ``not_before`` /
        ``not_after`` strings keep correct texts that contain a near match from being flagged
        (原国家工商行政管理总局, …总局令第68号, 农业部门, 农村长期, 伊斯兰国家), and of overlapping
        matches the longest counts. An entry with ``since`` is judged only on pages dated on or
        after it. One FAIL per page and entry: url = the page, evidence ``{item: the matched
        text, correct, kind, source, context}``; severity per entry (political expressions
        critical: 严重表述错误 is a 单项否决 case). ``extra_expressions`` adds site entries
        (regular expressions unless ``literal: true``) to the dictionary; ``expressions``
        (null: the bundled dictionary) replaces it.

    Legal basis:
        国办秘函〔2019〕19号 单项否决指标 安全、泄密事故等严重问题 第1项: 出现严重表述错误 (verified).
        Plan task 11: 做好主动公开内容的审查，确保不发生表述错误. 条例第十七条 (公开前审查, verified).
        The dictionary's sources are cited per entry (新华社《新闻信息报道中的禁用词和慎用词》,
        the 2008/2013/2018/2023 机构改革方案, the 民法典 and other repealing provisions, the
        条例's own names, 《咬文嚼字》's list of common 别字); entries recalled from reprinted
        lists are marked unverified in the data file. It is not an official list.

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
            # null: the bundled dictionary (rules/content/expressions.yaml); a list replaces it
            "expressions": None,
            "extra_expressions": [],
            "max_findings_per_entry": 20,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        base = ctx.opt("expressions")
        entries = list(default_expressions() if base is None else base) + list(ctx.opt("extra_expressions"))
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
                          "source": entry.get("source", ""),
                                          "context": short_context(text, m.start(), m.end())})
            clean += not hit
        if clean:
            yield self.passed(f"{clean} 个页面未发现词典中的表述错误", evidence={"pages": clean, "entries": len(entries)})
