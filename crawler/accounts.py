"""政务新媒体: reading a portal's new-media matrix and an account's public page (pure).

A matrix lists accounts as table rows (账号名称 with a link, 平台, …) or as list entries
whose text carries the platform (白鹭湖发布（微信公众号）, [微博] 白鹭湖经开区 …).
`parse_matrix` returns one `AccountEntry` per account; `read_account_page` gives what a
public account page shows: the newest post date and the 互动 entries (留言 / 评论 / 私信).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from contracts import PageArtifact, RunFiles

from .extract import DATE_RE, canonicalize, decode, extract_page, fold, parse_html, parse_date, visible_text

# Platform → how pages name it. Order matters: 视频号 before 微信, 头条 before others.
PLATFORMS: list[tuple[str, re.Pattern]] = [
    ("微信视频号", re.compile(r"视频号")),
    ("微信公众号", re.compile(r"微信|公众号|weixin|wechat", re.I)),
    ("微博", re.compile(r"微博|weibo", re.I)),
    ("抖音", re.compile(r"抖音|douyin", re.I)),
    ("今日头条", re.compile(r"头条|toutiao", re.I)),
    ("快手", re.compile(r"快手|kuaishou", re.I)),
    ("哔哩哔哩", re.compile(r"哔哩哔哩|bilibili|B站", re.I)),
    ("小红书", re.compile(r"小红书")),
    ("百家号", re.compile(r"百家号")),
    ("人民号", re.compile(r"人民号")),
    ("学习强国", re.compile(r"学习强国")),
]
_NAME_HEADERS = re.compile(r"(账号|帐号|名称|新媒体名称|账号名|公众号名称)")
_PLATFORM_HEADERS = re.compile(r"(平台|类型|类别|渠道|载体)")
_LABEL_PAREN = re.compile(r"[（(\[【]\s*([^）)\]】]{1,12})\s*[）)\]】]")
INTERACTION = re.compile(r"写留言|留言|评论|私信|发消息|互动|在线咨询|咨询|问政")
_INTERACT_BLOCK = re.compile(r"comment|message|liuyan|pinglun|reply|msg|interact|hudong", re.I)
_GONE = re.compile(r"账号已注销|账号已被注销|该账号已被(封禁|屏蔽|冻结)|账号不存在|用户不存在|该账号因违反|已停止服务|"
                   r"内容已被发布者删除")


@dataclass
class AccountEntry:
    name: str
    platform: str
    url: str | None
    listed_on: str


def platform_of(text: str) -> str | None:
    for name, rx in PLATFORMS:
        if rx.search(text or ""):
            return name
    return None


def _clean_name(text: str) -> str:
    """The account name without a platform label in brackets."""
    name = _LABEL_PAREN.sub(lambda m: "" if platform_of(m.group(1)) else m.group(0), fold(text))
    return name.strip(" ：:-—|") or fold(text)


def _href(base: str, a) -> str | None:
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    try:
        return canonicalize(urljoin(base, href))
    except ValueError:
        return None


def parse_matrix(url: str, body: bytes, headers: dict[str, str] | None = None) -> list[AccountEntry]:
    """Accounts listed on a matrix page (tables first, then labelled links)."""
    _, text = decode(body, headers)
    doc = parse_html(text)
    base = url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(url, base_el.get("href"))
    out: list[AccountEntry] = []
    in_tables: set[int] = set()
    for table in doc.iter("table"):
        rows = [r for r in table.iter("tr")]
        if len(rows) < 2:
            continue
        head = [visible_text(c) for c in rows[0] if isinstance(c.tag, str) and c.tag in ("th", "td")]
        name_col = next((i for i, h in enumerate(head) if _NAME_HEADERS.search(h)), None)
        plat_col = next((i for i, h in enumerate(head) if _PLATFORM_HEADERS.search(h)), None)
        if name_col is None and plat_col is None:
            continue
        for row in rows[1:]:
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")]
            if not cells:
                continue
            for a in row.iter("a"):
                in_tables.add(id(a))
            row_text = visible_text(row)
            platform = platform_of(visible_text(cells[plat_col])) if plat_col is not None and plat_col < len(cells) \
                else None
            platform = platform or platform_of(row_text)
            if not platform:
                continue
            name_cell = cells[name_col] if name_col is not None and name_col < len(cells) else row
            link = next(iter(name_cell.iter("a")), None)
            if link is None:
                link = next(iter(row.iter("a")), None)
            name = _clean_name(visible_text(name_cell) if name_col is not None else (link.text_content() if link
                                                                                      is not None else row_text))
            out.append(AccountEntry(name, platform, _href(base, link) if link is not None else None, url))
    for a in doc.iter("a"):
        if id(a) in in_tables:
            continue
        own = fold(a.text_content()) or fold(a.get("title") or "")
        holder = a.getparent()
        context = own
        if holder is not None and holder.tag in ("li", "p", "dd", "span", "td") and len(visible_text(holder)) < 80:
            context = visible_text(holder)
        platform = platform_of(context)
        if not platform or not own:
            continue
        name = _clean_name(own)
        if platform_of(name) and len(name) <= 6:
            continue  # a bare "微信" / "微博" link (share buttons, nav), not an account
        out.append(AccountEntry(name, platform, _href(base, a), url))
    seen: set[tuple] = set()
    unique = []
    for e in out:
        key = (e.platform, e.url or e.name)
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique


def is_matrix_candidate(page: PageArtifact) -> bool:
    """Worth reading as a matrix: a table with a 平台 header, or links labelled with platforms."""
    if not (200 <= page.status < 300) or page.page_kind == "article":
        return False
    for table in page.tables:
        if table and any(_PLATFORM_HEADERS.search(c) for c in table[0]) and any(_NAME_HEADERS.search(c) for c in table[0]):
            return True
    labelled = sum(1 for link in page.links if link.url.startswith("http") and platform_of(link.text)
                   and len(_clean_name(link.text)) > 2)
    context = " ".join([page.title, page.heading, *page.breadcrumb, page.meta.get("ColumnName", "")])
    return labelled >= 2 or (labelled >= 1 and "新媒体" in context)


def matrix_candidates(run_dir: str | Path) -> list[str]:
    """URLs of crawled pages that list new-media accounts."""
    path = RunFiles(run_dir).path(RunFiles.PAGES)
    out: list[str] = []
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            page = PageArtifact.model_validate_json(line)
            if is_matrix_candidate(page):
                out.append(page.final_url or page.url)
    return list(dict.fromkeys(out))


def profile_accounts(raw) -> list[AccountEntry]:
    """ZWGK_ACCOUNTS: a list of {name, platform, url} (or its JSON text)."""
    if isinstance(raw, str):
        raw = json.loads(raw) if raw.strip() else []
    out = []
    for item in raw or []:
        if isinstance(item, dict) and (item.get("url") or item.get("name")):
            out.append(AccountEntry(str(item.get("name") or ""), str(item.get("platform") or
                                                                      platform_of(item.get("url") or "") or ""),
                                    item.get("url"), "profile"))
    return out


@dataclass
class AccountPage:
    latest_post: dt.date | None
    interaction_entries: list[str]
    gone: str | None  # the page says the account no longer exists


def read_account_page(url: str, body: bytes, headers: dict[str, str] | None = None,
                      today: dt.date | None = None) -> AccountPage:
    today = today or dt.date.today()
    page = extract_page(url, body, headers=headers)
    dates = [i.date for i in page.list_items if i.date]
    if page.publish_date:
        dates.append(page.publish_date)
    _, text = decode(body, headers)
    doc = parse_html(text)
    for el in doc.iter("time"):
        d = parse_date(el.get("datetime") or el.text_content())
        if d:
            dates.append(d)
    for m in DATE_RE.finditer(page.text):
        d = parse_date(m.group(0))
        if d:
            dates.append(d)
    dates = [d for d in dates if d <= today + dt.timedelta(days=1)]
    entries: list[str] = []

    def note(label: str, every: bool) -> None:
        for m in INTERACTION.finditer(label):
            if m.group(0) not in entries:
                entries.append(m.group(0))
            if not every:
                return

    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("a", "button", "input", "textarea"):
            # a control: its own short label (写留言, 评论, 发私信 …)
            label = fold(el.text_content() if el.tag not in ("input", "textarea") else
                         (el.get("value") or el.get("placeholder") or ""))
            if label and len(label) <= 20:
                note(label, every=False)
        elif _INTERACT_BLOCK.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            # a block the page marks as its interaction area: every entry it names
            note(visible_text(el)[:300], every=True)
    gone = _GONE.search(page.text)
    return AccountPage(max(dates) if dates else None, entries, gone.group(0) if gone else None)
