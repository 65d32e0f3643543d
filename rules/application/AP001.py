"""AP001 — the 依申请公开 area offers working channels: online, by letter, by phone."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import body_text, crumbs, norm, seen_at, target_loaded, titles_of
from ..presence import PresenceSpec
from ._common import AREA_NAME_PATTERN, CITE_ART28, CITE_ART29, application_pages

AREA_SPEC = PresenceSpec(item="依申请公开", link_text=AREA_NAME_PATTERN, example="依申请公开", url_pattern=r"ysqgk",
                         in_portal=True)


class AP001(Rule):
    """The 依申请公开 pages give working ways to apply: online, by letter and a phone number.

    What it checks:
        The 依申请公开 area is the column the 专栏 links as 依申请公开 (or any page whose
        breadcrumb ends in it, or titled 依申请公开…), with the pages under it. Across their
        text (footer excluded) and links:

        * 在线申请 — an application form on one of these pages (a real ``<form>``, or controls a
          script submits, that asks for 申请人 / 姓名 / 证件 / 所需信息 …: ``PageArtifact.forms``,
          ``looks_like_application``), or on a page they link to from their content whose title,
          breadcrumb or form names it (``form_context_pattern``: 依申请, 政府信息 …); or a visible, non-footer link
          whose text matches ``online_link_pattern`` (在线申请, 网上申请, 我要申请, 申请入口 …) to a
          target that loads; or, when ``accept_email`` is on, an e-mail address (条例第二十九条
          accepts 数据电文). When no channel is found but an 在线申请 link exists whose target is
          broken, not checked or not crawled → could not evaluate naming that link (the link
          itself is LNK001's finding); when only empty links (#, javascript:void(0)) name it →
          FAIL 栏目入口为空链接;
        * 信函申请 — a postal address (邮寄 / 通信地址 / 邮政编码 / 地址：);
        * 联系电话 — a phone number (电话 followed by digits).

        One FAIL per channel missing: url = the area's first page, evidence ``{item}``.

    Legal basis:
        条例第二十八条 (建立完善政府信息公开申请渠道，为申请人依法申请获取政府信息提供便利) and
        第二十九条 (书面形式，包括信件、数据电文) — verified text. Plan task 9.

    Passing example:
        依申请公开 page: “在线申请” → /ysqgk/apply.html (loads), 通信地址：…, 邮政编码：137000,
        咨询电话：0436-1234567. Or the page itself holds ``<form action="/ysqgk/submit.jsp">`` with
        申请人姓名, 证件号码, 联系电话, 所需信息的内容描述 and 提交申请.

    Failing example:
        The 指引 says 可以通过当面、邮寄、网上等方式提出申请 but links no form and gives no e-mail:
        依申请公开页面未提供在线申请渠道.

    Not applicable when:
        Never: every body must accept applications. No 依申请公开 page found → one FAIL (item
        依申请公开) when the homepage and the 专栏 were seen and no entry names it; could not
        evaluate when a 依申请公开 entry exists but its page could not be fetched.
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
            "form_context_pattern": r"依申请|政府信息公开申请|信息公开申请|申请公开|政府信息",
            "channels": {
                "信函申请": r"邮寄|信函|通信地址|通讯地址|邮政编码|邮编|地址[:：]",
                "联系电话": r"电话[:：]?[(（]?\d{3,}",
            },
        },
    )

    presence = (AREA_SPEC,)

    def presence_specs(self, options):
        return [AREA_SPEC, self._online_spec(options)]

    @staticmethod
    def _online_spec(options) -> PresenceSpec:
        return PresenceSpec(item="在线申请", link_text=options["online_link_pattern"], example="在线申请",
                            needs_home=False, found_on="依申请公开")

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = application_pages(site)
        if not pages:
            home = site.homepage()
            yield self.missing(site, AREA_SPEC, "未找到依申请公开页面",
                               url=seen_at(home) if home else site.crawl.start_url)
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
        for page in pages:
            form = _application_form(page)
            if form is not None:
                yield self.passed("依申请公开页面提供在线申请表单", url=seen_at(page),
                                  evidence={"item": "在线申请", "via": "form", "action": form.action,
                                            "fields": [f.label or f.name for f in form.fields if f.type != "hidden"][:12]})
                return
        rx = re.compile(ctx.opt("online_link_pattern"))
        for page in pages:
            for link in page.links:
                if link.hidden or link.region.value == "footer" or not link.text or not rx.search(norm(link.text)):
                    continue
                if link.kind.value not in ("page", "external"):
                    continue
                state = target_loaded(site, link.url)
                if state is True:
                    target = site.page(link.url)
                    evidence = {"item": "在线申请", "via": "link"}
                    if target is not None:
                        evidence["form_seen"] = _application_form(target) is not None
                    yield self.passed(f"依申请公开页面提供在线申请入口“{link.text}”", url=seen_at(page), target=link.url,
                                      evidence=evidence)
                    return
        for page in pages:  # a form one link away, whatever the link says (政府信息公开申请 → the form page)
            for link in page.links:
                if link.hidden or link.region.value in ("nav", "footer") or link.kind.value not in ("page", "external"):
                    continue
                target = site.page(link.url)
                if target is None or target.status >= 400:
                    continue
                form = _application_form(target)
                about = " ".join([norm(link.text), norm(form.text) if form else ""] + titles_of(target) + crumbs(target))
                if form is not None and re.search(ctx.opt("form_context_pattern"), about):
                    yield self.passed(f"依申请公开页面链接的“{link.text}”页面提供在线申请表单", url=seen_at(page),
                                      target=link.url, evidence={"item": "在线申请", "via": "linked form",
                                                                 "action": form.action})
                    return
        if ctx.opt("accept_email"):
            for page in pages:
                m = re.search(r"[\w.-]+@[\w-]+(\.[\w-]+)+", body_text(page))
                if m:
                    yield self.passed(f"依申请公开页面提供电子邮箱“{m.group(0)}”", url=seen_at(page),
                                      evidence={"item": "在线申请", "email": m.group(0)})
                    return
        yield self.missing(site, self._online_spec(ctx.options),
                           "依申请公开页面未提供在线申请渠道（无在线申请入口或电子邮箱）", url=url, within=pages)


def _application_form(page):
    """The first visible form of a page that looks like an application form, or None."""
    return next((f for f in page.forms if f.looks_like_application and not f.hidden), None)
