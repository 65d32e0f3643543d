"""A fake 政务新媒体 platform and a small portal listing its accounts (loopback only).

    portal, platform, truth = build_and_serve(workdir, as_of)

The platform (its own 127.0.0.1 port, so accounts are on another host than the portal,
as on 微信/微博/抖音) holds four account pages:

* 云溪发布 (微信公众号): posted 1 day before as_of, a 写留言 entry — current;
* 云溪县政府 (微博): last post 30 days before as_of, 评论 entries — silent > 14 days;
* 云溪文旅 (抖音): no such page (404) — unreachable;
* 云溪融媒 (今日头条): the post list is built by JavaScript from a JSON file, latest post
  3 days before as_of, a 私信 button — current once rendered.

The portal lists them in a table (``/zwxmt/index.html``, 账号名称 / 平台 columns) and again
on its homepage as a list (``云溪发布（微信公众号）``). Dates are relative to as_of.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path

__all__ = ["build_and_serve", "generate_platform", "generate_portal"]

ACCOUNTS = [
    # key, name, platform, path on the platform, days since the latest post (None: no page)
    ("current", "云溪发布", "微信公众号", "/mp/yunxi_fabu.html", 1),
    ("silent", "云溪县政府", "微博", "/weibo/u/3307270001.html", 30),
    ("unreachable", "云溪文旅", "抖音", "/douyin/user/yunxi_wl.html", None),
    ("rendered", "云溪融媒", "今日头条", "/toutiao/c/yunxi_rm.html", 3),
]


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body>{body}</body></html>")


def generate_platform(root: Path, as_of: dt.date) -> Path:
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for key, name, platform, path, days in ACCOUNTS:
        if days is None:
            continue
        posts = [(as_of - dt.timedelta(days=days + 4 * i), f"{name}第{20 - i}期：政策速递与便民提示") for i in range(5)]
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if key == "rendered":
            data = [{"date": d.isoformat(), "title": t} for d, t in posts]
            (target.parent / "posts.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
            body = (f'<div class="profile"><h1>{escape(name)}</h1><p>{platform}号</p></div>'
                    '<div class="feed"><ul id="feed-list" class="list"></ul></div>'
                    '<div class="actions"><button class="msg-btn">私信</button></div>'
                    "<script>var x=new XMLHttpRequest();x.open('GET','posts.json');x.onload=function(){"
                    "var d=JSON.parse(x.responseText),h='';for(var i=0;i<d.length;i++){h+='<li><a href=\"#p'+i+'\">'"
                    "+d[i].title+'</a><span class=\"time\">'+d[i].date+'</span></li>';}"
                    "document.getElementById('feed-list').innerHTML=h;};x.send();</script>")
        else:
            rows = "".join(f'<li><a href="#p{i}">{escape(t)}</a><span class="time">{d.isoformat()}</span></li>'
                           for i, (d, t) in enumerate(posts))
            entry = ('<div class="comment-box"><a href="#comment">写留言</a></div>' if key == "current"
                     else '<div class="interact"><span>评论</span> <span>转发</span> <span>点赞</span></div>')
            body = (f'<div class="profile"><h1>{escape(name)}</h1><p>{platform}</p></div>'
                    f'<ul class="list">{rows}</ul>{entry}')
        target.write_text(_page(f"{name} - {platform}", body), "utf-8")
    return root


def generate_portal(root: Path, platform_base: str) -> Path:
    root = Path(root)
    (root / "zwxmt").mkdir(parents=True, exist_ok=True)
    rows = "".join(f'<tr><td>{i}</td><td><a href="{platform_base}{path}">{escape(name)}</a></td><td>{platform}</td>'
                   f"<td>云溪县人民政府办公室</td></tr>" for i, (_, name, platform, path, _) in enumerate(ACCOUNTS, 1))
    (root / "zwxmt" / "index.html").write_text(_page(
        "政务新媒体_云溪县人民政府",
        '<div class="position">当前位置：<a href="/">首页</a> &gt; <span>政务新媒体</span></div>'
        '<h2>政务新媒体矩阵</h2><table class="xmt"><tr><th>序号</th><th>账号名称</th><th>平台</th><th>主办单位</th></tr>'
        f"{rows}</table>"), "utf-8")
    first = ACCOUNTS[0]
    (root / "index.html").write_text(_page(
        "云溪县人民政府",
        '<div class="nav"><a href="/zwxmt/index.html">政务新媒体</a></div>'
        f'<div class="xmt"><ul><li><a href="{platform_base}{first[3]}">{first[1]}（{first[2]}）</a></li>'
        '<li><a href="/zwxmt/index.html">更多政务新媒体</a></li></ul></div>'
        '<div class="footer">主办单位：云溪县人民政府办公室</div>'), "utf-8")
    return root


def build_and_serve(workdir: Path, as_of: dt.date):
    """(portal server, platform server, truth) — both on free 127.0.0.1 ports."""
    from ..server import serve_background

    workdir = Path(workdir)
    platform = serve_background(generate_platform(workdir / "platform", as_of))
    portal = serve_background(generate_portal(workdir / "portal", platform.base_url))
    truth = {
        "as_of": as_of.isoformat(),
        "matrix": "/zwxmt/index.html",
        "accounts": [{"key": key, "name": name, "platform": plat, "url": platform.url(path),
                      "reachable": days is not None,
                      "latest_post": (as_of - dt.timedelta(days=days)).isoformat() if days is not None else None,
                      "needs_render": key == "rendered"}
                     for key, name, plat, path, days in ACCOUNTS],
    }
    return portal, platform, truth
