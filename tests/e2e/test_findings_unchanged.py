"""Every sample portal's findings stay what they were before a refactor or a store change.

The golden files hold one line per listed finding: rule, status, page, target and message, with the
served address replaced by {base}. A change in findings must be deliberate: rewrite the files with
    ZWGK_UPDATE_GOLDEN=1 .venv/bin/pytest tests/e2e/test_findings_unchanged.py
and let the diff of tests/e2e/golden/ show what changed in review.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def finding_lines(report: dict, base_url: str) -> list[str]:
    base = base_url.rstrip("/")

    def norm(value):
        return value.replace(base, "{base}") if isinstance(value, str) else value

    lines = {json.dumps([f["rule"], f.get("status", "fail"), norm(f.get("url")), norm(f.get("target")),
                         norm(f.get("message"))], ensure_ascii=False)
             for f in report["findings"]}
    return sorted(lines)


@pytest.mark.parametrize("name", ["kfq", "hanweb", "gkmlpt"])
def test_sample_findings_unchanged(name, request):
    audit = request.getfixturevalue(f"{name}_audit")
    lines = finding_lines(audit.report, audit.portal.base_url)
    golden = GOLDEN / f"{name}.jsonl"
    if os.environ.get("ZWGK_UPDATE_GOLDEN") == "1":
        golden.write_text("".join(line + "\n" for line in lines), "utf-8")
    expected = golden.read_text("utf-8").splitlines()
    added = sorted(set(lines) - set(expected))
    removed = sorted(set(expected) - set(lines))
    assert len(lines) > 20, f"{name}: only {len(lines)} findings; the audit did not run as expected"
    assert not added and not removed, (
        f"{name} findings changed: {len(added)} new, {len(removed)} gone\n"
        + "\n".join(["+ " + a for a in added[:20]] + ["- " + r for r in removed[:20]]))
