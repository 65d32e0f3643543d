"""The implementation plan (实施方案) as data.

`baicheng_2020.yaml` is the bundled plan: the 15 tasks of 《2020年白城经济开发区政务公开
（政府信息公开）重点工作任务分工实施方案》, transcribed from `baicheng_2020.source.txt`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import ValidationError

from contracts import Plan

PLAN_DIR = Path(__file__).resolve().parent
DEFAULT_PLAN = PLAN_DIR / "baicheng_2020.yaml"


class PlanError(ValueError):
    """A plan file that cannot be read or does not match `contracts.Plan`."""


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_plan(path: str | Path | None = None) -> Plan:
    """Read and validate a plan file (default: the bundled 白城经开区 2020 plan).

    Raises PlanError naming the file and the offending field, e.g.
    ``plan.yaml: tasks[3].responsible: Field required``.
    """
    p = Path(path) if path is not None else DEFAULT_PLAN
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanError(f"{p}: plan file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"{p}: cannot read plan file: {exc}") from None
    except yaml.YAMLError as exc:
        raise PlanError(f"{p}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise PlanError(f"{p}: a plan file must be a mapping with title and tasks, got {type(raw).__name__}")
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_loc(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise PlanError(f"{p}: {problems}") from None
    if not plan.tasks:
        raise PlanError(f"{p}: tasks: the plan has no tasks")
    for i, task in enumerate(plan.tasks):
        for j, dl in enumerate(task.deadlines):
            if dl.date is None:
                continue
            try:
                dt.date.fromisoformat(dl.date)
            except ValueError:
                raise PlanError(
                    f"{p}: tasks[{i}].deadlines[{j}].date: {dl.date!r} is not a YYYY-MM-DD date"
                ) from None
    return plan


__all__ = ["load_plan", "PlanError", "DEFAULT_PLAN"]
