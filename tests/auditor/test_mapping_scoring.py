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

    return {r.meta.id: r for r in rules.all_rules()}


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


def test_scoring_connects_the_catalogue_one_source_per_item(registered):
    """The items that had no rule now have one; summary rules are not a second source."""
    cfg = load_scoring(known_rules=registered)
    items = {i.id: i for i in (*cfg.vetoes, *cfg.deductions)}
    assert items["VETO-W-03"].rules == ["INS001"]
    assert items["VETO-W-04-2"].rules == ["INS002"] and items["VETO-W-04-2"].count == "evidence"
    assert items["VETO-W-04-2"].evidence == {"item": "应更新但长期未更新"}
    assert items["VETO-W-01-1"].rules == ["CT001"] and items["VETO-W-01-1"].min_severity.value == "error"
    assert items["VETO-W-01-3"].rules == ["CT002"]
    assert items["VETO-W-01-PII"].rules == ["PII001", "PII002", "PII003"] and not items["VETO-W-01-PII"].verified
    assert items["VETO-NM-01"].rules == ["NM002"] and items["VETO-NM-01"].scope == "newmedia"
    assert items["VETO-NM-02"].rules == ["NM003"] and items["VETO-NM-02"].scope == "newmedia"
    assert items["DED-W-JD-01"].rules == ["JD001"] and items["DED-W-JD-02"].rules == ["JD002"]
    assert items["DED-W-META"].rules == ["IDN002"] and items["DED-W-DOMAIN"].rules == ["IDN004"]
    assert items["DED-W-POLICY"].verified and items["DED-W-POLICY"].evidence == {"column_type": "政策文件"}
    # one source per item: INS003 (a re-count of LNK001-3's broken links) and NM004 (always also an
    # NM002 failure) are in no item; INS002 only for the count no other rule reports
    named = [r for i in items.values() for r in i.rules]
    assert "INS003" not in named and "NM004" not in named and named.count("INS002") == 1
    link_rules = [i.id for i in items.values() if set(i.rules) & {"LNK001", "LNK002", "LNK003"}]
    assert link_rules == ["DED-W-LINK-HOME", "DED-W-LINK-OTHER"]
    assert {items[i].where for i in link_rules} == {"homepage", "elsewhere"}
    # each rule that is scored is scored once, except the documented COL002 (veto count + 政策文件 扣分)
    # and LNK001-3 (homepage vs elsewhere: disjoint)
    twice = {r for r in named if named.count(r) > 1}
    # SV001 twice on purpose: a guide missing ≥5 categories is the veto, every incomplete guide a deduction
    assert twice == {"COL002", "LNK001", "LNK002", "LNK003", "SV001"}, twice
    # the manual checklist rules are never scored
    assert not {r for r in named if registered[r].meta.manual}


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
    assert items["VETO-W-05"].result == "未评估" and items["VETO-W-04-1"].result == "未触发"
    assert items["VETO-W-04-3"].result == "触发" and items["DED-W-POLICY"].result == "扣分"
    assert items["DED-W-GK"].result == "未评估"


def _result(rule, status, severity=Severity.error, url=f"{BASE}/", target=None, **evidence):
    return Finding(rule=rule, status=status, severity=severity, url=url, target=target, message="结果",
                   evidence=evidence, task=11)


def _score(findings, ran=None):
    fs = assign_fingerprints(findings, "127.0.0.1:8001")
    score = compute_score(load_scoring(), fs, ran if ran is not None else {f.rule for f in fs}, make_site())
    return score, {i.id: i for i in score.items}


def test_veto_from_a_summary_rules_count_shows_how_close_the_site_is():
    """VETO-W-04-2 reads INS002's 应更新但长期未更新 count, from its pass below the threshold too."""
    below = [_result("INS002", Status.passed, item="应更新但长期未更新", count=7, threshold=10),
             _result("INS002", Status.fail, item="栏目不更新", count=6, threshold=5)]  # COL002's item, not scored here
    score, items = _score(below)
    assert (items["VETO-W-04-2"].count, items["VETO-W-04-2"].result) == (7, "未触发")
    assert items["VETO-W-04-1"].result == "未评估"  # COL002 did not run: INS002's own 栏目不更新 count is not used
    assert score.vetoes == []
    score, items = _score([_result("INS002", Status.fail, item="应更新但长期未更新", count=11, threshold=10)])
    assert items["VETO-W-04-2"].triggered and score.vetoes == ["VETO-W-04-2"] and score.verdict == "单项否决"
    assert items["VETO-W-04-2"].fingerprints  # the FAIL it came from
    # the scoring file's threshold counts, whatever INS002 was told
    score, items = _score([_result("INS002", Status.fail, item="应更新但长期未更新", count=8, threshold=8)])
    assert items["VETO-W-04-2"].result == "未触发"


def test_only_serious_wrong_expressions_are_a_veto():
    warning = _result("CT001", Status.fail, Severity.warning, url=f"{BASE}/a.html", item="国家工商总局")
    score, items = _score([warning])
    assert items["VETO-W-01-1"].result == "未触发" and items["VETO-W-01-1"].count == 0
    critical = _result("CT001", Status.fail, Severity.critical, url=f"{BASE}/b.html", item="一带一路战略")
    score, items = _score([warning, critical])
    assert items["VETO-W-01-1"].count == 1 and score.vetoes == ["VETO-W-01-1"]
    score, items = _score([_result("CT002", Status.fail, Severity.critical, target="http://x.invalid/", item="暗链"),
                           _result("PII002", Status.fail, item=None, kind="mobile", count=3)])
    assert score.vetoes == ["VETO-W-01-3", "VETO-W-01-PII"] and not items["VETO-W-01-PII"].verified


def test_new_media_items_are_judged_apart_and_only_when_accounts_were_seen():
    cne = [_result("NM002", Status.could_not_evaluate, url=f"{BASE}/xmt/", target="https://weibo.example/1"),
           _result("NM003", Status.could_not_evaluate, url=f"{BASE}/xmt/", target="https://weibo.example/1")]
    score, items = _score(cne)
    assert items["VETO-NM-01"].result == "未评估" and items["VETO-NM-01"].could_not_evaluate == 1
    assert score.newmedia_verdict == "未评估" and score.newmedia_vetoes == []
    stale = [_result("NM002", Status.fail, url=f"{BASE}/xmt/", target=f"https://weibo.example/{i}") for i in (1, 2)]
    stale.append(_result("NM004", Status.fail, url=f"{BASE}/xmt/", target="https://weibo.example/1"))  # 僵尸: not again
    score, items = _score(stale + [_result("NM003", Status.passed, url=f"{BASE}/xmt/")])
    assert items["VETO-NM-01"].count == 2 and items["VETO-NM-02"].result == "未触发"
    assert score.newmedia_vetoes == ["VETO-NM-01"] and score.newmedia_verdict == "单项否决"
    assert score.vetoes == [] and score.verdict == "合格"  # the website is not 否决 by its accounts
    # a rule that crashed judged nothing either
    score, items = _score([_result("INS001", Status.error)])
    assert items["VETO-W-03"].result == "未评估"
    score, items = _score([_result("JD002", Status.not_applicable)])
    assert items["DED-W-JD-02"].result == "未扣分"  # nothing to judge is judged: no deduction


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
                          scoring=load_scoring(known_rules=load_scoring().rule_ids()))
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
        rules_cell = rows[item.id].split("|")[4]
        assert all(r in rules_cell for r in item.rules), (item.id, rules_cell)
        assert ("未评估" in rules_cell) is (not item.rules), item.id
    assert set(rows) == {i.id for i in (*cfg.vetoes, *cfg.deductions)}


def test_sample_portal_scored_from_a_saved_crawl(sample_crawl, tmp_path):
    """`zwgk check` on the sample crawl: the planted 表述错误, 暗链 and PII trigger their vetoes, the
    link deductions agree with INS003's own count, and the manual items wait for a person."""
    from auditor.cli import main
    from auditor_testkit import read_json

    out = tmp_path / "out"
    assert main(["check", str(sample_crawl), "--out", str(out), "--as-of", AS_OF.isoformat(), "--no-history"]) == 2
    report = read_json(out / "report.json")
    score = report["score"]
    items = {i["id"]: i for i in score["items"]}
    assert {"VETO-W-01-1", "VETO-W-01-3", "VETO-W-01-PII"} <= set(score["vetoes"])
    assert score["verdict"] == "单项否决"
    assert items["VETO-W-03"]["result"] == "未触发"  # INS001: the sample's homepage is fresh
    assert items["VETO-W-04-2"]["result"] == "未触发" and items["VETO-W-04-2"]["evaluated"]
    # the planted late replies (HD001) and the stub 办事指南 missing six categories (SV001)
    assert {"VETO-W-05", "VETO-W-06"} <= set(score["vetoes"])
    assert items["VETO-W-05"]["result"] == "触发" and items["DED-W-HD-REPLY"]["result"] == "未评估"
    # the homepage has its search box (only the 专栏 lacks one: a warning, not this item)
    assert items["DED-W-SEARCH"]["result"] == "未扣分" and items["DED-W-SVC-GUIDE"]["result"] == "扣分"
    assert score["newmedia_verdict"] in ("合格", "单项否决")  # the sample's accounts were visited
    # one source per item, and it agrees with the summary rule it replaces
    ins003 = {f["evidence"]["item"]: f["evidence"]["broken"] for f in report["findings"] if f["rule"] == "INS003"}
    assert items["DED-W-LINK-HOME"]["count"] == ins003.get("首页链接可用性", 0) >= 1
    assert 0 < items["DED-W-LINK-OTHER"]["count"] <= ins003.get("其他页面链接可用性", 0)
    website = [i for i in score["items"] if i["kind"] == "deduction" and i["scope"] == "website"]
    assert score["deducted"] == round(sum(i["deducted"] for i in website), 2)
    assert score["score"] == round(100 - score["deducted"], 2)
    fails = {f["fingerprint"] for f in report["findings"] if f["status"] == "fail"}
    assert all(fp in fails for i in score["items"] for fp in i["fingerprints"])  # each points at a listed gap
    # the manual checklist items (ORG002, ORG003) sit with tasks 14 and 15
    manual = [f for f in report["findings"] if f["manual"]]
    assert sorted(f["rule"] for f in manual) == ["ORG002", "ORG003"]
    tasks = {t["number"]: t for t in report["tasks"]}
    assert tasks[15]["status"] == "待人工核查" and tasks[15]["manual"]
    assert tasks[14]["status"] in ("待人工核查", "存在问题", "无法评估")
