"""The default dictionary of wrong expressions (表述错误) and their correct forms.

Each entry: ``wrong`` (a regex over text with whitespace and quotation marks removed),
``correct`` (the correct form, shown in the finding; it must never match any ``wrong``
pattern — tests/rules/test_content_dictionary.py checks that), ``kind`` (政治表述 /
领导职务 / 机构名称 / 错别字 / 涉港澳台), ``severity`` and optionally ``since``: only pages
published on or after that date are judged (an institution renamed in 2018 is correctly named
in a 2016 article). Old names preceded by 原 (原国家工商行政管理总局) or cited as the issuer of
an old regulation (…总局令第68号) are not errors.

The list is a starting point drawn from common 错敏词 checks, not an official list: sites
extend or replace it through the CT001 option ``expressions``.
"""

from __future__ import annotations

_NOT_CITED = r"(?!令|第\d|〔|\[|［|公告|关于|印发|发布的)"

DEFAULT_EXPRESSIONS: list[dict] = [
    # 政治表述
    {"wrong": r"以习近平为核心的党中央", "correct": "以习近平同志为核心的党中央", "kind": "政治表述", "severity": "critical"},
    {"wrong": r"习近平新时代中国特色主义思想", "correct": "习近平新时代中国特色社会主义思想", "kind": "政治表述",
     "severity": "critical"},
    {"wrong": r"中国特色社会主意", "correct": "中国特色社会主义", "kind": "错别字", "severity": "critical"},
    {"wrong": r"社会主义核心价值关", "correct": "社会主义核心价值观", "kind": "错别字", "severity": "critical"},
    {"wrong": r"中华人民共合国|中华人名共和国|中华人民共各国", "correct": "中华人民共和国", "kind": "错别字",
     "severity": "critical"},
    {"wrong": r"一带一路战略", "correct": "“一带一路”倡议", "kind": "政治表述", "severity": "critical"},
    # 领导职务
    {"wrong": r"习近平总书纪|习近平总记书|习近平主习", "correct": "习近平总书记 / 习近平主席", "kind": "领导职务",
     "severity": "critical"},
    {"wrong": r"中共中央主席习近平|习近平中共中央主席", "correct": "中共中央总书记习近平", "kind": "领导职务",
     "severity": "critical"},
    {"wrong": r"全国人大委员长", "correct": "全国人大常委会委员长", "kind": "领导职务", "severity": "critical"},
    {"wrong": r"全国政协委员长", "correct": "全国政协主席", "kind": "领导职务", "severity": "critical"},
    {"wrong": r"国务院办公室(?!主任)", "correct": "国务院办公厅", "kind": "机构名称", "severity": "critical"},
    # 涉港澳台
    {"wrong": r"(?<!港英)香港政府", "correct": "香港特别行政区政府", "kind": "涉港澳台", "severity": "critical"},
    {"wrong": r"(?<!澳葡)澳门政府", "correct": "澳门特别行政区政府", "kind": "涉港澳台", "severity": "critical"},
    {"wrong": r"台湾政府", "correct": "台湾当局", "kind": "涉港澳台", "severity": "critical"},
    {"wrong": r"台湾总统", "correct": "台湾地区领导人", "kind": "涉港澳台", "severity": "critical"},
    # 机构名称 (2018 机构改革): judged only on pages published after the change
    {"wrong": r"(?<!原)国家工商行政管理总局" + _NOT_CITED, "correct": "国家市场监督管理总局", "kind": "机构名称",
     "severity": "warning", "since": "2018-04-10"},
    {"wrong": r"(?<!原)国家质量监督检验检疫总局" + _NOT_CITED, "correct": "国家市场监督管理总局（检验检疫职责划入海关总署）",
     "kind": "机构名称", "severity": "warning", "since": "2018-04-10"},
    {"wrong": r"(?<!原)国家安全生产监督管理总局" + _NOT_CITED, "correct": "应急管理部", "kind": "机构名称",
     "severity": "warning", "since": "2018-04-16"},
    {"wrong": r"(?<!原)(国家卫生和计划生育委员会|国家卫生计生委)" + _NOT_CITED, "correct": "国家卫生健康委员会",
     "kind": "机构名称", "severity": "warning", "since": "2018-03-27"},
    {"wrong": r"(?<!原)环境保护部(?!门)" + _NOT_CITED, "correct": "生态环境部", "kind": "机构名称",
     "severity": "warning", "since": "2018-04-16"},
    {"wrong": r"(?<!原)国土资源部(?!门)" + _NOT_CITED, "correct": "自然资源部", "kind": "机构名称",
     "severity": "warning", "since": "2018-04-10"},
]
