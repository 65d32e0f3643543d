"""The rule registry: loads, names agree, every rule documented, cited and mapped to the plan."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from contracts import Plan
from rules import all_rules, rule_modules
from rules.catalogue import SECTIONS, parse_docstring, render_markdown, rows

ROOT = Path(__file__).resolve().parents[2]
PLAN_FILE = ROOT / "auditor" / "plan" / "baicheng_2020.yaml"
RULES = list(all_rules())
RULE_MODULES = rule_modules()
IDS = [r.meta.id for r in RULES]
# A document citation names the document: a 文号, a 国务院令 number, or a title in 《》/通知.
DOC_NAME = re.compile(r"〔\d{4}〕\d+号|令第\d+号|《.+》|通知|条例")
FORBIDDEN_IMPORTS = {"scrapy", "requests", "urllib.request", "http.client", "socket", "playwright",
                     "aiohttp", "httpx", "subprocess", "crawler"}


def test_registry_loads_every_listed_module() -> None:
    assert len(RULES) == len(RULE_MODULES) >= 8
    assert IDS == [m.rsplit(".", 1)[1] for m in RULE_MODULES]
    assert len(set(IDS)) == len(IDS)
    assert len({r.meta.slug for r in RULES}) == len(RULES), "slugs must be unique"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_id_equals_file_name_equals_class_name(rule) -> None:
    cls = type(rule)
    module = cls.__module__
    assert module in RULE_MODULES
    file_stem = Path(__import__(module, fromlist=["_"]).__file__).stem
    assert rule.meta.id == file_stem == cls.__name__
    group = module.split(".")[1]
    assert rule.meta.slug.split(".")[0] == group, f"slug {rule.meta.slug!r} should start with {group!r}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_docstring_has_all_sections(rule) -> None:
    summary, sections = parse_docstring(rule)
    assert summary, "docstring needs a one-line summary before the sections"
    for name in SECTIONS:
        assert sections.get(name), f"{rule.meta.id}: docstring section {name!r} missing or empty"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_legal_basis_names_documents(rule) -> None:
    assert rule.meta.legal_basis
    for c in rule.meta.legal_basis:
        assert c.document.strip() and DOC_NAME.search(c.document), f"not a document name: {c.document!r}"
        if not c.verified:
            assert c.note.strip(), f"{rule.meta.id}: an unverified citation must say what is unverified"
    assert re.search(r"[\u4e00-\u9fff]", rule.meta.title) and re.search(r"[\u4e00-\u9fff]", rule.meta.failure_title)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_options_are_plain_data(rule) -> None:
    json.dumps(rule.meta.options, ensure_ascii=False)  # overridable from YAML / JSON site profiles


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_module_is_pure(rule) -> None:
    """No network, no file IO, no Scrapy: rules read artifacts only."""
    path = Path(__import__(type(rule).__module__, fromlist=["_"]).__file__)
    sources = [path, *sorted(path.parent.glob("_*.py")), ROOT / "rules" / "patterns.py"]
    for src in sources:
        tree = ast.parse(src.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for n in names:
                assert not any(n == f or n.startswith(f + ".") for f in FORBIDDEN_IMPORTS), f"{src.name} imports {n}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{src.name} opens a file"


def test_plan_tasks_exist_in_plan() -> None:
    assert PLAN_FILE.exists(), f"plan data file missing: {PLAN_FILE}"
    plan = Plan.model_validate(yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8")))
    numbers = {t.number for t in plan.tasks}
    for rule in RULES:
        missing = [n for n in rule.meta.plan_tasks if n not in numbers]
        assert not missing, f"{rule.meta.id}: plan_tasks {missing} not in {PLAN_FILE.name}"


def test_catalogue_covers_every_rule() -> None:
    md = render_markdown()
    for rule in RULES:
        assert f"## {rule.meta.id} — {rule.meta.title}" in md
        assert rule.meta.failure_title in md
        for c in rule.meta.legal_basis:
            assert c.document in md
        for name in SECTIONS:
            assert f"### {name}" in md
        for option in rule.meta.options:
            assert f"`{option}`" in md
    assert "``" not in md, "RST literals must be converted to Markdown"
    table = rows()
    assert [r[0] for r in table] == IDS
    assert all(len(r) == 4 and all(isinstance(x, str) and x for x in r) for r in table)


def test_catalogue_file_is_current() -> None:
    """docs/rules.md, once generated, must be regenerated when a rule changes."""
    doc = ROOT / "docs" / "rules.md"
    assert doc.exists(), "docs/rules.md is missing: generate it with `zwgk rules --markdown > docs/rules.md`"
    text = doc.read_text(encoding="utf-8")
    plan = Plan.model_validate(yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))) if PLAN_FILE.exists() else None
    assert text in (render_markdown(), render_markdown(plan=plan)), \
        "docs/rules.md is stale: regenerate it with `zwgk rules --markdown > docs/rules.md`"
