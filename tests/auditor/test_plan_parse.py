"""`zwgk plan parse`: plan documents in the common 重点工作任务分工 format → contracts.Plan."""

from pathlib import Path

import pytest
import yaml

from auditor.cli import main
from auditor.plan import DEFAULT_PLAN, load_plan
from auditor.plan.parse import PlanParseError, parse_deadlines, parse_plan_file, parse_plan_text, split_items

SOURCE = DEFAULT_PLAN.with_name("baicheng_2020.source.txt")
SHARED = Path(__file__).resolve().parents[3] / "shared" / "plan" / "000_b32853dd90e83484.txt"
XINHU = Path(__file__).resolve().parent / "data" / "xinhu_2021_plan.txt"


def test_bundled_source_is_the_shared_plan():
    if not SHARED.exists():
        pytest.skip(f"shared plan not present at {SHARED}")
    assert SHARED.read_text(encoding="utf-8") == SOURCE.read_text(encoding="utf-8")


def test_baicheng_plan_reproduces_the_transcribed_yaml():
    parsed = parse_plan_file(SHARED if SHARED.exists() else SOURCE)
    bundled = load_plan()
    assert parsed.title == bundled.title and parsed.issued_by == bundled.issued_by == "白城经济开发区"
    assert [t.number for t in parsed.tasks] == list(range(1, 16))
    for got, want in zip(parsed.tasks, bundled.tasks, strict=True):
        for field in ("number", "title", "group", "responsible", "lead", "deadlines", "text", "items"):
            assert getattr(got, field) == getattr(want, field), (want.number, field)


def test_cli_writes_yaml_that_loads_as_the_plan(tmp_path, capsys):
    out = tmp_path / "plan.yaml"
    assert main(["plan", "parse", str(SOURCE), "--output", str(out)]) == 0
    assert "15" in capsys.readouterr().out
    assert load_plan(out).tasks == load_plan().tasks
    assert main(["plan", "parse", str(XINHU)]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["title"] == "2021年新湖区政务公开重点工作任务分工方案" and len(printed["tasks"]) == 5


def test_second_plan_with_other_numbering_and_units():
    plan = parse_plan_file(XINHU)
    assert plan.issued_by == "新湖区" and plan.source == "xinhu_2021_plan.txt"
    t = {x.number: x for x in plan.tasks}
    assert [x.number for x in plan.tasks] == [1, 2, 3, 4, 5]
    assert [t[n].group for n in (1, 2, 3, 4, 5)] == [
        "（一）深化决策和政策公开", "（一）深化决策和政策公开", "（二）推进基层政务公开标准化规范化",
        "（二）推进基层政务公开标准化规范化", "（三）加强平台建设"]
    assert t[1].title == "推进重大行政决策预公开" and t[2].title == "做好政策解读回应"
    # units: closing note with 牵头/配合, a 责任单位： line, 牵头 alone, 负责 alone
    assert (t[1].responsible, t[1].lead) == ("区司法局牵头，各部门配合落实", True)
    assert (t[2].responsible, t[2].lead) == ("区政府办公室牵头，区直各部门负责", True)
    assert (t[3].responsible, t[3].lead) == ("各乡镇人民政府牵头", True)
    assert (t[4].responsible, t[4].lead) == ("区政务服务局负责", False)
    assert (t[5].responsible, t[5].lead) == ("区政府办公室负责落实", False)
    dl = {n: [(d.text, d.date) for d in x.deadlines] for n, x in t.items()}
    assert dl[1] == [("2021年6月30日前", "2021-06-30")]
    assert dl[2] == [("每季度", None)]  # from the 完成时限： line
    assert dl[3] == [("6月底前", "2021-06-30")]  # year from the title
    assert dl[4] == [("2021年底前", "2021-12-31")]
    assert dl[5] == [("每季度", None), ("2021年11月底前", "2021-11-30")]
    assert len(t[1].items) == 2 and t[1].items[1].startswith("涉及群众切身利益的决策草案")
    assert t[2].items == ["政策文件与解读材料同步组织、同步审签、同步部署", "主要负责人每年至少解读一次重要政策"]
    assert t[3].items == [] and "（" not in t[4].text[-3:]
    # the 保障措施 section's （一）（二） paragraphs are not tasks
    assert all("考核" not in x.title for x in plan.tasks)


def test_plain_numbering_without_groups():
    text = """2022年某县政务公开工作要点

一、推进决策公开
1. 完善决策公开制度。一是健全目录管理；二是2022年第二季度完成目录公开。（县司法局负责）
2. 做好政策解读（县政府办牵头）

二、优化平台
3. 政府网站集约化。2022年上半年完成迁移。（县政务服务中心负责）
"""
    plan = parse_plan_text(text)
    assert [(t.number, t.group) for t in plan.tasks] == [(1, "一、推进决策公开"), (2, "一、推进决策公开"), (3, "二、优化平台")]
    assert (plan.tasks[1].title, plan.tasks[1].responsible, plan.tasks[1].text) == ("做好政策解读", "县政府办牵头", "")
    assert [(d.text, d.date) for d in plan.tasks[0].deadlines] == [("2022年第二季度", "2022-06-30")]
    assert [(d.text, d.date) for d in plan.tasks[2].deadlines] == [("2022年上半年", "2022-06-30")]


@pytest.mark.parametrize("text, expected", [
    ("2020年11月底前完成", [("2020年11月底前", "2020-11-30")]),
    ("2020年底前建成", [("2020年底前", "2020-12-31")]),
    ("2021年6月30日前公开", [("2021年6月30日前", "2021-06-30")]),
    ("2024年2月底前", [("2024年2月底前", "2024-02-29")]),
    ("每季度通报一次，每月更新", [("每季度", None), ("每月", None)]),
    ("2021年2月30日前", [("2021年2月30日前", None)]),
    ("2020年以来", []),
])
def test_deadlines(text, expected):
    assert [(d.text, d.date) for d in parse_deadlines(text)] == expected


def test_items_need_an_opening_yishi():
    assert split_items("一是甲；二是乙。") == ["甲", "乙"]
    assert split_items("做好工作。统一是基础") == []
    assert split_items("一是甲，这一是关键；二是乙；三是丙。") == ["甲，这一是关键", "乙", "丙"]


def test_errors(tmp_path, capsys):
    with pytest.raises(PlanParseError, match="no numbered tasks"):
        parse_plan_text("某方案\n\n一、总体要求\n内容。")
    with pytest.raises(PlanParseError, match="责任单位"):
        parse_plan_text("某方案\n一、任务\n1、做好公开。\n内容。")
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    assert main(["plan", "parse", str(bad)]) == 1
    assert "empty" in capsys.readouterr().err
    assert main(["plan", "parse", str(tmp_path / "missing.txt")]) == 1


def test_gb18030_document(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_bytes(SOURCE.read_text(encoding="utf-8").encode("gb18030"))
    assert parse_plan_file(p).tasks == load_plan().tasks
