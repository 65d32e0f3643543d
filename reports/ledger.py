"""Rows of the 整改台账 (rectification ledger), shared by the Excel and Markdown writers.

One row per FAIL finding (waived ones included, marked 已豁免) and one per gap resolved
since the baseline (已整改). Laid out from the AuditReport only.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.findings import Status
from contracts.report import AuditReport

HEADERS = ("序号", "问题描述", "页面", "依据", "对应任务", "责任单位", "整改时限", "状态", "首次发现", "取证记录（WARC）")
MANUAL_HEADERS = ("序号", "核查事项", "对应任务", "责任单位", "时限", "参考页面", "依据", "状态")
MANUAL_STATUS = "待人工核查（不计为问题）"


@dataclass
class LedgerRow:
    no: int
    message: str
    page: str
    basis: str
    task: str
    responsible: str
    deadline: str
    status: str
    first_seen: str
    fingerprint: str
    rule: str
    archived: str = ""  # the archived record(s) the gap rests on (auditor.archive.ledger_text)

    def cells(self) -> list:
        return [self.no, self.message, self.page, self.basis, self.task, self.responsible, self.deadline,
                self.status, self.first_seen, self.archived]


def archived_text(evidence: dict) -> str:
    """The 取证记录 cell: the WARC record of the page, then of the linked URL (auditor.archive)."""
    parts = []
    for prefix, label in (("", "页面"), ("target_", "链接")):
        rid = evidence.get(f"{prefix}warc_record_id")
        if rid:
            parts.append(f"{label}：{evidence.get(f'{prefix}warc_file')}@{evidence.get(f'{prefix}warc_offset')}\n"
                         f"WARC-Record-ID {rid}\nsha256 {evidence.get(f'{prefix}body_sha256')}\n"
                         f"抓取时间 {evidence.get(f'{prefix}fetched_at')}")
    return "\n".join(parts)


def status_text(f) -> str:
    if f.waived and f.waiver is not None:
        return f"已豁免（至{f.waiver.expires.isoformat()}：{f.waiver.reason}）"
    if f.diff == "new":
        return "新增，未整改"
    if f.diff == "regressed":
        return "复现，未整改"
    if f.diff == "open":
        return f"未整改（持续{f.days_open or 0}天）"
    return "未整改"


def ledger_rows(report: AuditReport) -> list[LedgerRow]:
    tasks = {t.number: t for t in report.tasks}
    basis = {m.id: "；".join(str(c) for c in m.legal_basis) for m in report.rules}
    titles = {m.id: m.failure_title for m in report.rules}

    def task_cells(number):
        t = tasks.get(number)
        if t is None:
            return (f"任务{number}" if number else "—"), "—", "—"
        return f"{t.number}、{t.title}", t.responsible, "；".join(t.deadlines) or "—"

    rows: list[LedgerRow] = []
    for f in report.findings:
        if f.status is not Status.fail:
            continue
        task, unit, deadline = task_cells(f.task)
        page = f.url or ""
        if f.target:
            page = f"{page}\n→ {f.target}" if page else f.target
        rule_basis = basis.get(f.rule, "")
        rows.append(LedgerRow(
            no=len(rows) + 1, message=f.message, page=page,
            basis=f"{f.rule} {titles.get(f.rule, '')}".strip() + (f"：{rule_basis}" if rule_basis else ""),
            task=task, responsible=unit, deadline=deadline, status=status_text(f),
            first_seen=(f.first_seen or report.as_of).isoformat(), fingerprint=f.fingerprint or "", rule=f.rule,
            archived=archived_text(f.evidence)))
    for r in report.resolved:
        task, unit, deadline = task_cells(r.task)
        page = r.url or ""
        if r.target:
            page = f"{page}\n→ {r.target}" if page else r.target
        rows.append(LedgerRow(
            no=len(rows) + 1, message=r.message, page=page,
            basis=f"{r.rule} {titles.get(r.rule, '')}".strip(), task=task, responsible=unit, deadline=deadline,
            status=f"已整改（{report.as_of.isoformat()}复查）",
            first_seen=r.first_seen.isoformat() if r.first_seen else "—", fingerprint=r.fingerprint, rule=r.rule))
    return rows


@dataclass
class ManualRow:
    """One 人工核查 checklist item (RuleMeta.manual) beside its task, with its evidence pages."""

    no: int
    item: str
    task: str
    responsible: str
    deadline: str
    pages: str  # one line per page: title (date) URL
    basis: str
    status: str
    first_url: str
    rule: str

    def cells(self) -> list:
        return [self.no, self.item, self.task, self.responsible, self.deadline, self.pages, self.basis, self.status]


def manual_rows(report: AuditReport) -> list[ManualRow]:
    tasks = {t.number: t for t in report.tasks}
    metas = {m.id: m for m in report.rules}
    rows: list[ManualRow] = []
    for f in sorted((f for f in report.findings if f.manual), key=lambda f: (f.task or 0, f.rule)):
        t = tasks.get(f.task)
        meta = metas.get(f.rule)
        lines, first = [], ""
        for p in f.evidence.get("pages") or []:
            url = p.get("url", "") if isinstance(p, dict) else str(p)
            title = p.get("title", "") if isinstance(p, dict) else ""
            date = p.get("date") if isinstance(p, dict) else None
            first = first or url
            lines.append(" ".join(x for x in (title, f"（{date}）" if date else "", url) if x))
        rows.append(ManualRow(
            no=len(rows) + 1,
            item=f"{f.rule} {meta.title if meta else ''}".strip() + f"：{f.message}",
            task=f"{t.number}、{t.title}" if t else (f"任务{f.task}" if f.task else "—"),
            responsible=t.responsible if t else "—",
            deadline=("；".join(t.deadlines) or "—") if t else "—",
            pages="\n".join(lines) or "网站上未发现相关页面，请向责任单位索取材料",
            basis="；".join(str(c) for c in meta.legal_basis) if meta else "",
            status=MANUAL_STATUS, first_url=first, rule=f.rule))
    return rows


__all__ = ["HEADERS", "MANUAL_HEADERS", "MANUAL_STATUS", "LedgerRow", "ManualRow", "ledger_rows", "manual_rows",
           "status_text"]
