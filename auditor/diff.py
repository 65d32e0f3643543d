"""Run-over-run diff and waivers: annotate each FAIL finding for the report and the gate.

* new — not failing in any earlier run;
* open — failing in the baseline run too (first seen, open since, days open);
* regressed — failed in an earlier run, not in the baseline run, back now;
* resolved — failing in the baseline run, not now, and its rule ran in this run (a rule
  left out with --rules resolves nothing). A fingerprint that is now could-not-evaluate
  or a rule error is not resolved either: the check could not say.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

from contracts.findings import Finding, Severity, Status
from contracts.report import DiffSummary, ReportFinding, ResolvedFinding

from .history import Prior
from .waivers import Waiver, find_waiver


def annotate(
    findings: Sequence[Finding],
    prior: Prior | None,
    as_of: dt.date,
    *,
    ran_rules: Iterable[str],
    waivers: Sequence[Waiver] = (),
    site_netloc: str = "",
) -> tuple[list[ReportFinding], list[ResolvedFinding], DiffSummary]:
    """`findings`: the listed (non-pass) findings of this run, in report order."""
    prior = prior or Prior()
    ran = set(ran_rules)
    out: list[ReportFinding] = []
    summary = DiffSummary(baseline=prior.kind, baseline_as_of=prior.as_of, baseline_label=prior.label)
    for f in findings:
        extra: dict = {}
        if f.status is Status.fail:
            fp = f.fingerprint or ""
            if fp in prior.previous:
                open_since = prior.open_since.get(fp, prior.as_of or as_of)
                extra = {"diff": "open", "first_seen": prior.first_seen.get(fp, open_since), "open_since": open_since}
                summary.open += 1
            elif fp in prior.first_seen:
                extra = {"diff": "regressed", "first_seen": prior.first_seen[fp], "open_since": as_of}
                summary.regressed += 1
            else:
                extra = {"diff": "new", "first_seen": as_of, "open_since": as_of}
                summary.new += 1
            extra["days_open"] = max(0, (as_of - extra["open_since"]).days)
            ref = find_waiver(f, waivers, site_netloc, as_of)
            if ref is not None:
                extra["waiver"] = ref
                extra["waived"] = not ref.expired
                summary.waived += int(not ref.expired)
                summary.expired_waivers += int(ref.expired)
        out.append(ReportFinding(**f.model_dump(), **extra))

    present = {f.fingerprint for f in findings if f.fingerprint}
    resolved = []
    for fp, p in prior.previous.items():
        if fp in present:
            continue
        if p.rule and p.rule not in ran:
            continue
        try:
            severity = Severity(p.severity)
        except ValueError:
            severity = Severity.error
        resolved.append(ResolvedFinding(
            fingerprint=fp, rule=p.rule, task=p.task, severity=severity, url=p.url, target=p.target,
            message=p.message, first_seen=prior.first_seen.get(fp), last_seen=prior.last_seen.get(fp)))
    resolved.sort(key=lambda r: (r.task if r.task is not None else 10**6, r.rule, r.url or "", r.target or ""))
    summary.resolved = len(resolved)
    return out, resolved, summary


__all__ = ["annotate"]
