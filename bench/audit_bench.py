"""Audit benchmark (issue 12 item 6): zwgk's full audit against peer tools, loopback only.

    .venv/bin/python bench/audit_bench.py --sizes 20000,100000 --out /work/bench-out \\
        --linkchecker /work/bench-venv/bin/linkchecker --write-docs

For each size it
1. generates a county-portal-like static site of about SIZE live URLs with planted dead
   links (bench/portal_site.py; deterministic, reused when already generated) and its
   truth list of dead URLs;
2. serves it with nginx on 127.0.0.1 (own config and prefix, a free port; the server adds
   a `LinkChecker` response header, which lifts LinkChecker's per-host throttle);
3. runs, one after the other, each bounded by --timeout:
   * `zwgk` — `zwgk audit URL` (crawl, rules, reports), the default configuration;
   * `nightly` — the same audit again over the unchanged site (a nightly re-audit), with
     the HTTP cache of the first run when `zwgk audit` has `--cache-dir`;
   * `plain` — a bare Scrapy CrawlSpider + LinkExtractor crawl (bench/plain_crawl.py);
   * `linkchecker` — LinkChecker (its own venv, --linkchecker PATH), threads=10,
     maxrequestspersecond=100000;
   * `wget` — `wget --spider -r`;
   measuring wall time, URLs requested and URLs/s, CPU seconds (user+sys of the process
   and every descendant it waited for, from wait4), peak RSS of the whole process tree
   (sampled from /proc every 0.2 s) and of its largest single process (the kernel's
   maxrss), and the dead links each tool reported against the truth;
4. writes OUT/SIZE/results.json and prints the Markdown tables; --write-docs puts them
   into docs/benchmarks.md between the AUDIT RESULTS markers (--docs-only rebuilds the
   tables from stored results without running anything).

Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import portal_site  # noqa: E402

DOCS = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- AUDIT RESULTS BEGIN -->", "<!-- AUDIT RESULTS END -->"
TOOLS = ("zwgk", "nightly", "plain", "linkchecker", "wget")
SAMPLE_EVERY = 0.2
# exit codes that mean "ran to the end": zwgk 2 = the gate failed (dead links are errors),
# LinkChecker 1 = invalid links found, wget 8 = the server answered with an error
EXPECTED_RC = {"zwgk": (0, 2), "nightly": (0, 2), "linkchecker": (0, 1), "wget": (0, 8), "plain": (0,)}


# ---------------------------------------------------------------- nginx

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """nginx on 127.0.0.1 with its own prefix; `add_header LinkChecker 1` for LinkChecker."""

    def __init__(self, root: Path, work: Path, gbk_columns: list[int] = ()):
        self.port = free_port()
        self.prefix = work / "nginx"
        (self.prefix / "logs").mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        # GBK columns say so in Content-Type, as portals do
        gbk = (f"location ~ ^/col({'|'.join(map(str, gbk_columns))})/ {{ charset gbk; }}" if gbk_columns else "")
        conf.write_text(f"""worker_processes 1;
daemon off;
pid {self.prefix}/nginx.pid;
error_log {self.prefix}/logs/error.log crit;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  log_not_found off;
  types {{ text/html html; text/plain txt; application/pdf pdf; }}
  default_type application/octet-stream;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path {self.prefix}/tmp_body;
  proxy_temp_path {self.prefix}/tmp_proxy;
  fastcgi_temp_path {self.prefix}/tmp_fcgi;
  uwsgi_temp_path {self.prefix}/tmp_uwsgi;
  scgi_temp_path {self.prefix}/tmp_scgi;
  server {{
    listen 127.0.0.1:{self.port};
    root {root};
    index index.html;
    add_header LinkChecker 1 always;
    {gbk}
  }}
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-p", str(self.prefix), "-c", str(conf)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError("nginx did not start")
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---------------------------------------------------------------- measuring

def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            kids.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children()
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(kids.get(p, []))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def run_measured(cmd: list[str], *, cwd: Path, log: Path, timeout: float, env: dict | None = None) -> dict:
    """Run `cmd` (stdout and stderr to `log`) and measure it and its process tree.

    seconds: wall time; cpu_s: user+sys of the process and of every descendant it waited
    for (wait4); rss_tree: peak of the summed RSS of the tree, sampled; rss_proc: the
    largest single process's peak RSS (kernel maxrss)."""
    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    peak = peak_one = 0
    timed_out = False
    rusage = None
    status = 0
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        pids = _tree(proc.pid)
        rss = [_rss(p) for p in pids]
        peak = max(peak, sum(rss))
        peak_one = max(peak_one, *rss)
        if time.monotonic() - started > timeout:
            timed_out = True
            for p in reversed(pids):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            _, status, rusage = os.wait4(proc.pid, 0)
            break
        time.sleep(SAMPLE_EVERY)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    return {"seconds": round(seconds, 2), "cpu_s": round(rusage.ru_utime + rusage.ru_stime, 1),
            "rss_tree": peak, "rss_proc": peak_one,
            "maxrss_kernel": rusage.ru_maxrss * 1024, "rc": proc.returncode, "timed_out": timed_out}


def _paths(urls) -> set[str]:
    out = set()
    for u in urls:
        parts = urlsplit(u)
        out.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _against(found: set[str], truth: set[str]) -> dict:
    return {"dead_found": len(found & truth), "dead_truth": len(truth), "dead_false": len(found - truth)}


def _count_lines(p: Path) -> int:
    if not p.exists():
        return 0
    with p.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


# ---------------------------------------------------------------- tools

def zwgk_has_cache_dir(zwgk: list[str]) -> bool:
    out = subprocess.run([*zwgk, "audit", "--help"], capture_output=True, text=True).stdout
    return "--cache-dir" in out


def bench_zwgk(ctx: dict, *, nightly: bool) -> dict:
    work: Path = ctx["work"]
    name = "zwgk-nightly" if nightly else "zwgk-audit"
    out = work / name
    shutil.rmtree(out, ignore_errors=True)
    history = work / "zwgk-history.sqlite"
    cache = work / "zwgk-cache"
    if not nightly:
        history.unlink(missing_ok=True)
        shutil.rmtree(cache, ignore_errors=True)
    cmd = [*ctx["zwgk"], "audit", ctx["url"], "--out", str(out), "--as-of", portal_site.AS_OF.isoformat(),
           "--max-pages", str(max(200_000, 2 * ctx["truth"]["urls"])), "--history", str(history)]
    use_cache = ctx["cache_dir_flag"]
    if use_cache:
        cmd += ["--cache-dir", str(cache)]
    m = run_measured(cmd, cwd=work, log=work / f"{name}.log", timeout=ctx["timeout"])
    links = out / "crawl" / "links.jsonl"
    urls = _count_lines(links)
    found: set[str] = set()
    findings = 0
    report = out / "report.json"
    if report.exists():
        data = json.loads(report.read_text("utf-8"))
        findings = len(data.get("findings", []))
        if not urls:  # no links.jsonl (an artifact store instead): the report's own count
            urls = int(data.get("summary", {}).get("links_checked") or 0)
        found = _paths(f["target"] for f in data.get("findings", [])
                       if f.get("rule") in ("LNK001", "LNK002") and f.get("status") == "fail" and f.get("target"))
        del data
    crawl_s = None
    crawl_json = out / "crawl" / "crawl.json"
    if crawl_json.exists():
        info = json.loads(crawl_json.read_text("utf-8"))
        try:
            crawl_s = (dt.datetime.fromisoformat(info["finished_at"])
                       - dt.datetime.fromisoformat(info["started_at"])).total_seconds()
        except (KeyError, TypeError, ValueError):
            pass
    sizes = {p.name: p.stat().st_size for p in out.glob("report.*")}
    note = ("default settings" if not nightly else
            ("second run over the unchanged site, HTTP cache (--cache-dir) from the first" if use_cache else
             "second run over the unchanged site; `zwgk audit` has no --cache-dir yet, so a full re-crawl"))
    return {"tool": "zwgk audit" + (" (nightly re-audit)" if nightly else ""), "key": "nightly" if nightly else "zwgk",
            "urls": urls, **m, **_against(found, ctx["dead"]), "findings": findings,
            "crawl_s": round(crawl_s, 1) if crawl_s is not None else None,
            "report_bytes": sizes, "cmd": shlex.join(cmd), "note": note}


def bench_plain(ctx: dict) -> dict:
    work: Path = ctx["work"]
    out = work / "plain.jsonl"
    cmd = [sys.executable, str(REPO / "bench" / "plain_crawl.py"), ctx["url"], str(out),
           json.dumps({"CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "HTTPERROR_ALLOW_ALL": True})]
    log = work / "plain.log"
    m = run_measured(cmd, cwd=work, log=log, timeout=ctx["timeout"])
    summary = {}
    for line in reversed(log.read_text("utf-8", "replace").splitlines()):
        if line.startswith("{") and '"pages"' in line:
            summary = json.loads(line)
            break
    found = set()
    if out.exists():
        with out.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    item = json.loads(line)
                    if item.get("status", 200) >= 400:
                        found.add(item["url"])
    return {"tool": "Scrapy CrawlSpider + LinkExtractor", "key": "plain", "urls": summary.get("requests", 0), **m,
            **_against(_paths(found), ctx["dead"]), "cmd": shlex.join(cmd),
            "note": "bench/plain_crawl.py, 16 concurrent; no extraction; LinkExtractor skips .pdf links"}


LC_CONFIG = """[checking]
threads=10
maxrequestspersecond=100000
"""


def bench_linkchecker(ctx: dict) -> dict | None:
    lc = ctx["linkchecker"]
    if not lc:
        return None
    work: Path = ctx["work"]
    d = work / "linkchecker"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir()
    os.chmod(d, 0o777)  # LinkChecker drops root privileges (to nobody) before writing its output
    cfg = d / "linkcheckerrc"
    cfg.write_text(LC_CONFIG)
    os.chmod(cfg, 0o644)
    csv_out = d / "errors.csv"
    cmd = [lc, "-f", str(cfg), "--no-status", "--no-warnings", "-o", "text", "-F", f"csv/utf-8/{csv_out}", ctx["url"]]
    log = d / "linkchecker.log"
    m = run_measured(cmd, cwd=d, log=log, timeout=ctx["timeout"])
    text = log.read_text("utf-8", "replace")
    hit = re.findall(r"(\d+) links? in (\d+) URLs? checked", text)
    urls = int(hit[-1][1]) if hit else 0
    found = set()
    if csv_out.exists():
        with csv_out.open(encoding="utf-8", newline="") as fh:
            rows = csv.reader((line for line in fh if not line.startswith("#")), delimiter=";")
            header = next(rows, None)
            if header:
                ui, vi = header.index("url"), header.index("valid")
                for row in rows:
                    if len(row) > max(ui, vi) and row[vi] in ("False", "0"):
                        found.add(row[ui])
    return {"tool": "LinkChecker", "key": "linkchecker", "urls": urls, **m, **_against(_paths(found), ctx["dead"]),
            "cmd": shlex.join(cmd), "note": "threads=10, maxrequestspersecond=100000, server sends `LinkChecker` header"}


def bench_wget(ctx: dict) -> dict | None:
    if not shutil.which("wget"):
        return None
    work: Path = ctx["work"]
    d = work / "wget"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir()
    log = d / "wget.log"
    cmd = ["wget", "--spider", "-r", "-l", "inf", "-nd", "--no-parent", "-e", "robots=on", "-o", str(log),
           "--no-proxy", ctx["url"]]
    m = run_measured(cmd, cwd=d, log=d / "stdout.log", timeout=ctx["timeout"])
    text = log.read_text("utf-8", "replace") if log.exists() else ""
    urls = {line.split("--  ", 1)[1].strip() for line in text.splitlines() if line.startswith("--") and "--  " in line}
    found = set()
    tail = re.split(r"Found \d+ broken links?\.", text)
    if len(tail) > 1:
        found = {line.strip() for line in tail[-1].splitlines() if line.strip().startswith("http")}
    return {"tool": "wget --spider -r", "key": "wget", "urls": len(urls), **m, **_against(_paths(found), ctx["dead"]),
            "cmd": shlex.join(cmd), "note": "single connection; distinct URLs in its log"}


# ---------------------------------------------------------------- machine and tables

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem / 2**20, 1), "python": platform.python_version(),
            "kernel": platform.release()}


def _mb(b: int | None) -> str:
    return f"{b / 2**20:,.0f}" if b else "–"


def table(res: dict) -> str:
    rows = res["rows"]
    lc = next((r for r in rows if r["key"] == "linkchecker" and not r["timed_out"]), None)
    lc_rate = lc["urls"] / lc["seconds"] if lc and lc["seconds"] else None
    out = ["| tool | URLs | wall s | URLs/s | × LinkChecker | CPU s | peak RSS tree (MB) | peak RSS one process (MB) "
           "| dead found / truth | false dead | notes |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        rate = r["urls"] / r["seconds"] if r["seconds"] else 0
        ratio = f"{rate / lc_rate:.2f}" if lc_rate else "–"
        note = r["note"]
        if r["timed_out"]:
            note += f"; **stopped by the {res['timeout']:.0f} s timeout**"
        elif r["rc"] not in EXPECTED_RC.get(r["key"], (0,)):
            note += f"; exit code {r['rc']}"
        out.append(f"| {r['tool']} | {r['urls']:,} | {r['seconds']:,.1f} | {rate:,.0f} | {ratio} | {r['cpu_s']:,.0f} | "
                   f"{_mb(r['rss_tree'])} | {_mb(r['rss_proc'])} | {r['dead_found']:,} / {r['dead_truth']:,} | "
                   f"{r['dead_false']:,} | {note} |")
    z = [r for r in rows if r["key"] in ("zwgk", "nightly")]
    details = []
    for r in z:
        rep = r.get("report_bytes") or {}
        post = r["seconds"] - r["crawl_s"] if r.get("crawl_s") is not None else None
        details.append(f"* {r['tool']}: crawl {r['crawl_s'] if r.get('crawl_s') is not None else '–'} s, "
                       f"after the crawl (load, rules, reports) {f'{post:,.1f}' if post is not None else '–'} s; "
                       f"{r.get('findings', 0):,} findings; report.html {_mb(rep.get('report.html'))} MB, "
                       f"report.json {_mb(rep.get('report.json'))} MB, report.xlsx {_mb(rep.get('report.xlsx'))} MB.")
    return "\n".join(out) + ("\n\n" + "\n".join(details) if details else "")


def section(res: dict) -> str:
    t, m = res["truth"], res["machine"]
    head = (f"### {t['pages_requested']:,}-page site\n\n"
            f"Measured {res['started']} UTC on {m['nproc']} CPU ({m['cpu']}), {m['ram_gb']} GB RAM, Python "
            f"{m['python']}, nginx {res['nginx']} on 127.0.0.1, "
            f"LinkChecker {(res.get('linkchecker_version') or '–').replace('LinkChecker', '').strip()}, "
            f"{res.get('wget_version') or 'wget –'}. Load average {res['load_before']} before, {res['load_after']} after"
            f"{' — **the machine was shared with other jobs, figures are distorted**' if res.get('loaded') else ''}. "
            f"Code {res.get('commit') or '?'}, site generator v{t.get('generator_version', '?')}."
            f"{' ' + res['note'] if res.get('note') else ''}\n\n"
            f"Site: {t['html_pages']:,} HTML pages, {t['attachments']:,} PDF attachments and {t.get('redirects', 0):,} "
            f"folder redirects in {t['columns']} columns, "
            f"{t['dead_urls']:,} dead URLs linked {t['dead_link_occurrences']:,} times: {t['urls']:,} URLs. "
            f"Timeout per tool {res['timeout']:.0f} s.\n\n")
    return head + table(res)


def write_docs(results: list[dict]) -> None:
    commands = sorted({r.get("command", "") for r in results} - {""})
    body = "".join(f"Command: `{c}`\n\n" for c in commands) + "\n\n".join(section(r) for r in results)
    text = DOCS.read_text("utf-8")
    if BEGIN in text and END in text:
        text = text.split(BEGIN)[0] + BEGIN + "\n" + body + "\n" + END + text.split(END, 1)[1]
    else:
        text += f"\n{BEGIN}\n{body}\n{END}\n"
    DOCS.write_text(text, "utf-8")
    print(f"wrote {DOCS}")


# ---------------------------------------------------------------- main

def _version(cmd: list[str]) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr).strip() else ""


def _commit() -> str:
    try:
        r = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True,
                           timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return r.stdout.strip()


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_size(size: int, args, tools: list[str], command: str) -> dict:
    work = args.out / str(size)
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    truth = portal_site.generate(work, size, gbk_every=args.gbk_every)
    print(f"[{size}] site ready in {time.monotonic() - t0:.1f} s: {truth}", flush=True)
    zwgk_bin = Path(sys.executable).with_name("zwgk")
    zwgk = [str(zwgk_bin)] if zwgk_bin.exists() else [sys.executable, "-c",
                                                      "import sys; from auditor.cli import main; sys.exit(main())"]
    server = Nginx(work / "site", work, truth.get("gbk_columns", []))
    res = {"size": size, "truth": truth, "machine": machine(), "nginx": server.version, "timeout": args.timeout,
           "command": command, "commit": _commit(), "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"), "load_before": _load(),
           "linkchecker_version": _version([args.linkchecker, "--version"]).replace("released", "").split("  ")[0]
           if args.linkchecker else "",
           "wget_version": _version(["wget", "--version"]).split(" built")[0], "rows": []}
    ctx = {"work": work, "url": server.base_url + "/", "truth": truth, "dead": portal_site.dead_truth(work),
           "timeout": args.timeout, "zwgk": zwgk, "cache_dir_flag": zwgk_has_cache_dir(zwgk),
           "linkchecker": args.linkchecker}
    runners = {"zwgk": lambda: bench_zwgk(ctx, nightly=False), "nightly": lambda: bench_zwgk(ctx, nightly=True),
               "plain": lambda: bench_plain(ctx), "linkchecker": lambda: bench_linkchecker(ctx),
               "wget": lambda: bench_wget(ctx)}
    try:
        print(f"[{size}] serving at {server.base_url}", flush=True)
        for tool in tools:
            print(f"[{size}] {tool} … (load {_load()})", flush=True)
            row = runners[tool]()
            if row:
                res["rows"].append(row)
                # kept after every tool, so an interrupted run still has what it measured
                (work / "results.json").write_text(json.dumps({**res, "load_after": _load(), "loaded": args.loaded},
                                                              indent=1, ensure_ascii=False), "utf-8")
                print(f"[{size}] {json.dumps({k: v for k, v in row.items() if k != 'cmd'}, ensure_ascii=False)}",
                      flush=True)
    finally:
        server.stop()
    res["load_after"] = _load()
    res["loaded"] = args.loaded or float(res["load_before"].split()[0]) > res["machine"]["nproc"] * 0.5
    (work / "results.json").write_text(json.dumps(res, indent=1, ensure_ascii=False), "utf-8")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="20000,100000", help="comma-separated site sizes (live URLs)")
    ap.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated, in order: {','.join(TOOLS)}")
    ap.add_argument("--out", type=Path, default=Path("bench-out"), help="work folder (sites are kept and reused)")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per tool run")
    default_lc = "/work/bench-venv/bin/linkchecker" if Path("/work/bench-venv/bin/linkchecker").exists() else \
        shutil.which("linkchecker")
    ap.add_argument("--linkchecker", default=default_lc, help="LinkChecker executable (kept out of the project venv)")
    ap.add_argument("--gbk-every", type=int, default=0,
                    help="every N-th column GBK-encoded (default 0: all UTF-8; LinkChecker 10.6 cannot read GBK pages)")
    ap.add_argument("--loaded", action="store_true", help="mark the figures as taken on a shared, loaded machine")
    ap.add_argument("--write-docs", action="store_true", help="put the tables into docs/benchmarks.md")
    ap.add_argument("--docs-only", action="store_true", help="rebuild the docs tables from OUT/*/results.json")
    args = ap.parse_args(argv)
    args.out = args.out.resolve()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    tools = [t for t in args.tools.split(",") if t.strip()]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        ap.error(f"unknown tools: {sorted(unknown)}")
    command = "python bench/audit_bench.py " + shlex.join(a for a in (argv if argv is not None else sys.argv[1:])
                                                          if a != "--docs-only")
    results = []
    for size in sizes:
        stored = args.out / str(size) / "results.json"
        if args.docs_only:
            if stored.exists():
                results.append(json.loads(stored.read_text("utf-8")))
            continue
        results.append(run_size(size, args, tools, command))
    for r in results:
        print("\n" + section(r))
    if args.write_docs or args.docs_only:
        write_docs(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
