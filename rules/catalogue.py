"""The rules catalogue, generated from the registry (metadata + docstrings).

`render_markdown()` produces docs/rules.md (`zwgk rules --markdown`); `rows()` gives the
lines of the terminal table (`zwgk rules`). Pure: no file IO — the caller writes the text.
"""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from typing import Any, Iterable

from contracts import Plan

from . import all_rules
from .base import Rule

SECTIONS: tuple[str, ...] = (
    "What it checks",
    "Legal basis",
    "Passing example",
    "Failing example",
    "Not applicable when",
)
_SECTION_RE = re.compile(r"^(" + "|".join(map(re.escape, SECTIONS)) + r"):\s*$")
HEADERS: tuple[str, str, str, str] = ("ID", "严重程度", "任务", "标题")


def parse_docstring(rule: Rule | type[Rule]) -> tuple[str, dict[str, str]]:
    """(summary, {section: body}) of a rule's docstring; bodies are dedented."""
    cls = rule if isinstance(rule, type) else type(rule)
    doc = inspect.cleandoc(cls.__doc__ or "")
    summary_lines: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in doc.splitlines():
        m = _SECTION_RE.match(line)
        if m:
            current = sections.setdefault(m.group(1), [])
            continue
        (summary_lines if current is None else current).append(line)
    bodies = {name: textwrap.dedent("\n".join(lines)).strip() for name, lines in sections.items()}
    return " ".join(l.strip() for l in summary_lines if l.strip()), bodies


def _tasks(rule: Rule) -> str:
    return ", ".join(f"T{n}" for n in rule.meta.plan_tasks)


def rows(rules: Iterable[Rule] | None = None) -> list[tuple[str, str, str, str]]:
    """One (id, severity, tasks, title) row per registered rule, in registry order."""
    return [
        (r.meta.id, r.meta.severity.value, _tasks(r), r.meta.title)
        for r in (all_rules() if rules is None else rules)
    ]


def _rst_to_md(text: str) -> str:
    return re.sub(r"``(.+?)``", r"`\1`", text, flags=re.S)


def _option_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _citation(c) -> str:
    text = f"{c.document}"
    if c.article:
        text += f" {c.article}"
    if c.note:
        text += f" — {c.note}"
    if not c.verified:
        text += " **（未核实）**"
    return text


def render_rule(rule: Rule, plan: Plan | None = None) -> str:
    m = rule.meta
    summary, sections = parse_docstring(rule)
    out = [f'<a id="{m.id.lower()}"></a>', "", f"## {m.id} — {m.title}", ""]
    if summary:
        out += [f"*{_rst_to_md(summary)}*", ""]
    tasks = []
    for n in m.plan_tasks:
        task = plan.task(n) if plan is not None else None
        tasks.append(f"T{n} {task.title}" if task is not None else f"T{n}")
    out += [
        "| | |",
        "|---|---|",
        f"| 代码 / slug | `{m.id}` / `{m.slug}` |",
        f"| 通过时 | {m.title} |",
        f"| 不合格时 | {m.failure_title} |",
        f"| 严重程度 | {m.severity.value}（{m.severity.label_zh}） |",
        f"| 对应任务 | {'；'.join(tasks)} |",
        f"| 所需数据 | {', '.join(m.requires)} |",
    ]
    if m.manual:
        out.append("| 人工确认 | 是 |")
    out += ["", "**依据**", ""]
    out += [f"- {_citation(c)}" for c in m.legal_basis]
    if m.options:
        out += ["", "**选项（可按站点覆盖）**", "", "| 选项 | 默认值 |", "|---|---|"]
        out += [f"| `{k}` | {_option_value(v)} |" for k, v in m.options.items()]
    for name in SECTIONS:
        body = sections.get(name)
        if body:
            out += ["", f"### {name}", "", _rst_to_md(body)]
    out.append("")
    return "\n".join(out)


def render_markdown(rules: Iterable[Rule] | None = None, plan: Plan | None = None) -> str:
    """The whole catalogue: an index table, then one section per rule."""
    rules = list(all_rules() if rules is None else rules)
    out = [
        "# zwgk 规则目录 (rules catalogue)",
        "",
        "Generated from the rule registry (`rules/__init__.py`): metadata from each rule's",
        "`RuleMeta`, text from its docstring. Do not edit by hand; run `zwgk rules --markdown`.",
        "",
        "Citations marked **（未核实）** were recalled, not checked against the source text.",
        "",
        "| ID | 严重程度 | 任务 | 标题 | 不合格时 |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        out.append(f"| [{r.meta.id}](#{r.meta.id.lower()}) | {r.meta.severity.value} | {_tasks(r)} | "
                   f"{r.meta.title} | {r.meta.failure_title} |")
    out.append("")
    for r in rules:
        out.append(render_rule(r, plan))
    return "\n".join(out).rstrip() + "\n"


__all__ = ["render_markdown", "render_rule", "rows", "parse_docstring", "SECTIONS", "HEADERS"]
