"""Crawl benchmark: zwgk against peer tools on one generated site, loopback only.

    .venv/bin/python bench/crawl_bench.py [--pages 10000] [--out bench-out] [--write-docs]

1. generates a TRS-style portal of about --pages HTML pages (columns with paged lists,
   articles with a 信息公开 table, related links, a GBK section), deterministic;
2. serves it with nginx (own config on 127.0.0.1, a free port) when nginx is installed,
   else with the threaded samples.server;
3. crawls it with, one after the other:
   * zwgk (crawler.run.crawl_site: extraction, link checks, JOBDIR, AutoThrottle — the
     default configuration; new-media visits and attachment reading off, the site has none),
   * a plain Scrapy CrawlSpider + LinkExtractor (bench/plain_crawl.py, same concurrency),
   * wget --spider -r (when installed);
   measuring wall time, pages reached, pages/s and peak RSS of the whole process tree
   (sampled from /proc every 0.1 s);
4. prints a Markdown table and, with --write-docs, puts it into docs/benchmarks.md
   between the RESULTS markers.

Every run is bounded (--timeout per tool) and only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DOCS = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- RESULTS BEGIN -->", "<!-- RESULTS END -->"


# ---------------------------------------------------------------- the site

WORDS = ["政务公开", "工作动态", "通知公告", "政策文件", "优化营商环境", "安全生产", "乡村振兴", "项目建设", "民生实事",
         "环境整治", "数字政府", "放管服改革", "招商引资", "防汛抗旱", "疫情防控", "教育", "医疗", "社会保障"]


def generate_site(root: Path, pages: int, seed: int = 7) -> int:
    """About `pages` HTML pages: 25 columns, 20 articles per list page. Returns the count."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    columns = 25
    per_list = 20
    articles_per_col = max(per_list, (pages - 1) // columns - (pages // columns) // (per_list + 1))
    list_pages = (articles_per_col + per_list - 1) // per_list
    today = dt.date(2026, 11, 27)
    count = 0

    def write(rel: str, title: str, body: str, charset: str = "utf-8") -> None:
        nonlocal count
        head = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                f"<title>{escape(title)}</title><meta name=\"SiteName\" content=\"基准测试门户\"></head><body>"
                '<div class="header"><h1>基准测试门户</h1></div><div class="nav"><a href="/">首页</a> '
                + " ".join(f'<a href="/col{c}/index.html">栏目{c}</a>' for c in range(0, columns, 5))
                + "</div>")
        foot = ('<div class="footer">主办单位：基准测试门户办公室 网站标识码：0000000000 '
                "京ICP备00000000号 京公网安备 00000000000000号</div></body></html>")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((head + body + foot).encode(charset))
        count += 1

    home_cols = "".join(f'<li><a href="/col{c}/index.html">栏目{c}（{WORDS[c % len(WORDS)]}）</a></li>'
                        for c in range(columns))
    write("index.html", "基准测试门户", f'<div class="main"><ul>{home_cols}</ul></div>')
    for c in range(columns):
        charset = "gbk" if c % 5 == 4 else "utf-8"
        arts = []
        for i in range(articles_per_col):
            d = today - dt.timedelta(days=i + c)
            arts.append((f"/col{c}/{d:%Y%m}/t{d:%Y%m%d}_{c * 100000 + i}.html",
                         f"{WORDS[(i + c) % len(WORDS)]}工作情况通报（第{i + 1}期）", d))
        for n in range(list_pages):
            chunk = arts[n * per_list:(n + 1) * per_list]
            rows = "".join(f'<li><a href="{u}" title="{escape(t)}">{escape(t)}</a><span class="date">{d}</span></li>'
                           for u, t, d in chunk)
            pager = " ".join(f'<a href="index{"" if k == 0 else "_" + str(k)}.html">{k + 1}</a>'
                             for k in range(list_pages))
            nxt = f'<a href="index_{n + 1}.html">下一页</a>' if n + 1 < list_pages else ""
            write(f"col{c}/index{'' if n == 0 else '_' + str(n)}.html", f"栏目{c}",
                  f'<div class="position">当前位置：<a href="/">首页</a> &gt; <span>栏目{c}</span></div>'
                  f'<ul class="list">{rows}</ul><div class="page">{pager} {nxt}</div>', charset)
        for i, (u, t, d) in enumerate(arts):
            related = "".join(f'<p><a href="{arts[(i + k) % len(arts)][0]}">{escape(arts[(i + k) % len(arts)][1])}</a></p>'
                              for k in (1, 2, 3))
            paras = "".join(f"<p>{rng.choice(WORDS)}{rng.choice(WORDS)}相关工作有序推进，各项任务按期完成。</p>"
                            for _ in range(6))
            write(u.lstrip("/"), t,
                  f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col{c}/index.html">栏目{c}</a></div>'
                  f'<table class="xxgk"><tr><td>索引号：</td><td>000000/{d.year}-{i:05d}</td><td>发布日期：</td>'
                  f"<td>{d}</td></tr></table><h1>{escape(t)}</h1>{paras}"
                  f'<div class="related"><h3>相关链接</h3>{related}</div>', charset)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /search/\n")
    return count


# ---------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    def __init__(self, root: Path, work: Path):
        self.port = free_port()
        self.prefix = work / "nginx"
        (self.prefix / "logs").mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(f"""worker_processes 1;
daemon off;
pid {self.prefix}/nginx.pid;
error_log {self.prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  types {{ text/html html; text/plain txt; }}
  default_type application/octet-stream;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path {self.prefix}/tmp_body;
  proxy_temp_path {self.prefix}/tmp_proxy;
  fastcgi_temp_path {self.prefix}/tmp_fcgi;
  uwsgi_temp_path {self.prefix}/tmp_uwsgi;
  scgi_temp_path {self.prefix}/tmp_scgi;
  server {{ listen 127.0.0.1:{self.port}; root {root}; index index.html; }}
}}
""")
        self.proc = subprocess.Popen(["nginx", "-p", str(self.prefix), "-c", str(conf)],
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
        self.name = "nginx " + subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Threaded:
    def __init__(self, root: Path):
        from samples.server import serve_background

        self.server = serve_background(root)
        self.base_url = self.server.base_url
        self.name = "samples.server (threaded Python)"

    def stop(self) -> None:
        self.server.stop()


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


def tree_rss(pid: int) -> int:
    """Resident set size of a process and all its descendants, in bytes."""
    kids = _children()
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
        stack.extend(kids.get(p, []))
    return total


def run_measured(cmd: list[str], *, cwd: Path, env: dict | None = None, timeout: float) -> tuple[float, int, int,
                                                                                                  str]:
    """(seconds, peak RSS bytes, exit code, stdout) of a command and its process tree."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    peak = 0
    out_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    try:
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            if time.monotonic() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.1)
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    reader.join(timeout=5)
    return time.monotonic() - started, peak, proc.returncode, b"".join(out_chunks).decode("utf-8", "replace")


def bench_zwgk(base: str, work: Path, pages: int, timeout: float) -> dict:
    from crawler.run import _package_root, build_command

    out = work / "zwgk-run"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cmd = build_command(base + "/", out, max_pages=pages + 1000, external_hosts=[], settings={
        "ZWGK_NEWMEDIA": False, "ZWGK_FETCH_DOCUMENTS": False, "LOG_LEVEL": "WARNING"})
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
           "PYTHONPATH": str(_package_root())}
    secs, peak, rc, _ = run_measured(cmd, cwd=out, env=env, timeout=timeout)
    info = json.loads((out / "crawl.json").read_text("utf-8")) if (out / "crawl.json").exists() else {}
    reached = info.get("stats", {}).get("zwgk/pages_written", 0)
    return {"tool": "zwgk (crawler.run, default settings)", "pages": reached, "seconds": secs, "rss": peak, "rc": rc,
            "note": f"{info.get('stats', {}).get('zwgk/links_written', 0)} link checks, columns assembled, JOBDIR on"}


def bench_plain(base: str, work: Path, timeout: float) -> dict:
    out = work / "plain.jsonl"
    cmd = [sys.executable, str(REPO / "bench" / "plain_crawl.py"), base + "/", str(out),
           json.dumps({"CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 8})]
    secs, peak, rc, stdout = run_measured(cmd, cwd=work, timeout=timeout)
    pages = json.loads(stdout.strip().splitlines()[-1])["pages"] if stdout.strip() else 0
    return {"tool": "Scrapy CrawlSpider + LinkExtractor (bench/plain_crawl.py)", "pages": pages, "seconds": secs,
            "rss": peak, "rc": rc, "note": "no extraction, no link checks"}


def bench_wget(base: str, work: Path, timeout: float) -> dict | None:
    if not shutil.which("wget"):
        return None
    d = work / "wget"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir()
    log = d / "wget.log"
    cmd = ["wget", "--spider", "-r", "-l", "inf", "-nd", "--no-parent", "-e", "robots=on", "-o", str(log),
           "--no-proxy", base + "/"]
    secs, peak, rc, _ = run_measured(cmd, cwd=d, timeout=timeout)
    text = log.read_text("utf-8", "replace") if log.exists() else ""
    urls = {line.split("--  ", 1)[1].strip() for line in text.splitlines()
            if line.startswith("--") and "--  " in line}
    pages = sum(1 for u in urls if u.endswith((".html", "/")))  # spider mode asks each URL twice
    return {"tool": "wget --spider -r (single connection)", "pages": pages, "seconds": secs, "rss": peak, "rc": rc,
            "note": "distinct URLs in its log; parses links, extracts nothing"}


def table(rows: list[dict]) -> str:
    out = ["| tool | pages reached | seconds | pages/s | peak RSS (MB) | notes |",
           "|---|---:|---:|---:|---:|---|"]
    for r in rows:
        rate = r["pages"] / r["seconds"] if r["seconds"] else 0
        note = r["note"] if r["rc"] == 0 else f"{r['note']}; exit code {r['rc']}"
        out.append(f"| {r['tool']} | {r['pages']:,} | {r['seconds']:.1f} | {rate:.0f} | {r['rss'] / 2**20:.0f} | "
                   f"{note} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per tool")
    ap.add_argument("--no-nginx", action="store_true")
    ap.add_argument("--skip", default="", help="comma-separated: zwgk,plain,wget")
    ap.add_argument("--write-docs", action="store_true", help="put the results into docs/benchmarks.md")
    args = ap.parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="zwgk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    site = work / "site"
    t0 = time.monotonic()
    n = generate_site(site, args.pages)
    print(f"generated {n:,} HTML pages in {time.monotonic() - t0:.1f} s under {site}", flush=True)
    server = Threaded(site) if args.no_nginx or not shutil.which("nginx") else Nginx(site, work)
    skip = set(filter(None, args.skip.split(",")))
    rows = []
    try:
        print(f"serving with {server.name} at {server.base_url}", flush=True)
        if "zwgk" not in skip:
            rows.append(bench_zwgk(server.base_url, work, n, args.timeout))
            print(rows[-1], flush=True)
        if "plain" not in skip:
            rows.append(bench_plain(server.base_url, work, args.timeout))
            print(rows[-1], flush=True)
        if "wget" not in skip:
            r = bench_wget(server.base_url, work, args.timeout)
            if r:
                rows.append(r)
                print(r, flush=True)
    finally:
        server.stop()
    md = table(rows)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    header = (f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} CPU ({cpu}), Python "
              f"{platform.python_version()}, site of {n:,} HTML pages served by {server.name} on 127.0.0.1:")
    print("\n" + header + "\n\n" + md)
    if args.write_docs:
        text = DOCS.read_text("utf-8")
        if BEGIN in text and END in text:
            text = text.split(BEGIN)[0] + BEGIN + "\n" + header + "\n\n" + md + "\n" + END + text.split(END, 1)[1]
            DOCS.write_text(text, "utf-8")
            print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
