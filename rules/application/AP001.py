"""AP001 — the 依申请公开 area offers working channels: online, by letter, by phone."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import body_text, norm, seen_at, target_loaded
from ._common import CITE_ART28, CITE_ART29, application_pages


class AP001(Rule):
    """The 依申请公开 pages give working ways to apply: online, by letter and a phone number.

    What it checks:
        The 依申请公开 area is the column the 专栏 links as 依申请公开 (or any page whose
        breadcrumb ends in it, or titled 依申请公开…), with the pages under it. Across their
        text (footer excluded) and links:

        * 在线申请 — a visible, non-footer link whose text matches ``online_link_pattern``
          (在线申请, 网上申请, 我要申请, 申请入口 …) to a target that loads; or, when
          ``accept_email`` is on, an e-mail address (条例第二十九条 accepts 数据电文). A link whose
          target is broken → FAIL with ``broken``; not checked → could not evaluate;
        * 信函申请 — a postal address (邮寄 / 通信地址 / 邮政编码 / 地址：);
        * 联系电话 — a phone number (电话 followed by digits).

        One FAIL per channel missing: url = the area's first page, evidence ``{item}``.

    Legal basis:
        条例第二十八条 (建立完善政府信息公开申请渠道，为申请人依法申请获取政府信息提供便利) and
        第二十九条 (书面形式，包括信件、数据电文) — verified text. Plan task 9.

    Passing example:
        依申请公开 page: “在线申请” → /ysqgk/apply.html (loads), 通信地址：…, 邮政编码：137000,
        咨询电话：0436-1234567.

    Failing example:
        The 指引 says 可以通过当面、邮寄、网上等方式提出申请 but links no form and gives no e-mail:
        依申请公开页面未提供在线申请渠道.

    Not applicable when:
        Never: every body must accept applications. No 依申请公开 page found → one FAIL (item
        依申请公开). Could not evaluate when the online form's link could not be checked.
    """

    meta = RuleMeta(
        id="AP001",
        slug="application.channels",
        title="依申请公开渠道畅通",
        failure_title="依申请公开渠道不全",
        severity=Severity.error,
        legal_basis=[CITE_ART28, CITE_ART29],
        plan_tasks=[9],
        requires=["pages", "links"],
        options={
            "online_link_pattern": r"在线申请|网上申请|在线填报|我要申请|申请入口|网上提交|在线提交|在线办理",
            "accept_email": True,
            "channels": {
                "信函申请": r"邮寄|信函|通信地址|通讯地址|邮政编码|邮编|地址[:：]",
                "联系电话": r"电话[:：]?[(（]?\d{3,}",
            },
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = application_pages(site)
        if not pages:
            home = site.homepage()
            yield self.fail("未找到依申请公开页面", url=seen_at(home) if home else site.crawl.start_url,
                            evidence={"item": "依申请公开"})
            return
        url = seen_at(pages[0])
        yield from self._online(site, pages, url, ctx)
        text = " ".join(norm(body_text(p)) for p in pages)
        for item, pattern in ctx.opt("channels").items():
            m = re.search(pattern, text)
            if m:
                yield self.passed(f"依申请公开页面提供了{item}方式", url=url, evidence={"item": item, "match": m.group(0)})
            else:
                yield self.fail(f"依申请公开页面未提供{item}方式", url=url, evidence={"item": item})

    def _online(self, site, pages, url, ctx) -> Iterable[Finding]:
        rx = re.compile(ctx.opt("online_link_pattern"))
        broken, unknown = [], []
        for page in pages:
            for link in page.links:
                if link.hidden or link.region.value == "footer" or not link.text or not rx.search(norm(link.text)):
                    continue
                if link.kind.value not in ("page", "external"):
                    continue
                state = target_loaded(site, link.url)
                if state is True:
                    yield self.passed(f"依申请公开页面提供在线申请入口“{link.text}”", url=seen_at(page), target=link.url,
                                      evidence={"item": "在线申请"})
                    return
                (broken if state is False else unknown).append((page, link))
        if ctx.opt("accept_email"):
            for page in pages:
                m = re.search(r"[\w.-]+@[\w-]+(\.[\w-]+)+", body_text(page))
                if m:
                    yield self.passed(f"依申请公开页面提供电子邮箱“{m.group(0)}”", url=seen_at(page),
                                      evidence={"item": "在线申请", "email": m.group(0)})
                    return
        if unknown:
            page, link = unknown[0]
            yield self.could_not_evaluate(f"在线申请入口“{link.text}”未能检查，无法判断是否可用", url=seen_at(page),
                                          target=link.url, evidence={"item": "在线申请"})
        elif broken:
            page, link = broken[0]
            yield self.fail(f"依申请公开页面的在线申请入口“{link.text}”无法打开", url=seen_at(page), target=link.url,
                            evidence={"item": "在线申请", "broken": [l.url for _, l in broken]})
        else:
            yield self.fail("依申请公开页面未提供在线申请渠道（无在线申请入口或电子邮箱）", url=url,
                            evidence={"item": "在线申请"})
