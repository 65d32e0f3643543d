"""JD007 — the share of recent policy documents that have a 解读 (解读比例)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, Finding, PageArtifact, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (POLICY_CONTEXT_PATTERN, book_title, columns_listing, find_portal, interpretation_pairs,
                        norm, page_date, page_label, policy_pages, seen_at)
from ._common import CITE_19_JD, CITE_80, interpretation_exemption, interpretation_pages

_BOOK_MARKS = re.compile(r"[《》〈〉“”\"'‘’「」『』]")
_DOC_NUMBER_PAREN = re.compile(r"[（(\[［【﹝〔]?[\u4e00-\u9fa5]*[〔﹝\[［(（【]\d{4}[〕﹞\]］)）】]\d+号[）)\]］】〕﹞]?")
# 关于印发…的通知, with or without the issuer before 关于 (白鹭湖经济开发区管理委员会关于印发《…》的通知)
_PRINTED = re.compile(r"关于(?:印发|转发|发布|公布|出台|下发)(.+?)的(?:通知|决定|函|批复)")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def comparable_title(title: str, strip_pattern: str) -> str:
    """A title reduced to what a policy and its 解读 share: no 《》 or quotes, no 文号, 关于印发…的通知
    reduced to the document it prints, no 政策解读 / 图解 / 一图读懂 words, no punctuation."""
    t = norm(title)
    t = _DOC_NUMBER_PAREN.sub("", t)
    t = _BOOK_MARKS.sub("", t).strip("：:-—·, ，")
    m = _PRINTED.search(t)
    if m:
        t = m.group(1)
    t = re.sub(strip_pattern, "", t) if strip_pattern else t
    return re.sub(r"的$", "", _PUNCT.sub("", t))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else ({text} if text else set())


def _tokens(text: str) -> set[str]:
    # Latin words and numbers count as whole tokens; CJK runs go by character bigrams.
    return {w.lower() for w in re.findall(r"[A-Za-z]+|\d+", text)}


def title_overlap(a: str, b: str, min_head: int = 4) -> float:
    """Overlap of two comparable titles, 0..1: 1 when one contains the other, else the larger of
    the token overlap and the character-bigram overlap, each relative to the shorter title, after
    dropping a shared head and a shared tail of at least `min_head` characters each."""
    if not a or not b:
        return 0.0
    if len(a) >= 4 and len(b) >= 4 and (a in b or b in a):
        return 1.0
    # A long shared head is the issuer's name (白鹭湖经济开发区…): it says nothing about which
    # document a 解读 is about, so compare what follows it.
    # A long shared tail (管理办法, the site name after a <title>) likewise.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    if head >= min_head:
        a, b = a[head:], b[head:]
    tail = 0
    while tail < min(len(a), len(b)) and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    if tail >= min_head:
        a, b = a[:-tail], b[:-tail]
    if not a or not b:
        return 1.0  # one title is the other with words inserted (若干措施 / 若干政策措施)
    best = 0.0
    for sa, sb in ((_bigrams(a), _bigrams(b)), (_tokens(a), _tokens(b))):
        if sa and sb:
            best = max(best, len(sa & sb) / min(len(sa), len(sb)))
    return best


def _names(page: PageArtifact) -> list[str]:
    """The titles compared: ArticleTitle / heading (page_label), and the heading."""
    out = [page_label(page), page.heading]
    return list(dict.fromkeys(t for t in out if t and t != page.url))


class JD007(Rule):
    """Enough of the recent 规范性文件 / 政策文件 have a 解读 (解读比例).

    What it checks:
        Policies are found as JD002 finds them (an article with a 文号 in a 政策文件 /
        规范性文件 / …文件 column, or any article of a 规范性文件 column; not a 解读), 解读 pages
        by ``interpretation_pattern`` (解读 / 图解 / 一图读懂 / 答记者问) in their own title or
        column. Only policies published within ``window_days`` (365) before the audit date
        count (undated ones are left out and counted in the evidence); ``doc_number_pattern``
        can limit them to the body's own 文号. 批复, 函, meeting notices and appointments or
        personnel notices need no 解读 and are not counted (``exempt`` in the evidence; the
        文种 in the title or the 文号 series decides, as in JD001).

        A policy has a 解读 when a crawled 解读 page and the policy link each other in either
        direction (content links), or when their titles match: both reduced by dropping
        《》 and quotes, the 文号, the ``关于印发…的通知`` wrapper and the ``strip_pattern`` words
        (政策解读 / 解读 / 图解 / 一图读懂 / 答记者问 …), the shorter contained in the longer, or
        their token / character-bigram overlap (relative to the shorter title, after dropping a
        shared head or tail of 4 or more characters — the issuer's name, 管理办法) at least
        ``title_threshold`` (0.6). Titles are the 47号 ArticleTitle or heading, not ``<title>``
        (whose site-name suffix would blur the comparison).

        The ratio 有解读的文件数 / 应解读文件数 goes into the evidence (``ratio``, ``interpreted``,
        ``required``, ``interpretations`` — the 解读 pages crawled — and up to 20
        ``uninterpreted`` policies). Below ``min_ratio`` (1.0: every recent policy) → one FAIL
        (warning), url = the 政府信息公开 专栏 (else the homepage); at or above → PASS. The 100%
        expectation is this tool's reading of inspection practice, not a verified text:
        evidence ``expectation_verified: false``.

    Legal basis:
        国办秘函〔2019〕19号 扣分指标 发布解读: inspections report “抽查的政策文件未被解读” and
        check “政策解读同步关联、解读比例” (verified through local 通报 and 自查报告); the
        required share is not stated there (unverified). 国办发〔2016〕80号 三同步 (recalled, not
        verified). Plan tasks 6 (提升解读质效) and 4 (做好“六稳”政策解读).

    Passing example:
        Two 规范性文件 this year: 《关于印发稳就业若干措施的通知》 links its 解读; 《关于印发
        人才引进实施细则的通知》 links nothing, but the 政策解读 column has “一图读懂《人才引进实施
        细则》” → 2/2, ratio 1.0.

    Failing example:
        Three 规范性文件 this year, one 解读 → 解读比例 1/3（33%），低于 100%.

    Not applicable when:
        No policy document was crawled, or none was published within the window.
    """

    meta = RuleMeta(
        id="JD007",
        slug="interpretation.ratio",
        title="政策文件解读比例达标",
        failure_title="政策文件解读比例偏低",
        severity=Severity.warning,
        legal_basis=[
            CITE_19_JD,
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="检查实践：政策解读同步关联、解读比例；“抽查的政策文件未被解读”",
                verified=False,
                note="“解读比例”见于地方检查通报；应达到的比例（本规则默认100%）未见正式文本，系本工具的推定",
            ),
            CITE_80,
        ],
        plan_tasks=[6, 4],
        requires=["pages", "links", "columns"],
        options={
            "policy_pattern": POLICY_CONTEXT_PATTERN,
            "interpretation_pattern": r"解读|图解|一图读懂|一图看懂|答记者问",
            # Words dropped from both titles before comparing them.
            "strip_pattern": r"政策解读|解读材料|解读稿|解读|图解|一图读懂|一图看懂|一图了解|答记者问|问答|相关|关于",
            "title_threshold": 0.6,
            "min_ratio": 1.0,
            "window_days": 365,
            # Only count documents whose 文号 matches this (e.g. "^白开"); null: every policy.
            "doc_number_pattern": None,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        listing = columns_listing(site)
        interp_pattern = ctx.opt("interpretation_pattern")
        policies = policy_pages(site, listing, ctx.opt("policy_pattern"), interpretation_pattern=interp_pattern)
        if not policies:
            yield self.not_applicable("未发现政策文件（规范性文件）页面")
            return
        window = ctx.opt("window_days")
        number_rx = re.compile(ctx.opt("doc_number_pattern")) if ctx.opt("doc_number_pattern") else None
        since = ctx.as_of - dt.timedelta(days=int(window)) if window is not None else None
        required: list[tuple[PageArtifact, str | None]] = []
        undated = exempt = 0
        for page, number in policies:
            if number_rx is not None and (number is None or not number_rx.search(number)):
                continue
            if interpretation_exemption(_names(page), number) is not None:
                exempt += 1  # 批复, 函, meeting and personnel notices need no 解读
                continue
            if since is not None:
                day = page_date(page)
                if day is None:
                    undated += 1
                    continue
                if day < since or day > ctx.as_of:
                    continue
            required.append((page, number))
        if not required:
            yield self.not_applicable(
                f"近{window}天内未发现发布的政策文件（规范性文件）" if window is not None else "未发现应解读的政策文件",
                evidence={"policies": len(policies), "undated": undated, "exempt": exempt})
            return

        strip = ctx.opt("strip_pattern")
        threshold = float(ctx.opt("title_threshold"))
        interps = interpretation_pages(site, listing, interp_pattern)
        interp_titles = [(j, [comparable_title(t, strip) for t in _names(j)]) for j in interps]
        linked: dict[str, str] = {}
        for policy, interp, _, _ in interpretation_pairs(site, listing, required, interp_pattern):
            linked.setdefault(seen_at(policy), seen_at(interp))

        matched, missing = [], []
        for page, number in required:
            via, partner, score = None, linked.get(seen_at(page)), None
            if partner is not None:
                via = "link"
            else:
                mine = [comparable_title(t, strip) for t in _names(page)]
                for j, theirs in interp_titles:
                    s = max((title_overlap(a, b) for a in mine for b in theirs), default=0.0)
                    if s >= threshold and (score is None or s > score):
                        via, partner, score = "title", seen_at(j), s
            entry = {"title": page_label(page, seen_at(page)), "url": seen_at(page), "doc_number": number}
            if via is None:
                missing.append(entry)
            else:
                matched.append({**entry, "via": via, "interpretation": partner,
                                **({"score": round(score, 2)} if score is not None else {})})

        ratio = len(matched) / len(required)
        min_ratio = float(ctx.opt("min_ratio"))
        evidence = {
            "ratio": round(ratio, 3), "interpreted": len(matched), "required": len(required),
            "interpretations": len(interps), "min_ratio": min_ratio, "window_days": window,
            "undated": undated, "exempt": exempt, "expectation_verified": False,
            "uninterpreted": missing[:20],
        }
        _, _, portal = find_portal(site)
        home = site.homepage()
        url = seen_at(portal) if portal is not None else (seen_at(home) if home is not None else site.crawl.start_url)
        span = f"近{window}天" if window is not None else ""
        summary = f"{span}政策文件解读比例 {len(matched)}/{len(required)}（{ratio:.0%}）"
        if ratio + 1e-9 >= min_ratio:
            yield self.passed(f"{summary}，达到 {min_ratio:.0%}", url=url, evidence=evidence)
            return
        names = "、".join(book_title(m["title"]) for m in missing[:3]) + ("等" if len(missing) > 3 else "")
        yield self.fail(f"{summary}，低于 {min_ratio:.0%}：{names}未发现解读（应达到的比例未经核实）",
                        url=url, evidence=evidence)
