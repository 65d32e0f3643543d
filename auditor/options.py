"""The one place that builds an audit's options (AuditOptions) from the command line, the
site profile and the defaults, for `zwgk audit`, `zwgk check` and `zwgk nightly` alike.

    opts = build_options(as_of=day, out=folder, site=site_profile, base=profile_folder,
                         plan=args.plan, overrides=parse_settings(args.settings, rules, known))

Precedence: a value given on the command line, else the site profile's, else the default.
Paths in a profile are relative to the profile's folder (resolve_path, the only resolver);
command-line paths are taken as given. `rules:` of the profile are merged under the
command line's `--set` options, rule by rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from .errors import UsageError
from .pipeline import AuditOptions


def resolve_path(base: Path | None, value: str | None) -> str | None:
    """A profile's path: absolute as given, relative to the profile's folder `base`."""
    if value is None or base is None:
        return value
    p = Path(value)
    return str(p if p.is_absolute() else base / p)


def _coerce(raw: str, default: Any) -> Any:
    """An option value from the command line, typed like the option's default."""
    if isinstance(default, str):
        return raw
    import yaml

    try:
        return yaml.safe_load(raw) if raw else raw
    except yaml.YAMLError:
        return raw


def _overrides(rules: Sequence, settings: list[tuple[str, str, str]]) -> dict[str, dict[str, Any]]:
    by_id = {r.meta.id: r for r in rules}
    out: dict[str, dict[str, Any]] = {}
    for rule_id, option, raw in settings:
        default = by_id[rule_id].meta.options.get(option) if rule_id in by_id else None
        out.setdefault(rule_id, {})[option] = _coerce(raw, default)
    return out


def parse_settings(settings: list[tuple[str, str, str]], injected_rules: Sequence | None,
                   only: list[str] | None) -> dict[str, dict[str, Any]]:
    """`--set RULE.option=value` triples as rule options, typed like each option's default and
    validated against the rules' metadata (a bad one is a UsageError)."""
    from .pipeline import load_rules
    from .rule_options import RuleOptionsError, validate_rule_options

    cli = _overrides(load_rules(injected_rules, only), settings)
    if cli:
        from .profile import known_rule_metas

        known = known_rule_metas(injected_rules)
        try:
            cli = validate_rule_options(cli, known) if known is not None else cli
        except RuleOptionsError as exc:
            raise UsageError(f"--set: {exc}") from None
    return cli


def build_options(*, as_of: dt.date, out: Path, site=None, base: Path | None = None,
                  fail_on: str | None = None, plan: str | None = None, mapping: str | None = None,
                  scoring: str | None = None, only: list[str] | None = None,
                  overrides: dict[str, dict[str, Any]] | None = None, waivers_file: str | None = None,
                  extra_json: str | None = None, history: Path | None = None, baseline: str | None = None,
                  site_name: str = "") -> AuditOptions:
    """AuditOptions from the command line's values (None / empty: not given), over the site
    profile `site` (a profile.SiteProfile read from the folder `base`), over the defaults."""
    from .waivers import load_waivers

    merged = {k: dict(v) for k, v in (site.rules if site is not None else {}).items()}
    for rule_id, opts in (overrides or {}).items():
        merged.setdefault(rule_id, {}).update(opts)
    if waivers_file:
        waivers = load_waivers(waivers_file)
    elif site is not None and isinstance(site.waivers, str):
        waivers = load_waivers(resolve_path(base, site.waivers))
    elif site is not None:
        waivers = list(site.waivers or [])
    else:
        waivers = []
    return AuditOptions(
        as_of=as_of, out=Path(out),
        fail_on=fail_on or (site.fail_on if site is not None else "error"),
        plan=plan or resolve_path(base, site.plan if site else None),
        mapping=mapping or resolve_path(base, site.mapping if site else None),
        scoring=scoring or resolve_path(base, site.scoring if site else None),
        only=only, overrides=merged, extra_json=extra_json,
        history=history, baseline=baseline, waivers=waivers,
        site_name=site_name or (site.name if site is not None else ""),
    )
