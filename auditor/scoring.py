"""检查指标 scoring (国办秘函〔2019〕19号): 单项否决 items and 扣分 items over the findings.

The indicator table is data (auditor/scoring.yaml, or --scoring FILE). Each item names the
rules whose FAIL findings are occurrences of it, optionally narrowed by evidence values, by
the finding's severity and by where the finding was seen (the homepage or elsewhere); or
(`count: evidence`) takes a count a summary rule reports in its evidence. Items are
政府网站 (`scope: website`, the verdict) or 政务新媒体 (`scope: newmedia`, judged apart).
Items with no rule that judged anything are listed as 未评估, never as passed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Literal, Sequence
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from contracts.artifacts import SiteArtifacts
from contracts.findings import Finding, Severity, Status
from contracts.report import Score, ScoreItem

from .errors import ToolError, pydantic_problems
from .runner import normalise_url

DEFAULT_SCORING = Path(__file__).resolve().parent / "scoring.yaml"


class ScoringError(ToolError):
    pass


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    text: str = ""
    verified: bool = True
    scope: Literal["website", "newmedia"] = "website"
    rules: list[str] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)
    min_severity: Severity | None = None  # only findings at or above it (CT001: entries of severity error+)
    where: Literal["homepage", "elsewhere", "any"] = "any"
    count: Literal["finding", "distinct_url", "distinct_target", "once", "evidence"] = "finding"
    count_key: str = "count"  # count: evidence — the evidence field holding the number
    note: str = ""

    @model_validator(mode="after")
    def _evidence_count(self) -> "_Item":
        if self.count == "evidence" and not self.rules:
            raise ValueError("count: evidence needs the rule that reports the count (rules)")
        return self


class VetoItem(_Item):
    threshold: int = Field(ge=1)


class DeductionItem(_Item):
    points: float = Field(gt=0)
    cap: float | None = Field(default=None, gt=0)


class ScoringConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    source: str = ""
    total: float = Field(default=100, gt=0)
    pass_mark: float = Field(default=60, ge=0)
    note: str = ""
    vetoes: list[VetoItem] = Field(default_factory=list)
    deductions: list[DeductionItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> "ScoringConfig":
        ids = [i.id for i in (*self.vetoes, *self.deductions)]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate item ids: {', '.join(dupes)}")
        return self

    def rule_ids(self) -> set[str]:
        return {r for i in (*self.vetoes, *self.deductions) for r in i.rules}


def load_scoring(path: str | Path | None = None, known_rules: Iterable[str] | None = None) -> ScoringConfig:
    """Read and validate a scoring file; with `known_rules`, every rule id it names must be one."""
    p = Path(path) if path is not None else DEFAULT_SCORING
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScoringError(f"{p}: scoring file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ScoringError(f"{p}: cannot read scoring file: {exc}") from None
    if not isinstance(raw, dict):
        raise ScoringError(f"{p}: expected a mapping with vetoes and deductions")
    try:
        cfg = ScoringConfig.model_validate(raw)
    except ValidationError as exc:
        raise ScoringError(f"{p}: {pydantic_problems(exc)}") from None
    if known_rules is not None:
        known = set(known_rules)
        bad = []
        for kind, items in (("vetoes", cfg.vetoes), ("deductions", cfg.deductions)):
            for i, item in enumerate(items):
                bad += [f"{kind}[{i}].rules: unknown rule {r} ({item.id})" for r in item.rules if r not in known]
        if bad:
            raise ScoringError(f"{p}: " + "; ".join(bad))
    return cfg


def _homepage_keys(site: SiteArtifacts | None, netloc: str) -> set[str]:
    keys = {"/"}
    if site is not None:
        home = site.homepage()
        keys.add(normalise_url(site.crawl.start_url, netloc))
        if home is not None:
            keys |= {normalise_url(home.url, netloc), normalise_url(home.final_url, netloc)}
    return keys


def _occurrences(item: _Item, results: Sequence[Finding], home: set[str], netloc: str) -> list[Finding]:
    """The findings that are occurrences of `item`: FAILs, plus PASSes for `count: evidence`
    (a summary rule reports its count below the threshold as a pass)."""
    statuses = {Status.fail, Status.passed} if item.count == "evidence" else {Status.fail}
    hits = []
    for f in results:
        if f.status not in statuses or f.rule not in item.rules:
            continue
        if any(f.evidence.get(k) != v for k, v in item.evidence.items()):
            continue
        if item.min_severity is not None and f.severity.rank < item.min_severity.rank:
            continue
        on_home = normalise_url(f.url, netloc) in home if f.url else False
        if item.where == "homepage" and not on_home:
            continue
        if item.where == "elsewhere" and (on_home or not f.url):
            continue
        hits.append(f)
    return hits


def _count(item: _Item, hits: list[Finding], netloc: str) -> int:
    if not hits:
        return 0
    if item.count == "once":
        return 1
    if item.count == "distinct_url":
        return len({normalise_url(f.url, netloc) for f in hits})
    if item.count == "distinct_target":
        return len({normalise_url(f.target or f.url, netloc) for f in hits})
    if item.count == "evidence":
        values = [f.evidence.get(item.count_key) for f in hits]
        return max((int(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)), default=0)
    return len(hits)


def _judged(item: _Item, ran: set[str], statuses: dict[str, set[Status]]) -> bool:
    """A mapped rule ran and judged something: a pass, fail or not-applicable result (or ran
    and reported nothing). Only could-not-evaluate results or a crash → not evaluated."""
    for rule in item.rules:
        if rule not in ran:
            continue
        seen = statuses.get(rule, set())
        if not seen or seen & {Status.passed, Status.fail, Status.not_applicable}:
            return True
    return False


def compute_score(cfg: ScoringConfig, findings: Sequence[Finding], ran_rules: Iterable[str],
                  site: SiteArtifacts | None = None, start_url: str = "") -> Score:
    """Score one run. `findings`: every result (passes included); `ran_rules`: ids that ran."""
    ran = set(ran_rules)
    netloc = urlsplit(site.crawl.start_url if site is not None else start_url).netloc
    home = _homepage_keys(site, netloc)
    statuses: dict[str, set[Status]] = {}
    cne: dict[str, int] = {}
    for f in findings:
        statuses.setdefault(f.rule, set()).add(f.status)
        if f.status is Status.could_not_evaluate:
            cne[f.rule] = cne.get(f.rule, 0) + 1
    items: list[ScoreItem] = []

    def common(item: _Item, hits: list[Finding]) -> dict[str, Any]:
        return dict(id=item.id, name=item.name, text=item.text, verified=item.verified, rules=item.rules,
                    scope=item.scope, evaluated=_judged(item, ran, statuses),
                    could_not_evaluate=sum(cne.get(r, 0) for r in item.rules),
                    fingerprints=[f.fingerprint for f in hits if f.fingerprint and f.status is Status.fail],
                    note=item.note)

    for v in cfg.vetoes:
        hits = _occurrences(v, findings, home, netloc)
        n = _count(v, hits, netloc)
        c = common(v, hits)
        triggered = n >= v.threshold
        result = "触发" if triggered else ("未触发" if c["evaluated"] else "未评估")
        items.append(ScoreItem(kind="veto", count=n, threshold=v.threshold, triggered=triggered, result=result, **c))
    deducted_total = 0.0
    for d in cfg.deductions:
        hits = _occurrences(d, findings, home, netloc)
        n = _count(d, hits, netloc)
        amount = n * d.points
        if d.cap is not None:
            amount = min(amount, d.cap)
        amount = round(amount, 2)
        c = common(d, hits)
        if d.scope == "website":
            deducted_total += amount
        result = "扣分" if amount > 0 else ("未扣分" if c["evaluated"] else "未评估")
        items.append(ScoreItem(kind="deduction", count=n, points_each=d.points, cap=d.cap, deducted=amount,
                               result=result, **c))
    deducted_total = round(deducted_total, 2)
    score = round(max(0.0, cfg.total - deducted_total), 2)
    vetoes = [i.id for i in items if i.kind == "veto" and i.triggered and i.scope == "website"]
    verdict = "单项否决" if vetoes else ("不合格" if score < cfg.pass_mark else "合格")
    nm_items = [i for i in items if i.scope == "newmedia"]
    nm_vetoes = [i.id for i in nm_items if i.kind == "veto" and i.triggered]
    nm_verdict = None
    if nm_items:
        nm_verdict = "单项否决" if nm_vetoes else ("合格" if any(i.evaluated for i in nm_items) else "未评估")
    return Score(source=cfg.source, total=cfg.total, score=score, deducted=deducted_total, pass_mark=cfg.pass_mark,
                 verdict=verdict, vetoes=vetoes, newmedia_vetoes=nm_vetoes, newmedia_verdict=nm_verdict, items=items,
                 unevaluated=[i.id for i in items if not i.evaluated], note=cfg.note)


__all__ = ["ScoringConfig", "ScoringError", "load_scoring", "compute_score", "DEFAULT_SCORING"]
