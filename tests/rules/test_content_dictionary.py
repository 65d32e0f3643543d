"""The 表述错误 dictionary: every wrong form is found, no correct form ever matches."""

from __future__ import annotations

import re

import pytest

from rules.content.CT001 import Matcher, flatten
from rules.content._dictionary import DEFAULT_EXPRESSIONS

ENTRIES = DEFAULT_EXPRESSIONS
ALL = Matcher(ENTRIES)

DECOYS = [
    "坚持以习近平同志为核心的党中央坚强领导",
    "深入学习贯彻习近平新时代中国特色社会主义思想",
    "积极参与“一带一路”倡议建设",
    "全国人大常委会委员长、全国政协主席出席",
    "国务院办公厅关于印发……的通知",
    "香港特别行政区政府、澳门特别行政区政府、港英政府时期",
    "原国家工商行政管理总局、国家工商行政管理总局令第68号",
    "各级环境保护部门、国土资源部门",
    "中华人民共和国政府信息公开条例",
    "台湾地区领导人、台湾当局",
]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["wrong"][:20] for e in ENTRIES])
def test_correct_form_never_matches(entry):
    text = flatten(entry["correct"])
    assert not list(ALL.find(text)), f"correct form {entry['correct']!r} matches a wrong pattern"


@pytest.mark.parametrize("text", DECOYS)
def test_decoys_do_not_match(text):
    assert not list(ALL.find(flatten(text)))


@pytest.mark.parametrize("text,wrong", [
    ("积极融入“一带一路” 战略", "一带一路战略"),
    ("以习近平为核心的党中央", "以习近平为核心的党中央"),
    ("据国家工商行政管理总局统计", "国家工商行政管理总局"),
    ("中 华 人 民 共 合 国", "中华人民共合国"),
])
def test_wrong_forms_are_found(text, wrong):
    found = [m.group(0) for _, m in ALL.find(flatten(text))]
    assert wrong in found


def test_one_alternation_and_entry_fields():
    assert ALL.any is not None and ALL.any.pattern.count("|(?:") == len(ENTRIES) - 1
    for e in ENTRIES:
        re.compile(e["wrong"])
        assert e["correct"] and e["kind"] and e["severity"] in ("info", "warning", "error", "critical")
