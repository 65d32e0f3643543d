"""Nightly profile: the sites to audit and how (YAML, validated; errors name the field).

    out: /var/lib/zwgk            # report folders and the history (relative: to this file)
    history: zwgk-history.sqlite  # default: <out>/zwgk-history.sqlite
    keep_runs: 14                 # run folders kept per site (the latest good one always stays)
    sites:
      - name: baicheng-kfq
        start_url: https://www.example.gov.cn/
        external_hosts: [www.gov.cn]
        max_pages: 5000
        fail_on: new              # a severity, new or new:SEVERITY
        rules: {COL002: {dynamic_days: 30}}
        waivers: waivers.yaml     # a file (relative to this file) or a list of waiver entries
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ToolError, pydantic_problems
from .waivers import Waiver


class ProfileError(ToolError):
    pass


class SiteProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    start_url: str
    external_hosts: list[str] | None = None
    max_pages: int = Field(default=5000, ge=1)
    timeout: float | None = Field(default=None, gt=0)  # seconds for the crawl
    fail_on: str = "error"
    plan: str | None = None
    mapping: str | None = None
    scoring: str | None = None
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)  # option overrides per rule id
    waivers: str | list[Waiver] | None = None

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

    @model_validator(mode="after")
    def _unique(self) -> "Profile":
        names = [s.name for s in self.sites]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"site names must be unique: {', '.join(dupes)}")
        return self


def load_profile(path: str | Path) -> tuple[Profile, Path]:
    """The validated profile and the folder relative paths in it are resolved against."""
    p = Path(path)
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{p}: profile not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{p}: cannot read profile: {exc}") from None
    if not isinstance(raw, dict):
        raise ProfileError(f"{p}: a profile is a mapping with 'sites'")
    try:
        return Profile.model_validate(raw), p.resolve().parent
    except ValidationError as exc:
        raise ProfileError(f"{p}: {pydantic_problems(exc)}") from None


__all__ = ["Profile", "SiteProfile", "ProfileError", "load_profile"]
