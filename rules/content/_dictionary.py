"""The 表述错误 dictionary: rules/content/expressions.yaml, loaded once.

The data file holds ``sources`` (key → title, verified, note) and ``entries``: ``wrong`` (a
literal string, matched in text with whitespace and quotation marks removed), ``right`` (the
correct form), ``kind`` (政治表述 / 领导职务 / 机构名称 / 涉港澳台 / 涉外 / 民族宗教 / 社会称谓 /
法律法规 / 错别字), ``severity``, ``source`` and optionally ``not_before`` / ``not_after``
(strings right before / after the match that make it correct: 原国家工商行政管理总局, 农业部门,
所谓伊斯兰国), ``cited`` (an old name cited with 原/前 or as the issuer of an old document —
…总局令第68号, …关于印发… — is not an error: adds CITED_BEFORE / CITED_AFTER) and ``since``
(pages published before it are not judged: a 2016 article correctly names an institution
renamed in 2018).

`load()` turns entries into CT001 option entries: ``{wrong, correct, kind, severity, since,
not_before, not_after, source, literal: True}``. Site entries given through the CT001 options
(``extra_expressions``, or ``expressions`` replacing the dictionary) are regular expressions
unless they say ``literal: true``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("expressions.yaml")

CITED_BEFORE = ("原", "前")
CITED_AFTER = ("令", "第", "〔", "[", "［", "公告", "关于", "印发", "发布的", "制定", "颁布", "时期", "已废止", "废止")


@lru_cache(maxsize=4)
def _read(path: str) -> dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValueError(f"{path}: expected a mapping with `sources` and `entries`")
    return data


def sources(path: Path = DATA) -> dict[str, dict]:
    return dict(_read(str(path)).get("sources") or {})


def load(path: Path = DATA) -> list[dict]:
    """The dictionary's entries as CT001 option entries (fresh dicts: callers may mutate)."""
    data = _read(str(path))
    known = data.get("sources") or {}
    out = []
    for i, e in enumerate(data["entries"]):
        for key in ("wrong", "right", "source"):
            if not e.get(key):
                raise ValueError(f"{path}: entry {i} lacks `{key}`")
        if e["source"] not in known:
            raise ValueError(f"{path}: entry {i} ({e['wrong']}) cites unknown source {e['source']!r}")
        before = list(e.get("not_before") or [])
        after = list(e.get("not_after") or [])
        if e.get("cited"):
            before += [b for b in CITED_BEFORE if b not in before]
            after += [a for a in CITED_AFTER if a not in after]
        entry = {"wrong": str(e["wrong"]), "correct": str(e["right"]), "kind": e.get("kind", ""),
                 "severity": e.get("severity", "critical"), "source": known[e["source"]].get("title", e["source"]),
                 "literal": True}
        if before:
            entry["not_before"] = before
        if after:
            entry["not_after"] = after
        if e.get("since"):
            entry["since"] = str(e["since"])
        out.append(entry)
    return out


def default_expressions() -> list[dict]:
    return load(DATA)
