"""HD001 — 互动回应: a working 咨询建言 channel, and no valid message left unanswered over 3 months."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import add_months, norm, ok_pages, page_label, quote_page, seen_at, target_loaded
from ..presence import PresenceSpec
from ._common import CITE_19_HD, CITE_VETO_INTERACT, site_messages


class HD001(Rule):
    """The site offers a working online channel for 咨询建言, and answers valid messages
    within 3 months (单项否决 互动回应差).

    What it checks:
        **咨询建言渠道** (one result, evidence ``{item: 咨询建言渠道}``): a crawled page shows a
        message form (``PageArtifact.forms``, ``looks_like_message``: a text area with 标题 /
        内容 / 留言 / 咨询 wording — 领导信箱, 我要写信, 网上咨询 …) → PASS. Otherwise links
        whose text matches ``entry_pattern`` (领导信箱, 主任信箱, 我要写信, 在线咨询, 12345 …):
        one that loaded but was not crawled (a provincial 12345 platform on another host) →
        could not evaluate, as is one behind a login form (a password field: evidence ``reason``
        需要登录); one broken, unchecked or not crawled → could not evaluate naming the link
        (rules/presence.py; the dead link itself is LNK001's finding); crawled but showing no
        form → FAIL (target = that page); only empty links (政民互动 → ``#`` or
        ``javascript:void(0)``) → FAIL 栏目入口为空链接 at the page holding them; none at all → FAIL
        at the homepage: 未提供网上有效咨询建言渠道.
        Pages and links of 网上信访, 纪检举报, 在线访谈, 调查征集 (``exclude_pattern``) never count.
        The section the channels stand under (``section_pattern``: 交流互动, 警民互动, 互动交流,
        公众参与) is an entry for the shared presence decision: when its page was not seen the
        channels were not seen either → could not evaluate, never 未提供.

        **回应** (one result per message): messages published with a 留言时间 (来信时间, 提问时间 …)
        — rows of list tables headed 标题 | 留言时间 | 答复时间 | 状态, and detail pages labelled
        留言时间：… 答复时间：… 办理状态：… — submitted within ``window_months`` (12) of the audit
        date. Those whose status matches ``invalid_pattern`` (无效, 不予受理, 重复 …) are not valid
        messages and are skipped. FAIL when the 答复时间 is more than ``reply_months`` (3) months
        after the 留言时间 (item 留言答复超过3个月), or when there is no 答复时间, the status does
        not say it was answered, and 3 months have passed (item 留言超过3个月未答复). url = the
        detail page (or the list page for rows without one), evidence ``{item, title, submitted,
        replied, months}``. Every FAIL is critical (单项否决).

    Legal basis:
        国办秘函〔2019〕19号 单项否决指标 互动回应差 (verified): 未提供网上有效咨询建言渠道（网上信访、
        纪检举报等专门渠道除外）; 监测时间点前1年内…政务咨询类栏目（在线访谈、调查征集、网上信访、纪检举报类
        栏目除外）存在超过3个月未回应有效留言的现象. 扣分指标 互动交流: 公开留言时间、答复时间 (partly
        verified). Plan tasks 12 (政民互动) and 11.

    Passing example:
        主任信箱 page with a form (姓名, 联系电话, 信件标题, 信件内容, 提交); 信件选登: 来信时间 2026年
        9月2日, 答复时间 2026年9月6日.

    Failing example:
        咨询投诉 table row 关于企业用地手续的咨询 | 2026-07-20 | — | 办理中, audited 2026-11-27:
        留言“关于企业用地手续的咨询”（2026-07-20）超过3个月未答复.

    Not applicable when:
        The 回应 part is not applicable when no dated message is published (the channel is
        judged all the same).
    """

    meta = RuleMeta(
        id="HD001",
        slug="interaction.response",
        title="提供有效咨询建言渠道并及时回应留言",
        failure_title="互动回应差（单项否决）",
        severity=Severity.critical,
        legal_basis=[CITE_VETO_INTERACT, CITE_19_HD],
        plan_tasks=[12, 11],
        requires=["pages", "links"],
        options={
            "entry_pattern": r"领导信箱|主任信箱|书记信箱|[区县市镇局]长信箱|主席信箱|我要写信|我要留言|我要咨询|我要提问|"
                             r"写信|在线咨询|网上咨询|咨询投诉|留言板|政民互动|(?<!\d)12345(?!\d)|意见建议",  # not inside 备05012345号
            "section_pattern": r"^(?:互动交流|交流互动|[政警官]民互动|公众互动|互动平台|互动|公众参与|互动服务)$",
            "exclude_pattern": r"信访|纪检|举报|监察|访谈|征集|调查",
            "invalid_pattern": r"无效|不予受理|不予处理|不受理|重复|不属于|撤回|撤销|转信访",
            "answered_pattern": r"已答复|已回复|已办结|办结|已处理|已反馈|已回|答复完毕",
            "reply_months": 3,
            "window_months": 12,
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        # the section a portal keeps its channels under (交流互动, 警民互动, 互动交流, 公众参与) is an
        # entry too: when its page was not seen, the channels in it were not seen either
        return [PresenceSpec(item="咨询建言渠道", link_text=f"{options['entry_pattern']}|{options['section_pattern']}",
                             example="我要留言", max_text_chars=30, exclude=options["exclude_pattern"])]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        exclude = re.compile(ctx.opt("exclude_pattern"))
        yield from self._channel(site, ctx, exclude)
        yield from self._responses(site, ctx, exclude)

    # ------------------------------------------------------------ the channel
    def _channel(self, site: SiteArtifacts, ctx: RuleContext, exclude: re.Pattern[str]) -> Iterable[Finding]:
        item = {"item": "咨询建言渠道"}
        for page in ok_pages(site):
            forms = [f for f in page.forms if f.looks_like_message and not f.hidden]
            if not forms:
                continue
            names = [norm(x) for x in page.breadcrumb] + [norm(page_label(page, "")), norm(forms[0].text[:60])]
            if any(exclude.search(n) for n in names if n):
                continue
            yield self.passed(f"{quote_page(page, seen_at(page))}提供了网上咨询建言表单", url=seen_at(page),
                              evidence={**item, "via": "form", "action": forms[0].action})
            return
        entry = re.compile(ctx.opt("entry_pattern"))
        broken, unknown, formless = [], [], []
        seen: set[str] = set()
        for page in ok_pages(site):
            for link in page.links:
                if link.hidden or not link.text or link.kind.value not in ("page", "external") or link.url in seen:
                    continue
                text = norm(link.text)
                if not entry.search(text) or exclude.search(text):
                    continue
                seen.add(link.url)
                target = site.page(link.url)
                state = target_loaded(site, link.url)
                if state is False:
                    broken.append((page, link))
                elif target is not None and target.status < 400 and not _login_wall(target):
                    formless.append((page, link))
                else:  # not crawled, not checked, or behind a login form: cannot tell
                    unknown.append((page, link))
        home = site.homepage()
        home_url = seen_at(home) if home is not None else site.crawl.start_url
        spec = self.presence_specs(ctx.options)[0]
        walled = [(p, l) for p, l in unknown if site.page(l.url) is not None and _login_wall(site.page(l.url))]
        if broken or len(walled) < len(unknown):
            # an entry whose page could not be seen: no verdict; LNK001 reports a dead link
            yield self.missing(site, spec, "未提供网上有效咨询建言渠道（领导信箱、网上咨询等）", url=home_url)
        elif walled:
            page, link = walled[0]
            yield self.could_not_evaluate(f"互动入口“{link.text}”需要登录，无法确认其可以提交留言", url=seen_at(page),
                                          target=link.url, evidence={**item, "reason": "需要登录"})
        elif formless:
            page, link = formless[0]
            yield self.fail(f"互动入口“{link.text}”页面未提供留言、写信表单，未提供网上有效咨询建言渠道",
                            url=seen_at(page), target=link.url, evidence=item)
        else:  # no entry at all, or only empty links (#, javascript:void(0)): the placeholder finding
            yield self.missing(site, spec, "未提供网上有效咨询建言渠道（领导信箱、网上咨询等）", url=home_url)

    # ------------------------------------------------------------ the replies
    def _responses(self, site: SiteArtifacts, ctx: RuleContext, exclude: re.Pattern[str]) -> Iterable[Finding]:
        invalid = re.compile(ctx.opt("invalid_pattern"))
        answered = re.compile(ctx.opt("answered_pattern"))
        months = int(ctx.opt("reply_months"))
        window_start = add_months(ctx.as_of, -int(ctx.opt("window_months")))
        judged = 0
        for m in site_messages(site, exclude):
            if not (window_start <= m.submitted <= ctx.as_of):
                continue
            if m.status and invalid.search(m.status):
                continue
            judged += 1
            deadline = add_months(m.submitted, months)
            evidence = {"title": m.title[:80], "submitted": m.submitted.isoformat(),
                        "replied": m.replied.isoformat() if m.replied else None, "months": months}
            if m.replied is not None:
                days = (m.replied - m.submitted).days
                evidence["days"] = days
                if m.replied > deadline:
                    yield self.fail(f"留言“{m.title[:40]}”（{m.submitted.isoformat()}）于{m.replied.isoformat()}才答复，"
                                    f"超过{months}个月", url=m.url,
                                    evidence={"item": f"留言答复超过{months}个月", **evidence})
                else:
                    yield self.passed(f"留言“{m.title[:40]}”在{days}天内答复", url=m.url,
                                      evidence={"item": "留言答复", **evidence})
            elif m.status and answered.search(m.status):
                yield self.passed(f"留言“{m.title[:40]}”已答复（{m.status}）", url=m.url,
                                  evidence={"item": "留言答复", **evidence})
            elif ctx.as_of > deadline:
                evidence["days"] = (ctx.as_of - m.submitted).days
                yield self.fail(f"留言“{m.title[:40]}”（{m.submitted.isoformat()}）超过{months}个月未答复", url=m.url,
                                evidence={"item": f"留言超过{months}个月未答复", "status": m.status, **evidence})
            else:
                yield self.passed(f"留言“{m.title[:40]}”尚在{months}个月答复期内", url=m.url,
                                  evidence={"item": "留言答复", **evidence})
        if not judged:
            yield self.not_applicable(f"未发现近{ctx.opt('window_months')}个月内公开的、标注留言时间的有效留言",
                                      evidence={"item": "留言答复"})


def _login_wall(page) -> bool:
    """A page that shows a login form (a password field): the channel may sit behind it."""
    return any(f.type == "password" for form in page.forms for f in form.fields)
