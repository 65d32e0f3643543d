"""IDN004 — the site is served over HTTPS under a .gov.cn domain."""

from __future__ import annotations

import ipaddress
from typing import Iterable
from urllib.parse import urlsplit

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import seen_at
from ..presence import seen_homepage
from ._common import CITE_19_FUNC, CITE_47


class IDN004(Rule):
    """The portal is reached over HTTPS, on a ``.gov.cn`` domain name.

    What it checks:
        * HTTPS — the homepage's address after redirects uses ``https`` (an ``http`` start URL
          that redirects to ``https`` passes);
        * 政务域名 — its host name ends with one of ``allowed_suffixes`` (``.gov.cn``; 中文域名
          ``.政务`` accepted). An IP address or another suffix (.com, .cn, .net) fails.

        One FAIL each: url = the homepage, evidence ``{item, scheme | host}``.

    Legal basis:
        国办发〔2017〕47号 (verified through a third-party excerpt): 政府网站必须使用以 .gov.cn 为后缀
        的英文域名和符合要求的中文域名，不得使用其他后缀的英文域名. HTTPS is recalled from 47号's
        安全防护 part, not verified. 国办秘函〔2019〕19号 扣分指标 功能设计: 网站域名名称…符合相关要求.
        Plan task 11 (加强网络安全责任管理，确保政府网站安全运行).

    Passing example:
        https://www.baicheng.gov.cn/ (or http:// redirecting there).

    Failing example:
        http://222.168.1.10:8080/: 网站未启用HTTPS; 网站未使用.gov.cn政务域名（222.168.1.10）.

    Not applicable when:
        Never for a government website. Could not evaluate when the homepage was not crawled.
    """

    meta = RuleMeta(
        id="IDN004",
        slug="identity.https-and-domain",
        title="网站使用HTTPS和.gov.cn域名",
        failure_title="网站未使用HTTPS或.gov.cn域名",
        severity=Severity.warning,
        legal_basis=[CITE_47, CITE_19_FUNC],
        plan_tasks=[11],
        requires=["pages"],
        options={"allowed_suffixes": [".gov.cn", ".政务"], "require_https": True},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查访问协议和域名",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        url = seen_at(home)
        parts = urlsplit(home.final_url or home.url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        if ctx.opt("require_https"):
            if scheme == "https":
                yield self.passed("网站通过HTTPS访问", url=url, evidence={"item": "HTTPS", "scheme": scheme})
            else:
                yield self.fail(f"网站未启用HTTPS（首页地址为{scheme}://）", url=url,
                                evidence={"item": "HTTPS", "scheme": scheme})
        try:
            ipaddress.ip_address(host)
            is_ip = True
        except ValueError:
            is_ip = False
        ok = not is_ip and any(host.endswith(s.lower()) for s in ctx.opt("allowed_suffixes"))
        if ok:
            yield self.passed(f"网站使用政务域名（{host}）", url=url, evidence={"item": "政务域名", "host": host})
        else:
            what = "IP地址" if is_ip else "非.gov.cn域名"
            yield self.fail(f"网站未使用.gov.cn政务域名（{what} {host}）", url=url,
                            evidence={"item": "政务域名", "host": host})
