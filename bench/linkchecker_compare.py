"""Compare zwgk's links and verdicts with LinkChecker's own checker test expectations.

Usage: python bench/linkchecker_compare.py LINKCHECKER_CHECKOUT [--json]

LINKCHECKER_CHECKOUT is a local copy of https://github.com/linkchecker/linkchecker (its
tests/checker/data/*.html and *.html.result files; nothing of it is kept in this repository).
The data folder is served on 127.0.0.1; each page is crawled by zwgk (crawler.run.crawl_site,
loopback only: other hosts are never requested) and compared with the .result file:

* links: an expected URL (its cache key without fragment, or the raw href when LinkChecker
  gives no cache key) counts as found when zwgk recorded it as a link, an embedded resource
  or a LinkCheck target;
* verdicts: for expected targets on the local server, and for malformed hrefs, LinkChecker's
  valid/error against zwgk's outcome (ok → valid; dead, redirect loops and malformed → error).
"""

from __future__ import annotations

import functools
import json
import re
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from contracts import load_site
from crawler.extract import canonicalize
from crawler.run import crawl_site

DATADIR = "tests/checker/data"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def parse_result(text: str, root: Path, port: int) -> list[dict]:
    text = (text.replace("%(curdir)s", str(root)).replace("%(datadir)s", DATADIR)
            .replace("%(port)d", str(port)).replace("%%", "%"))
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = {}
        for line in block.splitlines():
            key, _, value = line.partition(" ")
            if line.startswith("cache key "):
                entry["key"] = line[len("cache key "):]
            elif line.startswith("real url "):
                entry["real"] = line[len("real url "):]
            elif key == "url":
                entry["url"] = value
            elif line.strip() in ("valid", "error"):
                entry["verdict"] = line.strip()
        if "url" in entry and "verdict" in entry:
            out.append(entry)
    return out


def local(url: str, root: Path, port: int) -> str:
    url = url.replace(f"file://{root}/", f"http://127.0.0.1:{port}/").replace("http://localhost:", "http://127.0.0.1:")
    return url


def norm(url: str) -> str:
    url = url.split("#", 1)[0] if url.startswith("http") else url
    try:
        return canonicalize(url) if url.startswith(("http://", "https://")) else url
    except ValueError:  # a malformed host (http://localhost]) is compared as written
        return url


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve()
    data = root / DATADIR
    srv = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    links_total = links_found = verdicts_total = verdicts_agree = 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for page in sorted(data.glob("*.html")):
            res = page.with_name(page.name + ".result")
            if not res.exists():
                continue
            start = f"http://127.0.0.1:{port}/{DATADIR}/{page.name}"
            expected = [e for e in parse_result(res.read_text("utf-8", "replace"), root, port)]
            expected = [e for e in expected if norm(local(e.get("key") or e["url"], root, port)) != norm(start)]
            if not expected:
                continue
            out = crawl_site(start, Path(tmp) / page.stem, max_pages=30, timeout=120,
                             extra_settings={"ZWGK_FETCH_DOCUMENTS": False, "DOWNLOAD_TIMEOUT": 3,
                                             "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "ERROR"})
            site = load_site(out)
            found: dict[str, str] = {}
            for c in site.links:
                found[norm(c.url)] = {"ok": "valid", "dead": "error", "redirect_loop": "error",
                                      "too_many_redirects": "error"}.get(c.outcome, c.outcome)
            for p in site.pages:
                for ref in [*p.links, *getattr(p, "embeds", [])]:
                    key = norm(ref.url)
                    if ref.kind.value == "malformed":
                        found[key] = "error"
                    else:
                        found.setdefault(key, "not requested")
            for e in expected:
                key = e.get("key")
                candidates = [norm(local(key, root, port))] if key and key != "None" else []
                candidates.append(norm(e["url"]))  # the resolved cache key first, the raw href after
                hit = next((c for c in candidates if c in found), None)
                links_total += 1
                links_found += hit is not None
                is_local = any(c.startswith(f"http://127.0.0.1:{port}/") for c in candidates) or key in (None, "None")
                agree = None
                if is_local:
                    verdicts_total += 1
                    agree = hit is not None and found[hit] == e["verdict"]
                    verdicts_agree += bool(agree)
                rows.append({"page": page.name, "url": e["url"], "expected": e["verdict"],
                             "zwgk": found.get(hit) if hit else "missing", "local": is_local, "agree": agree})
    srv.shutdown()
    summary = {"links_expected": links_total, "links_found": links_found,
               "local_verdicts": verdicts_total, "local_verdicts_agree": verdicts_agree,
               "local_agreement": round(verdicts_agree / verdicts_total, 3) if verdicts_total else None}
    if "--json" in argv:
        print(json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            if not r["agree"] and (r["local"] or r["zwgk"] == "missing"):
                print(f"{r['page']:28} {r['url'][:60]:60} linkchecker={r['expected']:5} zwgk={r['zwgk']}")
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
