"""`zwgk` command line: audit | check | nightly | history | plan parse | rules | report-schema, and
the commands other packages register (entry-point group `zwgk.commands`: samples adds
serve-sample | demo).

Exit codes: 0 the audit ran and no FAIL reached --fail-on; 2 one did (the gate failed);
1 the tool itself failed (crawl error, bad input, unreadable run folder ...), reported as
one clear message without a traceback; 3 the audit covered less than --min-coverage (could
not audit: checked links / links in scope below the threshold, whatever the gaps found).

Imports of the crawler, the rules and the renderers happen inside the subcommands, so
`zwgk rules` and `zwgk --help` stay fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, Sequence

EXIT_OK = 0
EXIT_TOOL = 1
EXIT_GATE = 2
EXIT_COVERAGE = 3

SEVERITIES = ("info", "warning", "error", "critical")
FAIL_ON_CHOICES = SEVERITIES + ("new",) + tuple(f"new:{s}" for s in SEVERITIES)

from auditor.errors import ToolError, UsageError  # noqa: E402
from auditor.pipeline import REPORT_HTML, REPORT_JSON  # noqa: E402,F401 - REPORT_JSON kept for importers
from auditor.pipeline import load_run as _load_run  # noqa: E402
from auditor.distributed import add_redis_options, add_worker_parser, crawl_fn  # noqa: E402 - issue 13


class _Parser(argparse.ArgumentParser):
    # argparse exits with 2 on bad input; 2 means "gate failed" here, so raise instead.
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().rstrip()}")


# ---------------------------------------------------------------------------------------------
# Argument types


def calendar_years() -> tuple[int, int] | None:
    """The years the installed working-day calendar (chinese_calendar) has holidays for."""
    try:
        from chinese_calendar import constants
    except ImportError:  # pragma: no cover - a dependency; without it no rule counts working days
        return None
    years = [d.year for d in constants.holidays]
    return (min(years), max(years)) if years else None


def _date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r}: use YYYY-MM-DD, e.g. 2026-11-27") from None
    years = calendar_years()
    if years is not None and not years[0] <= day.year <= years[1]:
        raise argparse.ArgumentTypeError(
            f"date {value} is outside the working-day calendar ({years[0]}–{years[1]}: the years the installed "
            f"chinese_calendar has State Council holiday notices for); rules count working days from it. "
            f"Use a date in that range, or upgrade chinese_calendar")
    return day


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return n


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {value!r}: use 0-65535")
    return n


def _percent(value: str) -> float:
    try:
        n = float(value.strip().rstrip("%"))
    except ValueError:
        n = -1.0
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError(f"expected a percentage 0-100, got {value!r}")
    return n


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = 0.0
    if n <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return n


def _host_list(value: str) -> list[str]:
    return [h.strip() for h in value.split(",") if h.strip()]


def _id_list(value: str) -> list[str]:
    return [h.strip().upper() for h in value.split(",") if h.strip()]


def _setting(value: str) -> tuple[str, str, str]:
    key, sep, raw = value.partition("=")
    rule, dot, option = key.strip().partition(".")
    if not sep or not dot or not rule or not option:
        raise argparse.ArgumentTypeError(f"invalid --set {value!r}: use RULE.OPTION=VALUE, e.g. COL002.dynamic_days=30")
    return rule.strip().upper(), option.strip(), raw.strip()


# ---------------------------------------------------------------------------------------------
# Parser


def _add_audit_options(p: argparse.ArgumentParser, *, out_required: bool) -> None:
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="audit date every date-dependent rule uses (default: today)")
    p.add_argument("--out", required=out_required, default=None, metavar="DIR",
                   help="folder for report.json and report.html")
    p.add_argument("--json", default=None, metavar="FILE", help="also write the JSON report here")
    p.add_argument("--profile", default=None, metavar="FILE",
                   help="site profile YAML (the nightly format): rule options, fail_on, plan / mapping / scoring, "
                        "waivers and the site name of one of its sites; options given here override it")
    p.add_argument("--site", dest="profile_site", default=None, metavar="NAME",
                   help="the profile's site to use (needed when the profile has several)")
    p.add_argument("--fail-on", choices=FAIL_ON_CHOICES, default=None, metavar="SEVERITY|new",
                   help="exit 2 when a gap at or above this severity is found (default: the profile's, else "
                        "error); 'new': only "
                        "gaps new or regressed since the last run; 'new:SEVERITY': new ones at or above it. "
                        "Waived gaps never count")
    p.add_argument("--plan", default=None, metavar="FILE",
                   help="implementation plan YAML (default: the bundled 白城经开区 2020 plan)")
    p.add_argument("--mapping", default=None, metavar="FILE",
                   help="rule → plan task mapping YAML (default: auditor/plan/mapping.yaml)")
    p.add_argument("--scoring", default=None, metavar="FILE",
                   help="检查指标 scoring table YAML (default: auditor/scoring.yaml)")
    p.add_argument("--history", default=None, metavar="FILE",
                   help="SQLite run history (default: OUT/../zwgk-history.sqlite)")
    p.add_argument("--no-history", action="store_true", help="neither read nor write a run history")
    p.add_argument("--baseline", default=None, metavar="FILE",
                   help="compare with this earlier report.json (or a YAML list of fingerprints) instead of the "
                        "history's previous run")
    p.add_argument("--waivers", default=None, metavar="FILE", help="waivers YAML (accepted gaps with an expiry date)")
    p.add_argument("--site-name", default="", metavar="NAME",
                   help="name the history files this site under (default: the crawled host[:port])")
    p.add_argument("--min-coverage", type=_percent, default=None, metavar="PCT",
                   help="exit 3 (could not audit) when fewer than PCT%% of the links in scope were checked "
                        "(page cap, time budget, robots, rate limiting …), whatever the gaps found")
    p.add_argument("--summary-md", action="store_true",
                   help="print the Markdown summary (report.md) to stdout; always on when CI is set")
    p.add_argument("--rules", dest="only", type=_id_list, default=None, metavar="ID,ID",
                   help="run only these rules (default: all)")
    p.add_argument("--set", dest="settings", type=_setting, action="append", default=[],
                   metavar="RULE.OPTION=VALUE", help="override a rule option, e.g. COL002.dynamic_days=30 (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="zwgk",
        description="政务公开检查工具：抓取政府门户网站，对照条例与实施方案检查并生成报告。"
                    " Disclosure-compliance crawler and auditor for Chinese government portals.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("audit", help="crawl a portal and audit it", description="抓取并检查一个门户网站")
    p.add_argument("url", metavar="URL", nargs="?", default=None,
                   help="start URL (http or https); default: the --profile site's start_url")
    _add_audit_options(p, out_required=True)
    p.add_argument("--seed", dest="seeds", action="append", default=[], metavar="URL",
                   help="also crawl from this page of the site (repeatable): pages the homepage cannot lead to, "
                        "or a homepage that cannot be fetched; the site and its homepage stay the start URL's")
    p.add_argument("--max-pages", type=_positive_int, default=None, metavar="N",
                   help="safety limit on pages crawled (default: the profile's, else 200000: the whole site)")
    p.add_argument("--time-budget", type=_seconds, default=None, metavar="SECONDS",
                   help="stop the crawl after this long and audit what it reached (default: the profile's "
                        "timeout, else 28800 = 8 h); the report's coverage says what was left")
    p.add_argument("--external-hosts", type=_host_list, default=None, metavar="H1,H2",
                   help="hosts whose links may be checked (default: the profile's, else loopback only for a "
                        "loopback site, else any)")
    p.add_argument("--run-dir", default=None, metavar="DIR", help="crawl folder (default: OUT/crawl)")
    p.add_argument("--cache-dir", default=None, metavar="DIR",
                   help="HTTP cache kept between audits: pages are revalidated (304) instead of fetched again "
                        "(default: the profile's cache_dir, else none; not with --redis: the distributed "
                        "crawl has no HTTP cache)")
    add_redis_options(p)
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("check", help="audit an existing crawl folder (no network)",
                       description="对已有的抓取结果目录执行检查（不联网）")
    p.add_argument("run_dir", metavar="RUN_DIR", help="crawl folder with crawl.json, pages.jsonl, ...")
    _add_audit_options(p, out_required=True)
    p.add_argument("--reextract", action="store_true",
                   help="extract the crawl again from its WARC archive with today's extractors (no network) "
                        "into RUN_DIR/reextract, then audit that")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("nightly", help="audit every site of a profile (cron / systemd timer)",
                       description="按配置文件依次检查多个站点（定时任务使用）")
    p.add_argument("profile", metavar="PROFILE", help="profile YAML (sites, output folder, history)")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="audit date (default: today)")
    p.add_argument("--site", dest="sites", action="append", default=[], metavar="NAME",
                   help="only this site of the profile (repeatable)")
    p.add_argument("--progress", choices=("auto", "on", "off"), default="auto",
                   help="live crawl progress (default: auto = on a terminal and CI unset)")
    add_redis_options(p)
    p.set_defaults(func=_cmd_nightly)
    add_worker_parser(sub)

    p = sub.add_parser("history", help="list recorded runs", description="列出历史检查记录")
    p.add_argument("--db", default=None, metavar="FILE", help=f"history database (default: ./zwgk-history.sqlite)")
    p.add_argument("--site", default=None, metavar="SITE", help="only this site (name, host[:port] or start URL)")
    p.add_argument("--limit", type=_positive_int, default=50, metavar="N", help="at most N runs (default: 50)")
    p.set_defaults(func=_cmd_history)

    p = sub.add_parser("plan", help="implementation plan tools", description="实施方案工具")
    plan_sub = p.add_subparsers(dest="plan_command", metavar="ACTION")
    pp = plan_sub.add_parser("parse", help="read a 重点工作任务分工 plan document into plan YAML",
                             description="把政务公开重点工作任务分工方案（文本）解析为方案数据（YAML）")
    pp.add_argument("file", metavar="FILE", help="the plan as plain text (UTF-8 or GB18030)")
    pp.add_argument("--output", default=None, metavar="YAML", help="write the YAML here (default: stdout)")
    pp.set_defaults(func=_cmd_plan_parse)
    p.set_defaults(func=_cmd_plan_help, plan_parser=p)

    p = sub.add_parser("report-schema", help="print the JSON Schema of report.json",
                       description="输出 report.json 的 JSON Schema")
    p.add_argument("--output", default=None, metavar="FILE", help="write it to FILE (e.g. docs/report-schema.json)")
    p.set_defaults(func=_cmd_report_schema)

    p = sub.add_parser("rules", help="list the rules", description="列出检查规则")
    p.add_argument("--markdown", action="store_true", help="print the generated rules catalogue (markdown)")
    p.add_argument("--output", default=None, metavar="FILE", help="write the markdown catalogue to FILE")
    p.set_defaults(func=_cmd_rules)

    for register in _command_plugins():
        register(sub)
    return parser


def _command_plugins() -> list:
    """Subcommands other packages register under the entry-point group `zwgk.commands`
    (the sample portal's `serve-sample` and `demo`): each is `register(subparsers)`."""
    from importlib.metadata import entry_points

    return [ep.load() for ep in sorted(entry_points(group="zwgk.commands"), key=lambda ep: ep.name)]


# ---------------------------------------------------------------------------------------------
# Shared steps


def _as_of(args) -> dt.date:
    return args.as_of or dt.date.today()


def _load_rules(injected: Sequence | None, only: list[str] | None) -> list:
    from auditor.pipeline import load_rules

    return load_rules(injected, only)


def _history_path(args) -> Path | None:
    from auditor.history import default_history_path

    if getattr(args, "no_history", False):
        return None
    if getattr(args, "history", None):
        return Path(args.history)
    return default_history_path(args.out)


def _profile_site(args, injected_rules):
    """The --profile site (validated, rule options checked) and its folder, or (None, None)."""
    if not getattr(args, "profile", None):
        if getattr(args, "profile_site", None):
            raise UsageError("--site needs --profile FILE (the profile that defines the site)")
        return None, None
    from auditor.profile import load_profile, select_site

    profile, base = load_profile(args.profile, injected_rules)
    return select_site(profile, args.profile_site, args.profile), base


def _audit_options(args, injected_rules, profile=None):
    """Everything an audit needs besides the crawl, validated before any crawl starts
    (options, --set values, the waivers file). `profile` is (SiteProfile, folder) from
    --profile: its values apply where the command line gave none (auditor.options)."""
    from auditor.options import build_options, parse_settings

    sp, base = profile if profile is not None else (None, None)
    overrides = parse_settings(args.settings, injected_rules, args.only)
    return build_options(
        as_of=_as_of(args), out=Path(args.out), site=sp, base=base, fail_on=args.fail_on, plan=args.plan,
        mapping=getattr(args, "mapping", None), scoring=getattr(args, "scoring", None), only=args.only,
        overrides=overrides, waivers_file=getattr(args, "waivers", None), extra_json=args.json,
        history=_history_path(args), baseline=getattr(args, "baseline", None),
        site_name=getattr(args, "site_name", ""),
    )


def _audit_site(site, args, injected_rules, profile=None) -> tuple[Any, list[Path]]:
    """Rules → report → files (+ history). Returns the report and the written paths."""
    from auditor.pipeline import audit_site

    return audit_site(site, _audit_options(args, injected_rules, profile), injected_rules)


def _check_out(out: Path, flag: str = "--out") -> Path:
    """The report folder exists or can be made, is a folder, and can be written: checked
    before anything is crawled, with one message."""
    import tempfile

    if out.exists() and not out.is_dir():
        raise UsageError(f"{flag} {out}: is a file, not a folder; give a folder for the reports")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{flag} {out}: cannot create the folder: {exc.strerror or exc}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".zwgk-probe-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"{flag} {out}: the folder is not writable: {exc.strerror or exc}") from None
    return out


def _run_scope(run_dir: Path) -> str:
    """The scope key of a run folder's start URL, "" when its crawl.json cannot be read (a
    failure of such a folder is not recorded in any site's history)."""
    from contracts import CrawlInfo, SiteScope

    try:
        info = CrawlInfo.model_validate_json((run_dir / "crawl.json").read_text("utf-8"))
    except (OSError, ValueError):
        return ""
    return SiteScope.of(info.start_url).key


def _run_guarded(out: Path, opts, site_key: str, start_url: str, body):
    """Run `body()` holding the --out and history locks, SIGTERM handled like Ctrl-C (the
    crawl child stopped). A run that fails or is interrupted writes no report: FAILED.txt
    beside the last good report set, and a failed run in the history."""
    from auditor.history import History
    from auditor.lock import audit_locks, interruptible
    from auditor.pipeline import NoPagesError, write_failure_note

    with interruptible(), audit_locks(out, opts.history):
        try:
            return body()
        except NoPagesError:
            raise  # its note and history record are written already
        except (ToolError, KeyboardInterrupt) as exc:
            from auditor.lock import LockedError

            if isinstance(exc, LockedError):
                raise
            message = str(exc) if isinstance(exc, ToolError) else f"已中断 / interrupted ({exc or 'Ctrl-C'})"
            write_failure_note(out, message, as_of=opts.as_of)
            if opts.history is not None and site_key:
                try:
                    with History(opts.history) as h:
                        h.record_failure(site_key, start_url, opts.as_of, message)
                except ToolError as hist_exc:
                    print(f"zwgk: {_safe(str(hist_exc))}", file=sys.stderr)
            raise


def _safe(text: str) -> str:
    """Text for the terminal: the characters a terminal would act on (escape sequences,
    carriage returns, C1 controls …) removed (contracts.report.clean_text)."""
    from contracts.report import clean_text

    return clean_text(text)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def _print_summary(report, paths: list[Path]) -> None:
    s = report.summary
    sev = " · ".join(f"{name_zh} {name} {s.by_severity.get(name, 0)}"
                     for name, name_zh in (("critical", "严重"), ("error", "错误"),
                                           ("warning", "警告"), ("info", "提示")))
    st = s.by_status
    print(f"站点 site: {report.site}   检查日期 as of: {report.as_of.isoformat()}")
    print(f"页面 pages: {s.pages_crawled}   链接 links: {s.links_checked}   规则 rules: {s.rules_run}")
    if report.coverage is not None and not report.coverage.complete:
        print(f"覆盖 coverage: {report.coverage.percent:g}% — {report.coverage.text}")
    print(f"问题 failures: {sev}")
    print(f"无法评估 could not evaluate: {st.get('could_not_evaluate', 0)}   "
          f"不适用 n/a: {st.get('not_applicable', 0)}   规则错误 rule errors: {st.get('error', 0)}")
    per_task = [f"任务{t.number} {t.counts.get('fail', 0)}" for t in report.tasks if t.counts.get("fail", 0)]
    print(f"按任务 by task: {' · '.join(per_task) if per_task else '无问题 none'}")
    if s.pages_crawled == 0:
        verdict = "未能检查 NOT AUDITED（没有抓取到页面 no pages）"
    elif s.gate_failed:
        verdict = "未通过 FAILED"
    elif s.partial:
        verdict = "不作结论 NO VERDICT（抓取未完成 the crawl did not finish）"
    else:
        verdict = "通过 passed"
    d = report.diff
    print(f"变化 changes: 新增 new {d.new} · 复现 regressed {d.regressed} · 持续 open {d.open} · "
          f"已整改 resolved {d.resolved} · 未复查 unchecked {d.unchecked} · 已豁免 waived {d.waived}")
    if s.partial:
        print("部分检查 PARTIAL: " + "；".join(s.partial_reasons))
    if report.score is not None:
        sc = report.score
        print(f"检查指标 score: {sc.score:g}/{sc.total:g} {sc.verdict}"
              + (f"（单项否决 vetoes: {', '.join(sc.vetoes)}）" if sc.vetoes else "")
              + (f"；政务新媒体 new media: {sc.newmedia_verdict}" if sc.newmedia_verdict else "")
              + (f"（{', '.join(sc.newmedia_vetoes)}）" if sc.newmedia_vetoes else ""))
        if s.manual:
            print(f"人工核查 manual checks: {s.manual}（见各任务 see the task sections）")
    print(f"结论 gate (--fail-on {s.fail_on}): {verdict}")
    print("报告 reports:")
    for p in paths:
        print(f"  {p}")


def _want_md(args) -> bool:
    import os

    return bool(getattr(args, "summary_md", False) or os.environ.get("CI"))


def _finish(site, report, paths: list[Path], *, gate: bool = True, args=None) -> int:
    """Print the summary (the report is cleaned: no page text can drive the terminal) and
    return the exit code: 3 when --min-coverage is set and the run covered less (could not
    audit, whatever the gaps); 2 when the gate failed; 3 for a partial run that did not fail the
    gate (could not audit: no pass verdict can be given); else 0."""
    _print_summary(report, paths)
    if args is not None and _want_md(args):
        from reports.markdown_report import render_markdown

        print()
        sys.stdout.write(_safe(render_markdown(report)))
    from auditor.coverage import below_minimum

    if gate and below_minimum(report.coverage, getattr(args, "min_coverage", None)):
        print(f"zwgk: 覆盖不足 / coverage below --min-coverage {args.min_coverage:g}%: "
              f"{report.coverage.percent:g}% of the links in scope were checked; the audit is incomplete "
              f"(exit {EXIT_COVERAGE})", file=sys.stderr)
        return EXIT_COVERAGE
    if gate and report.summary.gate_failed:
        return EXIT_GATE
    if report.summary.partial:
        print("zwgk: 抓取未完成，不作通过结论 / the crawl did not finish, so no pass verdict is given: "
              + "; ".join(report.summary.partial_reasons), file=sys.stderr)
        return EXIT_COVERAGE if gate else EXIT_OK
    return EXIT_OK


def _crawl(url: str, run_dir: Path, *, max_pages: int, external_hosts: list[str] | None,
           timeout: float | None = None, cache_dir: str | None = None, seeds: list[str] | None = None,
           args=None) -> Path:
    from auditor.pipeline import crawl

    distributed = crawl_fn(args)  # --redis: distributed workers (auditor.distributed)
    if distributed is not None:
        # The distributed crawl has no HTTP cache: an explicit --cache-dir is refused in
        # _cmd_audit, a profile's cache_dir is not used.
        return distributed(url, run_dir, max_pages=max_pages, external_hosts=external_hosts, timeout=timeout)
    return crawl(url, run_dir, max_pages=max_pages, external_hosts=external_hosts, timeout=timeout,
                 cache_dir=cache_dir, seeds=seeds)


# ---------------------------------------------------------------------------------------------
# Subcommands


def _cmd_audit(args, injected_rules) -> int:
    from urllib.parse import urlsplit

    profile = _profile_site(args, injected_rules)
    sp = profile[0]
    url = args.url or (sp.start_url if sp is not None else None)
    if not url:
        raise UsageError("give the start URL, or --profile FILE [--site NAME] whose site has a start_url")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"URL must be an http(s) address like https://www.example.gov.cn/, got {url!r}")
    from auditor.pipeline import audit_site
    from contracts import SiteScope

    out = _check_out(Path(args.out))
    run_dir = Path(args.run_dir) if args.run_dir else out / "crawl"
    from auditor.coverage import DEFAULT_MAX_PAGES, DEFAULT_TIME_BUDGET

    max_pages = args.max_pages or (sp.max_pages if sp is not None else DEFAULT_MAX_PAGES)
    time_budget = args.time_budget or (sp.timeout if sp is not None and sp.timeout else DEFAULT_TIME_BUDGET)
    external = args.external_hosts if args.external_hosts is not None else (sp.external_hosts if sp else None)
    opts = _audit_options(args, injected_rules, profile if sp is not None else None)  # waivers read before the crawl
    from auditor.pipeline import load_inputs

    load_inputs(opts, injected_rules)  # plan, mapping, scoring, baseline: checked before the crawl too
    url = url.strip()

    from auditor.options import resolve_path

    if args.cache_dir and getattr(args, "redis", None):
        raise UsageError("--cache-dir cannot be used with --redis: the distributed crawl has no HTTP cache")
    cache_dir = args.cache_dir or resolve_path(profile[1], sp.cache_dir if sp is not None else None)

    def body():
        print(_safe(f"抓取 crawling {url} → {run_dir}" + (f"（配置 profile site {sp.name}）" if sp else "")),
              flush=True)
        folder = _crawl(url, run_dir, max_pages=max_pages, external_hosts=external, timeout=time_budget,
                        cache_dir=cache_dir, seeds=[s.strip() for s in getattr(args, "seeds", None) or []],
                        args=args)
        site = _load_run(folder)
        opts.run_dir = folder  # findings cite the crawl's WARC records (auditor.archive)
        return site, *audit_site(site, opts, injected_rules)

    site, report, paths = _run_guarded(out, opts, opts.site_name or SiteScope.of(url).key, url, body)
    return _finish(site, report, paths, args=args)


def _cmd_check(args, injected_rules) -> int:
    from auditor.pipeline import audit_site

    profile = _profile_site(args, injected_rules)
    out = _check_out(Path(args.out))
    opts = _audit_options(args, injected_rules, profile if profile[0] is not None else None)

    def body():
        folder = Path(args.run_dir)
        if args.reextract:
            from auditor.archive import reextract

            _load_run(folder)  # a readable crawl first
            print(_safe(f"重新抽取 re-extracting {folder} from its WARC archive (no network)"), flush=True)
            folder = reextract(folder)
            print(_safe(f"  → {folder}"), flush=True)
        site = _load_run(folder)
        opts.run_dir = folder  # findings cite the crawl's WARC records (auditor.archive)
        return site, *audit_site(site, opts, injected_rules)

    site, report, paths = _run_guarded(out, opts, opts.site_name or _run_scope(Path(args.run_dir)),
                                       str(args.run_dir), body)
    return _finish(site, report, paths, args=args)


def _cmd_nightly(args, injected_rules) -> int:
    from auditor.nightly import run_nightly

    return run_nightly(args.profile, as_of=_as_of(args), only_sites=args.sites, progress=args.progress,
                       injected_rules=injected_rules, crawl_fn=crawl_fn(args))


def _cmd_history(args, injected_rules) -> int:
    from auditor.history import DEFAULT_NAME, RUNS_HEADERS, History, iter_runs_table

    db = Path(args.db) if args.db else Path(DEFAULT_NAME)
    if not db.exists():
        raise ToolError(f"历史数据库不存在 / history database not found: {db}")
    with History(db) as h:
        rows = h.runs(args.site, limit=args.limit)
    if not rows:
        print("没有检查记录 / no runs recorded" + (f" for {args.site}" if args.site else ""))
        return EXIT_OK
    _print_table(iter_runs_table(rows), RUNS_HEADERS)
    return EXIT_OK


def _cmd_plan_help(args, injected_rules) -> int:
    args.plan_parser.print_help()
    return EXIT_TOOL


def _cmd_plan_parse(args, injected_rules) -> int:
    from auditor.plan.parse import PlanParseError, parse_plan_file, plan_to_yaml

    try:
        plan = parse_plan_file(args.file)
    except PlanParseError as exc:
        raise ToolError(f"方案解析失败 / cannot parse the plan: {exc}") from None
    text = plan_to_yaml(plan)
    if args.output:
        from reports.atomic import write_atomic

        try:
            write_atomic(args.output, text)
        except OSError as exc:
            raise ToolError(f"无法写入 / cannot write {args.output}: {exc}") from None
        print(f"已解析 parsed {len(plan.tasks)} 项任务 tasks → {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_report_schema(args, injected_rules) -> int:
    from reports.json_report import schema_json

    text = schema_json()
    if args.output:
        from reports.atomic import write_atomic

        try:
            write_atomic(args.output, text)
        except OSError as exc:
            raise ToolError(f"无法写入 / cannot write {args.output}: {exc}") from None
        print(f"已写入 written: {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_rules(args, injected_rules) -> int:
    try:
        from rules import catalogue
    except Exception as exc:  # noqa: BLE001
        raise ToolError(f"规则目录不可用 / rule catalogue not available: {type(exc).__name__}: {exc}") from None
    rules = list(injected_rules) if injected_rules is not None else None
    try:
        if args.markdown or args.output:
            from auditor.plan import load_plan

            md = catalogue.render_markdown(rules, plan=load_plan())
        else:
            table = list(catalogue.rows(rules))
    except ToolError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken registry is a tool failure
        raise ToolError(f"规则加载失败 / could not load the rules: {type(exc).__name__}: {exc}") from None
    if args.markdown or args.output:
        md = md if md.endswith("\n") else md + "\n"
        if args.output:
            from reports.atomic import write_atomic

            try:
                path = write_atomic(args.output, md)
            except OSError as exc:
                raise ToolError(f"无法写入 / cannot write {args.output}: {exc}") from None
            print(f"已写入 written: {path}")
        else:
            sys.stdout.write(md)
        return EXIT_OK
    _print_table(table, list(getattr(catalogue, "HEADERS", ())))
    return EXIT_OK


def _cell(v: Any) -> str:
    """A table cell for the terminal (history errors may quote crawled text: cleaned)."""
    if isinstance(v, (list, tuple)):
        return _safe(",".join(str(x) for x in v))
    if hasattr(v, "value"):
        return _safe(str(v.value))
    return "" if v is None else _safe(str(v)).replace("\n", " ")


def _print_table(rows: list, headers: list[str]) -> None:
    if not rows:
        print("(no rules)")
        return
    if isinstance(rows[0], dict):
        headers = list(rows[0].keys())
        table = [[_cell(r.get(h)) for h in headers] for r in rows]
    else:
        table = [[_cell(c) for c in r] for r in rows]
        if headers and len(headers) != len(table[0]):
            headers = []
    widths = [max(_width(c) for c in col) for col in zip(*([headers] if headers else []), *table)]
    if headers:
        print("  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip())
        print("  ".join("-" * w for w in widths))
    for r in table:
        print("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, *, rules: Sequence | None = None) -> int:
    """Run the CLI. `rules` replaces the registered rules (for embedding and tests)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        print(f"zwgk: 参数错误 / usage error: {_safe(str(exc))}", file=sys.stderr)
        return EXIT_TOOL
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_TOOL
    try:
        return args.func(args, rules)
    except UsageError as exc:
        print(f"zwgk: 参数错误 / usage error: {_safe(str(exc))}", file=sys.stderr)
        return EXIT_TOOL
    except ToolError as exc:
        print(f"zwgk: 错误 / error: {_safe(str(exc))}", file=sys.stderr)
        return EXIT_TOOL
    except KeyboardInterrupt:
        print("zwgk: 已中断 / interrupted", file=sys.stderr)
        return EXIT_TOOL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
