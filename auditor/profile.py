"""Site profile: the sites to audit and how (YAML, validated; errors name the field).

Used by `zwgk nightly PROFILE` (every site) and by `zwgk audit|check --profile PROFILE --site NAME`
(one site). `rules:` sets rule options per site; they are checked against each rule's options
(auditor.rule_options) when the profile is loaded, so a typo fails at once with its path:
`sites[0].rules.IDN003.superior_hosts: …`.

    out: /var/lib/zwgk            # report folders and the history (relative: to this file)
    history: zwgk-history.sqlite  # default: <out>/zwgk-history.sqlite
    keep_runs: 14                 # run folders kept per site (the latest good one always stays)
    sites:
      - name: baicheng-kfq
        title: 白城经济开发区门户网站  # shown in the roll-up and the 通报 (default: name)
        start_url: https://www.example.gov.cn/
        external_hosts: [www.gov.cn]
        max_pages: 200000
        fail_on: new              # a severity, new or new:SEVERITY
        organ_type: department    # government (县级以上人民政府) or department (部门, 派出机构, 乡镇)
        rules: {COL002: {dynamic_days: 30}, IDN003: {superior_hosts: [www.jl.gov.cn]}}
        waivers: waivers.yaml     # a file (relative to this file) or a list of waiver entries
    rollup:                       # the roll-up over all sites (auditor.rollup.RollupSettings)
      issuer: 白城市人民政府办公室
      base_url: https://zwgk.example.gov.cn/nightly/
    webhooks:                     # notified after each nightly run (auditor.notify.Webhook)
      - {kind: wecom, url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send, token_env: ZWGK_WECOM_KEY}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ToolError, pydantic_problems
from .notify import Webhook
from .rollup import RollupSettings
from .yamlsafe import BadYamlDate, load_yaml
from .waivers import Waiver


class ProfileError(ToolError):
    pass


class SiteProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    start_url: str
    title: str = ""  # the site's name for people (roll-up, 通报), e.g. 白城经济开发区门户网站; default: name
    external_hosts: list[str] | None = None
    max_pages: int = Field(default=200_000, ge=1)  # a safety limit: the whole site is crawled
    timeout: float | None = Field(default=None, gt=0)  # seconds for the crawl
    # HTTP cache kept between runs (crawler.run --cache-dir: every page revalidated with a
    # conditional request). Relative to the profile's folder. Nightly default: OUT/<site>/cache.
    cache_dir: str | None = None
    fail_on: str = "error"
    plan: str | None = None
    mapping: str | None = None
    scoring: str | None = None
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)  # option overrides per rule id
    waivers: str | list[Waiver] | None = None
    # Who runs the site; rules whose deadlines depend on it get it as their `body_type` option
    # (an explicit `rules: {AR001: {body_type: …}}` wins). Unset: rules infer it (rules/organ.py).
    organ_type: Literal["government", "department"] | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", v):
            raise ValueError("use letters, digits, '.', '_' or '-' (it names a folder), e.g. baicheng-kfq")
        return v

    @field_validator("start_url")
    @classmethod
    def _url(cls, v: str) -> str:
        parts = urlsplit(v.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"must be an http(s) URL like https://www.example.gov.cn/, got {v!r}")
        return v.strip()

    @field_validator("fail_on")
    @classmethod
    def _fail_on(cls, v: str) -> str:
        from .build import fail_on_text

        return fail_on_text(v)

    @field_validator("rules")
    @classmethod
    def _rules(cls, v: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {k.strip().upper(): opts for k, opts in v.items()}


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    out: str = "zwgk-nightly"
    history: str | None = None
    keep_runs: int = Field(default=14, ge=1)
    sites: list[SiteProfile] = Field(min_length=1)
    rollup: RollupSettings = Field(default_factory=RollupSettings)
    webhooks: list[Webhook] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> "Profile":
        names = [s.name for s in self.sites]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"site names must be unique: {', '.join(dupes)}")
        return self


def known_rule_metas(extra: Iterable | None) -> list | None:
    """The rules an override may name: the registry plus `extra` (injected rules); None when
    neither is available (the options are then checked when the rules run)."""
    metas = [getattr(r, "meta", r) for r in (extra or [])]
    try:
        from rules import all_rules

        metas += [r.meta for r in all_rules()]
    except Exception:  # noqa: BLE001 - a broken registry fails the run later, with its own message
        if not metas:
            return None
    return metas


def load_profile(path: str | Path, rules: Iterable | None = None) -> tuple[Profile, Path]:
    """The validated profile and the folder relative paths in it are resolved against.

    Each site's `rules:` overrides are checked against the registered rules (plus `rules`,
    e.g. injected test rules) and normalised (YAML dates → ISO strings, host names lower-cased).
    """
    p = Path(path)
    try:
        raw = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{p}: profile not found") from None
    except BadYamlDate as exc:
        raise ProfileError(f"{p}: {exc}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{p}: cannot read profile: {exc}") from None
    if not isinstance(raw, dict):
        raise ProfileError(f"{p}: a profile is a mapping with 'sites'")
    try:
        profile = Profile.model_validate(raw)
    except ValidationError as exc:
        raise ProfileError(f"{p}: {pydantic_problems(exc)}") from None
    known = known_rule_metas(rules)
    if known is not None:
        from .rule_options import RuleOptionsError, validate_rule_options

        problems = []
        for i, site in enumerate(profile.sites):
            try:
                site.rules = validate_rule_options(site.rules, known)
            except RuleOptionsError as exc:
                problems += [f"sites[{i}].rules.{problem}" for problem in exc.problems]
        if problems:
            raise ProfileError(f"{p}: " + "; ".join(problems))
    for site in profile.sites:
        site.rules = organ_type_options(site.organ_type, site.rules, known)
    return profile, p.resolve().parent


#: The rule option a site's organ_type sets.
ORGAN_TYPE_OPTION = "body_type"


def organ_type_options(organ_type: str | None, overrides: dict[str, dict[str, Any]],
                       metas: Iterable | None) -> dict[str, dict[str, Any]]:
    """`overrides` with the organ type given to every rule that has a `body_type` option
    (AR001 …), unless the site already set that option itself."""
    if organ_type is None:
        return overrides
    ids = [m.id for m in metas if ORGAN_TYPE_OPTION in m.options] if metas is not None else ["AR001"]
    out = {k: dict(v) for k, v in overrides.items()}
    for rule_id in ids:
        out.setdefault(rule_id, {}).setdefault(ORGAN_TYPE_OPTION, organ_type)
    return out


def select_site(profile: Profile, name: str | None, source: str | Path = "profile") -> SiteProfile:
    """The site called `name`; without a name, the profile's only site."""
    names = [s.name for s in profile.sites]
    if name is None:
        if len(profile.sites) == 1:
            return profile.sites[0]
        raise ProfileError(f"{source}: the profile has {len(names)} sites; choose one with --site "
                           f"({', '.join(names)})")
    for site in profile.sites:
        if site.name == name:
            return site
    raise ProfileError(f"--site: no site named {name!r} in {source} (sites: {', '.join(names)})")


__all__ = ["Profile", "SiteProfile", "ProfileError", "load_profile", "select_site", "known_rule_metas"]
