"""Findings grouped by rule, then page: what report.html lists as one row per page.

Built once by the auditor (build_report) so that renderers only lay the groups out.
"""

from __future__ import annotations

from typing import Sequence

from contracts.report import FindingGroup, ReportFinding


def group_findings(findings: Sequence[ReportFinding]) -> list[FindingGroup]:
    """One FindingGroup per (rule, page, status), in the order the report lists the findings
    (task, severity, rule, url): the findings of a rule on one page stay together."""
    groups: dict[tuple, FindingGroup] = {}
    for i, f in enumerate(findings):
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


__all__ = ["group_findings"]
