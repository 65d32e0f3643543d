"""The 表述错误 dictionary (rules/content/expressions.yaml): complete entries with sources,
every wrong form found, no correct form and no decoy flagged, one Aho-Corasick pass."""

from __future__ import annotations

import pytest
import yaml

from rules.content.CT001 import Matcher, flatten
from rules.content._dictionary import DATA, load, sources

RAW = yaml.safe_load(DATA.read_text(encoding="utf-8"))
ENTRIES = load()
ALL = Matcher(ENTRIES)

# Correct texts holding near matches of wrong forms: none may be flagged.
DECOYS = [
    "坚持以习近平同志为核心的党中央坚强领导",
    "深入学习贯彻习近平新时代中国特色社会主义思想，坚持中国特色社会主义理论体系",
    "积极参与“一带一路”倡议建设",
    "全国人大常委会委员长、全国人大常委会副委员长、全国政协主席出席；人大代表和政协委员",
    "全国人大常委会委员、省人大常委会委员分组审议",
    "国务院办公厅关于印发……的通知；国务院办公室主任",
    "香港特别行政区政府、澳门特别行政区政府、港英政府时期、澳葡政府",
    "原国家工商行政管理总局、国家工商行政管理总局令第68号、根据原国家质检总局公告",
    "各级环境保护部门、国土资源部门、农业部门、文化部门、卫生部门、铁道部门、纪检监察部门",
    "中华人民共和国政府信息公开条例；政府信息公开工作年度报告",
    "台湾地区领导人、台湾当局、大陆与台湾同胞、两岸关系",
    "推进农村长期稳定发展，建立乡村长效机制，实现农村长治久安，在山村长大",
    "伊斯兰国家合作组织成员国；所谓“伊斯兰国”极端组织",
    "中国共产党第二十次全国代表大会、党的二十届三中全会、中国共产党第十九届中央委员会",
    "第十四届全国人民代表大会第一次会议",
    "中国人民政治协商会议全国委员会",
    "住房和城乡建设部、人力资源和社会保障部、工业和信息化部、文化和旅游部、农业农村部",
    "国家税务总局白城市税务局；国家药品监督管理局；国家市场监督管理总局",
    "坚持依法治国、依法执政、依法行政共同推进，建设法治国家、法治政府、法治社会；加强法制建设",
    "截至目前，全区共部署检查12次；作为牵头单位，实事求是、与时俱进",
    "思维族群研究；企业文化部署；环境卫生部位；企业文化部门",
    "维吾尔族、蒙古族、哈萨克族、藏传佛教",
    "来来回回奔波；社会主义意识形态",
    "该村长年坚持人居环境整治，开通村长途客运班线",
    "美国农业部发布报告；美国退伍军人事务部；日本卫生部长",
]


def test_every_entry_has_wrong_right_source():
    assert len(RAW["entries"]) >= 200
    known = RAW["sources"]
    for e in RAW["entries"]:
        assert e.get("wrong") and e.get("right") and e.get("source"), e
        assert e["source"] in known, e
        assert e["wrong"] != e["right"], e
        assert e.get("severity") in ("info", "warning", "error", "critical"), e
        assert e.get("kind"), e
    for key, src in known.items():
        assert src.get("title") and "verified" in src, key
    assert len({e["wrong"] for e in RAW["entries"]}) == len(RAW["entries"]), "duplicate wrong forms"


def test_homophone_and_near_form_variants_are_present():
    wrong = {e["wrong"]: e["right"] for e in RAW["entries"]}
    assert wrong["社会主意"] == "社会主义"
    assert wrong["中华人民共合国"] == "中华人民共和国"
    assert {"习近乎", "以法治国", "政府信息公开法", "一带一路战略"} <= set(wrong)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["wrong"] for e in ENTRIES])
def test_right_form_is_never_flagged(entry):
    found = [m.group(0) for _, m in ALL.find(flatten(entry["correct"]))]
    assert not found, f"correct form {entry['correct']!r} matches {found}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["wrong"] for e in ENTRIES])
def test_wrong_form_is_found_in_a_sentence(entry):
    text = flatten(f"会议要求，{entry['wrong']}。")
    found = [(e["wrong"], m.group(0)) for e, m in ALL.find(text)]
    assert (entry["wrong"], entry["wrong"]) in found


@pytest.mark.parametrize("text", DECOYS)
def test_decoys_are_not_flagged(text):
    assert not [m.group(0) for _, m in ALL.find(flatten(text))]


@pytest.mark.parametrize("text,wrong", [
    ("积极融入“一带一路” 战略", "一带一路战略"),
    ("以习近平为核心的党中央", "以习近平为核心的党中央"),
    ("据国家工商行政管理总局统计", "国家工商行政管理总局"),
    ("中 华 人 民 共 合 国", "中华人民共合国"),
    ("依据《中华人民共和国政府信息公开法》", "政府信息公开法"),
    ("伊斯兰国宣称", "伊斯兰国"),
])
def test_wrong_forms_are_found(text, wrong):
    found = [m.group(0) for _, m in ALL.find(flatten(text))]
    assert wrong in found


def test_longest_overlapping_match_wins_and_guards_apply():
    found = [(e["wrong"], m.group(0)) for e, m in ALL.find("中华人民共和国国务院办公室印发")]
    assert found == [("中华人民共和国国务院办公室", "中华人民共和国国务院办公室")]
    assert [m.group(0) for _, m in ALL.find("全国人大委员长")] == ["全国人大委员长"]


def test_site_regex_entries_run_beside_the_automaton():
    m = Matcher(ENTRIES + [{"wrong": r"白城经济开发去", "correct": "白城经济开发区"}])
    assert m.automaton is not None and m.any is not None and len(m.regex) == 1
    found = [m2.group(0) for _, m2 in m.find("白城经济开发去以法治国")]
    assert found == ["白城经济开发去", "以法治国"]


def test_sources_load():
    assert sources()["civil_code"]["verified"] is True
    assert all(e["source"] for e in ENTRIES)


@pytest.mark.parametrize("text", [
    "政府信息公开法定主动公开内容",  # a 专栏 column name run together with its parent in a site map
    "第三条 开发区安全生产监督管理局负责本办法的组织实施",  # 开发区 keep their own structures
])
def test_sample_portal_texts_are_not_flagged(text):
    assert not [m.group(0) for _, m in ALL.find(flatten(text))]
