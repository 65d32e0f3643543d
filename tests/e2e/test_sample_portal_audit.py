"""End to end: serve the bundled sample portal on 127.0.0.1, audit it with the real CLI
(real Scrapy crawl over HTTP), and compare report.json with the portal's ground truth."""

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest


AS_OF = dt.date(2026, 11, 27)


def _path(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _same(truth_value: str | None, found: str | None, base: str) -> bool:
    if truth_value is None:
        return True
    if truth_value.startswith("/"):
        return found is not None and found.startswith(base) and _path(found) == truth_value
    return found == truth_value


@pytest.fixture(scope="module")
def audited(kfq_audit):
    """The session's shared audit of the sample portal (tests/conftest.py)."""
    out = kfq_audit.out
    report = json.loads((out / "report.json").read_text("utf-8"))
    html = (out / "report.html").read_text("utf-8")
    return kfq_audit.portal.base_url, kfq_audit.portal.truth, report, html, kfq_audit.code


def test_every_planted_defect_is_found(audited):
    base, truth, report, _, _ = audited
    fails = [f for f in report["findings"] if f.get("status", "fail") == "fail"]
    missing = []
    for d in truth["defects"]:
        hits = [f for f in fails if f["rule"] == d["rule"] and _same(d.get("url"), f["url"], base)
                and _same(d.get("target"), f["target"], base)
                and all(f["evidence"].get(k) == v for k, v in d.get("evidence", {}).items())]
        if not hits:
            missing.append(d)
    assert not missing, f"planted defects not reported: {missing}"


def test_correct_pages_are_not_flagged(audited):
    base, truth, report, _, _ = audited
    fails = [f for f in report["findings"] if f.get("status", "fail") == "fail"]
    wrong = []
    for c in truth["correct"]:
        for f in fails:
            if f["rule"] not in c["rules"]:
                continue
            if "url" in c and _same(c["url"], f["url"], base) and (c.get("target") is None):
                wrong.append((c, f))
            elif "target" in c and _same(c["target"], f["target"], base):
                wrong.append((c, f))
    assert not wrong, f"correct pages flagged: {wrong}"


def test_no_unexpected_failures(audited):
    """Every FAIL in the report is one of the planted defects: no false positives anywhere."""
    base, truth, report, _, _ = audited
    unexpected = []
    for f in report["findings"]:
        if f.get("status", "fail") != "fail":
            continue
        if not any(d["rule"] == f["rule"] and _same(d.get("url"), f["url"], base)
                   and _same(d.get("target"), f["target"], base) for d in truth["defects"]):
            unexpected.append((f["rule"], f["url"], f["target"], f["message"]))
    assert not unexpected, f"findings that the truth file does not list: {unexpected}"


def test_report_contract_and_gate(audited):
    _, _, report, html, code = audited
    assert report["version"] == 1 and report["as_of"] == AS_OF.isoformat()
    for f in report["findings"]:
        assert {"rule", "task", "severity", "url", "target", "message", "evidence"} <= f.keys()
    assert code == 2  # error-level gaps are planted, so the default gate fails
    assert report["summary"]["pages_crawled"] >= 300
    assert "责任单位" in html and "党政办公室牵头落实" in html
