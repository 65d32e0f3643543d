"""The roll-up over a nightly profile's sites: `build_rollup` reads the history database and
each site's last report once and returns one `contracts.rollup.RollupReport`; the writers
in reports.rollup_* only lay it out. `write_rollup` writes index.html, rollup.json,
rollup.xlsx and rollup.docx (the 检查情况通报 draft) into the nightly output folder.

Which run is shown: the site's newest run in the history. It is *audited* only when that
run succeeded and its crawl was complete (finished normally, not cut by a page or request
budget, the circuit breaker or unfinished checks: `incomplete_reason`). A
failed or partial run is listed as 未能完成检查 with its reason and the date of the last
complete run; it gets no rank, score or verdict, and its findings are not handed out.

Ranking: audited sites without a 单项否决 first, by score (highest first), then the vetoed
ones by score; equal scores share a rank (1, 1, 3).

New vetoes: vetoes triggered now that the site did not have at the previous roll-up
(rollup.json of the previous nightly run); a site absent from it (or not audited there)
is compared with its previous complete run's report, and without one every veto is new.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from contracts.findings import Severity, Status
from contracts.report import AuditReport
from contracts.rollup import (
    ResponsibleCount, RollupCoverage, RollupGap, RollupGroup, RollupReport, RollupSite, RollupSummary,
    RollupTrendPoint, RollupVeto,
)

from .errors import ToolError

if TYPE_CHECKING:
    from .profile import Profile

INDEX_HTML = "index.html"
ROLLUP_JSON = "rollup.json"
ROLLUP_XLSX = "rollup.xlsx"
ROLLUP_DOCX = "rollup.docx"
REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
TREND_RUNS = 10

# CrawlInfo.capped entries that mean the crawl did not see the whole site (crawler.spiders.portal)
from .build import PARTIAL_CAPS  # noqa: E402 - one definition of a partial crawl
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


class RollupSettings(BaseModel):
    """`rollup:` in a nightly profile."""

    model_config = ConfigDict(extra="forbid")

    title: str = "政府网站检查情况汇总"
    issuer: str = ""  # 发文机关 (the docx header and 落款), e.g. 白城市人民政府办公室
    doc_number: str = ""  # 发文字号, e.g. 白政办函〔2026〕12号
    addressee: str = "各有关单位"  # 主送机关
    base_url: str | None = None  # where the nightly folder is published (links in notifications)
    rectify_days: int = Field(default=15, ge=1, le=365)  # 整改期限 in the draft: as_of + this many days

    @field_validator("base_url")
    @classmethod
    def _base(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parts = urlsplit(v.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"must be an http(s) URL, got {v!r}")
        return v.strip() if v.strip().endswith("/") else v.strip() + "/"


def clean(text: Any) -> str:
    """Text safe for HTML, XML (xlsx, docx) and terminals: control characters, U+FFFE/U+FFFF and
    lone surrogates removed. Escaping for each format is the writer's job."""
    return _UNSAFE.sub("", str(text)) if text is not None else ""


def incomplete_reason(crawl: dict[str, Any]) -> str | None:
    """Why a crawl (AuditReport.crawl / CrawlInfo) did not cover the site, or None when complete."""
    if crawl.get("partial"):
        return "抓取不完整（本次检查记录为部分完成）"
    reason = crawl.get("finish_reason")
    if reason != "finished":
        return f"抓取未正常结束（结束原因：{reason or '未记录'}）"
    for cap in crawl.get("capped") or []:
        if str(cap).startswith(PARTIAL_CAPS):
            return f"抓取不完整：{clean(cap)}"
    return None


def coverage(crawl: dict[str, Any], report_coverage=None) -> RollupCoverage:
    """The site's coverage for the roll-up: the report's own (AuditReport.coverage, the same
    figures report.html shows) when it has one, else what crawl.json recorded."""
    if report_coverage is not None:
        c = report_coverage
        return RollupCoverage(pages_fetched=c.pages_fetched, pages_discovered=c.pages_discovered,
                              links_checked=c.links_checked, links_found=c.links_found)
    stats = crawl.get("stats") or {}
    fetched = int(crawl.get("pages") or 0)
    not_crawled = sum(int(v) for k, v in stats.items()
                      if k in ("zwgk/pages/over_budget", "zwgk/pages/trap_capped") and isinstance(v, (int, float)))
    outcomes = crawl.get("links_by_outcome") or {}
    found = int(crawl.get("links") or 0)
    checked = found - int(outcomes.get("skipped", 0)) - int(outcomes.get("blocked", 0))
    return RollupCoverage(pages_fetched=fetched, pages_discovered=fetched + not_crawled,
                          links_checked=max(checked, 0), links_found=found)


def _rel(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _read_report(report_dir: str | None) -> AuditReport | None:
    if not report_dir:
        return None
    p = Path(report_dir) / REPORT_JSON
    try:
        return AuditReport.model_validate_json(p.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def _crawl_of_run(report_dir: str | None) -> dict[str, Any] | None:
    """The run's CrawlInfo (crawl/crawl.json in a nightly run folder), or None when not kept."""
    if not report_dir:
        return None
    try:
        return json.loads((Path(report_dir) / "crawl" / "crawl.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _runs(history: Path, site_key: str) -> list[dict[str, Any]]:
    """Every recorded run of the site, oldest first (read-only; a missing database → none)."""
    if not history.exists():
        return []
    try:
        db = sqlite3.connect(f"file:{quote(str(history.resolve()))}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise ToolError(f"历史数据库无法打开 / cannot open history {history}: {exc}") from None
    try:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(
            "SELECT * FROM runs WHERE site_key = ? ORDER BY as_of, id", (site_key,)).fetchall()]
    except sqlite3.Error as exc:
        raise ToolError(f"历史数据库读取失败 / cannot read history {history}: {exc}") from None
    finally:
        db.close()


def _complete(run: dict[str, Any]) -> bool:
    """An ok run whose crawl, when still on disk, was complete."""
    if run["status"] != "ok":
        return False
    crawl = _crawl_of_run(run.get("report_dir"))
    return crawl is None or incomplete_reason(crawl) is None


def _veto_names(report: AuditReport) -> list[RollupVeto]:
    if report.score is None:
        return []
    names = {i.id: i.name for i in report.score.items}
    return [RollupVeto(id=v, name=clean(names.get(v, v))) for v in report.score.vetoes]


def _previous_rollup(out: Path) -> dict[str, list[str]]:
    """Site name → veto ids at the previous roll-up (audited sites only)."""
    try:
        prev = RollupReport.model_validate_json((out / ROLLUP_JSON).read_bytes())
    except (OSError, ValidationError, ValueError):
        return {}
    return {s.name: [v.id for v in s.vetoes] for s in prev.sites if s.state == "audited"}


def _site(site, runs: list[dict[str, Any]], out: Path, previous_vetoes: dict[str, list[str]],
          trend_runs: int) -> tuple[RollupSite, AuditReport | None]:
    base = dict(name=site.name, title=clean(getattr(site, "title", "") or site.name), start_url=site.start_url)
    complete = [r for r in runs if _complete(r)]
    last_good = complete[-1] if complete else None
    good = {}
    if last_good is not None:
        good["last_good_as_of"] = dt.date.fromisoformat(last_good["as_of"])
        href = Path(last_good["report_dir"] or "") / REPORT_HTML
        if last_good["report_dir"] and href.exists():
            good["last_good_href"] = _rel(href, out)
    trend = [RollupTrendPoint(as_of=dt.date.fromisoformat(r["as_of"]), score=r["score"], failures=r["failures"])
             for r in complete[-trend_runs:]]
    if not runs:
        return RollupSite(state="not_audited", reason="尚无检查记录", trend=trend, **base, **good), None
    run = runs[-1]
    as_of = dt.date.fromisoformat(run["as_of"])
    if run["status"] != "ok":
        error = clean((run["error"] or "检查失败").splitlines()[0])
        return RollupSite(state="not_audited", as_of=as_of, reason=error, trend=trend, **base, **good), None
    report = _read_report(run["report_dir"])
    if report is None:
        return RollupSite(state="not_audited", as_of=as_of, reason=f"检查报告无法读取（{run['report_dir']}）",
                          trend=trend, **base, **good), None
    reason = incomplete_reason(report.crawl)
    if reason is not None:
        return RollupSite(state="not_audited", as_of=as_of, reason=reason, coverage=coverage(report.crawl, report.coverage),
                          trend=trend, **base, **good), None
    vetoes = _veto_names(report)
    if site.name in previous_vetoes:
        before = set(previous_vetoes[site.name])
    else:
        earlier = [r for r in complete if r["id"] != run["id"]]
        prior = _read_report(earlier[-1]["report_dir"]) if earlier else None
        before = set(prior.score.vetoes) if prior is not None and prior.score is not None else set()
    d = report.diff
    href = Path(run["report_dir"]) / REPORT_HTML
    return RollupSite(
        state="audited", as_of=as_of,
        score=report.score.score if report.score else None, total=report.score.total if report.score else None,
        verdict=report.score.verdict if report.score else None,
        vetoes=vetoes, new_vetoes=[v for v in vetoes if v.id not in before],
        failures=sum(1 for f in report.findings if f.status is Status.fail and not f.manual),
        new=d.new + d.regressed, open=d.open, resolved=d.resolved, coverage=coverage(report.crawl, report.coverage),
        report_href=_rel(href, out) if href.exists() else None, trend=trend, **base, **good), report


def _rank(sites: list[RollupSite]) -> list[RollupSite]:
    def key(s: RollupSite):
        return (bool(s.vetoes), -(s.score if s.score is not None else -1.0), s.name)

    ordered = sorted(sites, key=key)
    ranked, prev, rank = [], None, 0
    for i, s in enumerate(ordered, 1):
        k = key(s)[:2]
        if k != prev:
            rank, prev = i, k
        ranked.append(s.model_copy(update={"rank": rank}))
    return ranked


def _groups(reports: Iterable[tuple[RollupSite, AuditReport]]) -> list[RollupGroup]:
    groups: dict[tuple, RollupGroup] = {}
    for site, report in reports:
        sections = {t.number: t for t in report.tasks}
        for n, f in enumerate(report.findings, 1):
            if f.status is not Status.fail or f.manual or f.waived:
                continue
            t = sections.get(f.task) if f.task is not None else None
            key = (t.number, t.responsible) if t else (None, "")
            if key not in groups:
                groups[key] = RollupGroup(task=t.number if t else None,
                                          task_title=clean(t.title) if t else "未对应实施方案任务",
                                          responsible=clean(t.responsible) if t else "（未指定）")
            g = groups[key]
            g.gaps.append(RollupGap(
                site=site.name, site_title=site.title, rule=f.rule, severity=f.severity.value, severity_zh=f.severity.label_zh,
                message=clean(f.message), url=clean(f.url) or None, target=clean(f.target) or None, diff=f.diff,
                first_seen=f.first_seen, days_open=f.days_open,
                report_href=f"{site.report_href}#f{n}" if site.report_href else None))
            if f.diff in ("new", "regressed"):
                g.new += 1
            if site.title not in g.sites:
                g.sites.append(site.title)
    for g in groups.values():
        g.gaps.sort(key=lambda x: (x.diff not in ("new", "regressed"), -Severity(x.severity).rank, x.site, x.rule,
                                   x.url or ""))
    return sorted(groups.values(), key=lambda g: (g.task is None, g.task or 0, g.responsible))


def build_rollup(profile: "Profile", out: Path, history: Path, as_of: dt.date, *,
                 generated_at: dt.datetime | None = None) -> RollupReport:
    """The roll-up model of every site of `profile` (see the module docstring)."""
    settings: RollupSettings = getattr(profile, "rollup", None) or RollupSettings()
    out = Path(out).resolve()
    previous = _previous_rollup(out)
    built = [_site(s, _runs(Path(history), s.name), out, previous, TREND_RUNS) for s in profile.sites]
    audited = _rank([s for s, r in built if s.state == "audited"])
    reports = {s.name: r for s, r in built if r is not None}
    not_audited = [s for s, _ in built if s.state == "not_audited"]
    groups = _groups((s, reports[s.name]) for s in audited)
    by_resp: dict[str, ResponsibleCount] = {}
    for g in groups:
        if g.new:
            rc = by_resp.setdefault(g.responsible, ResponsibleCount(responsible=g.responsible, new=0))
            rc.new += g.new
            if g.task is not None:
                rc.tasks.append(g.task)
    summary = RollupSummary(
        sites=len(built), audited=len(audited), not_audited=len(not_audited),
        passed=sum(1 for s in audited if s.verdict == "合格"), failed=sum(1 for s in audited if s.verdict == "不合格"),
        vetoed=sum(1 for s in audited if s.verdict == "单项否决"),
        gaps=sum(len(g.gaps) for g in groups), new_gaps=sum(g.new for g in groups),
        resolved_gaps=sum(s.resolved or 0 for s in audited), new_vetoes=sum(len(s.new_vetoes) for s in audited))
    index_link = (settings.base_url + INDEX_HTML) if settings.base_url else str(out / INDEX_HTML)
    return RollupReport(
        title=clean(settings.title), issuer=clean(settings.issuer), doc_number=clean(settings.doc_number),
        addressee=clean(settings.addressee), as_of=as_of,
        generated_at=generated_at or dt.datetime.now().astimezone().replace(microsecond=0),
        rectify_by=as_of + dt.timedelta(days=settings.rectify_days), index_link=index_link,
        sites=audited + not_audited, groups=groups,
        new_by_responsible=sorted(by_resp.values(), key=lambda r: (-r.new, r.responsible)), summary=summary)


def write_rollup(rollup: RollupReport, out: Path) -> list[Path]:
    """Render every format first, then write each file atomically (a renderer failure writes nothing)."""
    from reports.atomic import write_atomic
    from reports.rollup_docx import render_rollup_docx
    from reports.rollup_html import render_rollup_html
    from reports.rollup_xlsx import render_rollup_xlsx

    payloads = {
        INDEX_HTML: render_rollup_html(rollup),
        ROLLUP_JSON: rollup.model_dump_json(indent=1),
        ROLLUP_XLSX: render_rollup_xlsx(rollup),
        ROLLUP_DOCX: render_rollup_docx(rollup),
    }
    try:
        return [write_atomic(Path(out) / name, data) for name, data in payloads.items()]
    except OSError as exc:
        raise ToolError(f"无法写入汇总报告 / cannot write the roll-up: {exc}") from None


def finish_nightly(profile: "Profile", out: Path, history: Path, as_of: dt.date) -> bool:
    """After the sites of a nightly run: write the roll-up and notify the profile's webhooks.

    Returns False when the roll-up could not be built or written (a tool failure, printed);
    webhook failures are logged and never change the result.
    """
    try:
        rollup = build_rollup(profile, out, history, as_of)
        write_rollup(rollup, out)
    except ToolError as exc:
        print(f"汇总报告失败 roll-up FAILED: {exc}", file=sys.stderr, flush=True)
        return False
    except Exception as exc:  # noqa: BLE001 - the sites' reports stand; the run says the roll-up failed
        print(f"汇总报告失败 roll-up FAILED: internal error: {type(exc).__name__}: {clean(exc)}", file=sys.stderr,
              flush=True)
        return False
    s = rollup.summary
    print(f"汇总 roll-up: 网站 sites {s.sites} · 完成检查 audited {s.audited} · 未能完成检查 not audited "
          f"{s.not_audited} · 新增问题 new gaps {s.new_gaps} → {Path(out) / INDEX_HTML}", flush=True)
    hooks = getattr(profile, "webhooks", None) or []
    if hooks:
        from .notify import notify_all

        notify_all(hooks, rollup)
    return True


__all__ = ["RollupSettings", "build_rollup", "write_rollup", "finish_nightly", "incomplete_reason", "coverage",
           "clean", "INDEX_HTML", "ROLLUP_JSON", "ROLLUP_XLSX", "ROLLUP_DOCX"]
