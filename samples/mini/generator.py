"""Generate one tiny portal into a folder (see samples.mini)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path


@dataclass(frozen=True)
class MiniOptions:
    name: str = "示例开发区"  # the site's name (title, 主办单位)
    dead_links: int = 0  # homepage links to pages that answer 404
    stale_home: bool = False  # every date is months old: 首页不更新
    wrong_phrase: bool = False  # an article writes 中华人名共和国 (严重表述错误)
    missing_footer: bool = False  # the footer lacks 网站标识码 / ICP / 公网安备
    missing_columns: tuple[str, ...] = ()  # 专栏 columns left out, e.g. ("政府信息公开年报",)
    services: bool = True  # a 领导信箱 form and a complete 办事指南 (without: 互动回应差, 服务不实用)


COLUMNS = [("政府信息公开指南", "zn.html"), ("政府信息公开制度", "zd.html"), ("法定主动公开内容", "fdzdgk.html"),
           ("政府信息公开年报", "nb.html"), ("依申请公开", "ysq.html")]


def _page(title: str, body: str, footer: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title></head><body>\n"
            "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/xxgk/index.html\">政府信息公开</a> "
            "<a href=\"/dt/index.html\">政务动态</a> <a href=\"/tzgg/index.html\">通知公告</a></div>\n"
            f"<div class=\"main\">{body}</div>\n<div class=\"footer\">{footer}</div>\n</body></html>\n")


def _list(items: list[tuple[str, str, dt.date]]) -> str:
    return "<ul class=\"list\">" + "".join(
        f"<li><a href=\"{href}\">{escape(text)}</a><span class=\"date\">{d.isoformat()}</span></li>"
        for text, href, d in items) + "</ul>"


def _article(title: str, day: dt.date, text: str, footer: str, crumb: str) -> str:
    body = (f"<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; {escape(crumb)}</div>"
            f"<h1 class=\"article-title\">{escape(title)}</h1>"
            f"<div class=\"article-info\">发布时间：{day.isoformat()}　来源：{escape(crumb)}</div>"
            f"<div class=\"article-content\"><p>{escape(text)}</p></div>")
    return _page(title, body, footer)


def generate(root: Path, as_of: dt.date, options: MiniOptions = MiniOptions()) -> Path:
    """Write the site into `root` (emptied first) and return `root`."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    o = options
    age = 120 if o.stale_home else 0
    days = [as_of - dt.timedelta(days=age + n) for n in (1, 3, 6, 9, 12)]
    footer = f"主办单位：{escape(o.name)}管理委员会"
    if not o.missing_footer:
        # the 备案 numbers link their registries (shown only: a loopback crawl never requests them)
        footer += ("　网站标识码：2208000001　<a href=\"https://beian.miit.gov.cn/\">吉ICP备12345678号</a>　"
                   "<a href=\"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=22080202000123\">"
                   "吉公网安备 22080202000123号</a>")
    files: dict[str, str] = {}
    news = []
    for i, day in enumerate(days, 1):
        text = f"{o.name}召开第{i}次工作推进会，部署近期重点工作。"
        if o.wrong_phrase and i == 2:
            text += "会议强调，要认真贯彻中华人名共和国政府信息公开条例。"
        files[f"dt/a{i}.html"] = _article(f"{o.name}召开第{i}次工作推进会", day, text, footer, "政务动态")
        news.append((f"{o.name}召开第{i}次工作推进会", f"/dt/a{i}.html", day))
    notices = []
    for i, day in enumerate(days[:3], 1):
        files[f"tzgg/n{i}.html"] = _article(f"关于做好第{i}批项目申报工作的通知", day,
                                            "请各单位按要求报送材料。", footer, "通知公告")
        notices.append((f"关于做好第{i}批项目申报工作的通知", f"/tzgg/n{i}.html", day))
    dead = [(f"专题链接{k}", f"/zt/old{k}.html", days[0]) for k in range(1, o.dead_links + 1)]
    home = (f"<h1>{escape(o.name)}</h1><h2>政务动态</h2>{_list(news)}<h2>通知公告</h2>{_list(notices)}"
            + (f"<h2>专题专栏</h2>{_list(dead)}" if dead else ""))
    if o.services:
        home += ("<h2>互动交流</h2><ul><li><a href=\"/hdjl/ldxx.html\">领导信箱</a></li></ul>"
                 "<h2>办事服务</h2><ul><li><a href=\"/bsfw/index.html\">办事服务</a></li></ul>")
        files["hdjl/ldxx.html"] = _page(f"领导信箱_{o.name}", (
            "<h2>领导信箱</h2><form action=\"/hdjl/submit\" method=\"post\">"
            "<label>标题<input name=\"title\" type=\"text\"></label>"
            "<label>留言内容<textarea name=\"content\"></textarea></label>"
            "<label>联系电话<input name=\"phone\" type=\"text\"></label>"
            "<button type=\"submit\">提交</button></form>"), footer)
        files["bsfw/index.html"] = _page(f"办事服务_{o.name}", _list(
            [("企业投资项目备案办事指南", "/bsfw/zn1.html", days[-1])]), footer)
        files["bsfw/zn1.html"] = _page("企业投资项目备案办事指南", (
            "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; 办事服务 &gt; 办事指南</div>"
            "<h1>企业投资项目备案办事指南</h1><table>"
            "<tr><td>事项名称</td><td>企业投资项目备案</td></tr><tr><td>设定依据</td><td>《企业投资项目核准和备案管理条例》</td></tr>"
            "<tr><td>申请条件</td><td>在本区投资建设的企业投资项目</td></tr><tr><td>办理材料</td><td>项目备案信息表</td></tr>"
            "<tr><td>办理地点</td><td>政务服务中心二楼</td></tr><tr><td>办理时间</td><td>工作日 9:00-17:00</td></tr>"
            "<tr><td>联系电话</td><td>0436-1234567</td></tr><tr><td>办理流程</td><td>申请、受理、备案</td></tr></table>"),
            footer)
    files["index.html"] = _page(f"{o.name}门户网站", home, footer)
    files["dt/index.html"] = _page(f"政务动态_{o.name}", _list(news), footer)
    files["tzgg/index.html"] = _page(f"通知公告_{o.name}", _list(notices), footer)
    cols = [(n, h) for n, h in COLUMNS if n not in o.missing_columns]
    files["xxgk/index.html"] = _page(f"政府信息公开_{o.name}", "<h2>政府信息公开</h2><ul>" + "".join(
        f"<li><a href=\"/xxgk/{h}\">{n}</a></li>" for n, h in cols) + "</ul>", footer)
    for n, h in cols:
        files[f"xxgk/{h}"] = _article(n, days[-1], f"{o.name}{n}。", footer, "政府信息公开")
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root
