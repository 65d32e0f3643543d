"""One audit of one crawl: rules → diff against the history → report files → history.

Shared by `zwgk audit`, `zwgk check`, `zwgk demo` and `zwgk nightly`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .errors import ToolError, UsageError

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
REPORT_XLSX = "report.xlsx"
REPORT_JUNIT = "junit.xml"
REPORT_MD = "report.md"


@dataclass
class AuditOptions:
    as_of: dt.date
    out: Path
    fail_on: str = "error"
    plan: str | None = None
    mapping: str | None = None
    scoring: str | None = None
    only: list[str] | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra_json: str | None = None
    history: Path | None = None  # None: no history
    baseline: str | None = None
    waivers: list = field(default_factory=list)  # auditor.waivers.Waiver
    site_name: str = ""
    run_dir: Path | None = None  # the crawl's folder: findings cite its WARC records (auditor.archive)


def load_rules(injected: Sequence | None, only: list[str] | None) -> list:
    if injected is not None:
        rules = list(injected)
    else:
        try:
            from rules import all_rules

            rules = list(all_rules())
        except Exception as exc:  # noqa: BLE001 - a broken registry is a tool failure
            raise ToolError(f"规则加载失败 / could not load the rules: {type(exc).__name__}: {exc}") from None
    if only:
        known = {r.meta.id: r for r in rules}
        unknown = [i for i in only if i not in known]
        if unknown:
            raise UsageError(f"--rules: unknown rule {', '.join(unknown)} (rules: {', '.join(sorted(known))})")
        rules = [known[i] for i in only]
    return rules


def known_rule_ids(injected: Sequence | None) -> set[str] | None:
    """Registered rule ids (plus injected ones): what scoring and mapping files may name.

    None when the registry cannot be loaded (only possible with injected rules): the files
    are then not checked against it.
    """
    ids = {r.meta.id for r in injected} if injected is not None else set()
    try:
        from rules import all_rules

        ids |= {r.meta.id for r in all_rules()}
    except Exception:  # noqa: BLE001 - injected rules only
        return None
    return ids


def crawl(url: str, run_dir: Path, *, max_pages: int, external_hosts: list[str] | None,
          timeout: float | None = None, cache_dir: str | Path | None = None) -> Path:
    """crawler.run.crawl_site in a subprocess; a failure becomes one ToolError with the log tail."""
    try:
        from crawler.run import CrawlError, crawl_site
    except ImportError as exc:
        raise ToolError(f"抓取模块不可用 / crawler not available: {exc}") from None
    try:
        return Path(crawl_site(url, run_dir, max_pages=max_pages, external_hosts=external_hosts, timeout=timeout,
                               cache_dir=cache_dir))
    except CrawlError as exc:
        headline = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        lines = [f"抓取失败 / crawl failed: {headline}"]
        out_dir = getattr(exc, "out_dir", None)
        if out_dir:
            lines.append(f"抓取日志 crawl log: {Path(out_dir) / 'crawl.log'}")
        tail = [ln for ln in (getattr(exc, "log_tail", "") or "").splitlines() if ln.strip()][-8:]
        if tail:
            lines.append("最后的日志 last log lines:")
            lines += [f"  {ln}" for ln in tail]
        raise ToolError("\n".join(lines)) from None


def write_reports(report, out: Path, extra_json: str | None = None) -> list[Path]:
    from reports.html_report import write_html
    from reports.json_report import write_json
    from reports.junit_report import write_junit
    from reports.markdown_report import write_markdown
    from reports.xlsx_report import write_xlsx

    try:
        paths = [write_html(report, out / REPORT_HTML), write_json(report, out / REPORT_JSON),
                 write_xlsx(report, out / REPORT_XLSX), write_junit(report, out / REPORT_JUNIT),
                 write_markdown(report, out / REPORT_MD)]
        if extra_json:
            paths.append(write_json(report, Path(extra_json)))
    except OSError as exc:
        raise ToolError(f"无法写入报告 / cannot write the report: {exc}") from None
    return paths


def audit_site(site, opts: AuditOptions, injected_rules: Sequence | None = None):
    """Run the rules over `site`, build the report, write it, record it. Returns (report, paths)."""
    from auditor.build import build_report, parse_fail_on
    from auditor.history import History, prior_from_file
    from auditor.plan import PlanError, load_plan
    from auditor.plan.mapping import load_mapping
    from auditor.runner import OptionError, run_rules
    from auditor.scoring import load_scoring

    try:
        parse_fail_on(opts.fail_on)
    except ValueError as exc:
        raise UsageError(f"--fail-on: {exc}") from None
    try:
        plan = load_plan(opts.plan)
    except PlanError as exc:
        raise ToolError(f"实施方案文件有误 / bad plan file: {exc}") from None
    rules = load_rules(injected_rules, opts.only)
    known = known_rule_ids(injected_rules)
    task_map = load_mapping(opts.mapping)
    problems = task_map.problems(known if known is not None else set(task_map.overrides), plan,
                                 [r.meta for r in rules])
    if problems:
        raise ToolError(f"任务对应文件有误 / bad rule→task mapping {task_map.source}: " + "; ".join(problems))
    scoring = load_scoring(opts.scoring, known)
    # Options of registered rules left out by --rules are not an error (a profile sets many);
    # options of rules that do not exist still are.
    running = {r.meta.id for r in rules}
    overrides = {k: v for k, v in (opts.overrides or {}).items()
                 if k in running or (known is not None and k not in known)}
    try:
        findings = run_rules(site, opts.as_of, rules, overrides, task_map=task_map)
    except OptionError as exc:
        raise UsageError(f"--set: {exc}") from None
    if opts.run_dir is not None:
        from auditor.archive import attach_evidence

        findings = attach_evidence(findings, opts.run_dir)  # after the fingerprints, never part of them

    site_key = opts.site_name or site.crawl.site_host
    history = History(opts.history) if opts.history is not None else None
    try:
        if opts.baseline:
            prior = prior_from_file(opts.baseline)
            if history is not None:
                prior.trend = history.prior(site_key).trend
        elif history is not None:
            prior = history.prior(site_key)
        else:
            prior = None
        report = build_report(site, findings, plan, opts.as_of, opts.fail_on, rules=rules, prior=prior,
                              waivers=opts.waivers, scoring=scoring, task_map=task_map, site_name=opts.site_name)
        out = Path(opts.out)
        paths = write_reports(report, out, opts.extra_json)
        if history is not None and site.pages:
            history.record(report, site, out.resolve())
    finally:
        if history is not None:
            history.close()
    return report, paths


__all__ = ["AuditOptions", "audit_site", "write_reports", "load_rules", "known_rule_ids",
           "REPORT_JSON", "REPORT_HTML", "REPORT_XLSX", "REPORT_JUNIT", "REPORT_MD"]
