"""A full audit of the sample portal (real crawl over loopback, real CLI) leaves no planted
personal-information value in any file it writes: run folder and reports alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from samples.kfq.documents_section import PLANTED_VALUES

AS_OF = dt.date(2026, 11, 27)


def _contents(path: Path) -> list[tuple[str, bytes]]:
    data = path.read_bytes()
    out = [(str(path), data)]
    if zipfile.is_zipfile(path):  # xlsx reports: look inside the compressed members too
        with zipfile.ZipFile(path) as zf:
            out += [(f"{path}!{n}", zf.read(n)) for n in zf.namelist()]
    return out


@pytest.fixture(scope="module")
def audited(kfq_audit):
    """The session's shared audit of the sample portal (tests/conftest.py): read-only."""
    return kfq_audit.out, kfq_audit.portal.truth, kfq_audit.code


def test_the_planted_values_are_on_the_site_and_found(audited):
    out, truth, _ = audited
    report = json.loads((out / "report.json").read_text("utf-8"))
    rules = {f["rule"] for f in report["findings"] if f.get("status", "fail") == "fail"}
    assert {"PII001", "PII002", "PII003"} <= rules
    docs = (out / "crawl" / "documents.jsonl").read_text("utf-8")
    assert '"bank_card"' in docs and '"id18"' in docs


def test_no_output_file_holds_a_full_value(audited):
    out, _, _ = audited
    files = [p for p in sorted(out.rglob("*")) if p.is_file()]
    names = {p.name for p in files}
    assert {"report.json", "report.html", "pages.jsonl", "documents.jsonl", "crawl.log"} <= names
    needles = {v: [v.encode("utf-8"), v.encode("utf-16-le"), hashlib.sha256(v.encode()).hexdigest().encode()]
               for v in PLANTED_VALUES}
    leaks = []
    for p in files:
        for where, data in _contents(p):
            for value, forms in needles.items():
                if any(f in data for f in forms):
                    leaks.append((where, value[:4] + "…"))
    assert not leaks, f"full personal-information values written to: {leaks}"
