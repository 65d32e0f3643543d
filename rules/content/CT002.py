"""CT002 — 暗链: hidden links to other hosts, and links or titles advertising gambling or porn."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, ok_pages, page_label, seen_at


class CT002(Rule):
    """No page carries 暗链 (hidden links to foreign hosts) or gambling / adult links and titles.

    What it checks:
        On every crawled page:

        * 暗链 — a link inside an element hidden by inline style or the ``hidden`` attribute
          (``LinkRef.hidden``: display:none, visibility:hidden, font-size:0, off-screen
          positions) pointing to a host that is neither the site's own nor trusted
          (``trusted_host_suffixes``: .gov.cn and the central news sites a 友情链接 menu
          often folds away) → FAIL, evidence ``{item: 暗链, link_text, host}``. A hidden link
          whose host the same page also links visibly is a folded tab panel (依申请公开 / 信息公开目录
          tabs on real homepages), not a concealed link, unless it matches ``bad_pattern``;
        * 涉赌涉黄 — a link text, link URL or the page's title / heading matching
          ``bad_pattern`` (博彩, 赌场, 百家乐, 六合彩, 时时彩, 彩票平台, 娱乐平台, 娱乐城, 真人娱乐,
          体育投注, 色情, 成人视频, 新葡京 …) → FAIL, item 涉赌涉黄; text that matches
          ``context_exclude`` (打击, 整治, 严厉, 防范, 警惕, 举报, 取缔 …: news against gambling)
          and the lawful 福利彩票 / 体育彩票 / 彩票公益金 are not matched.

        One FAIL per page and link: url = the page, target = the link.

    Legal basis:
        国办秘函〔2019〕19号 单项否决指标 安全、泄密事故等严重问题 (verified): 3.发布或链接反动、暴力、
        色情等内容; 4.对安全攻击（如页面被挂马、内容被篡改等）没有及时有效处置. Hidden gambling links are
        the usual trace of a hacked CMS (挂马 / 篡改). Plan task 11 (加强网络安全责任管理).

    Passing example:
        A collapsed 友情链接 menu (display:none) linking www.gov.cn and www.people.com.cn; a news title
        “开发区开展打击跨境赌博专项行动”.

    Failing example:
        ``<div style="display:none"><a href="http://xx-bet.example/">澳门新葡京娱乐平台</a></div>`` in a page
        footer: 页面存在隐藏链接（暗链）“澳门新葡京娱乐平台”.

    Not applicable when:
        Could not evaluate when no page was crawled.
    """

    meta = RuleMeta(
        id="CT002",
        slug="content.hidden-and-gambling-links",
        title="未发现暗链及涉赌涉黄链接",
        failure_title="页面存在暗链或涉赌涉黄链接",
        severity=Severity.critical,
        legal_basis=[Citation(
            document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
            article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 安全、泄密事故等严重问题 第3、4项",
            note="发布或链接反动、暴力、色情等内容；对安全攻击（如页面被挂马、内容被篡改等）没有及时有效处置造成严重安全事故")],
        plan_tasks=[11],
        requires=["pages"],
        options={
            "trusted_host_suffixes": [".gov.cn", "gov.cn", "people.com.cn", "xinhuanet.com", "news.cn", "cctv.com",
                                      "cntv.cn", "gmw.cn", "chinadaily.com.cn", "cnr.cn", "china.com.cn", "12377.cn",
                                      "beian.miit.gov.cn", "beian.gov.cn", "conac.cn"],
            "bad_pattern": r"博彩|赌场|赌博网|网上赌|百家乐|六合彩|时时彩|北京赛车|彩票(平台|网|APP|注册|开户|投注)|"
                           r"娱乐平台|娱乐城|真人娱乐|体育平台|体育投注|皇冠体育|新葡京|葡京娱乐|太阳城|bet365|威尼斯人|"
                           r"色情|成人视频|成人电影|av在线|黄色网站|裸聊|约炮",
            "context_exclude": r"打击|整治|严厉|防范|警惕|举报|取缔|查处|严禁|禁止|非法|专项行动|治理|福利彩票|体育彩票|彩票公益金",
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = list(ok_pages(site))
        if not pages:
            yield self.could_not_evaluate("没有可检查的页面")
            return
        own = urlsplit(site.crawl.start_url).netloc.lower()  # the site's scope: host and port
        trusted = [s.lower() for s in ctx.opt("trusted_host_suffixes")]
        bad = re.compile(ctx.opt("bad_pattern"), re.I)
        exclude = re.compile(ctx.opt("context_exclude"))
        found = 0
        for page in pages:
            for name in (page.title, page.heading):
                t = norm(name)
                m = bad.search(t)
                if m and not exclude.search(t):
                    found += 1
                    yield self.fail(f"页面标题含涉赌涉黄内容“{m.group(0)}”（疑似被篡改）", url=seen_at(page),
                                    evidence={"item": "涉赌涉黄", "match": m.group(0), "where": "title"})
                    break
            seen: set[str] = set()
            shown = {urlsplit(link.url).netloc.lower() for link in page.links
                     if not link.hidden and link.url.startswith("http")}
            for link in page.links:
                if link.url in seen:
                    continue
                parts = urlsplit(link.url) if link.url.startswith("http") else None
                host = (parts.hostname or "").lower() if parts else ""
                foreign = bool(host) and parts.netloc.lower() != own and not any(host == s.lstrip(".") or host.endswith(s if s.startswith(".") else "." + s)
                                                                 for s in trusted)
                text = norm(link.text)
                m = bad.search(text) or bad.search(link.url)
                gambling = bool(m) and not exclude.search(text)
                if link.hidden and foreign and (gambling or parts.netloc.lower() not in shown):
                    seen.add(link.url)
                    found += 1
                    yield self.fail(f"页面《{page_label(page, seen_at(page))}》存在隐藏链接（暗链）“{link.text or link.url}”",
                                    url=seen_at(page), target=link.url,
                                    evidence={"item": "暗链", "link_text": link.text, "host": host,
                                              **({"match": m.group(0)} if gambling else {})})
                elif gambling:
                    seen.add(link.url)
                    found += 1
                    yield self.fail(f"页面《{page_label(page, seen_at(page))}》链接了涉赌涉黄内容“{link.text or link.url}”",
                                    url=seen_at(page), target=link.url,
                                    evidence={"item": "涉赌涉黄", "link_text": link.text, "host": host,
                                              "match": m.group(0), "hidden": link.hidden})
        if not found:
            yield self.passed(f"{len(pages)} 个页面未发现暗链或涉赌涉黄链接", evidence={"pages": len(pages)})
