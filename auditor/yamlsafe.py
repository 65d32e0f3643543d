"""YAML loading for operator files (profiles, waivers, baselines) with one clear message.

PyYAML turns an unquoted date into a `datetime.date` while parsing, so an impossible date
(``expires: 2026-02-30``) raises a bare ValueError ("day is out of range for month"), not a
YAMLError, and says nowhere which field it was. `load_yaml` reports it as a BadYamlDate that
names the field: ``waivers[0].expires: impossible date 2026-02-30 (day is out of range for month)``.
"""

from __future__ import annotations

from typing import Any

import yaml

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class BadYamlDate(ValueError):
    """An impossible date in a YAML file; the message names the field."""


class _NoDates(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings (to find the one that is impossible)."""


_NoDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _path(parts: list) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def _find_bad_date(node: Any, parts: list) -> tuple[str, str, str] | None:
    if isinstance(node, dict):
        for k, v in node.items():
            hit = _find_bad_date(v, parts + [k])
            if hit:
                return hit
    elif isinstance(node, list):
        for i, v in enumerate(node):
            hit = _find_bad_date(v, parts + [i])
            if hit:
                return hit
    elif isinstance(node, str) and node[:1].isdigit():
        for tag, rx in yaml.SafeLoader.yaml_implicit_resolvers.get(node[0], []):
            if tag == _TIMESTAMP and rx.match(node):
                try:
                    yaml.safe_load(node)
                except ValueError as exc:
                    return _path(parts), node, str(exc)
    return None


def load_yaml(text: str) -> Any:
    """yaml.safe_load(text); an impossible date raises BadYamlDate naming its field.
    yaml.YAMLError (bad syntax) passes through for the caller to report."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise
    except ValueError as exc:
        try:
            hit = _find_bad_date(yaml.load(text, Loader=_NoDates), [])  # noqa: S506 - a SafeLoader subclass
        except (yaml.YAMLError, ValueError):
            hit = None
        if hit:
            where, value, why = hit
            raise BadYamlDate(f"{where}: impossible date {value} ({why}); dates are YYYY-MM-DD") from None
        raise BadYamlDate(f"impossible date ({exc}); dates are YYYY-MM-DD") from None


__all__ = ["load_yaml", "BadYamlDate"]
