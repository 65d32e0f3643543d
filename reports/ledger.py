"""Rows of the 整改台账 (rectification ledger), shared by the Excel and Markdown writers.

One row per FAIL finding (waived ones included, marked 已豁免) and one per gap resolved
since the baseline (已整改). Laid out from the AuditReport only.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.findings import Status
from contracts.report import AuditReport

HEADERS = ("序号", "问题描述", "页面", "依据", "对应任务", "责任单位", "整改时限", "状态", "首次发现")


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

    def cells(self) -> list:
        return [self.no, self.message, self.page, self.basis, self.task, self.responsible, self.deadline,
                self.status, self.first_seen]


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
            first_seen=(f.first_seen or report.as_of).isoformat(), fingerprint=f.fingerprint or "", rule=f.rule))
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


__all__ = ["HEADERS", "LedgerRow", "ledger_rows", "status_text"]
