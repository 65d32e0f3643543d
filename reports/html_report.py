"""HTML report for the 党政办公室: one self-contained page (inline CSS and one inline script, no
external assets).

Findings are listed by rule, then page (AuditReport.listing): one row per page, its findings
folded inside a <details>. The inline script shows the first rows and lets the reader filter
(rule, task, severity, status, new, text) and page through the rest; it only reads data-*
attributes and textContent and toggles `hidden`, never builds HTML, so page content rendered
(and escaped) by the template stays text. Without scripts every row is shown.

`build_view` only arranges what the AuditReport already holds (groups findings by the
task sections and statuses the auditor computed, attaches each rule's legal basis, turns
URLs into safe links); the template lays it out. Jinja2 autoescaping is on, and a URL
from page content becomes an href only when it is http(s): a `javascript:` URL is shown
as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from contracts import AuditReport, Severity, Status
from contracts.report import DIFF_LABELS_ZH, ReportFinding

from .atomic import write_atomic
from .charts import bar_chart, line_chart

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"

PAGE_SIZE = 50  # rows (pages) shown per page of the finding list
NEW_LIST_MAX = 100  # new / regressed gaps listed by name in 与上次检查相比 (the rest: the filter)

TASK_STATUS_CLASS = {"达标": "ok", "存在问题": "bad", "无法评估": "warn", "待人工核查": "manual", "未检查": "muted"}
RESULT_CLASS = {"触发": "bad", "扣分": "bad", "未触发": "ok", "未扣分": "ok", "未评估": "muted"}


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


# The page quote rules put first (rules.patterns.quote_page: 页面《标题》…): shown once on the
# page's row when every finding of the row starts with it.
_PAGE_QUOTE = re.compile(r"^页面《[^》]*》(?:中的)?")


def _short_link(url: str | None, netloc: str, *, name_only: bool = False) -> dict[str, Any] | None:
    """A link whose text is the path (and query) when it is on the audited site, or only its
    last path segment with `name_only` (the full URL stays the href)."""
    link = _link(url)
    if link is not None and link["href"]:
        parts = urlsplit(link["href"])
        if parts.netloc == netloc and parts.path:
            text = parts.path
            if name_only:
                tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
                text = (tail + ("/" if parts.path.endswith("/") else "")) if tail else parts.path
            link = {**link, "text": text + (f"?{parts.query}" if parts.query else "")}
    return link


def _lead(messages: list[str]) -> str:
    """The page quote every message of a row starts with ("" when they do not share one)."""
    m = _PAGE_QUOTE.match(messages[0]) if messages else None
    if m is None or len(messages) < 2 or not all(x.startswith(m.group(0)) for x in messages):
        return ""
    return m.group(0)


def _evidence_line(f: ReportFinding) -> str:
    """Evidence as one line for the finding list, leaving out values the message already says and
    flags that are off (report.json and the 整改台账 keep all of it)."""
    parts = []
    for k, v in f.evidence.items():
        text = _value_text(v)
        if v is None or v is False or v == "" or (
                isinstance(v, (str, int)) and not isinstance(v, bool) and str(v) in f.message):
            continue
        parts.append(f"{k}: {text}")
    return " · ".join(parts)


def _item(index: int, f: ReportFinding, rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rule = rules.get(f.rule, {})
    waiver = None
    if f.waiver is not None:
        waiver = {"reason": f.waiver.reason, "expires": f.waiver.expires.isoformat(), "expired": f.waiver.expired,
                  "how": "指纹" if f.waiver.matched_by == "fingerprint" else f"规则 {f.rule} {f.waiver.pattern or ''}".strip()}
    return {
        "diff": f.diff or "",
        "diff_zh": DIFF_LABELS_ZH.get(f.diff or "", ""),
        "first_seen": f.first_seen.isoformat() if f.first_seen else "",
        "days_open": f.days_open,
        "waived": f.waived,
        "waiver": waiver,
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
        "evidence_line": _evidence_line(f),
        "basis": rule.get("basis", []),
        "fingerprint": f.fingerprint or "",
        "fingerprint_short": (f.fingerprint or "")[:10],
    }


def _listing(report: AuditReport, items: list[dict[str, Any]], rules: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """AuditReport.listing laid out for the template: rule blocks of page rows."""
    netloc = urlsplit(report.start_url).netloc
    for it, f in zip(items, report.findings):
        it["target_short"] = _short_link(f.target, netloc, name_only=True)
        it["shown"] = f.message
    out = []
    n = 0
    for listing in report.listing:
        rule = rules.get(listing.rule, {"id": listing.rule, "title": "", "failure_title": "", "basis": []})
        groups = []
        for g in listing.groups:
            n += 1
            lead = _lead([report.findings[i].message for i in g.findings])
            if lead:
                for i in g.findings:
                    items[i]["shown"] = report.findings[i].message[len(lead):]
            groups.append({
                "lead": lead,
                "id": f"g{n}", "status": g.status.value, "status_zh": g.status.label_zh,
                "severity": g.severity.value, "severity_zh": g.severity.label_zh, "task": g.task,
                "page": _short_link(g.url, netloc), "count": g.count, "new": g.new, "waived": g.waived,
                "diff": "new" if g.new else "", "items": [items[i] for i in g.findings],
                "all_new": g.new == g.count,  # the row's badge says it: no mark on each finding
            })
        title = rule.get("failure_title") if listing.by_status.get("fail") else rule.get("title")
        out.append({"rule": rule, "id": listing.rule, "title": title or rule.get("title", ""),
                    "count": listing.count, "pages": listing.pages,
                    "by_status": [(Status(k).label_zh, v) for k, v in listing.by_status.items()],
                    "groups": groups})
    return out


def _evidence_pages(evidence: dict[str, Any]) -> list[dict[str, Any]]:
    """The pages a manual checklist item lists as evidence (evidence["pages"]: dicts or URLs)."""
    out = []
    for p in evidence.get("pages") or []:
        if isinstance(p, dict):
            out.append({"link": _link(p.get("url")), "title": p.get("title") or p.get("url") or "",
                        "date": p.get("date") or "", "match": p.get("match") or ""})
        elif isinstance(p, str):
            out.append({"link": _link(p), "title": p, "date": "", "match": ""})
    return out


def _manual_item(it: dict[str, Any], f: ReportFinding, rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rule = rules.get(f.rule, {})
    return {**it, "rule_title": rule.get("title", ""), "pages": _evidence_pages(f.evidence),
            "item": f.evidence.get("item", ""),
            "other_evidence": [(k, _value_text(v)) for k, v in f.evidence.items()
                               if k not in ("pages", "manual", "item")]}


def _score_rows(score) -> dict[str, Any]:
    """The compact 检查指标 table: vetoes (触发 / 未触发 / 未评估), deductions with their points."""
    def veto(i):
        found = f"{i.count} / ≥{i.threshold}" if i.evaluated or i.count else "—"
        return {"id": i.id, "name": i.name, "verified": i.verified, "result": i.result,
                "result_class": RESULT_CLASS.get(i.result, "muted"), "found": found, "rules": "、".join(i.rules) or "—"}

    def deduction(i):
        if i.result == "扣分":
            points = f"−{i.deducted:g}"
        elif i.result == "未扣分":
            points = "0"
        else:
            points = "未评估"
        return {"id": i.id, "name": i.name, "verified": i.verified, "result": i.result, "points": points,
                "result_class": RESULT_CLASS.get(i.result, "muted"), "found": str(i.count) if i.evaluated else "—",
                "rule_text": f"每个扣{i.points_each:g}分" + (f"，最多{i.cap:g}分" if i.cap is not None else ""),
                "rules": "、".join(i.rules) or "—"}

    return {
        "website_vetoes": [veto(i) for i in score.items if i.kind == "veto" and i.scope == "website"],
        "newmedia_vetoes": [veto(i) for i in score.items if i.kind == "veto" and i.scope == "newmedia"],
        "deductions": [deduction(i) for i in score.items if i.kind == "deduction"],
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

    manual_index = {i for i, f in enumerate(report.findings) if f.manual}
    manual_items = {i: _manual_item(items[i], report.findings[i], rules) for i in manual_index}
    tasks = []
    for t in report.tasks:
        own = [items[i] for i in t.findings if i not in manual_index]
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
            "new_count": t.new,
            "resolved_count": t.resolved,
            "listed": len(own),
            "manual": [manual_items[i] for i in t.findings if i in manual_index],
        })

    by_status = report.summary.by_status
    fail_on = report.summary.fail_on
    if fail_on.startswith("new"):
        sev = fail_on.partition(":")[2]
        fail_on_zh = "新增" + (f"“{Severity(sev).label_zh}”及以上级别" if sev else "")
    else:
        fail_on_zh = f"“{Severity(fail_on).label_zh}”及以上级别"
    fails = [it for it in items if it["status"] == Status.fail.value]
    new_items = [it for it in fails if it["diff"] in ("new", "regressed")]
    score = report.score
    score_view = None
    if score is not None:
        score_view = {
            "score": f"{score.score:g}", "total": f"{score.total:g}", "deducted": f"{score.deducted:g}",
            "pass_mark": f"{score.pass_mark:g}", "verdict": score.verdict, "source": score.source, "note": score.note,
            "verdict_class": {"合格": "ok", "未评估": "muted"}.get(score.verdict, "bad"),
            "unevaluated": len(score.unevaluated),
            "vetoes": [i for i in score.items if i.id in score.vetoes],
            "newmedia_vetoes": [i for i in score.items if i.id in score.newmedia_vetoes],
            "newmedia_verdict": score.newmedia_verdict,
            "newmedia_class": {"单项否决": "bad", "合格": "ok"}.get(score.newmedia_verdict or "", "muted"),
            "table": _score_rows(score),
            "items": [{
                "id": i.id, "kind": "单项否决" if i.kind == "veto" else "扣分", "name": i.name, "text": i.text,
                "verified": i.verified, "rules": "、".join(i.rules) or "—", "count": i.count,
                "rule_text": (f"≥{i.threshold}个即否决" if i.kind == "veto" else
                              f"每个扣{i.points_each:g}分" + (f"，最多扣{i.cap:g}分" if i.cap is not None else "")),
                "scope": "政务新媒体" if i.scope == "newmedia" else "政府网站",
                "result": i.result + (f"{i.deducted:g}分" if i.result == "扣分" else ""),
                "result_class": RESULT_CLASS.get(i.result, "muted"),
                "cne": i.could_not_evaluate, "note": i.note,
            } for i in score.items],
        }
    task_rows = [(f"任务{t.number}", t.counts.get(Status.fail.value, 0), t.new) for t in report.tasks
                 if t.counts.get(Status.fail.value, 0)]
    orphan_fails = sum(1 for it, f in zip(items, report.findings)
                       if f.status is Status.fail and f.task not in section_numbers)
    if orphan_fails:
        task_rows.append(("其他", orphan_fails, sum(1 for f in report.findings if f.status is Status.fail
                                                    and f.task not in section_numbers and f.diff in ("new", "regressed"))))
    trend_points = [(p.as_of.strftime("%m-%d") + ("（本次）" if p.current else ""), p.failures, p.score)
                    for p in report.trend]
    d = report.diff
    return {
        "fail_on": fail_on,
        "score": score_view,
        "diff": d,
        "baseline_text": {"history": f"与{d.baseline_label}相比", "file": f"与基线文件 {d.baseline_label} 相比",
                          "none": "首次检查，没有可对比的上次结果"}[d.baseline],
        "new_items": new_items[:NEW_LIST_MAX],
        "new_more": max(0, len(new_items) - NEW_LIST_MAX),
        "waived_items": [it for it in fails if it["waiver"]],
        "resolved": [{"rule": r.rule, "task": r.task, "message": r.message, "page": _link(r.url),
                      "target": _link(r.target), "first_seen": r.first_seen.isoformat() if r.first_seen else "—",
                      "severity_zh": r.severity.label_zh} for r in report.resolved],
        "unchecked": [{"rule": r.rule, "task": r.task, "message": r.message, "page": _link(r.url),
                       "target": _link(r.target), "first_seen": r.first_seen.isoformat() if r.first_seen else "—"}
                      for r in report.unchecked],
        "task_chart": bar_chart(task_rows, title="各任务问题数（深色为新增）"),
        "trend_chart": line_chart(trend_points, title=f"最近{len(trend_points)}次检查趋势"),
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
        "fail_on_zh": fail_on_zh,
        "tasks": tasks,
        "unassigned": [
            it for it, f in zip(items, report.findings)
            if f.status is Status.fail and f.task not in section_numbers
        ],
        # 人工核查 items are shown in their task's section (those of no plan task stay here)
        "cannot": [it for n, it in enumerate(items) if it["status"] == Status.could_not_evaluate.value
                   and (n not in manual_index or report.findings[n].task not in section_numbers)],
        "manual_count": len(manual_index),
        "errors": [it for it in items if it["status"] == Status.error.value],
        "not_applicable": [it for it in items if it["status"] == Status.not_applicable.value],
        "rules": [rules[k] for k in sorted(rules)],
        "by_rule": report.summary.by_rule,
        "crawl": report.crawl,
        "coverage": report.coverage,
        "listing": _listing(report, items, rules),
        "page_size": PAGE_SIZE,
        "filter_rules": [{"id": r.rule, "title": rules.get(r.rule, {}).get("title", ""), "count": r.count}
                         for r in report.listing],
        "filter_tasks": [{"number": t.number, "title": t.title} for t in report.tasks],
        "filter_severities": [{"name": s.value, "label": s.label_zh} for s in sorted(Severity, key=lambda s: -s.rank)],
        "filter_statuses": [{"name": s.value, "label": s.label_zh} for s in Status if s is not Status.passed],
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
