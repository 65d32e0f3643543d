"""Rule → plan task mapping (auditor/plan/mapping.yaml).

A rule's gaps belong to the tasks its `meta.plan_tasks` names, for the bundled plan. A
mapping file overrides that per rule, so the same rules can be audited against another
plan: `rules: {LNK001: [7], COL002: [7, 2]}`. The first task is where a gap is listed; when
a rule itself assigns a finding to the n-th of its own plan_tasks, the n-th mapped task
is used (else the first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from contracts.findings import RULE_ID_RE, RuleMeta
from contracts.plan import Plan

from ..errors import ToolError, pydantic_problems

DEFAULT_MAPPING = Path(__file__).resolve().parent / "mapping.yaml"


class MappingError(ToolError):
    pass


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str = ""  # title of the plan the task numbers refer to
    rules: dict[str, list[int]] = Field(default_factory=dict)

    @field_validator("rules")
    @classmethod
    def _shape(cls, v: dict[str, list[int]]) -> dict[str, list[int]]:
        for rule_id, tasks in v.items():
            if not RULE_ID_RE.match(rule_id):
                raise ValueError(f"{rule_id!r} is not a rule id like LNK001")
            if not tasks or any(t < 1 for t in tasks):
                raise ValueError(f"{rule_id}: give one or more task numbers (>= 1)")
        return v


@dataclass
class TaskMap:
    """Resolved mapping: explicit entries, else each rule's meta.plan_tasks."""

    overrides: dict[str, list[int]] = field(default_factory=dict)
    plan: str = ""
    source: str = ""

    def tasks(self, meta: RuleMeta) -> list[int]:
        return list(self.overrides.get(meta.id) or meta.plan_tasks)

    def task_for(self, meta: RuleMeta, assigned: int | None) -> int:
        mapped = self.tasks(meta)
        if assigned is None:
            return mapped[0]
        if meta.id not in self.overrides:
            return assigned
        if assigned in meta.plan_tasks:
            i = meta.plan_tasks.index(assigned)
            return mapped[i] if i < len(mapped) else mapped[0]
        return mapped[0]

    def problems(self, rule_ids: Iterable[str], plan: Plan | None = None,
                 metas: Iterable[RuleMeta] = ()) -> list[str]:
        """Unknown rules and tasks the plan does not have (explicit entries and defaults)."""
        known = set(rule_ids)
        out = [f"rules.{r}: no such rule" for r in sorted(self.overrides) if r not in known]
        if plan is not None:
            numbers = {t.number for t in plan.tasks}
            for r, tasks in sorted(self.overrides.items()):
                out += [f"rules.{r}: task {t} is not in the plan" for t in tasks if t not in numbers]
            for m in metas:
                if m.id not in self.overrides:
                    out += [f"{m.id}: meta.plan_tasks names task {t}, which the plan lacks (map it in the file)"
                            for t in m.plan_tasks if t not in numbers]
        return out


def load_mapping(path: str | Path | None = None) -> TaskMap:
    p = Path(path) if path is not None else DEFAULT_MAPPING
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MappingError(f"{p}: mapping file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"{p}: cannot read mapping: {exc}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise MappingError(f"{p}: expected a mapping with 'rules', got {type(raw).__name__}")
    try:
        m = MappingFile.model_validate(raw)
    except ValidationError as exc:
        raise MappingError(f"{p}: {pydantic_problems(exc)}") from None
    return TaskMap(overrides={k.upper(): v for k, v in m.rules.items()}, plan=m.plan, source=str(p))




__all__ = ["TaskMap", "MappingError", "load_mapping", "DEFAULT_MAPPING"]
