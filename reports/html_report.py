"""HTML report for the 党政办公室: one self-contained page (inline CSS, no scripts, no external assets).

`build_view` only arranges what the AuditReport already holds (groups findings by the
task sections and statuses the auditor computed, attaches each rule's legal basis, turns
URLs into safe links); the template lays it out. Jinja2 autoescaping is on, and a URL
from page content becomes an href only when it is http(s): a `javascript:` URL is shown
as text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from contracts import AuditReport, Finding, Severity, Status

from .atomic import write_atomic

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"

TASK_STATUS_CLASS = {"达标": "ok", "存在问题": "bad", "无法评估": "warn", "未检查": "muted"}


def safe_href(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None (render as text)."""
    if not url:
        return None
    cleaned = "".join(ch for ch in url.strip() if ch >= " " and ch != "\x7f")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return cleaned


def _value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _link(url: str | None) -> dict[str, Any] | None:
    if not url:
        return None
    return {"text": url, "href": safe_href(url)}


def _item(index: int, f: Finding, rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rule = rules.get(f.rule, {})
    return {
        "no": index + 1,
        "anchor": f"f{index + 1}",
        "rule": f.rule,
        "rule_title": rule.get("failure_title") if f.status is Status.fail else rule.get("title"),
        "task": f.task,
        "status": f.status.value,
        "status_zh": f.status.label_zh,
        "severity": f.severity.value,
        "severity_zh": f.severity.label_zh,
        "message": f.message,
        "page": _link(f.url),
        "target": _link(f.target),
        "evidence": [(k, _value_text(v)) for k, v in f.evidence.items()],
        "basis": rule.get("basis", []),
        "fingerprint": f.fingerprint or "",
        "fingerprint_short": (f.fingerprint or "")[:10],
    }


def build_view(report: AuditReport) -> dict[str, Any]:
    """Arrange the report for the template (no counting or judging happens here)."""
    rules = {
        m.id: {
            "id": m.id,
            "title": m.title,
            "failure_title": m.failure_title,
            "severity_zh": m.severity.label_zh,
            "tasks": m.plan_tasks,
            "basis": [
                {"text": str(c), "verified": c.verified, "note": c.note} for c in m.legal_basis
            ],
        }
        for m in report.rules
    }
    items = [_item(i, f, rules) for i, f in enumerate(report.findings)]
    section_numbers = {t.number for t in report.tasks}

    tasks = []
    for t in report.tasks:
        own = [items[i] for i in t.findings]
        tasks.append({
            "number": t.number,
            "title": t.title,
            "group": t.group,
            "responsible": t.responsible,
            "deadlines": "；".join(t.deadlines) if t.deadlines else "—",
            "rules": [rules.get(r, {"id": r, "title": ""}) for r in t.rules],
            "status": t.status,
            "status_class": TASK_STATUS_CLASS.get(t.status, "muted"),
            "fail_count": t.counts.get(Status.fail.value, 0),
            "fails": [it for it in own if it["status"] == Status.fail.value],
            "others": [it for it in own if it["status"] != Status.fail.value],
        })

    by_status = report.summary.by_status
    return {
        "report": report,
        "site": report.site,
        "start_url": _link(report.start_url),
        "as_of": report.as_of.isoformat(),
        "generated_at": report.generated_at.strftime("%Y-%m-%d %H:%M:%S"),
        "plan_title": report.plan_title,
        "summary": report.summary,
        "severity_rows": [
            {"name": s.value, "label": s.label_zh, "count": report.summary.by_severity.get(s.value, 0)}
            for s in sorted(Severity, key=lambda s: -s.rank)
        ],
        "status_rows": [
            {"name": s.value, "label": s.label_zh, "count": by_status.get(s.value, 0)} for s in Status
        ],
        "fail_on_zh": Severity(report.summary.fail_on).label_zh,
        "tasks": tasks,
        "unassigned": [
            it for it, f in zip(items, report.findings)
            if f.status is Status.fail and f.task not in section_numbers
        ],
        "cannot": [it for it in items if it["status"] == Status.could_not_evaluate.value],
        "errors": [it for it in items if it["status"] == Status.error.value],
        "not_applicable": [it for it in items if it["status"] == Status.not_applicable.value],
        "rules": [rules[k] for k in sorted(rules)],
        "by_rule": report.summary.by_rule,
        "crawl": report.crawl,
    }


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: AuditReport) -> str:
    return _env().get_template(TEMPLATE).render(**build_view(report))


def write_html(report: AuditReport, path: str | Path) -> Path:
    """Render and write the HTML report (atomically)."""
    return write_atomic(path, render_html(report))


__all__ = ["render_html", "write_html", "build_view", "safe_href"]
