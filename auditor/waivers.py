"""Waivers: accepted gaps, hidden from the gate until they expire.

File format (YAML; a list, or a mapping with a `waivers` list):

    waivers:
      - fingerprint: 3f1c...            # one exact finding
        reason: 外链单位网站改版中，已函告
        expires: 2026-12-31
      - rule: LNK003                    # every finding of a rule whose page or target URL matches
        url_pattern: "http://www.example-city.gov.cn/*"   # glob; "re:..." for a regular expression
        reason: 上级网站迁移
        expires: 2027-01-31

A waiver is active while as_of <= expires; after that the finding counts again and the
report says the waiver expired. Waived findings stay in every report, marked 已豁免.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from pathlib import Path
from typing import Iterable

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from contracts.findings import Finding, Status
from contracts.report import WaiverRef

from .errors import ToolError, pydantic_problems
from .yamlsafe import BadYamlDate, load_yaml
from .runner import normalise_url


class WaiverError(ToolError):
    """A waivers file that cannot be read or validated."""


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fingerprint: str | None = None
    rule: str | None = None
    url_pattern: str | None = None
    reason: str = Field(min_length=1)
    expires: dt.date

    @field_validator("fingerprint")
    @classmethod
    def _fp(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[0-9a-f]{40}", v.strip().lower()):
            raise ValueError("must be the 40-character hex fingerprint shown in the report")
        return v.strip().lower() if v else v

    @field_validator("rule")
    @classmethod
    def _rule(cls, v: str | None) -> str | None:
        return v.strip().upper() if v else v

    @field_validator("url_pattern")
    @classmethod
    def _pattern(cls, v: str | None) -> str | None:
        if v is not None and v.startswith("re:"):
            try:
                re.compile(v[3:])
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return v

    @model_validator(mode="after")
    def _target(self) -> "Waiver":
        if not self.fingerprint and not self.rule:
            raise ValueError("give a fingerprint, or a rule (with an optional url_pattern)")
        if self.fingerprint and (self.rule or self.url_pattern):
            raise ValueError("give either fingerprint or rule + url_pattern, not both")
        if self.url_pattern and not self.rule:
            raise ValueError("url_pattern needs a rule")
        return self

    def url_matches(self, url: str | None, site_netloc: str) -> bool:
        if not self.url_pattern:
            return True
        if not url:
            return False
        candidates = {url, normalise_url(url, site_netloc)}
        if self.url_pattern.startswith("re:"):
            rx = re.compile(self.url_pattern[3:])
            return any(rx.search(c) for c in candidates)
        return any(fnmatch.fnmatchcase(c, self.url_pattern) for c in candidates)

    def matches(self, f: Finding, site_netloc: str) -> bool:
        if self.fingerprint:
            return f.fingerprint == self.fingerprint
        if f.rule != self.rule:
            return False
        return self.url_matches(f.url, site_netloc) or self.url_matches(f.target, site_netloc)

    def ref(self, as_of: dt.date) -> WaiverRef:
        return WaiverRef(reason=self.reason, expires=self.expires,
                         matched_by="fingerprint" if self.fingerprint else "rule",
                         pattern=self.url_pattern, expired=as_of > self.expires)


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waivers: list[Waiver] = Field(default_factory=list)


def parse_waivers(raw, where: str = "waivers") -> list[Waiver]:
    """Validate already-loaded YAML data (a list or {waivers: [...]})."""
    if raw is None:
        return []
    if isinstance(raw, list):
        raw = {"waivers": raw}
    if not isinstance(raw, dict):
        raise WaiverError(f"{where}: expected a list of waivers or a mapping with 'waivers', got {type(raw).__name__}")
    try:
        return WaiverFile.model_validate(raw).waivers
    except ValidationError as exc:
        raise WaiverError(f"{where}: {pydantic_problems(exc)}") from None


def load_waivers(path: str | Path) -> list[Waiver]:
    p = Path(path)
    try:
        raw = load_yaml(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WaiverError(f"{p}: waivers file not found") from None
    except BadYamlDate as exc:
        raise WaiverError(f"{p}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverError(f"{p}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise WaiverError(f"{p}: not valid YAML: {exc}") from None
    return parse_waivers(raw, str(p))


def find_waiver(f: Finding, waivers: Iterable[Waiver], site_netloc: str, as_of: dt.date) -> WaiverRef | None:
    """The waiver for a FAIL finding: an active one first, else an expired one (shown as expired)."""
    if f.status is not Status.fail:
        return None
    matched = [w for w in waivers if w.matches(f, site_netloc)]
    active = [w for w in matched if as_of <= w.expires]
    if active:
        return max(active, key=lambda w: w.expires).ref(as_of)
    if matched:
        return max(matched, key=lambda w: w.expires).ref(as_of)
    return None


__all__ = ["Waiver", "WaiverError", "load_waivers", "parse_waivers", "find_waiver"]
