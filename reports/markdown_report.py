"""Short Markdown summary for CI logs (report.md): gate, score, vetoes, the 检查指标 table, diff,
tasks, new gaps, and the 人工核查 items (skipped: never failures)."""

from __future__ import annotations

import re
from pathlib import Path

from contracts.findings import Status
from contracts.report import DIFF_LABELS_ZH, AuditReport

from .atomic import write_atomic

MAX_LISTED = 20
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text) -> str:
    """Inline-safe text: Markdown and HTML characters escaped, one line."""
    s = " ".join(str(text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", s)


def code(text) -> str:
    """A URL as an inline code span (backticks and line breaks removed)."""
    s = " ".join(str(text or "—").split()).replace("`", "'")
    return f"`{s}`"


def _coverage_lines(report: AuditReport) -> list[str]:
    """The coverage block, when the run did not cover everything (said once, in the summary)."""
    cov = report.coverage
    if cov is None or cov.complete:
        return []
    out = [f"- **检查覆盖** {cov.percent:g}%: {md(cov.text)}", "",
           "| 未检查原因 | 链接数 | 其中页面 |", "|---|---:|---:|"]
    out += [f"| {md(r.label)}{'（按配置）' if r.excluded else ''} | {r.count} | {r.pages} |" for r in cov.reasons]
    return out + [""]


def render_markdown(report: AuditReport) -> str:
    s = report.summary
    d = report.diff
    out = [f"## 政务公开检查 {md(report.site_name or report.site)} — {report.as_of.isoformat()}", ""]
    verdict = "未通过" if s.gate_failed else ("不作结论（抓取未完成）" if s.partial else "通过")
    out.append(f"- **结论 gate** (`--fail-on {s.fail_on}`): **{verdict}**"
               + (f"，{len(s.gate_reasons)} 条问题达到门槛" if s.gate_failed else ""))
    if s.partial:
        out.append("- **部分检查**: 抓取未完成，所列问题属实，未抓取的页面未经检查，不判定已整改：" +
                   "；".join(md(r) for r in s.partial_reasons))
    if report.score is not None:
        sc = report.score
        vetoes = [i for i in sc.items if i.id in sc.vetoes]
        out.append(f"- **检查指标得分**: {sc.score:g} / {sc.total:g}（{sc.verdict}；扣 {sc.deducted:g} 分；"
                   f"未评估 {len(sc.unevaluated)} 项）")
        out.append("- **单项否决**: " + ("；".join(f"⚠ {md(i.name)}（{i.count}≥{i.threshold}）" for i in vetoes)
                                      if vetoes else "无"))
        if sc.newmedia_verdict is not None:
            nm = [i for i in sc.items if i.id in sc.newmedia_vetoes]
            out.append(f"- **政务新媒体**（单独评价）: {sc.newmedia_verdict}"
                       + ("：" + "；".join(f"⚠ {md(i.name)}（{i.count} 个账号）" for i in nm) if nm else ""))
    out.append(f"- **页面** {s.pages_crawled} · **链接** {s.links_checked} · **规则** {s.rules_run} · "
               f"**问题** {s.by_status.get('fail', 0)}（已豁免 {s.waived}）"
               + (f" · **人工核查** {s.manual}（跳过）" if s.manual else ""))
    out += _coverage_lines(report)
    if report.score is not None:
        out += ["", *_score_table(report.score)]
    base = {"history": f"对比 {md(d.baseline_label)}", "file": f"对比基线文件 {md(d.baseline_label)}",
            "none": "首次检查，无对比基线"}[d.baseline]
    out += ["", f"### 变化（{base}）", "",
            "| 新增 | 复现 | 持续 | 已整改 | 未复查 | 已豁免 |", "|---:|---:|---:|---:|---:|---:|",
            f"| {d.new} | {d.regressed} | {d.open} | {d.resolved} | {d.unchecked} | {d.waived} |", ""]
    rows = [t for t in report.tasks if t.counts.get("fail", 0) or t.resolved]
    if rows:
        out += ["### 按任务", "", "| 任务 | 责任单位 | 时限 | 问题 | 新增 | 已整改 |", "|---|---|---|---:|---:|---:|"]
        for t in rows:
            out.append(f"| {t.number}、{md(t.title)} | {md(t.responsible)} | {md('；'.join(t.deadlines) or '—')} | "
                       f"{t.counts.get('fail', 0)} | {t.new} | {t.resolved} |")
        out.append("")
    new = [f for f in report.findings if f.status is Status.fail and f.diff in ("new", "regressed")]
    if new:
        out += [f"### 新增问题（{len(new)}）", ""]
        for f in new[:MAX_LISTED]:
            flag = "（已豁免）" if f.waived else ""
            out.append(f"- {DIFF_LABELS_ZH[f.diff]} `{f.rule}` 任务{f.task}：{md(f.message)}{flag} — {code(f.url)}")
        if len(new) > MAX_LISTED:
            out.append(f"- …… 另有 {len(new) - MAX_LISTED} 条，见 report.html")
        out.append("")
    if report.resolved:
        out += [f"### 已整改（{len(report.resolved)}）", ""]
        for r in report.resolved[:MAX_LISTED]:
            out.append(f"- `{r.rule}` 任务{r.task}：{md(r.message)} — {code(r.url)}")
        out.append("")
    manual = [f for f in report.findings if f.manual]
    if manual:
        out += [f"### 人工核查（{len(manual)}，跳过 skipped：不计为问题）", ""]
        for f in manual:
            pages = f.evidence.get("pages") or []
            out.append(f"- ⏭ 跳过 `{f.rule}` 任务{f.task}：{md(f.message)} — 参考页面 {len(pages)} 个")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _score_table(sc) -> list[str]:
    """The compact 检查指标 table: each veto 触发 / 未触发 / 未评估, each deduction with its points."""
    rows = ["### 检查指标", "", "| 指标 | 类型 | 结果 | 发现 |", "|---|---|---|---:|"]
    for i in sc.items:
        kind = ("单项否决" if i.kind == "veto" else "扣分") + ("（新媒体）" if i.scope == "newmedia" else "")
        name = md(i.name) + ("（待核实）" if not i.verified else "")
        if i.kind == "veto":
            result = f"**{i.result}**" if i.result == "触发" else i.result
            found = f"{i.count} / ≥{i.threshold}" if i.evaluated or i.count else "—"
        else:
            result = f"**−{i.deducted:g} 分**" if i.result == "扣分" else ("0 分" if i.result == "未扣分" else i.result)
            found = str(i.count) if i.evaluated else "—"
        rows.append(f"| {name} | {kind} | {result} | {found} |")
    return rows


def write_markdown(report: AuditReport, path: str | Path) -> Path:
    return write_atomic(path, render_markdown(report))


__all__ = ["render_markdown", "write_markdown", "md", "code"]
