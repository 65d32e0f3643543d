"""The report model: computed once by the auditor, rendered by every report writer.

JSON contract version 1 (stable; later versions only add fields):
{"version": 1, "site": ..., "as_of": ..., "findings": [{"rule", "task", "severity",
 "url", "target", "message", "evidence", ...}], "summary": {...}}

Fields added since the first release (all optional, defaults keep old documents valid):
findings[].diff / first_seen / open_since / days_open / waived / waiver, `diff` (run-over-run
comparison), `resolved` (gaps of the previous run that are gone), `score` (国办秘函〔2019〕19号
检查指标), `trend` (the last runs), `site_name`; findings[].manual (人工核查 checklist items),
tasks[].manual, summary.manual; score.items[].scope / result / could_not_evaluate,
score.newmedia_vetoes / newmedia_verdict; summary.partial / partial_reasons (the crawl did not
finish: no verdict, no 已整改), diff.unchecked and `unchecked` (gaps of the baseline whose page
or link this run did not fetch again: neither resolved nor open), score.verdict 未评估; `coverage`
(pages fetched of discovered, links checked of found, targets without a verdict by cause:
contracts/coverage.py), `listing` (the findings of one rule on one page, as report.html lists them).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .coverage import Coverage
from .findings import Finding, RuleMeta, Severity, Status

REPORT_VERSION = 1

DiffStatus = Literal["new", "open", "regressed"]
DIFF_LABELS_ZH = {"new": "新增", "open": "持续存在", "regressed": "复现", "resolved": "已整改"}


# Characters that XML 1.0 (report.html's XHTML-safe text, junit.xml, the xlsx parts), a
# terminal or a Markdown log cannot take: C0 controls but tab and newline (ESC starts terminal
# escape sequences, CR rewrites the line), DEL and the C1 controls (8-bit CSI), lone surrogates
# and the Unicode noncharacters (U+FDD0–U+FDEF, U+xFFFE / U+xFFFF of every plane).
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]")


def clean_text(text: str) -> str:
    """`text` without the characters XML, xlsx or a terminal cannot take (see _UNSAFE_CHARS).
    CR LF and lone CR become LF; everything else unsafe is dropped."""
    if not _UNSAFE_CHARS.search(text):
        return text
    return _UNSAFE_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_data(value: Any) -> Any:
    """clean_text over every string (dict keys included) of nested dicts, lists and tuples."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_data(v) for v in value]
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WaiverRef(_Model):
    """The waiver entry that matched a finding."""

    reason: str
    expires: dt.date
    matched_by: Literal["fingerprint", "rule"]  # fingerprint entry, or rule + url_pattern entry
    pattern: str | None = None  # the url_pattern, for rule entries
    expired: bool = False  # as_of > expires: shown, no longer hidden


class ReportFinding(Finding):
    """A Finding as the report lists it: with its history and waiver state (fail findings)."""

    diff: DiffStatus | None = None  # vs the previous run (fail findings only)
    first_seen: dt.date | None = None  # as_of of the first run that had this gap
    open_since: dt.date | None = None  # start of the current unbroken run of failures
    days_open: int | None = None  # as_of - open_since
    waived: bool = False  # an unexpired waiver hides it from the gate
    waiver: WaiverRef | None = None
    manual: bool = False  # a 人工核查 checklist item (RuleMeta.manual): evidence for a person, never a gap


class ResolvedFinding(_Model):
    """A gap of the previous run that this run no longer finds (its rule ran again)."""

    fingerprint: str
    rule: str
    task: int | None = None
    severity: Severity
    url: str | None = None
    target: str | None = None
    message: str
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None


class DiffSummary(_Model):
    """This run against its baseline (the previous run in the history, or a --baseline file)."""

    baseline: Literal["history", "file", "none"] = "none"
    baseline_as_of: dt.date | None = None
    baseline_label: str = ""  # e.g. run #3 (2026-11-20) or the baseline file name
    new: int = 0
    open: int = 0
    regressed: int = 0
    resolved: int = 0
    unchecked: int = 0  # baseline gaps whose page / link was not fetched again: not judged
    waived: int = 0
    expired_waivers: int = 0


ScoreResult = Literal["触发", "未触发", "扣分", "未扣分", "未评估"]


class ScoreItem(_Model):
    """One 单项否决 or 扣分 item of the 检查指标 and what this run found for it."""

    id: str
    kind: Literal["veto", "deduction"]
    scope: Literal["website", "newmedia"] = "website"  # 政府网站 or 政务新媒体 (judged apart)
    name: str
    text: str = ""  # the indicator as written (or as recalled, see verified)
    verified: bool = True  # False: threshold / points not confirmed against the source text
    rules: list[str] = Field(default_factory=list)
    evaluated: bool = False  # a mapped rule ran and judged something; False → 未评估 (no rule, or
    #                          every result of its rules was could-not-evaluate or a rule error)
    result: ScoreResult = "未评估"  # vetoes 触发 / 未触发, deductions 扣分 / 未扣分, or 未评估
    could_not_evaluate: int = 0  # could-not-evaluate results of its rules (a partial evaluation)
    count: int = 0  # occurrences found
    threshold: int | None = None  # vetoes: count that triggers it
    triggered: bool = False  # vetoes: count >= threshold
    points_each: float | None = None  # deductions
    cap: float | None = None
    deducted: float = 0.0
    fingerprints: list[str] = Field(default_factory=list)
    note: str = ""


class Score(_Model):
    source: str = ""
    total: float = 100.0
    score: float = 100.0
    deducted: float = 0.0
    pass_mark: float = 60.0
    verdict: Literal["合格", "不合格", "单项否决", "未评估"] = "合格"  # the 政府网站's; 未评估 when the
    #                                                              crawl did not finish (never 合格)
    vetoes: list[str] = Field(default_factory=list)  # ids of triggered website vetoes
    newmedia_vetoes: list[str] = Field(default_factory=list)  # ids of triggered 政务新媒体 vetoes
    newmedia_verdict: Literal["合格", "单项否决", "未评估"] | None = None  # None: no 新媒体 items
    items: list[ScoreItem] = Field(default_factory=list)
    unevaluated: list[str] = Field(default_factory=list)  # ids of items no rule could judge
    note: str = ""


class TrendPoint(_Model):
    """One earlier (or this) run of the same site, for the trend chart."""

    run_id: int | None = None
    as_of: dt.date
    failures: int = 0
    new: int = 0
    resolved: int = 0
    score: float | None = None
    current: bool = False


class TaskSection(_Model):
    """One plan task with the gaps mapped to it."""

    number: int
    title: str
    group: str
    responsible: str
    deadlines: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)  # rules mapped to the task
    status: str  # 达标 / 存在问题 / 无法评估 / 待人工核查 / 未检查
    counts: dict[str, int] = Field(default_factory=dict)  # by status
    findings: list[int] = Field(default_factory=list)  # indexes into AuditReport.findings
    manual: list[int] = Field(default_factory=list)  # the 人工核查 items among them (indexes too)
    new: int = 0  # fail findings new or regressed in this run
    resolved: int = 0  # previous gaps of this task that are gone


class Summary(_Model):
    pages_crawled: int = 0
    links_checked: int = 0
    rules_run: int = 0
    by_status: dict[str, int] = Field(default_factory=dict)
    by_severity: dict[str, int] = Field(default_factory=dict)  # failures only
    by_rule: dict[str, int] = Field(default_factory=dict)  # failures only
    fail_on: str = "error"  # a severity, or new / new:SEVERITY
    gate_failed: bool = False
    gate_reasons: list[str] = Field(default_factory=list)  # fingerprints that tripped the gate
    waived: int = 0  # fail findings hidden from the gate by a waiver
    manual: int = 0  # 人工核查 checklist items (counted as could_not_evaluate in by_status too)
    partial: bool = False  # the crawl did not finish (stopped, cut by a page / request budget or
    #                        the time limit): findings stand, but no pass verdict and no 已整改
    partial_reasons: list[str] = Field(default_factory=list)


class FindingGroup(_Model):
    """The listed findings of one rule with one status on one page (url None: site-level
    results), in report order: report.html shows one row per group, its findings folded inside."""

    rule: str
    url: str | None = None
    status: Status
    severity: Severity  # the highest among its findings
    task: int | None = None  # of its first finding
    count: int = 0
    new: int = 0  # fail findings new or regressed in this run
    waived: int = 0
    findings: list[int] = Field(default_factory=list)  # indexes into AuditReport.findings


class RuleListing(_Model):
    """One rule's listed findings (manual checklist items excepted), page by page."""

    rule: str
    count: int = 0  # findings
    pages: int = 0  # groups (pages, plus one for site-level results)
    by_status: dict[str, int] = Field(default_factory=dict)
    groups: list[FindingGroup] = Field(default_factory=list)


class AuditReport(_Model):
    version: int = REPORT_VERSION
    tool: str = "zwgk"
    site: str
    start_url: str
    as_of: dt.date
    generated_at: dt.datetime
    plan_title: str = ""
    findings: list[ReportFinding]  # every non-pass result, ordered by task, severity, rule, url
    summary: Summary
    tasks: list[TaskSection] = Field(default_factory=list)
    rules: list[RuleMeta] = Field(default_factory=list)
    crawl: dict[str, Any] = Field(default_factory=dict)  # finish reason, stats, caps
    site_name: str = ""  # the profile's name for the site (history key), if any
    diff: DiffSummary = Field(default_factory=DiffSummary)
    resolved: list[ResolvedFinding] = Field(default_factory=list)
    unchecked: list[ResolvedFinding] = Field(default_factory=list)  # baseline gaps not re-checked
    score: Score | None = None
    trend: list[TrendPoint] = Field(default_factory=list)  # oldest first, this run last
    coverage: Coverage | None = None  # what the run covered (None: built without a run folder)
    listing: list[RuleListing] = Field(default_factory=list)  # findings by rule, then page (report.html)

    def cleaned(self) -> "AuditReport":
        """This report with every string passed through clean_text: the one boundary where
        page content (titles, texts, evidence) is made safe for every format and the terminal.
        auditor.build.build_report returns only cleaned reports."""
        return AuditReport.model_validate(clean_data(self.model_dump()))
