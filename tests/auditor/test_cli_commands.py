"""`zwgk serve-sample` and `zwgk demo`: the sample portal commands, run for real on 127.0.0.1."""

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from auditor.cli import main

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-27"


def test_serve_sample_serves_until_stopped(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor.cli", "serve-sample", "--port", "0", "--as-of", AS_OF,
         "--dir", str(tmp_path / "sample")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stdout.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert m, line + proc.stderr.read() if proc.poll() is not None else line
        with urllib.request.urlopen(m.group(1), timeout=10) as resp:
            assert resp.status == 200
            assert "<html" in resp.read().decode("utf-8", "replace").lower()
        assert (tmp_path / "sample" / "truth.json").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "stopped" in out


def test_demo_audits_the_sample_portal(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--as-of", AS_OF]) == 0  # gaps found, yet the demo ran
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["as_of"] == AS_OF
    assert data["summary"]["pages_crawled"] > 0 and data["summary"]["by_status"]["fail"] > 0
    assert (out / "report.html").exists()
    printed = capsys.readouterr().out
    assert str(out / "report.html") in printed and "按任务" in printed and "planted defects" in printed
