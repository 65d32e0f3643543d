"""A deterministic, county-portal-sized static site with planted dead links (issue 12).

    .venv/bin/python bench/portal_site.py DIR --pages 20000

The site is what a county 政务公开 portal looks like to a crawler: a homepage listing every
column, columns with paged lists (20 items a page, a TRS-style pager: first, previous, a
window of numbers, next, last), articles with a 信息公开 table, body text, related links
and attachments (small valid PDFs); with gbk_every=N every N-th column is GBK-encoded
(0: all UTF-8, the benchmark's default: LinkChecker 10.6 does not read GBK pages, see
docs/benchmarks.md). About --pages live
URLs (HTML pages and attachments together), and about 0.53 dead on-site URLs per live
one: removed articles and attachments linked from articles, and a few removed pages
linked from every list page of a column. Some dead targets are linked from several pages.
The homepage's "更多" links answer with a redirect to the column's folder.

Beside the site (in DIR, not served): `truth.json` with the counts and `dead.txt`, every
dead URL (root-relative path) one per line, the list a link checker's findings are
compared with. Everything follows from (pages, seed): the same arguments give the same
bytes, so a site generated once is reused (`site.stamp`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sys
from html import escape
from pathlib import Path

GENERATOR_VERSION = 3
TODAY = dt.date(2026, 11, 27)  # dates on the site are relative to this day
AS_OF = dt.date(2026, 12, 1)  # the audit date the benchmark passes to zwgk
PER_LIST = 20
ATTACHMENT_EVERY = 9  # one article in 9 carries a live PDF attachment
P_DEAD_PAGE = 0.50  # an article links a removed article
P_DEAD_ATTACHMENT = 0.12  # an article links a removed attachment
SHARED_DEAD_PER_COLUMN = 2  # removed pages every list page of the column links
REPEAT_EVERY = 7  # one article in 7 also repeats the previous article's dead link

WORDS = ["政务公开", "工作动态", "通知公告", "政策文件", "优化营商环境", "安全生产", "乡村振兴", "项目建设", "民生实事",
         "环境整治", "数字政府", "放管服改革", "招商引资", "防汛抗旱", "教育", "医疗", "社会保障", "人事信息"]
COLUMN_NAMES = ["工作动态", "通知公告", "政策文件", "政策解读", "人事信息", "财政信息", "重点项目", "公共服务", "应急管理",
                "环境保护", "教育信息", "卫生健康", "社会救助", "就业创业", "农业农村", "城乡建设", "交通运输", "市场监管",
                "安全生产", "统计信息", "审计信息", "规划计划", "建议提案", "政府会议", "机构职能"]


def _pdf(text: str) -> bytes:
    """A minimal valid one-page PDF showing `text` (ASCII), with a correct xref table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _pager(c: int, n: int, total: int) -> str:
    def href(k: int) -> str:
        return f"/col{c}/index{'' if k == 0 else '_' + str(k)}.html"

    parts = []
    if n > 0:
        parts += [f'<a href="{href(0)}">首页</a>', f'<a href="{href(n - 1)}">上一页</a>']
    for k in range(max(0, n - 2), min(total, n + 3)):
        parts.append(f"<span>{k + 1}</span>" if k == n else f'<a href="{href(k)}">{k + 1}</a>')
    if n + 1 < total:
        parts += [f'<a href="{href(n + 1)}">下一页</a>', f'<a href="{href(total - 1)}">尾页</a>']
    return f'<div class="page">共{total}页 {" ".join(parts)}</div>'


def layout(pages: int) -> tuple[int, int]:
    """(columns, articles per column) for about `pages` live URLs."""
    columns = max(10, min(len(COLUMN_NAMES) * 6, round(pages / 800)))
    # live URLs per article: 1 + 1/ATTACHMENT_EVERY + 1/PER_LIST (its share of a list page)
    per_article = 1 + 1 / ATTACHMENT_EVERY + 1 / PER_LIST
    articles = max(PER_LIST, round((pages - 1) / columns / per_article))
    return columns, articles


def gbk_columns(columns: int, gbk_every: int) -> list[int]:
    return [c for c in range(columns) if gbk_every and c % gbk_every == gbk_every - 1]


def generate(root: Path, pages: int, seed: int = 12, gbk_every: int = 0) -> dict:
    """Write the site into root/site and the truth beside it; return the truth summary."""
    root = Path(root)
    site = root / "site"
    stamp = root / "site.stamp"
    want = json.dumps({"version": GENERATOR_VERSION, "pages": pages, "seed": seed, "gbk_every": gbk_every})
    if stamp.exists() and stamp.read_text() == want and (root / "truth.json").exists():
        return json.loads((root / "truth.json").read_text("utf-8"))
    if site.exists():
        shutil.rmtree(site)
    stamp.unlink(missing_ok=True)
    site.mkdir(parents=True)
    rng = random.Random(seed)
    columns, per_col = layout(pages)
    list_pages = (per_col + PER_LIST - 1) // PER_LIST
    gbk = set(gbk_columns(columns, gbk_every))
    html_count = attachments = 0
    dead: dict[str, int] = {}  # dead path -> pages linking it

    def col_name(c: int) -> str:
        base = COLUMN_NAMES[c % len(COLUMN_NAMES)]
        return base if c < len(COLUMN_NAMES) else f"{base}（{c // len(COLUMN_NAMES) + 1}）"

    nav = " ".join(f'<a href="/col{c}/index.html">{col_name(c)}</a>' for c in range(0, min(columns, 10)))

    def write(rel: str, title: str, body: str, charset: str = "utf-8") -> None:
        nonlocal html_count
        head = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                f'<title>{escape(title)}</title><meta name="SiteName" content="基准县人民政府">'
                '<meta name="SiteIDCode" content="0000000000"></head><body>'
                f'<div class="header"><h1>基准县人民政府</h1></div><div class="nav"><a href="/">首页</a> {nav}</div>')
        foot = ('<div class="footer">主办单位：基准县人民政府办公室 网站标识码：0000000000 '
                "京ICP备00000000号 京公网安备 00000000000000号</div></body></html>")
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((head + body + foot).encode(charset, "xmlcharrefreplace"))
        html_count += 1

    def link_dead(path: str) -> str:
        dead[path] = dead.get(path, 0) + 1
        return path

    # "更多" links to the column folder without its slash: nginx redirects (301) to /colN/,
    # which serves index.html again, as portals' folder links do
    home = "".join(f'<li><a href="/col{c}/index.html">{col_name(c)}</a> <a href="/col{c}">更多</a></li>'
                   for c in range(columns))
    write("index.html", "基准县人民政府",
          f'<div class="main"><h2>政府信息公开</h2><ul>{home}</ul></div>')
    for c in range(columns):
        charset = "gbk" if c in gbk else "utf-8"
        name = col_name(c)
        arts = []
        for i in range(per_col):
            d = TODAY - dt.timedelta(days=(i * 3 + c) % 900)
            arts.append((f"/col{c}/{d:%Y%m}/t{d:%Y%m%d}_{c * 100000 + i}.html",
                         f"{WORDS[(i + c) % len(WORDS)]}工作情况通报（第{per_col - i}期）", d))
        shared = [f"/col{c}/old/removed_{k}.html" for k in range(SHARED_DEAD_PER_COLUMN)]
        for n in range(list_pages):
            chunk = arts[n * PER_LIST:(n + 1) * PER_LIST]
            rows = "".join(f'<li><a href="{u}" title="{escape(t)}">{escape(t)}</a><span class="date">{d}</span></li>'
                           for u, t, d in chunk)
            olds = "".join(f'<li><a href="{link_dead(p)}">往期专题{k + 1}</a></li>' for k, p in enumerate(shared))
            write(f"col{c}/index{'' if n == 0 else '_' + str(n)}.html", name,
                  f'<div class="position">当前位置：<a href="/">首页</a> &gt; <span>{name}</span></div>'
                  f'<ul class="list">{rows}</ul>{_pager(c, n, list_pages)}<ul class="old">{olds}</ul>', charset)
        prev_dead = None
        for i, (u, t, d) in enumerate(arts):
            related = "".join(f'<p><a href="{arts[(i + k) % len(arts)][0]}">{escape(arts[(i + k) % len(arts)][1])}</a></p>'
                              for k in (1, 2, 3))
            extra = []
            if i % ATTACHMENT_EVERY == 0:
                rel = f"col{c}/files/P0{c * 100000 + i}.pdf"
                p = site / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(_pdf(f"Attachment {c}-{i} of the benchmark portal"))
                attachments += 1
                extra.append(f'<p>附件：<a href="/{rel}">附件{i}.pdf</a></p>')
            mine = None
            if rng.random() < P_DEAD_PAGE:
                mine = link_dead(f"/col{c}/{d:%Y%m}/t{d:%Y%m%d}_{c * 100000 + i}_{rng.randrange(10**6)}.html")
                extra.append(f'<p><a href="{mine}">相关文件（已撤稿）</a></p>')
            if rng.random() < P_DEAD_ATTACHMENT:
                gone = link_dead(f"/col{c}/files/P0{c * 100000 + i}_{rng.randrange(10**6)}.pdf")
                extra.append(f'<p>附件：<a href="{gone}">附件（旧）.pdf</a></p>')
                mine = mine or gone
            if i % REPEAT_EVERY == REPEAT_EVERY - 1 and prev_dead:
                extra.append(f'<p><a href="{link_dead(prev_dead)}">延伸阅读</a></p>')
            prev_dead = mine or prev_dead
            paras = "".join(f"<p>{rng.choice(WORDS)}{rng.choice(WORDS)}相关工作有序推进，各项任务按期完成。</p>"
                            for _ in range(6))
            write(u.lstrip("/"), t,
                  f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col{c}/index.html">{name}</a></div>'
                  f'<table class="xxgk"><tr><td>索引号：</td><td>000000/{d.year}-{c:03d}{i:05d}</td><td>发布日期：</td>'
                  f"<td>{d}</td></tr><tr><td>发布机构：</td><td>基准县人民政府办公室</td></tr></table>"
                  f"<h1>{escape(t)}</h1>{paras}{''.join(extra)}"
                  f'<div class="related"><h3>相关链接</h3>{related}</div>', charset)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /search/\n")
    truth = {"pages_requested": pages, "seed": seed, "generator_version": GENERATOR_VERSION,
             "as_of": AS_OF.isoformat(), "columns": columns, "gbk_columns": sorted(gbk), "articles_per_column": per_col,
             "html_pages": html_count, "attachments": attachments, "redirects": columns,
             # live: every file, and per column /colN (301) and /colN/ (its index.html again)
             "live_urls": html_count + attachments + 2 * columns,
             "dead_urls": len(dead), "dead_link_occurrences": sum(dead.values()),
             "urls": html_count + attachments + 2 * columns + len(dead)}
    (root / "dead.txt").write_text("".join(p + "\n" for p in sorted(dead)), "utf-8")
    (root / "truth.json").write_text(json.dumps(truth, indent=1), "utf-8")
    stamp.write_text(want)
    return truth


def dead_truth(root: Path) -> set[str]:
    return set((Path(root) / "dead.txt").read_text("utf-8").split())


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--gbk-every", type=int, default=0, help="every N-th column GBK-encoded (0: none)")
    a = ap.parse_args()
    print(json.dumps(generate(a.dir, a.pages, a.seed, a.gbk_every), indent=1))
    sys.exit(0)
