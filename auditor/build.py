"""Build the AuditReport: every number, status and grouping the reports show is computed here.

Renderers (reports/) only lay the model out; they never count or judge.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from contracts import (
    AuditReport,
    Finding,
    Plan,
    RuleMeta,
    Severity,
    SiteArtifacts,
    Status,
    Summary,
    TaskSection,
)
from contracts.report import TrendPoint

from .coverage import compute_coverage
from .diff import annotate, recheck_test
from .grouping import rule_listing

# TaskSection.status values.
TASK_OK = "达标"
TASK_GAPS = "存在问题"
TASK_CANNOT = "无法评估"
TASK_MANUAL = "待人工核查"
TASK_UNCHECKED = "未检查"

# Sort key for findings without a task: after every numbered task.
_NO_TASK = 10**6


def parse_severity(value: Severity | str) -> Severity:
    """`Severity` from a Severity or its name; a clear ValueError otherwise."""
    if isinstance(value, Severity):
        return value
    try:
        return Severity(str(value).strip().lower())
    except ValueError:
        names = ", ".join(s.value for s in Severity)
        raise ValueError(f"unknown severity {value!r} (use one of: {names})") from None


def _sort_key(f: Finding) -> tuple:
    return (
        f.task if f.task is not None else _NO_TASK,
        -f.severity.rank,
        f.rule,
        f.url or "",
        f.target or "",
        f.status.value,
        f.fingerprint or "",
    )


def _metas(rules: Iterable | None, findings: Sequence[Finding]) -> list[RuleMeta]:
    """RuleMeta of the rules that ran (Rule objects or RuleMeta accepted), ordered by id."""
    if rules is None:
        ids = {f.rule for f in findings}
        try:
            from rules import all_rules

            rules = [r for r in all_rules() if r.meta.id in ids]
        except Exception:  # noqa: BLE001 - the report can do without the catalogue
            rules = []
    metas: dict[str, RuleMeta] = {}
    for r in rules:
        meta = r if isinstance(r, RuleMeta) else r.meta
        metas[meta.id] = meta
    return [metas[k] for k in sorted(metas)]


def parse_fail_on(value: Severity | str) -> tuple[bool, Severity]:
    """`--fail-on` value → (new only?, severity threshold).

    A severity (info < warning < error < critical): any FAIL at or above it. `new`: a FAIL
    that is new or regressed since the baseline, any severity; `new:SEVERITY`: new ones at or
    above SEVERITY. Raises ValueError naming the accepted values.
    """
    if isinstance(value, Severity):
        return False, value
    text = str(value).strip().lower()
    if text == "new":
        return True, Severity.info
    if text.startswith("new:"):
        return True, parse_severity(text[4:])
    try:
        return False, parse_severity(text)
    except ValueError:
        names = ", ".join(s.value for s in Severity)
        raise ValueError(f"unknown severity {value!r} for --fail-on (use one of: {names}, new, new:SEVERITY)") from None


def fail_on_text(value: Severity | str) -> str:
    new_only, sev = parse_fail_on(value)
    if not new_only:
        return sev.value
    return "new" if sev is Severity.info else f"new:{sev.value}"


def gate_reasons(findings: Iterable[Finding], fail_on: Severity | str) -> list[Finding]:
    """The FAIL findings that trip the gate: at or above the threshold, not waived (and new, for `new`)."""
    new_only, threshold = parse_fail_on(fail_on)
    out = []
    for f in findings:
        if f.status is not Status.fail or f.severity.rank < threshold.rank:
            continue
        if getattr(f, "waived", False):
            continue
        if new_only and getattr(f, "diff", "new") not in ("new", "regressed", None):
            continue
        out.append(f)
    return out


def gate_failed(findings: Iterable[Finding], fail_on: Severity | str) -> bool:
    """True when a FAIL finding reaches `fail_on` (see `parse_fail_on`); waived findings never do."""
    return bool(gate_reasons(findings, fail_on))


def is_manual(f: Finding, manual_rules: set[str]) -> bool:
    """A 人工核查 checklist item: a could-not-evaluate result of a `RuleMeta.manual` rule (or one
    whose evidence says `manual: true`). It is evidence for a person, never a gap."""
    return f.status is Status.could_not_evaluate and (f.rule in manual_rules or f.evidence.get("manual") is True)


def _task_status(number: int, mapped: set[str], findings: Sequence[Finding], manual_rules: set[str] = frozenset()) -> str:
    """达标 / 存在问题 / 无法评估 / 待人工核查 / 未检查 for one plan task.

    * 存在问题: a FAIL is assigned to the task.
    * Otherwise the task is judged on the results assigned to it plus every result of the
      rules mapped to it (a rule reports a gap under one task, but its passes, errors and
      could-not-evaluate results speak for every task it maps to); FAILs a rule assigned to
      another task do not count here.
    * 无法评估: one of those is a rule error or an automatic could-not-evaluate, or the rules
      found nothing they apply to (only not-applicable results);
    * 待人工核查: the task has 人工核查 checklist items and nothing above (its automatic checks,
      if any, passed): a person must confirm it before it is 达标;
    * 达标: otherwise, when at least one check passed;
    * 未检查: no rule covers the task.
    """
    own = [f for f in findings if f.task == number]
    if any(f.status is Status.fail for f in own):
        return TASK_GAPS
    related = own + [f for f in findings if f.rule in mapped and f.task != number and f.status is not Status.fail]
    manual = [f for f in related if is_manual(f, manual_rules)]
    related = [f for f in related if not is_manual(f, manual_rules)]
    statuses = {f.status for f in related}
    if statuses & {Status.error, Status.could_not_evaluate}:
        return TASK_CANNOT
    if manual:
        return TASK_MANUAL
    if Status.passed in statuses:
        return TASK_OK
    if mapped or statuses:
        return TASK_CANNOT
    return TASK_UNCHECKED


def _crawl_info(site: SiteArtifacts) -> dict:
    c = site.crawl
    outcomes = Counter(link.outcome for link in site.links)
    return {
        "start_url": c.start_url,
        "site_host": c.site_host,
        "allowed_hosts": list(c.allowed_hosts),
        "started_at": c.started_at.isoformat(),
        "finished_at": c.finished_at.isoformat() if c.finished_at else None,
        "finish_reason": c.finish_reason,
        "capped": list(c.capped),
        "partial": bool(partial_reasons(site)),
        "errors": list(c.errors),
        "stats": dict(c.stats),
        "pages": len(site.pages),
        "links": len(site.links),
        "links_by_outcome": dict(sorted(outcomes.items())),
        "columns": len(site.columns),
        "accounts": len(site.accounts),
    }


def build_report(
    site: SiteArtifacts,
    findings: Sequence[Finding],
    plan: Plan,
    as_of: dt.date,
    fail_on: Severity | str = Severity.error,
    *,
    rules: Iterable | None = None,
    generated_at: dt.datetime | None = None,
    prior=None,
    waivers: Sequence = (),
    scoring=None,
    task_map=None,
    site_name: str = "",
) -> AuditReport:
    """Turn every rule result of one run into the report model.

    `findings` is what `auditor.runner.run_rules` returned (passes included: they are
    counted, not listed). `rules` are the rules that ran (Rule or RuleMeta); by default
    the registered rules that produced a result. `prior` (auditor.history.Prior) is the
    baseline of the diff, `waivers` the accepted gaps, `scoring` the 检查指标 table
    (auditor.scoring.ScoringConfig), `task_map` the rule → task mapping.
    """
    fail_on_value = fail_on_text(fail_on)
    metas = _metas(rules, findings)
    rule_ids = {m.id for m in metas} | {f.rule for f in findings}

    ordered = sorted((f for f in findings if f.status is not Status.passed), key=_sort_key)
    site_netloc = urlsplit(site.crawl.start_url).netloc
    partial = partial_reasons(site)
    listed, resolved, unchecked, diff = annotate(
        ordered, prior, as_of, ran_rules=rule_ids, waivers=waivers, site_netloc=site_netloc,
        rechecked=recheck_test(site, prior) if prior is not None else None, partial=bool(partial))
    manual_rules = {m.id for m in metas if m.manual}
    listed = [f.model_copy(update={"manual": True}) if is_manual(f, manual_rules) else f for f in listed]
    failures = [f for f in findings if f.status is Status.fail]
    reasons = gate_reasons(listed, fail_on_value)

    by_status = {s.value: 0 for s in Status}
    by_status.update(Counter(f.status.value for f in findings))
    by_severity = {s.value: 0 for s in Severity}
    by_severity.update(Counter(f.severity.value for f in failures))
    by_rule = {rid: 0 for rid in sorted(rule_ids)}
    by_rule.update(Counter(f.rule for f in failures))

    summary = Summary(
        pages_crawled=len(site.pages),
        links_checked=sum(1 for link in site.links if link.outcome != "skipped"),
        rules_run=len(rule_ids),
        by_status=by_status,
        by_severity=by_severity,
        by_rule=dict(sorted(by_rule.items())),
        fail_on=fail_on_value,
        gate_failed=bool(reasons),
        gate_reasons=[f.fingerprint or "" for f in reasons],
        waived=diff.waived,
        manual=sum(1 for f in listed if f.manual),
        partial=bool(partial),
        partial_reasons=partial,
    )

    def tasks_of(m: RuleMeta) -> list[int]:
        return task_map.tasks(m) if task_map is not None else list(m.plan_tasks)

    sections: list[TaskSection] = []
    for task in sorted(plan.tasks, key=lambda t: t.number):
        mapped = {m.id for m in metas if task.number in tasks_of(m)}
        mapped |= {f.rule for f in findings if f.task == task.number}
        counts = Counter(f.status.value for f in findings if f.task == task.number)
        sections.append(TaskSection(
            number=task.number,
            title=task.title,
            group=task.group,
            responsible=task.responsible,
            deadlines=[d.text for d in task.deadlines],
            rules=sorted(mapped),
            status=_task_status(task.number, mapped, findings, manual_rules),
            counts={s.value: counts[s.value] for s in Status},
            findings=[i for i, f in enumerate(listed) if f.task == task.number],
            manual=[i for i, f in enumerate(listed) if f.task == task.number and f.manual],
            new=sum(1 for f in listed if f.task == task.number and f.diff in ("new", "regressed")),
            resolved=sum(1 for r in resolved if r.task == task.number),
        ))

    score = None
    if scoring is not None:
        from .scoring import compute_score

        score = compute_score(scoring, findings, rule_ids, site)
        if partial and score.verdict == "合格":  # what was not crawled may hold a veto or deductions
            score = score.model_copy(update={
                "verdict": "未评估",
                "note": (score.note + "；" if score.note else "") + "抓取未完成，不作合格结论"})
    trend = list(prior.trend) if prior is not None else []
    trend.append(TrendPoint(as_of=as_of, failures=len(failures), new=diff.new + diff.regressed,
                            resolved=diff.resolved, score=score.score if score else None, current=True))

    report = AuditReport(
        site=site.scope().key,  # host[:port], with the path prefix for a site below the root
        start_url=site.crawl.start_url,
        as_of=as_of,
        generated_at=generated_at or dt.datetime.now().astimezone().replace(microsecond=0),
        plan_title=plan.title,
        findings=listed,
        summary=summary,
        tasks=sections,
        rules=metas,
        crawl=_crawl_info(site),
        site_name=site_name,
        diff=diff,
        resolved=resolved,
        unchecked=unchecked,
        score=score,
        trend=trend,
        coverage=compute_coverage(site),
        listing=rule_listing(listed),
    )
    return report.cleaned()  # the one boundary where page text is made safe for every format


# CrawlInfo.capped lines (crawler.spiders.portal) that mean part of the site was not fetched
# or not checked. The one definition of a partial crawl: the report, the history and the
# nightly roll-up (auditor.rollup.incomplete_reason) all use it. Trap caps (calendars,
# endless paging) are not among them: what they cut is not part of the site.
# Rate-limited leftovers are not here: a WAF that keeps a few URLs at 429 is common, and those
# links are could-not-evaluate and counted in the coverage block; the crawl itself finished.
PARTIAL_CAPS = ("page budget", "request budget", "circuit breaker", "unfinished")


def partial_reasons(site: SiteArtifacts) -> list[str]:
    """Why this crawl is not a complete picture of the site (empty: it is).

    Partial: the crawl did not end with finish_reason "finished" (stopped by a signal, the time
    limit CLOSESPIDER_TIMEOUT, or never closed), or a cap in PARTIAL_CAPS cut it (page or
    request budget, refused by the circuit breaker, checks left unfinished; rate-limited
    leftovers only lower the coverage)."""
    c = site.crawl
    out = []
    if c.finish_reason != "finished":
        out.append(f"抓取未正常结束（finish_reason: {c.finish_reason or '未结束 unfinished'}）")
    out += [f"抓取不完整：{line}" for line in c.capped if line.startswith(PARTIAL_CAPS)]
    return out


__all__ = ["build_report", "partial_reasons", "PARTIAL_CAPS", "gate_failed", "gate_reasons", "parse_fail_on", "fail_on_text", "parse_severity", "TASK_OK", "TASK_GAPS", "TASK_CANNOT", "TASK_MANUAL",
           "TASK_UNCHECKED", "is_manual"]
