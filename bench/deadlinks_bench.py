"""Dead-link benchmark: does a crawl keep its pace once only dead links are left?

    .venv/bin/python bench/deadlinks_bench.py [--columns 20] [--articles 25] [--dead 8]
        [--repo PATH ...] [--rounds 2]

1. generates a site: a homepage, --columns column pages, --articles articles per column,
   each article linking --dead pages that do not exist (nginx answers 404). The spider
   crawls breadth first, so the pages come first and the last phase of the crawl is dead
   links only (the situation of issue 12: ~35,000 404s left on a 100,000-page portal);
2. serves it with nginx on 127.0.0.1 (own config and prefix; see crawl_bench.Nginx);
3. crawls it with zwgk (crawler.run, default settings, new media and attachment reading
   off) from each --repo checkout in turn (e.g. the main branch and this one), --rounds
   times, back to back, alternating, so that both see the same machine load;
4. prints per run: wall time, link checks, URLs/s overall, and the checks/s of the
   dead-only phase (the 404 checks written after the last page answered 200, over the
   time between the first and last of them, from links.jsonl's checked_at).

Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.crawl_bench import Nginx, run_measured  # noqa: E402


def generate_site(root: Path, columns: int, articles: int, dead: int) -> tuple[int, int]:
    """(pages, dead links) of a site whose deepest links are all dead."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)

    def write(rel: str, title: str, body: str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
                        f"<body><div class='nav'><a href='/'>首页</a></div>{body}"
                        "<div class='footer'>主办单位：死链测试门户</div></body></html>", "utf-8")

    write("index.html", "死链测试门户",
          "<ul>" + "".join(f"<li><a href='/c{c}/index.html'>栏目{c}</a></li>" for c in range(columns)) + "</ul>")
    pages = 1
    for c in range(columns):
        write(f"c{c}/index.html", f"栏目{c}",
              "<ul>" + "".join(f"<li><a href='/c{c}/a{a}.html'>文章{a}</a></li>" for a in range(articles)) + "</ul>")
        pages += 1
        for a in range(articles):
            links = "".join(f"<p><a href='/gone/c{c}/a{a}/d{d}.html'>已删除的页面{d}</a></p>" for d in range(dead))
            write(f"c{c}/a{a}.html", f"文章{a}", f"<h1>文章{a}</h1><p>正文内容。</p>{links}")
            pages += 1
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /search/\n")
    return pages, columns * articles * dead


def crawl(repo: Path, base: str, out: Path, budget: int, timeout: float) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    python = repo / ".venv" / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "crawler.run", "--start-url", base + "/",
           "--out", str(out), "--max-pages", str(budget), "--external-hosts", "",
           "--set", "ZWGK_NEWMEDIA=false", "--set", "ZWGK_FETCH_DOCUMENTS=false", "--set", "LOG_LEVEL=WARNING"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PYTHONPATH": str(repo)}
    secs, peak, rc, _ = run_measured(cmd, cwd=out, env=env, timeout=timeout)
    checks = []
    links = out / "links.jsonl"
    if links.exists():
        for line in links.open(encoding="utf-8"):
            rec = json.loads(line)
            checks.append((dt.datetime.fromisoformat(rec["checked_at"]).timestamp(), rec["outcome"], rec["url"]))
    checks.sort()
    last_ok = max((t for t, o, u in checks if o == "ok"), default=0.0)
    tail = [t for t, o, _u in checks if o == "dead" and t > last_ok]
    span = (tail[-1] - tail[0]) if len(tail) > 1 else 0.0
    return {"repo": str(repo), "rc": rc, "seconds": round(secs, 1), "checks": len(checks),
            "dead": sum(1 for _t, o, _u in checks if o == "dead"),
            "urls_per_s": round(len(checks) / secs, 1) if secs else 0.0,
            "dead_phase_checks": len(tail), "dead_phase_per_s": round((len(tail) - 1) / span, 1) if span else 0.0,
            "peak_rss_mb": round(peak / 2**20)}


def _set_arg_supported(repo: Path) -> bool:
    return "--set" in (repo / "crawler" / "run.py").read_text("utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--columns", type=int, default=20)
    ap.add_argument("--articles", type=int, default=25)
    ap.add_argument("--dead", type=int, default=8)
    ap.add_argument("--repo", type=Path, action="append", help="checkout to crawl with (repeatable; default: this one)")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=900.0)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    repos = [r.resolve() for r in (args.repo or [REPO])]
    for r in repos:
        if not _set_arg_supported(r):
            raise SystemExit(f"{r}: crawler.run has no --set option")
    work = args.out or Path(tempfile.mkdtemp(prefix="zwgk-deadbench-"))
    work.mkdir(parents=True, exist_ok=True)
    pages, dead = generate_site(work / "site", args.columns, args.articles, args.dead)
    print(f"site: {pages} pages, {dead} dead links; load average {os.getloadavg()}", flush=True)
    server = Nginx(work / "site", work)
    results = []
    try:
        for rnd in range(args.rounds):
            for i, repo in enumerate(repos):
                r = crawl(repo, server.base_url, work / f"run-{rnd}-{i}", pages + dead + 100, args.timeout)
                r["round"] = rnd
                r["load"] = round(os.getloadavg()[0], 1)
                results.append(r)
                print(json.dumps(r), flush=True)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
