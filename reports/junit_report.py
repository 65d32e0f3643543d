"""JUnit XML for CI: a testsuite per plan task, a testcase per rule and page.

A page with FAIL findings of a rule is one failing testcase (message = the rule's fail
title, body = each finding's message and evidence); could-not-evaluate, not-applicable,
人工核查 checklist items and waived failures are skipped; rule errors are errors; a rule mapped to the task with no
listed result is one passing testcase for the site.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import OrderedDict
from pathlib import Path

from contracts.findings import Status
from contracts.report import AuditReport, ReportFinding

from .atomic import write_atomic

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SITE_CASE = "（站点）"


def _x(value) -> str:
    return _XML_BAD.sub("\ufffd", "" if value is None else str(value))


def _body(f: ReportFinding) -> str:
    lines = [f.message]
    if f.url:
        lines.append(f"页面 page: {f.url}")
    if f.target:
        lines.append(f"目标 target: {f.target}")
    for k, v in f.evidence.items():
        lines.append(f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)}")
    if f.diff:
        lines.append(f"diff: {f.diff}" + (f" (first seen {f.first_seen.isoformat()})" if f.first_seen else ""))
    if f.fingerprint:
        lines.append(f"fingerprint: {f.fingerprint}")
    return "\n".join(lines)


def _suite_cases(report: AuditReport, rule_ids: list[str], findings: list[ReportFinding], prefix: str):
    titles = {m.id: (m.title, m.failure_title) for m in report.rules}
    cases = []
    for rule in rule_ids:
        own = [f for f in findings if f.rule == rule]
        if not own:
            cases.append((f"{prefix}.{rule}", f"{rule} {SITE_CASE}", [], rule))
            continue
        by_page: OrderedDict[str, list[ReportFinding]] = OrderedDict()
        for f in own:
            by_page.setdefault(f.url or SITE_CASE, []).append(f)
        for page, fs in by_page.items():
            cases.append((f"{prefix}.{rule}", f"{rule} {page}", fs, rule))
    return cases, titles


def _coverage_suite(root, report: AuditReport) -> None:
    """When the run did not cover everything: one testsuite without cases whose properties
    carry the coverage (said once; CI tells an incomplete audit by `zwgk audit --min-coverage`)."""
    cov = report.coverage
    if cov is None or cov.complete:
        return
    suite = ET.SubElement(root, "testsuite", name="检查覆盖 coverage", timestamp=report.generated_at.isoformat(),
                          tests="0", failures="0", errors="0", skipped="0")
    pe = ET.SubElement(suite, "properties")
    props = {"覆盖率 percent": f"{cov.percent:g}", "已抓取页面 pages_fetched": str(cov.pages_fetched),
             "已发现页面 pages_discovered": str(cov.pages_discovered),
             "已检查链接 links_checked": str(cov.links_checked), "应检查链接 links_in_scope": str(cov.links_in_scope),
             "受限 limits": "；".join(cov.limits) or "—", "覆盖情况 summary": cov.text}
    props.update({f"未检查 not_checked:{r.cause}": str(r.count) for r in cov.reasons})
    for k, v in props.items():
        ET.SubElement(pe, "property", name=k, value=_x(v))


def render_junit(report: AuditReport) -> str:
    root = ET.Element("testsuites", name=_x(f"zwgk 政务公开检查 {report.site} {report.as_of.isoformat()}"))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    sections = [(t.number, f"任务{t.number} {t.title}", t.rules, [report.findings[i] for i in t.findings],
                 {"责任单位": t.responsible, "时限": "；".join(t.deadlines) or "—", "状态": t.status})
                for t in report.tasks]
    numbers = {t.number for t in report.tasks}
    orphans = [f for f in report.findings if f.task not in numbers]
    if orphans:
        sections.append((0, "未对应到方案任务", sorted({f.rule for f in orphans}), orphans, {}))
    for number, name, rule_ids, findings, props in sections:
        rule_ids = sorted(set(rule_ids) | {f.rule for f in findings})
        cases, titles = _suite_cases(report, rule_ids, findings, f"task{number}")
        suite = ET.SubElement(root, "testsuite", name=_x(name), timestamp=report.generated_at.isoformat())
        if props:
            pe = ET.SubElement(suite, "properties")
            for k, v in props.items():
                ET.SubElement(pe, "property", name=k, value=_x(v))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for classname, case_name, fs, rule in cases:
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", classname=_x(classname), name=_x(case_name), time="0")
            fails = [f for f in fs if f.status is Status.fail and not f.waived]
            errors = [f for f in fs if f.status is Status.error]
            pass_title, fail_title = titles.get(rule, (rule, rule))
            if fails:
                counts["failures"] += 1
                sev = max(fails, key=lambda f: f.severity.rank).severity.value
                el = ET.SubElement(case, "failure", message=_x(fail_title), type=sev)
                el.text = _x("\n\n".join(_body(f) for f in fails))
            elif errors:
                counts["errors"] += 1
                el = ET.SubElement(case, "error", message=_x(errors[0].message), type="rule-error")
                el.text = _x("\n\n".join(_body(f) for f in errors))
            elif fs:
                counts["skipped"] += 1
                waived = [f for f in fs if f.waived]
                if waived and waived[0].waiver is not None:
                    msg = f"已豁免 waived until {waived[0].waiver.expires.isoformat()}: {waived[0].waiver.reason}"
                elif all(f.manual for f in fs):
                    msg = f"人工核查 manual check: {fs[0].message}"
                else:
                    msg = f"{fs[0].status.label_zh}: {fs[0].message}"
                el = ET.SubElement(case, "skipped", message=_x(msg))
                el.text = _x("\n\n".join(_body(f) for f in fs))
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
    _coverage_suite(root, report)
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(report: AuditReport, path: str | Path) -> Path:
    return write_atomic(path, render_junit(report))


__all__ = ["render_junit", "write_junit"]
