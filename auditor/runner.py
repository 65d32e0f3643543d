"""Run rules over one site's artifacts and stamp each result with its plan task and fingerprint.

Rules are pure; this module adds what only the auditor knows:

* the options each rule runs with (`meta.options` merged with per-site overrides, checked);
* crash isolation (via `rules.base.run_rule`: a crashing rule becomes one ERROR finding);
* `Finding.task`: kept when the rule set it, else the rule's first `plan_tasks` entry;
* `Finding.fingerprint`: a stable id for one gap, the same across runs of the same site
  (in-site URLs are reduced to path + query, so a sample server on another port or the
  site moved behind another host name still gives the same fingerprints).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from contracts import Finding, SiteArtifacts, Status

from rules.base import Rule, RuleContext, run_rule


class OptionError(ValueError):
    """A per-rule option override that does not fit the rule (unknown rule or option, wrong type)."""


# ---------------------------------------------------------------------------------------------
# Options


def _type_ok(default: Any, value: Any) -> bool:
    """Loose type check of an override against the option's default value."""
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    if isinstance(default, dict):
        return isinstance(value, dict)
    return True


def merge_options(rule: Rule, override: Mapping[str, Any] | None) -> dict[str, Any]:
    """`rule.meta.options` with `override` applied; unknown names or wrong types raise OptionError."""
    meta = rule.meta
    merged = dict(meta.options)
    for name, value in (override or {}).items():
        if name not in meta.options:
            known = ", ".join(sorted(meta.options)) or "none"
            raise OptionError(
                f"rule {meta.id} has no option {name!r} (its options: {known})"
            )
        default = meta.options[name]
        if not _type_ok(default, value):
            raise OptionError(
                f"rule {meta.id} option {name!r} expects a {type(default).__name__} "
                f"like {default!r}, got {value!r}"
            )
        merged[name] = value
    return merged


def check_overrides(rules: Sequence[Rule], overrides: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """Validate every override before anything runs; return the merged options per rule id."""
    by_id = {r.meta.id: r for r in rules}
    overrides = overrides or {}
    for rule_id, opts in overrides.items():
        if rule_id not in by_id:
            known = ", ".join(sorted(by_id))
            raise OptionError(f"options given for unknown rule {rule_id!r} (rules: {known})")
        if not isinstance(opts, Mapping):
            raise OptionError(f"options for rule {rule_id} must be a mapping of option: value, got {opts!r}")
    return {rid: merge_options(r, overrides.get(rid)) for rid, r in by_id.items()}


# ---------------------------------------------------------------------------------------------
# Fingerprints


def normalise_url(url: str | None, site_netloc: str) -> str:
    """A URL reduced to what identifies it across runs.

    In-site URLs (same netloc as the start URL, or a relative URL) → ``/path?query``;
    other URLs → ``scheme://host[:port]/path?query`` with scheme and host lower-cased.
    The fragment is dropped; an empty path is ``/``. Non-http URLs (javascript:, mailto:)
    are kept as written, stripped.
    """
    if not url:
        return ""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return url
    path = parts.path or "/"
    tail = path + (f"?{parts.query}" if parts.query else "")
    netloc = _strip_default_port(parts.netloc, scheme)
    if not netloc or netloc == _strip_default_port(site_netloc, scheme):
        return tail
    return f"{scheme}://{netloc}{tail}"


def _strip_default_port(netloc: str, scheme: str) -> str:
    netloc = netloc.lower()
    for sch, port in (("http", ":80"), ("https", ":443")):
        if scheme == sch and netloc.endswith(port):
            return netloc[: -len(port)]
    return netloc


# Evidence keys that name *which* gap a result is when one rule reports several on the same
# page with no target (COL001: one per missing column, IDN001: one per missing identifier).
# ("group": the cause and column / host of a grouped could-not-evaluate result, LNK00x.)
# Only these enter the fingerprint: other evidence (dates, counts, HTTP status, link text)
# changes from run to run without the gap changing.
IDENTITY_KEYS: tuple[str, ...] = ("column", "identifier", "requirement", "item", "account", "field", "group")


def _identity(f: Finding) -> str:
    for key in IDENTITY_KEYS:
        value = f.evidence.get(key)
        if value is not None and not isinstance(value, (dict, list)):
            return f"{key}={value}"
    return ""


def fingerprint_key(f: Finding, site_netloc: str) -> str:
    """rule + normalised page URL + normalised target (+ the evidence key naming the gap)."""
    return "\x1f".join([
        f.rule,
        normalise_url(f.url, site_netloc),
        normalise_url(f.target, site_netloc),
        _identity(f),
    ])


def assign_fingerprints(findings: Sequence[Finding], site_netloc: str) -> list[Finding]:
    """Give every finding a sha1 fingerprint of `fingerprint_key`.

    Two results of one run with the same key (a rule reporting the same page and target
    twice) get an occurrence number, in result order, so fingerprints stay unique.
    """
    keys = [fingerprint_key(f, site_netloc) for f in findings]
    counts = Counter(keys)
    seen: Counter[str] = Counter()
    out = []
    for f, k in zip(findings, keys):
        if counts[k] > 1:
            seen[k] += 1
            if seen[k] > 1:
                k = f"{k}\x1e#{seen[k]}"
        fp = hashlib.sha1(k.encode("utf-8")).hexdigest()
        out.append(f.model_copy(update={"fingerprint": fp}))
    return out


# ---------------------------------------------------------------------------------------------
# Running


def _pages_missing(rule: Rule, site: SiteArtifacts) -> Finding | None:
    """A rule that needs pages cannot judge a crawl that has none: say so instead of passing."""
    if "pages" in rule.meta.requires and not site.pages:
        return Finding(
            rule=rule.meta.id,
            status=Status.could_not_evaluate,
            severity=rule.meta.severity,
            message="抓取结果中没有页面，无法评估本规则",
            evidence={"missing_artifact": "pages"},
        )
    return None


def _run_one(rule: Rule, site: SiteArtifacts, ctx: RuleContext) -> list[Finding]:
    missing = _pages_missing(rule, site)
    if missing is not None:
        return [missing]
    out: list[Finding] = []
    for f in run_rule(rule, site, ctx):
        if not isinstance(f, Finding):
            return [Finding(
                rule=rule.meta.id,
                status=Status.error,
                severity=rule.meta.severity,
                message=f"规则执行出错：返回了非 Finding 对象（{type(f).__name__}）",
                evidence={"exception": "TypeError", "detail": f"yielded {type(f).__name__}"},
            )]
        out.append(f)
    return out


def _stamp_task(f: Finding, rule: Rule, task_map=None) -> Finding:
    if task_map is not None:
        task = task_map.task_for(rule.meta, f.task)
        return f if task == f.task else f.model_copy(update={"task": task})
    if f.task is not None:
        return f
    return f.model_copy(update={"task": rule.meta.plan_tasks[0]})


def run_rules(
    site: SiteArtifacts,
    as_of: dt.date,
    rules: Iterable[Rule] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    task_map=None,
) -> list[Finding]:
    """Run `rules` (default: every registered rule) over `site`; return every result.

    Passes are included (the report counts them). Overrides are checked before any
    rule runs: an unknown rule id or option name raises OptionError naming both.
    `task_map` (auditor.plan.mapping.TaskMap) maps each rule to the tasks of another plan.
    """
    if rules is None:
        from rules import all_rules

        rules = all_rules()
    rules = list(rules)
    options = check_overrides(rules, overrides)
    site_netloc = urlsplit(site.crawl.start_url).netloc

    results: list[Finding] = []
    for rule in rules:
        ctx = RuleContext(as_of=as_of, options=options[rule.meta.id])
        results.extend(_stamp_task(f, rule, task_map) for f in _run_one(rule, site, ctx))
    return assign_fingerprints(results, site_netloc)


__all__ = ["run_rules", "OptionError", "merge_options", "check_overrides", "normalise_url", "assign_fingerprints",
           "fingerprint_key", "IDENTITY_KEYS"]
