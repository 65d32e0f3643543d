"""Findings grouped by rule, then page: what report.html lists as one row per page.

Built once by the auditor (build_report) so that renderers only lay the groups out.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from contracts.report import FindingGroup, ReportFinding, RuleListing


def group_findings(findings: Sequence[ReportFinding]) -> list[FindingGroup]:
    """One FindingGroup per (rule, page, status), in report order (task, severity, rule, url):
    the findings of a rule on one page stay together. Manual checklist items are left out
    (report.html shows them in their task's section)."""
    groups: dict[tuple, FindingGroup] = {}
    for i, f in enumerate(findings):
        if f.manual:
            continue
        key = (f.rule, f.url, f.status.value)
        g = groups.get(key)
        if g is None:
            g = groups[key] = FindingGroup(rule=f.rule, url=f.url, status=f.status, severity=f.severity,
                                           task=f.task)
        g.findings.append(i)
        g.count += 1
        if f.severity.rank > g.severity.rank:
            g.severity = f.severity
        if f.diff in ("new", "regressed"):
            g.new += 1
        if f.waived:
            g.waived += 1
    return list(groups.values())


def rule_listing(findings: Sequence[ReportFinding]) -> list[RuleListing]:
    """The groups of `group_findings`, gathered under their rule, with each rule's counts. Rules
    with gaps come first, then those with could-not-evaluate results or rule errors, then the
    rest (not applicable only); within each, in the order their first finding is listed."""
    out: dict[str, RuleListing] = {}
    for g in group_findings(findings):
        listing = out.get(g.rule)
        if listing is None:
            listing = out[g.rule] = RuleListing(rule=g.rule)
        listing.groups.append(g)
        listing.count += g.count
        listing.pages += 1
    for listing in out.values():
        statuses = Counter()
        for g in listing.groups:
            statuses[g.status.value] += g.count
        listing.by_status = dict(sorted(statuses.items()))

    def rank(listing: RuleListing) -> int:
        if listing.by_status.get("fail"):
            return 0
        return 1 if listing.by_status.get("could_not_evaluate") or listing.by_status.get("error") else 2

    return sorted(out.values(), key=rank)


__all__ = ["group_findings", "rule_listing"]
