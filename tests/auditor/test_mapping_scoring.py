"""auditor/plan/mapping.yaml and auditor/scoring.yaml: every rule and task they name exists;
the mapping moves gaps to another plan's tasks; the 检查指标 score and its vetoes."""

from pathlib import Path

import pytest
import yaml

from auditor.build import build_report
from auditor.plan import load_plan
from auditor.plan.mapping import MappingError, TaskMap, load_mapping
from auditor.plan.parse import parse_plan_file
from auditor.runner import assign_fingerprints, run_rules
from auditor.scoring import DEFAULT_SCORING, ScoringError, compute_score, load_scoring
from auditor_testkit import AS_OF, DeadLinks, MissingColumns, ShortTitles, make_site
from contracts import Finding, Severity, Status

XINHU = Path(__file__).resolve().parent / "data" / "xinhu_2021_plan.txt"
BASE = "http://127.0.0.1:8001"


@pytest.fixture(scope="module")
def registered():
    import rules

    try:
        return {r.meta.id: r for r in rules.all_rules()}
    except Exception as exc:  # pragma: no cover
        pytest.skip(f"rule registry not loadable: {exc}")


def test_mapping_names_existing_rules_and_tasks(registered):
    m = load_mapping()
    assert m.plan == load_plan().title
    assert set(m.overrides) <= set(registered), set(m.overrides) - set(registered)
    assert m.problems(registered, load_plan(), [r.meta for r in registered.values()]) == []
    # the bundled mapping agrees with what the rules declare
    for rule_id, tasks in m.overrides.items():
        assert tasks == registered[rule_id].meta.plan_tasks, rule_id


def test_mapping_problems_are_named(tmp_path):
    bad = TaskMap(overrides={"ZZZ999": [1], "LNK001": [99]})
    problems = bad.problems({"LNK001"}, load_plan())
    assert "rules.ZZZ999: no such rule" in problems and "rules.LNK001: task 99 is not in the plan" in problems
    p = tmp_path / "m.yaml"
    p.write_text("rules:\n  lnk1: [1]\n", encoding="utf-8")
    with pytest.raises(MappingError, match="rules"):
        load_mapping(p)
    p.write_text("rules:\n  LNK001: []\n", encoding="utf-8")
    with pytest.raises(MappingError, match="LNK001"):
        load_mapping(p)


def test_mapping_onto_another_plan():
    """The second plan has 5 tasks: map the test rules onto them; a rule-assigned task follows its position."""
    plan = parse_plan_file(XINHU)
    m = TaskMap(overrides={"TST001": [5], "TST003": [2, 1], "TST004": [5, 4]})
    findings = run_rules(make_site(), AS_OF, [DeadLinks(), ShortTitles(), MissingColumns()], task_map=m)
    assert {f.task for f in findings if f.rule == "TST001"} == {5}
    assert {f.task for f in findings if f.rule == "TST003"} == {2}
    # TST004 assigns task 3 (not in its plan_tasks [11]) to one finding → the first mapped task
    assert {f.task for f in findings if f.rule == "TST004"} == {5}
    report = build_report(make_site(), findings, plan, AS_OF, rules=[DeadLinks(), ShortTitles(), MissingColumns()],
                          task_map=m)
    sections = {t.number: t for t in report.tasks}
    assert sections[5].rules == ["TST001", "TST004"] and sections[5].responsible == "区政府办公室负责落实"
    assert sections[1].rules == ["TST003"] and sections[3].status == "未检查"


def test_scoring_names_existing_rules(registered):
    cfg = load_scoring(known_rules=registered)
    ids = [i.id for i in (*cfg.vetoes, *cfg.deductions)]
    assert {"VETO-W-04-1", "VETO-W-04-3", "VETO-W-03", "VETO-W-05", "VETO-W-01", "DED-W-LINK-HOME",
            "DED-W-LINK-OTHER", "DED-W-POLICY"} <= set(ids)
    assert cfg.rule_ids() <= set(registered)
    with pytest.raises(ScoringError, match=r"unknown rule LNK001"):
        load_scoring(known_rules={"COL002"})


def test_scoring_marks_unverified_values():
    raw = yaml.safe_load(DEFAULT_SCORING.read_text(encoding="utf-8"))
    items = {i["id"]: i for i in raw["vetoes"] + raw["deductions"]}
    assert items["DED-W-LINK-HOME"]["verified"] is False and items["DED-W-LINK-OTHER"]["verified"] is False
    assert items["DED-W-POLICY"]["verified"] is True and items["DED-W-POLICY"]["points"] == 5
    assert items["VETO-W-04-1"]["threshold"] == 5 and items["VETO-W-04-3"]["threshold"] == 5


def test_scoring_file_errors_name_the_field(tmp_path):
    raw = yaml.safe_load(DEFAULT_SCORING.read_text(encoding="utf-8"))
    raw["deductions"][0]["points"] = -1
    del raw["vetoes"][1]["threshold"]
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ScoringError) as err:
        load_scoring(p)
    assert "deductions[0].points" in str(err.value) and "vetoes[1].threshold" in str(err.value)


def _fail(rule, url, target=None, **evidence):
    return Finding(rule=rule, status=Status.fail, severity=Severity.error, url=url, target=target,
                   message="问题", evidence=evidence, task=11)


def test_score_links_on_homepage_vs_elsewhere_and_vetoes():
    cfg = load_scoring()
    site = make_site()
    fs = [_fail("LNK001", f"{BASE}/", f"{BASE}/a.html"), _fail("LNK003", f"{BASE}/", "http://x.gov.cn/"),
          # the same dead target on 30 inner pages counts once; 3 distinct targets elsewhere
          *[_fail("LNK001", f"{BASE}/p{i}.html", f"{BASE}/gone.html") for i in range(30)],
          _fail("LNK002", f"{BASE}/p1.html", f"{BASE}/f.pdf"), _fail("LNK001", f"{BASE}/p2.html", f"{BASE}/b.html"),
          *[_fail("COL003", f"{BASE}/col{i}/") for i in range(5)],
          *[_fail("COL002", f"{BASE}/dt{i}/", column_type="动态要闻") for i in range(3)],
          _fail("COL002", f"{BASE}/zcwj/", column_type="政策文件")]
    fs = assign_fingerprints(fs, "127.0.0.1:8001")
    ran = {"LNK001", "LNK002", "LNK003", "COL002", "COL003"}
    score = compute_score(cfg, fs, ran, site)
    items = {i.id: i for i in score.items}
    assert (items["DED-W-LINK-HOME"].count, items["DED-W-LINK-HOME"].deducted) == (2, 2.0)
    assert (items["DED-W-LINK-OTHER"].count, items["DED-W-LINK-OTHER"].deducted) == (3, 0.3)
    assert items["DED-W-POLICY"].deducted == 5
    assert items["VETO-W-04-3"].triggered and items["VETO-W-04-3"].count == 5
    assert not items["VETO-W-04-1"].triggered and items["VETO-W-04-1"].count == 4
    assert score.vetoes == ["VETO-W-04-3"] and score.verdict == "单项否决"
    assert score.score == 100 - 2 - 0.3 - 5 and score.deducted == 7.3
    assert not items["VETO-W-05"].evaluated and "VETO-W-05" in score.unevaluated
    assert not items["DED-W-ID"].evaluated  # IDN001 did not run


def test_score_caps_and_pass_mark():
    cfg = load_scoring()
    fs = assign_fingerprints([_fail("LNK001", f"{BASE}/", f"{BASE}/t{i}.html") for i in range(40)], "127.0.0.1:8001")
    score = compute_score(cfg, fs, {"LNK001"}, make_site())
    home = next(i for i in score.items if i.id == "DED-W-LINK-HOME")
    assert home.count == 40 and home.deducted == home.cap == 10
    assert score.verdict == "合格" and score.score == 90
    strict = cfg.model_copy(update={"pass_mark": 95})
    assert compute_score(strict, fs, {"LNK001"}, make_site()).verdict == "不合格"


def test_score_is_in_the_report():
    site = make_site()
    rules = [DeadLinks()]
    report = build_report(site, run_rules(site, AS_OF, rules), load_plan(), AS_OF, rules=rules,
                          scoring=load_scoring(known_rules={"LNK001", "LNK002", "LNK003", "COL001", "COL002",
                                                            "COL003", "IDN001", "JD001"}))
    assert report.score is not None and report.score.total == 100
    assert all(not i.evaluated for i in report.score.items)  # TST001 is no scored rule


def test_operations_doc_lists_every_scoring_item_with_its_status():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text(encoding="utf-8")
    cfg = load_scoring()
    rows = {line.split("|")[1].strip(): line for line in doc.splitlines() if line.startswith("| VETO-") or
            line.startswith("| DED-")}
    for item in (*cfg.vetoes, *cfg.deductions):
        assert item.id in rows, item.id
        assert ("**unverified**" in rows[item.id]) is (not item.verified), item.id
