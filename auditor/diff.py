"""Run-over-run diff and waivers: annotate each FAIL finding for the report and the gate.

* new — not failing in any earlier run;
* open — failing in the baseline run too (first seen, open since, days open);
* regressed — failed in an earlier run, not in the baseline run, back now;
* resolved — failing in the baseline run, not now, its rule ran in this run (a rule left
  out with --rules resolves nothing), and its page or link was fetched again and judged:
  the page loaded (and, for a link gap, the target was checked again or the page no longer
  links to it). A fingerprint that is now could-not-evaluate or a rule error is not
  resolved either: the check could not say.
* unchecked — failing in the baseline run, not now, but not re-checked (the page was not
  reached, the link not checked again, or the whole crawl did not finish: a partial run
  resolves nothing). Neither resolved nor open; the history carries it so that the next
  complete run still compares it with the gap it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from contracts.artifacts import SiteArtifacts
from contracts.findings import Finding, Severity, Status
from contracts.report import DiffSummary, ReportFinding, ResolvedFinding

from .history import Prior, PriorFail
from .runner import normalise_url

# LinkCheck outcomes that judge a target (the rest — timeout, rate_limited, blocked, error,
# skipped — say the check could not be done).
JUDGED_OUTCOMES = frozenset({"ok", "dead", "redirect_loop", "too_many_redirects"})


def recheck_test(site: SiteArtifacts, prior: Prior) -> Callable[[PriorFail], bool]:
    """`was_rechecked(gap)`: True when this run fetched the gap's page again (it loaded) and,
    for a gap about a link (target), checked that target again or the page no longer links
    to it; a gap with only a target needs the target checked again; a site-level gap (no URL)
    is re-checked by any complete run of its rule."""
    here = urlsplit(site.crawl.start_url).netloc
    there = prior.site_netloc or here

    def now(url: str | None) -> str:
        return normalise_url(url, here)

    def then(url: str | None) -> str:
        return normalise_url(url, there)

    loaded: dict[str, set[str]] = {}
    for p in site.pages:
        if p.status < 400 and not p.soft_404:
            targets = {now(link.url) for link in p.links}
            for u in (p.url, p.final_url):
                loaded.setdefault(now(u), set()).update(targets)
    judged = {now(c.url) for c in site.links if c.outcome in JUDGED_OUTCOMES}

    def was_rechecked(gap: PriorFail) -> bool:
        if gap.url:
            page = then(gap.url)
            if page not in loaded:
                return False
            return not gap.target or then(gap.target) in judged or then(gap.target) not in loaded[page]
        if gap.target:
            return then(gap.target) in judged
        return True

    return was_rechecked
from .waivers import Waiver, find_waiver


def annotate(
    findings: Sequence[Finding],
    prior: Prior | None,
    as_of: dt.date,
    *,
    ran_rules: Iterable[str],
    waivers: Sequence[Waiver] = (),
    site_netloc: str = "",
    rechecked: Callable[[PriorFail], bool] | None = None,
    partial: bool = False,
) -> tuple[list[ReportFinding], list[ResolvedFinding], list[ResolvedFinding], DiffSummary]:
    """`findings`: the listed (non-pass) findings of this run, in report order.

    `rechecked` (recheck_test) says whether a baseline gap missing now was fetched again
    and judged; without it every such gap of a rule that ran counts as re-checked.
    `partial`: the crawl did not finish, nothing is resolved. Returns (listed, resolved,
    unchecked, summary)."""
    prior = prior or Prior()
    ran = set(ran_rules)
    out: list[ReportFinding] = []
    summary = DiffSummary(baseline=prior.kind, baseline_as_of=prior.as_of, baseline_label=prior.label)
    for f in findings:
        extra: dict = {}
        if f.status is Status.fail:
            fp = f.fingerprint or ""
            if fp in prior.previous:
                open_since = prior.open_since.get(fp, prior.as_of or as_of)
                extra = {"diff": "open", "first_seen": prior.first_seen.get(fp, open_since), "open_since": open_since}
                summary.open += 1
            elif fp in prior.first_seen:
                extra = {"diff": "regressed", "first_seen": prior.first_seen[fp], "open_since": as_of}
                summary.regressed += 1
            else:
                extra = {"diff": "new", "first_seen": as_of, "open_since": as_of}
                summary.new += 1
            extra["days_open"] = max(0, (as_of - extra["open_since"]).days)
            ref = find_waiver(f, waivers, site_netloc, as_of)
            if ref is not None:
                extra["waiver"] = ref
                extra["waived"] = not ref.expired
                summary.waived += int(not ref.expired)
                summary.expired_waivers += int(ref.expired)
        out.append(ReportFinding(**f.model_dump(), **extra))

    present = {f.fingerprint for f in findings if f.fingerprint}
    resolved: list[ResolvedFinding] = []
    unchecked: list[ResolvedFinding] = []
    for fp, p in prior.previous.items():
        if fp in present:
            continue
        try:
            severity = Severity(p.severity)
        except ValueError:
            severity = Severity.error
        gap = ResolvedFinding(
            fingerprint=fp, rule=p.rule, task=p.task, severity=severity, url=p.url, target=p.target,
            message=p.message, first_seen=prior.first_seen.get(fp), last_seen=prior.last_seen.get(fp))
        if p.rule and p.rule not in ran:
            unchecked.append(gap)  # its rule was left out (--rules): carried, not judged
        elif partial or (rechecked is not None and not rechecked(p)):
            unchecked.append(gap)
        else:
            resolved.append(gap)

    def order(r: ResolvedFinding) -> tuple:
        return (r.task if r.task is not None else 10**6, r.rule, r.url or "", r.target or "")

    resolved.sort(key=order)
    unchecked.sort(key=order)
    summary.resolved = len(resolved)
    summary.unchecked = len(unchecked)
    return out, resolved, unchecked, summary


__all__ = ["annotate", "recheck_test", "JUDGED_OUTCOMES"]
