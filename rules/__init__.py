"""The rule registry: an explicit list, imported lazily, validated on load.

To add a rule: write rules/<group>/<ID>.py (class <ID>(Rule)), add its dotted path to
RULE_MODULES, and add pass/fail cases in rules/fixtures/<ID>.yaml.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from .base import Rule, RuleContext, run_rule

RULE_MODULES: tuple[str, ...] = (
    "rules.links.LNK001",
    "rules.links.LNK002",
    "rules.links.LNK003",
    "rules.columns.COL001",
    "rules.columns.COL002",
    "rules.columns.COL003",
    "rules.identity.IDN001",
    "rules.interpretation.JD001",
)


class RegistryError(Exception):
    pass


def _load(dotted: str) -> Rule:
    module = importlib.import_module(dotted)
    rule_id = dotted.rsplit(".", 1)[1]
    cls = getattr(module, rule_id, None)
    if cls is None or not isinstance(cls, type) or not issubclass(cls, Rule):
        raise RegistryError(f"{dotted} must define class {rule_id}(Rule)")
    meta = getattr(cls, "meta", None)
    if meta is None or meta.id != rule_id:
        raise RegistryError(f"{dotted}: meta.id must be {rule_id!r}, got {getattr(meta, 'id', None)!r}")
    if not (cls.__doc__ or "").strip():
        raise RegistryError(f"{dotted}: the rule class needs a docstring")
    return cls()


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    rules = tuple(_load(m) for m in RULE_MODULES)
    ids = [r.meta.id for r in rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RegistryError(f"duplicate rule ids: {sorted(dupes)}")
    return rules


def get_rule(rule_id: str) -> Rule:
    for r in all_rules():
        if r.meta.id == rule_id:
            return r
    raise KeyError(rule_id)


__all__ = ["Rule", "RuleContext", "run_rule", "all_rules", "get_rule", "RULE_MODULES", "RegistryError"]
