"""Soft-404s: a 2xx answer that is really "page not found" (pure functions).

Government CMSs often answer a deleted article with HTTP 200 and a page saying
该信息已删除 / 页面不存在, or redirect a dead deep link to the homepage. The crawler
records such a page with ``PageArtifact.soft_404`` and its LinkCheck as ``dead`` with an
``error`` starting "soft-404:"; rules judge it like any dead link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from contracts import PageArtifact

# Said by the page's title or main heading: enough on its own.
_TITLE_MARKERS = re.compile(
    r"^\s*404\b|\b404\s*(not\s*found|错误|页面)|not\s*found|页面不存在|页面未找到|找不到(该|您要访问的|您访问的)?页面|"
    r"网页不存在|信息不存在|信息已删除|文章不存在|内容不存在|页面已删除|访问的页面不存在",
    re.I,
)
# Said in the body text: only counts on a short page that is not an article or a list.
_TEXT_MARKERS = re.compile(
    r"该信息已(被)?删除|信息已被删除|该信息不存在|信息不存在或已(被)?删除|已删除或不存在|页面不存在|您访问的页面不存在|"
    r"找不到您(要)?访问的页面|该页面已(被)?删除|文章不存在|该文章已(被)?删除|内容已(被)?删除|您要查看的信息不存在|"
    r"页面未找到|对不起，?您访问的页面|抱歉，?(您访问的)?页面"
)
_HOME_PATH = re.compile(r"^/(?:index|default|main|home)?(?:\.(?:s?html?|jsp|php|aspx?))?$", re.I)
SHORT_PAGE_CHARS = 3000


def is_home_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(_HOME_PATH.match(parts.path or "/")) and not parts.query


def soft_404_reason(page: PageArtifact, requested_url: str, redirects: list[str] | None = None) -> str | None:
    """Why this 2xx page is a soft-404, or None. `redirects` is the redirect chain."""
    if not 200 <= page.status < 300:
        return None
    if redirects and is_home_url(page.final_url) and not is_home_url(requested_url):
        return f"soft-404: {requested_url} redirects to the homepage {page.final_url}"
    for label, value in (("title", page.title), ("heading", page.heading)):
        m = _TITLE_MARKERS.search(value or "")
        if m:
            return f"soft-404: the page {label} says {value.strip()[:80]!r}"
    if page.list_items or page.fields.get("索引号") or page.page_kind == "home":
        return None
    body = page.text
    if page.footer_text and body.endswith(page.footer_text):
        body = body[: -len(page.footer_text)]
    if len(body) > SHORT_PAGE_CHARS:
        return None
    m = _TEXT_MARKERS.search(body)
    if m:
        return f"soft-404: the page says {m.group(0)!r}"
    return None
