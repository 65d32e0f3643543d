"""Build the AuditReport: every number, status and grouping the reports show is computed here.

Renderers (reports/) only lay the model out; they never count or judge.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterable, Sequence

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

# TaskSection.status values.
TASK_OK = "达标"
TASK_GAPS = "存在问题"
TASK_CANNOT = "无法评估"
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


def gate_failed(findings: Iterable[Finding], fail_on: Severity | str) -> bool:
    """True when a FAIL finding reaches `fail_on` (info < warning < error < critical)."""
    threshold = parse_severity(fail_on).rank
    return any(f.status is Status.fail and f.severity.rank >= threshold for f in findings)


def _task_status(number: int, mapped: set[str], findings: Sequence[Finding]) -> str:
    """达标 / 存在问题 / 无法评估 / 未检查 for one plan task.

    * 存在问题: a FAIL is assigned to the task.
    * Otherwise the task is judged on the results assigned to it plus every result of the
      rules mapped to it (a rule reports a gap under one task, but its passes, errors and
      could-not-evaluate results speak for every task it maps to); FAILs a rule assigned to
      another task do not count here.
    * 无法评估: one of those is a rule error or could-not-evaluate, or the rules found
      nothing they apply to (only not-applicable results);
    * 达标: otherwise, when at least one check passed;
    * 未检查: no rule covers the task.
    """
    own = [f for f in findings if f.task == number]
    if any(f.status is Status.fail for f in own):
        return TASK_GAPS
    related = own + [f for f in findings if f.rule in mapped and f.task != number and f.status is not Status.fail]
    statuses = {f.status for f in related}
    if statuses & {Status.error, Status.could_not_evaluate}:
        return TASK_CANNOT
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
) -> AuditReport:
    """Turn every rule result of one run into the report model.

    `findings` is what `auditor.runner.run_rules` returned (passes included: they are
    counted, not listed). `rules` are the rules that ran (Rule or RuleMeta); by default
    the registered rules that produced a result.
    """
    threshold = parse_severity(fail_on)
    metas = _metas(rules, findings)
    rule_ids = {m.id for m in metas} | {f.rule for f in findings}

    listed = sorted((f for f in findings if f.status is not Status.passed), key=_sort_key)
    failures = [f for f in findings if f.status is Status.fail]

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
        fail_on=threshold.value,
        gate_failed=gate_failed(findings, threshold),
    )

    sections: list[TaskSection] = []
    for task in sorted(plan.tasks, key=lambda t: t.number):
        mapped = {m.id for m in metas if task.number in m.plan_tasks}
        mapped |= {f.rule for f in findings if f.task == task.number}
        counts = Counter(f.status.value for f in findings if f.task == task.number)
        sections.append(TaskSection(
            number=task.number,
            title=task.title,
            group=task.group,
            responsible=task.responsible,
            deadlines=[d.text for d in task.deadlines],
            rules=sorted(mapped),
            status=_task_status(task.number, mapped, findings),
            counts={s.value: counts[s.value] for s in Status},
            findings=[i for i, f in enumerate(listed) if f.task == task.number],
        ))

    return AuditReport(
        site=site.crawl.site_host,
        start_url=site.crawl.start_url,
        as_of=as_of,
        generated_at=generated_at or dt.datetime.now().astimezone().replace(microsecond=0),
        plan_title=plan.title,
        findings=listed,
        summary=summary,
        tasks=sections,
        rules=metas,
        crawl=_crawl_info(site),
    )


__all__ = ["build_report", "gate_failed", "parse_severity", "TASK_OK", "TASK_GAPS", "TASK_CANNOT", "TASK_UNCHECKED"]
