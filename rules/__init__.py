"""The rule registry: explicit lists, imported lazily, validated on load.

Each rule group (a sub-package) lists its rule IDs in its own `RULES` tuple, as sqlfluff's
plugin packages do; this module lists the groups. To add a rule: write
rules/<group>/<ID>.py (class <ID>(Rule)), add the ID to rules/<group>/__init__.py RULES,
and add pass/fail cases in rules/fixtures/<ID>.yaml.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from .base import Rule, RuleContext, run_rule

RULE_GROUPS: tuple[str, ...] = (
    "rules.links",
    "rules.columns",
    "rules.identity",
    "rules.interpretation",
    "rules.zhuanlan",
    "rules.guide",
    "rules.proactive",
    "rules.policy",
    "rules.application",
    "rules.annualreport",
    "rules.newmedia",
    "rules.inspection",
    "rules.content",
    "rules.organization",
    "rules.documents",
    "rules.function",
    "rules.interaction",
    "rules.service",
)


def rule_modules() -> tuple[str, ...]:
    out: list[str] = []
    for group in RULE_GROUPS:
        package = importlib.import_module(group)
        out.extend(f"{group}.{rule_id}" for rule_id in getattr(package, "RULES", ()))
    return tuple(out)


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
    rules = tuple(_load(m) for m in rule_modules())
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


__all__ = ["Rule", "RuleContext", "run_rule", "all_rules", "get_rule", "rule_modules", "RULE_GROUPS", "RegistryError"]
