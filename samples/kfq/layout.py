"""HTML templates in the style of a TRS WCM (拓尔思) government portal.

Pure string building: every function returns text, the generator encodes it (UTF-8, or
GBK for the section that declares gb2312).
"""

from __future__ import annotations

from html import escape

from . import content as c

NAV = [
    ("首页", "/"),
    ("政府信息公开", "/xxgk/index.html"),
    ("新闻中心", "/xwzx/index.html"),
    ("政务服务", "/zwfw/index.html"),
    ("互动交流", "/hdjl/index.html"),
    ("政务新媒体", "/zwxmt/index.html"),
]

# Breadcrumb wording differs between templates, as on real portals; all contain 当前位置.
CRUMB_STYLES = {
    "xxgk": ("当前位置：", " &gt; "),
    "news": ("您的当前位置：", " &gt;&gt; "),
    "plain": ("当前位置: ", " &gt; "),
}

CSS = """body{margin:0;font:14px/1.8 'Microsoft YaHei',SimSun,sans-serif;color:#333;background:#f4f6f9}
a{color:#333;text-decoration:none}a:hover{color:#0b5fa5}
.header{background:#0b5fa5;color:#fff;padding:18px 0}.header h1{margin:0;font-size:28px;color:#fff}
.w{width:1200px;margin:0 auto}.nav{background:#094e88}.nav ul{margin:0 auto;padding:0;width:1200px;list-style:none}
.nav li{display:inline-block}.nav a{display:block;padding:0 26px;line-height:46px;color:#fff;font-size:16px}
.position{padding:12px 0;color:#666}.main{background:#fff;padding:20px;min-height:500px}
.left-nav{float:left;width:230px}.left-nav ul{list-style:none;padding:0}.right-box{margin-left:260px}
.list{list-style:none;padding:0}.list li{border-bottom:1px dashed #ddd;line-height:40px}.list .date{float:right;color:#999}
.page{text-align:center;padding:20px 0}.page a,.page span{margin:0 4px}.nodata{padding:60px;text-align:center;color:#999}
.article-title{text-align:center;font-size:24px}.article-info{text-align:center;color:#888}
.xxgk_table{width:100%;border-collapse:collapse;background:#f7fbff}.xxgk_table td{border:1px solid #d6e4f2;padding:6px}
.footer{background:#0b5fa5;color:#dfe9f3;text-align:center;padding:20px 0;margin-top:20px}.footer a{color:#fff}
"""


def e(s: str) -> str:
    return escape(s, quote=True)


def meta_tags(meta: list[tuple[str, str]]) -> str:
    return "\n".join(f'<meta name="{e(k)}" content="{e(v)}" />' for k, v in meta)


def head(title: str, meta: list[tuple[str, str]], encoding: str) -> str:
    if encoding == "gbk":
        charset = '<meta charset="gb2312">'  # labelled gb2312, bytes are GBK: a common real-world mismatch
    else:
        charset = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n'
        f"{charset}\n"
        '<meta http-equiv="X-UA-Compatible" content="IE=edge" />\n'
        f"<title>{e(title)}</title>\n"
        f"{meta_tags(meta)}\n"
        '<link rel="stylesheet" type="text/css" href="/css/style.css" />\n'
        "</head>\n"
    )


def header(home: bool = False) -> str:
    extra = ('<div class="top-links"><a href="javascript:void(0);" id="wza">无障碍浏览</a> '
             '<a href="javascript:void(0);" id="jt">简体</a>/<a href="javascript:void(0);" id="ft">繁体</a></div>\n'
             if home else "")
    items = "".join(f'<li><a href="{u}">{n}</a></li>' for n, u in NAV)
    return (
        '<div class="header">\n<div class="w">\n'
        f"{extra}"
        f'<a href="/" class="logo"><h1>{c.SITE_NAME}</h1></a>\n'
        '<form class="search" name="searchform" action="/was5/web/search" method="get">'
        '<input type="text" name="searchword" placeholder="请输入关键字" /><input type="submit" value="搜索" /></form>\n'
        "</div>\n</div>\n"
        f'<div class="nav">\n<ul>{items}</ul>\n</div>\n'
    )


def footer(home: bool) -> str:
    """The site footer. The homepage template omits 网站标识码 (planted defect IDN001);
    the inner-page template carries all four identifiers."""
    links = '<a href="/wzdt.html">网站地图</a> | <a href="/lxwm.html">联系我们</a>'
    ident = "" if home else f"网站标识码：{c.SITE_ID_CODE}　"
    friends = ""
    if home:
        friends = ('<div class="yqlj">友情链接：'
                   '<a href="http://www.gov.cn/" target="_blank">中国政府网</a>　'
                   f'<a href="http://www.example-city.gov.cn/" target="_blank">{c.SUPERIOR_NAME}</a></div>\n')
    return (
        '<div class="footer">\n<div class="w">\n'
        f"{friends}"
        f'<div class="footer-links">{links}</div>\n'
        f"<p>主办单位：{c.SITE_NAME}　承办单位：{c.OFFICE}</p>\n"
        f"<p>地址：{c.ADDRESS}　联系电话：{c.PHONE}</p>\n"
        # the 备案 numbers link to their registries (shown only: a loopback crawl never requests them)
        f'<p>{ident}<a href="https://beian.miit.gov.cn/" target="_blank">{c.ICP}</a>　'
        f'<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=22080202000123" target="_blank">'
        f'{c.PSB}</a></p>\n'
        "</div>\n</div>\n"
    )


def breadcrumb(trail: list[tuple[str, str | None]], style: str, last_linked: bool = False) -> str:
    """当前位置 trail: home first; the last entry is plain text unless last_linked."""
    label, sep = CRUMB_STYLES[style]
    parts = ['<a href="/">首页</a>']
    for i, (name, url) in enumerate(trail):
        is_last = i == len(trail) - 1
        if url and (not is_last or last_linked):
            parts.append(f'<a href="{url}">{e(name)}</a>')
        else:
            parts.append(f"<span>{e(name)}</span>")
    return f'<div class="position">{label}{sep.join(parts)}</div>\n'


def page(title: str, meta: list[tuple[str, str]], encoding: str, body: str, *, home: bool = False) -> str:
    return (
        head(title, meta, encoding)
        + "<body>\n"
        + header(home)
        + '<div class="w main-wrap">\n'
        + body
        + "</div>\n"
        + footer(home)
        + "</body>\n</html>\n"
    )


def side_nav(entries: list[tuple[str, str, list[tuple[str, str]]]], current: str) -> str:
    """The 政府信息公开 column tree shown on its list pages."""
    out = ['<div class="left-nav">\n<h2>政府信息公开</h2>\n<ul>']
    for name, url, subs in entries:
        cls = ' class="on"' if url == current else ""
        out.append(f'<li{cls}><a href="{url}">{e(name)}</a>')
        if subs:
            out.append('<ul class="sub">')
            for sname, surl in subs:
                scls = ' class="on"' if surl == current else ""
                out.append(f'<li{scls}><a href="{surl}">{e(sname)}</a></li>')
            out.append("</ul>")
        out.append("</li>")
    out.append("</ul>\n</div>\n")
    return "\n".join(out)


def list_items(items: list[tuple[str, str, str]], truncate: int | None = None) -> str:
    """<ul class="list"> of (href, title, date text); long titles cut like TRS lists do."""
    rows = []
    for href, title, date in items:
        shown = title if not truncate or len(title) <= truncate else title[: truncate - 1] + "..."
        rows.append(f'<li><a href="{href}" title="{e(title)}" target="_blank">{e(shown)}</a>'
                    f'<span class="date">{e(date)}</span></li>')
    return '<ul class="list">\n' + "\n".join(rows) + "\n</ul>\n"


def paging(current: int, total: int) -> str:
    """TRS paging: page 1 is index.html, page n is index_{n-1}.html; plain links."""
    if total <= 1:
        return ""

    def name(i: int) -> str:
        return "index.html" if i == 0 else f"index_{i}.html"

    parts = [f"<span>共{total}页</span>"]
    if current > 0:
        parts.append(f'<a href="{name(0)}">首页</a>')
        parts.append(f'<a href="{name(current - 1)}">上一页</a>')
    for i in range(total):
        parts.append(f'<span class="current">{i + 1}</span>' if i == current
                     else f'<a href="{name(i)}">{i + 1}</a>')
    if current < total - 1:
        parts.append(f'<a href="{name(current + 1)}">下一页</a>')
        parts.append(f'<a href="{name(total - 1)}">尾页</a>')
    return '<div class="page">' + " ".join(parts) + "</div>\n"


def paragraphs(paras: list[str], centered: int = 0) -> str:
    out = []
    for i, p in enumerate(paras):
        style = "text-align:center" if i < centered else "text-indent:2em"
        out.append(f'<p style="{style}">{e(p)}</p>')
    return "\n".join(out)


def xxgk_table(rows: list[list[tuple[str, str]]]) -> str:
    """The 信息公开 meta table of TRS 专栏 articles; a one-field row spans the table."""
    out = []
    for row in rows:
        cells = "".join(f'<td class="td-l">{e(k)}</td><td class="td-r">{e(v)}</td>' for k, v in row)
        if len(row) == 1:
            cells = cells.replace('<td class="td-r">', '<td class="td-r" colspan="3">', 1)
        out.append(f"<tr>{cells}</tr>")
    return ('<div class="xxgk-info">\n<table class="xxgk_table" cellspacing="0" cellpadding="0">\n'
            + "\n".join(out) + "\n</table>\n</div>\n")
