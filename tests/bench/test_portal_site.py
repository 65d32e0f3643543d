"""The benchmark's generated portal and its truth list, and the harness's measuring."""

import hashlib
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import audit_bench  # noqa: E402
import portal_site  # noqa: E402

HREF = re.compile(rb'href="([^"]+)"')


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((root / "site").rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + p.read_bytes())
    return h.hexdigest()


def test_truth_matches_the_site(tmp_path):
    truth = portal_site.generate(tmp_path, 600, gbk_every=5)
    site = tmp_path / "site"
    dead = portal_site.dead_truth(tmp_path)
    assert truth["dead_urls"] == len(dead) > 0
    linked: set[str] = set()
    for page in site.rglob("*.html"):
        linked.update(h.decode() for h in HREF.findall(page.read_bytes()))
    for path in dead:
        assert not (site / path.lstrip("/")).exists(), path
        assert path in linked, path
    files = {"/" + str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and p.name != "robots.txt"}
    assert len(files) == truth["html_pages"] + truth["attachments"]
    # every on-site link is either a file, a column folder (/colN, /colN/) or a planted dead URL
    folders = {f"/col{c}" for c in range(truth["columns"])}
    for href in linked:
        assert href in files or href in dead or href in folders or href == "/", href
    assert truth["gbk_columns"] and (site / "col4" / "index.html").read_bytes().find(b"charset=gbk") > 0


def test_deterministic_and_reused(tmp_path):
    portal_site.generate(tmp_path / "a", 300)
    portal_site.generate(tmp_path / "b", 300)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    stamp = (tmp_path / "a" / "site.stamp").stat().st_mtime_ns
    portal_site.generate(tmp_path / "a", 300)  # same arguments: reused, not rewritten
    assert (tmp_path / "a" / "site.stamp").stat().st_mtime_ns == stamp


def test_run_measured_counts_descendants_cpu(tmp_path):
    burn = "import time\nt=time.process_time()\nwhile time.process_time()-t<0.3: pass\n"
    cmd = [sys.executable, "-c", f"import subprocess,sys; subprocess.run([sys.executable,'-c',{burn!r}])"]
    m = audit_bench.run_measured(cmd, cwd=tmp_path, log=tmp_path / "log", timeout=120)
    assert m["rc"] == 0 and not m["timed_out"]
    assert m["cpu_s"] >= 0.25  # the grandchild's CPU time is counted
    assert m["rss_tree"] >= m["rss_proc"] > 0


def test_run_measured_timeout_kills_the_tree(tmp_path):
    cmd = [sys.executable, "-c", "import subprocess,sys; subprocess.run([sys.executable,'-c','import time; time.sleep(60)'])"]
    m = audit_bench.run_measured(cmd, cwd=tmp_path, log=tmp_path / "log", timeout=1)
    assert m["timed_out"] and m["seconds"] < 30
