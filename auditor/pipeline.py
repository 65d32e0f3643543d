"""One audit of one crawl: rules → diff against the history → report files → history.

Shared by `zwgk audit`, `zwgk check`, `zwgk demo` and `zwgk nightly`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

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


def load_run(run_dir: Path):
    """contracts.run.load_run; a missing or unreadable run folder becomes one ToolError."""
    from contracts.run import RunFolderError, load_run as _load

    try:
        return _load(run_dir)
    except RunFolderError as exc:
        raise ToolError(str(exc)) from None


def crawl(url: str, run_dir: Path, *, max_pages: int, external_hosts: list[str] | None,
          timeout: float | None = None, cache_dir: str | Path | None = None,
          seeds: list[str] | None = None) -> Path:
    """crawler.run.crawl_site in a subprocess; a failure becomes one ToolError with the log tail.
    `seeds`: more pages of the site to crawl from (ZWGK_SEED_URLS); the scope and the homepage
    stay the start URL's."""
    try:
        from crawler.run import CrawlError, crawl_site
    except ImportError as exc:
        raise ToolError(f"抓取模块不可用 / crawler not available: {exc}") from None
    try:
        return Path(crawl_site(url, run_dir, max_pages=max_pages, external_hosts=external_hosts, timeout=timeout,
                               cache_dir=cache_dir,
                               extra_settings={"ZWGK_SEED_URLS": list(seeds)} if seeds else None))
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


FAILED_NOTE = "FAILED.txt"


def _renderers(report) -> dict[str, Callable[[], bytes]]:
    """Every report format of `report` as a function rendering its bytes, in the order the set
    is written and swapped in."""
    from reports.html_report import render_html
    from reports.json_report import dumps
    from reports.junit_report import render_junit
    from reports.markdown_report import render_markdown
    from reports.xlsx_report import render_xlsx

    return {
        REPORT_HTML: lambda: render_html(report).encode("utf-8"),
        REPORT_JSON: lambda: dumps(report).encode("utf-8"),
        REPORT_XLSX: lambda: render_xlsx(report),
        REPORT_JUNIT: lambda: render_junit(report).encode("utf-8"),
        REPORT_MD: lambda: render_markdown(report).encode("utf-8"),
    }


def render_reports(report) -> dict[str, bytes]:
    """Every report format of `report`, rendered in memory (nothing written yet). write_reports
    does not use it: it renders one format at a time."""
    return {name: render() for name, render in _renderers(report).items()}


class _RenderFailed(Exception):
    """A renderer raised while the set was being staged (not a write error)."""


def write_reports(report, out: Path, extra_json: str | None = None) -> list[Path]:
    """Write the report set into `out` whole or not at all.

    The formats are rendered one at a time, each written into a temp folder inside `out` and
    dropped from memory before the next (reports.atomic.swap_in), so the set is never held in
    memory whole; a renderer that fails leaves `out` untouched. The staged set is then swapped
    in file by file; should a rename fail, the files already swapped are put back, so `out`
    holds the old set or the new one, never a mix. A failure note left by an earlier failed
    run is removed."""
    from reports.atomic import swap_in

    def guarded(render: Callable[[], bytes]) -> Callable[[], bytes]:
        def run() -> bytes:
            try:
                return render()
            except Exception as exc:  # noqa: BLE001 - told apart from a write error below
                raise _RenderFailed(exc) from exc
        return run

    try:
        paths = swap_in(Path(out), {name: guarded(render) for name, render in _renderers(report).items()})
    except _RenderFailed as failed:  # nothing was swapped in: the last good set stays
        exc = failed.args[0]
        raise ToolError(f"报告生成失败，原报告保留 / could not render the report, the previous report set is "
                        f"kept: {type(exc).__name__}: {exc}") from None
    except OSError as exc:
        raise ToolError(f"无法写入报告 / cannot write the report: {exc}") from None
    try:
        (Path(out) / FAILED_NOTE).unlink(missing_ok=True)
        if extra_json:
            from reports.atomic import write_atomic

            paths.append(write_atomic(Path(extra_json), (Path(out) / REPORT_JSON).read_bytes()))
    except OSError as exc:
        raise ToolError(f"无法写入报告 / cannot write the report: {exc}") from None
    return paths


def write_failure_note(out: Path, message: str, *, as_of: dt.date | None = None) -> Path | None:
    """`<out>/FAILED.txt`: why this run produced no report. The report set already in `out`
    (the last good one) is left as it is. Best effort: a folder that cannot be written gets
    no note (the message is printed anyway)."""
    from contracts.report import clean_text
    from reports.atomic import write_atomic

    when = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    text = (f"检查失败，未生成报告 / the audit failed, no report was written ({when}"
            + (f", as of {as_of.isoformat()}" if as_of else "") + ")\n"
            + clean_text(message).rstrip() + "\n"
            + "此目录中的其他报告文件（如有）来自上一次成功的检查 / any other report files here are from the "
              "last successful run\n")
    try:
        return write_atomic(Path(out) / FAILED_NOTE, text)
    except OSError:
        return None


def start_problem(site) -> str:
    """Why the start page gave nothing, from its LinkCheck if the crawler recorded one."""
    check = site.link(site.crawl.start_url)
    if check is None:
        return ""
    parts = [check.outcome]
    if check.status:
        parts.append(f"HTTP {check.status}")
    if check.error:
        parts.append(check.error)
    return f"（起始页 start page: {', '.join(parts)}）"


class NoPagesError(ToolError):
    """The crawl fetched no page: nothing was audited, no report is written."""


def history_keys(site, site_name: str = "") -> tuple[str, list[str]]:
    """The history key of `site` (its identity: the profile's name, else its 网站标识码, else
    its scope) and the other keys its earlier runs may have been recorded under."""
    scope = site.scope()
    key = site.identity(site_name)
    if site_name:
        return key, []
    aliases = [scope.key]
    if scope.prefix == "/":
        aliases.append(site.crawl.site_host)  # histories keyed by host[:port] before scopes had prefixes
    return key, [a for a in aliases if a != key]


@dataclass
class AuditInputs:
    plan: Any
    rules: list
    task_map: Any
    scoring: Any
    overrides: dict[str, dict[str, Any]]


def load_inputs(opts: AuditOptions, injected_rules: Sequence | None = None) -> AuditInputs:
    """Read and check every input file of an audit (fail_on, plan, mapping, scoring, rules,
    the baseline file). `zwgk audit` calls it before crawling, so a bad file is reported at
    once, not after the crawl; audit_site calls it again for what it needs."""
    from auditor.build import parse_fail_on
    from auditor.history import prior_from_file
    from auditor.plan import PlanError, load_plan
    from auditor.plan.mapping import load_mapping
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
    if opts.baseline:
        prior_from_file(opts.baseline)
    # Options of registered rules left out by --rules are not an error (a profile sets many);
    # options of rules that do not exist still are.
    running = {r.meta.id for r in rules}
    overrides = {k: v for k, v in (opts.overrides or {}).items()
                 if k in running or (known is not None and k not in known)}
    return AuditInputs(plan, rules, task_map, scoring, overrides)


def audit_site(site, opts: AuditOptions, injected_rules: Sequence | None = None):
    """Run the rules over `site`, build the report, write it, record it. Returns (report, paths).

    A crawl without a single page is a failed run: no report (the set already in `out` stays),
    a FAILED.txt note, a failed run in the history, NoPagesError. A crawl that did not finish
    is audited and recorded as partial (auditor.build.partial_reasons)."""
    from auditor.build import build_report
    from auditor.history import History, prior_from_file
    from auditor.runner import OptionError, run_rules

    inputs = load_inputs(opts, injected_rules)
    plan, rules, task_map, scoring = inputs.plan, inputs.rules, inputs.task_map, inputs.scoring
    site_key, aliases = history_keys(site, opts.site_name)
    out = Path(opts.out)
    if not site.pages:
        message = (f"抓取结果中没有任何页面，检查未能进行 / no pages were crawled, nothing was audited"
                   f"{start_problem(site)}")
        write_failure_note(out, message, as_of=opts.as_of)
        if opts.history is not None:
            with History(opts.history) as h:
                h.record_failure(site_key, site.crawl.start_url, opts.as_of, message)
        raise NoPagesError(message)
    try:
        findings = run_rules(site, opts.as_of, rules, inputs.overrides, task_map=task_map)
    except OptionError as exc:
        raise UsageError(f"--set: {exc}") from None
    if opts.run_dir is not None:
        from auditor.archive import attach_evidence

        findings = attach_evidence(findings, opts.run_dir)  # after the fingerprints, never part of them

    history = History(opts.history) if opts.history is not None else None
    try:
        if opts.baseline:
            prior = prior_from_file(opts.baseline)
            if history is not None:
                prior.trend = history.prior(site_key, aliases=aliases).trend
        elif history is not None:
            prior = history.prior(site_key, aliases=aliases)
        else:
            prior = None
        report = build_report(site, findings, plan, opts.as_of, opts.fail_on, rules=rules, prior=prior,
                              waivers=opts.waivers, scoring=scoring, task_map=task_map, site_name=opts.site_name)
        paths = write_reports(report, out, opts.extra_json)
        if history is not None:
            history.record(report, site, out.resolve(), site_key=site_key)
    finally:
        if history is not None:
            history.close()
    return report, paths


__all__ = ["AuditOptions", "AuditInputs", "load_inputs", "audit_site", "write_reports", "render_reports", "write_failure_note", "start_problem",
           "history_keys", "NoPagesError", "FAILED_NOTE", "load_rules", "known_rule_ids",
           "REPORT_JSON", "REPORT_HTML", "REPORT_XLSX", "REPORT_JUNIT", "REPORT_MD"]
