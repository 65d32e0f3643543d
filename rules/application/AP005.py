"""AP005 — the online application form asks what 条例第二十九条 requires, and no 用途."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, FormInfo, PageArtifact, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import crumbs, norm, seen_at, titles_of
from ._common import ART, application_pages

CITE_ART29_CONTENTS = Citation(
    document=ART, article="第二十九条第二款",
    note="政府信息公开申请应当包括下列内容：（一）申请人的姓名或者名称、身份证明、联系方式；（二）申请公开的政府信息的"
         "名称、文号或者便于查询的其他特征性描述；（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径")
CITE_2007_ART13 = Citation(
    document="中华人民共和国政府信息公开条例（国务院令第492号，2007年公布，2019年修订）",
    article="第十三条（已废止的表述）",
    note="2007年条例：公民、法人或者其他组织还可以根据自身生产、生活、科研等特殊需要申请获取政府信息（“三需要”）；"
         "2019年修订删去，申请表不应再要求填写用途",
)


class AP005(Rule):
    """The online 依申请公开 form asks for what 条例第二十九条 lists, and not for a 用途.

    What it checks:
        The application forms recorded by the crawler (``PageArtifact.forms`` with
        ``looks_like_application``, not hidden) on the 依申请公开 pages (see AP001) or on a
        page one content link away from them (not navigation or footer). For each distinct
        form, its field labels, submit text and visible text are searched for the
        ``required`` items — 申请人姓名或名称, 身份证明 (证件), 联系方式, 所需信息 (名称 / 文号 /
        特征描述), 获取方式 — and for the ``stale`` questions of the 2007 条例 (用途, 申请目的,
        生产、生活、科研 需要). Items missing or a stale question → one FAIL for the form:
        url = the page holding it, target = its action, evidence ``{missing, stale}``; else
        PASS.

    Legal basis:
        条例第二十九条第二款 (申请应当包括：申请人的姓名或者名称、身份证明、联系方式；所需信息的
        名称、文号或者便于查询的其他特征性描述；获取信息的方式、途径) — verified text. The 2007
        条例第十三条 “根据自身生产、生活、科研等特殊需要” was removed in 2019, so a form that
        still asks for the 用途 puts a condition on the application the 条例 no longer knows.
        Plan task 9.

    Passing example:
        /ysqgk/apply.html: 申请人姓名或名称, 证件类型及号码, 联系电话, 通信地址, 所需信息的名称、
        文号或特征描述, 获取信息的方式（纸质 / 电子邮件 / 光盘）, 提交申请.

    Failing example:
        A form with 姓名, 身份证号码, 电话, 所需信息内容 and 信息用途（生产、生活、科研）:
        在线申请表缺少“获取方式”，仍要求填写“用途”.

    Not applicable when:
        No 依申请公开 page was found (AP001 reports that). Could not evaluate when the 依申请公开
        area records no online form (a link to an uncrawled platform, e-mail or letter only).
    """

    meta = RuleMeta(
        id="AP005",
        slug="application.form-contents",
        title="在线申请表内容符合条例第二十九条",
        failure_title="在线申请表内容不符合条例第二十九条",
        severity=Severity.error,
        legal_basis=[CITE_ART29_CONTENTS, CITE_2007_ART13],
        plan_tasks=[9],
        requires=["pages", "links"],
        options={
            "required": {
                "申请人姓名或名称": r"姓\s*名|申请人(?:的)?(?:名称|全称)|(?:单位|机构|组织|企业|法人)(?:的)?(?:名称|全称)",
                "身份证明": r"证件|身份证|身份证明|统一社会信用代码|组织机构代码|营业执照",
                "联系方式": r"联系电话|电话|手机|联系方式|通信地址|通讯地址|联系地址|邮政编码|邮编|电子邮箱|电子邮件|邮箱|E-?mail",
                "所需信息": r"所需(?:政府)?信息|申请(?:公开)?的?(?:政府)?信息(?:的)?(?:名称|内容|描述)|信息(?:的)?名称|文号"
                            r"|内容描述|特征(?:性)?描述",
                "获取方式": r"获取(?:信息)?(?:的)?(?:方式|途径)|提供(?:信息)?(?:的)?(?:方式|形式|途径)|载体形式|信息载体"
                            r"|纸质|光盘|磁盘|自行领取|当面领取",
            },
            "stale_pattern": r"用途|申请目的|生产、?生活、?科研|特殊需要|三需要",
            "form_context_pattern": r"依申请|政府信息公开申请|信息公开申请|申请公开|政府信息",
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = application_pages(site)
        if not pages:
            yield self.not_applicable("未采集到依申请公开页面（是否设置由 AP001 判断）")
            return
        forms = _forms(site, pages, ctx.opt("form_context_pattern"))
        if not forms:
            yield self.could_not_evaluate("依申请公开页面未记录在线申请表单（仅链接、邮箱或信函渠道），无法检查申请表内容",
                                          url=seen_at(pages[0]))
            return
        stale_rx = re.compile(ctx.opt("stale_pattern"))
        for page, form in forms:
            words = _words(form)
            missing = [item for item, pattern in ctx.opt("required").items() if not re.search(pattern, words)]
            stale = sorted({m.group(0) for m in stale_rx.finditer(words)})
            evidence = {"missing": missing, "stale": stale, "action": form.action,
                        "fields": [f.label or f.name for f in form.fields if f.type != "hidden"][:15]}
            target = form.action if form.action and form.action != seen_at(page) else None
            if not missing and not stale:
                yield self.passed("在线申请表包含条例第二十九条规定的申请内容，且未要求说明用途", url=seen_at(page),
                                  target=target, evidence=evidence)
                continue
            parts = []
            if missing:
                parts.append("缺少" + "、".join(f"“{m}”" for m in missing))
            if stale:
                parts.append("仍要求填写" + "、".join(f"“{s}”" for s in stale) + "（2007年条例的“三需要”，2019年修订已删除）")
            yield self.fail("在线申请表" + "，".join(parts), url=seen_at(page), target=target, evidence=evidence)


def _words(form: FormInfo) -> str:
    labels = [f.label for f in form.fields if f.type != "hidden"]
    values = [f.value for f in form.fields if f.type in ("select", "radio", "checkbox") and f.value]
    return norm(" ".join(labels + values + [form.submit_text, form.text]))


def _application_forms(page: PageArtifact) -> list[FormInfo]:
    return [f for f in page.forms if f.looks_like_application and not f.hidden]


def _forms(site: SiteArtifacts, pages: list[PageArtifact], context_pattern: str
           ) -> list[tuple[PageArtifact, FormInfo]]:
    """Application forms on the 依申请公开 pages, then on pages they link to (one step), each once."""
    out: list[tuple[PageArtifact, FormInfo]] = []
    seen: set[tuple] = set()

    def add(page: PageArtifact, form: FormInfo) -> None:
        key = (form.action, tuple(f.label or f.name for f in form.fields))
        if key not in seen:
            seen.add(key)
            out.append((page, form))

    for page in pages:
        for form in _application_forms(page):
            add(page, form)
    context_rx = re.compile(context_pattern)
    own = {seen_at(p) for p in pages}
    for page in pages:
        for link in page.links:
            if link.hidden or link.region.value in ("nav", "footer") or link.kind.value not in ("page", "external"):
                continue
            target = site.page(link.url)
            if target is None or target.status >= 400 or seen_at(target) in own:
                continue
            for form in _application_forms(target):
                about = " ".join([norm(link.text), norm(form.text)] + titles_of(target) + crumbs(target))
                if context_rx.search(about):
                    add(target, form)
    return out
