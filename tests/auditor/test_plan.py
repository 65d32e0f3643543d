"""The bundled plan: 15 tasks transcribed verbatim, units and deadlines parsed right."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from auditor.plan import DEFAULT_PLAN, PlanError, load_plan
from contracts import Plan

SOURCE = DEFAULT_PLAN.with_name("baicheng_2020.source.txt")
COUNTIES = "各街道办事处、相关各部门负责落实"
OFFICE = "党政办公室牵头落实"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan()


def test_fifteen_tasks_in_order(plan):
    assert isinstance(plan, Plan)
    assert [t.number for t in plan.tasks] == list(range(1, 16))
    assert plan.title == "2020年白城经济开发区政务公开（政府信息公开）重点工作任务分工实施方案"


def test_groups(plan):
    groups = list(dict.fromkeys(t.group for t in plan.tasks))
    assert groups == [
        "（一）加强权力配置信息和决策信息的公开",
        "（二）聚焦“六稳”“六保”工作加强政策解读",
        "（三）围绕应对突发公共事件做好政务公开",
        "（四）全力抓好政府信息公开条例的贯彻执行",
        "（五）强化政务公开的各项保障",
    ]
    assert [t.number for t in plan.tasks if t.group.startswith("（四）")] == [9, 10, 11, 12]


def test_titles(plan):
    assert plan.task(1).title == "加强权力配置信息公开"
    assert plan.task(6).title == "强化监督考评，提升解读质效"
    assert plan.task(11).title == "加强政府网站政务公开平台建设"
    assert plan.task(15).title == "扎实开展培训工作"


def test_responsible_units_and_lead_flag(plan):
    office = {9, 11, 12, 13, 14, 15}
    for t in plan.tasks:
        if t.number in office:
            assert (t.responsible, t.lead) == (OFFICE, True), t.number
        else:
            assert (t.responsible, t.lead) == (COUNTIES, False), t.number


def test_deadlines(plan):
    assert [(d.text, d.date) for d in plan.task(2).deadlines] == [("2020年11月底前", "2020-11-30")]
    assert [(d.text, d.date) for d in plan.task(11).deadlines] == [("2020年底前", "2020-12-31")]
    dated = {t.number for t in plan.tasks if t.deadlines}
    assert dated == {2, 11}
    for t in plan.tasks:
        for d in t.deadlines:
            assert dt.date.fromisoformat(d.date)


def test_items(plan):
    assert len(plan.task(7).items) == 3
    assert len(plan.task(11).items) == 3
    assert plan.task(4).items == [] and plan.task(13).items == [] and plan.task(15).items == []
    assert plan.task(1).items[1] == "行政权力调整后，及时在政府门户网站及其他有效载体上向社会公布调整后的行政权力清单"
    assert plan.task(11).items[1].startswith("依托政府门户网站加强政府信息公开工作，2020年底前")
    for t in plan.tasks:
        for item in t.items:
            assert not item.startswith(("一是", "二是", "三是")) and item == item.strip()


def test_transcription_is_verbatim(plan):
    """Each task's heading, text + （责任单位） and every item appear in the source exactly."""
    source = SOURCE.read_text(encoding="utf-8")
    assert plan.title in source
    for t in plan.tasks:
        assert f"{t.number}、{t.title}" in source, t.number
        assert f"{t.text}（{t.responsible}）" in source, t.number
        for item in t.items:
            assert item in t.text and item in source
        for d in t.deadlines:
            assert d.text in t.text
    for group in {t.group for t in plan.tasks}:
        assert group in source


def _write(tmp_path: Path, data) -> Path:
    p = tmp_path / "plan.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


def _raw():
    return yaml.safe_load(DEFAULT_PLAN.read_text(encoding="utf-8"))


def test_missing_field_is_named(tmp_path):
    data = _raw()
    del data["tasks"][3]["responsible"]
    with pytest.raises(PlanError, match=r"tasks\[3\]\.responsible"):
        load_plan(_write(tmp_path, data))


def test_bad_deadline_date_is_named(tmp_path):
    data = _raw()
    data["tasks"][1]["deadlines"][0]["date"] = "2020年11月30日"
    with pytest.raises(PlanError, match=r"tasks\[1\]\.deadlines\[0\]\.date"):
        load_plan(_write(tmp_path, data))


def test_wrong_type_and_unknown_field_are_named(tmp_path):
    data = _raw()
    data["tasks"][0]["number"] = "first"
    data["tasks"][2]["owner"] = "x"
    with pytest.raises(PlanError) as err:
        load_plan(_write(tmp_path, data))
    assert "tasks[0].number" in str(err.value) and "tasks[2].owner" in str(err.value)


def test_duplicate_numbers_rejected(tmp_path):
    data = _raw()
    data["tasks"][1]["number"] = 1
    with pytest.raises(PlanError, match="unique"):
        load_plan(_write(tmp_path, data))


def test_unreadable_files(tmp_path):
    with pytest.raises(PlanError, match="not found"):
        load_plan(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed", encoding="utf-8")
    with pytest.raises(PlanError, match="YAML"):
        load_plan(bad)
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just text", encoding="utf-8")
    with pytest.raises(PlanError, match="mapping"):
        load_plan(scalar)


def test_registered_rules_map_to_plan_tasks(plan):
    """Every task a registered rule names exists in the plan."""
    import rules

    registered = rules.all_rules()
    numbers = {t.number for t in plan.tasks}
    for r in registered:
        assert set(r.meta.plan_tasks) <= numbers, r.meta.id
