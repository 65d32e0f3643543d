"""The rule protocol. A rule is pure: artifacts in, findings out.

Each rule lives in its own module whose file name is the rule ID (rules/links/LNK001.py)
and defines a class of the same name, subclassing `Rule`, with a `meta: RuleMeta` and
a `check()` generator. The class docstring is the rule's documentation, with the
sections What it checks / Legal basis / Passing example / Failing example /
Not applicable when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator

from contracts import Finding, RuleMeta, Severity, SiteArtifacts, Status

from . import presence as _presence


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the artifacts: the audit date and its options."""

    as_of: dt.date
    options: dict[str, Any] = field(default_factory=dict)  # the rule's options, defaults merged

    def opt(self, name: str) -> Any:
        return self.options[name]


class Rule:
    meta: ClassVar[RuleMeta]
    #: What a presence rule looks for (rules/presence.py); empty for other rules.
    presence: ClassVar[tuple[_presence.PresenceSpec, ...]] = ()

    def presence_specs(self, options: dict[str, Any]) -> list[_presence.PresenceSpec]:
        """The things this rule may call missing, given its options (rules whose patterns
        are options override this)."""
        return list(self.presence)

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError  # every concrete rule overrides this

    # Helpers so that rules read as sentences.
    def _finding(self, status: Status, message: str, url: str | None, target: str | None,
                 evidence: dict[str, Any] | None, severity: Severity | None) -> Finding:
        return Finding(
            rule=self.meta.id,
            status=status,
            severity=severity or self.meta.severity,
            url=url,
            target=target,
            message=message,
            evidence=evidence or {},
        )

    def fail(self, message: str, *, url: str | None = None, target: str | None = None,
             evidence: dict[str, Any] | None = None, severity: Severity | None = None) -> Finding:
        return self._finding(Status.fail, message, url, target, evidence, severity)

    def passed(self, message: str | None = None, *, url: str | None = None,
               target: str | None = None, evidence: dict[str, Any] | None = None) -> Finding:
        return self._finding(Status.passed, message or self.meta.title, url, target, evidence, None)

    def not_applicable(self, message: str, *, url: str | None = None,
                       evidence: dict[str, Any] | None = None) -> Finding:
        return self._finding(Status.not_applicable, message, url, None, evidence, None)

    def could_not_evaluate(self, message: str, *, url: str | None = None, target: str | None = None,
                           evidence: dict[str, Any] | None = None) -> Finding:
        return self._finding(Status.could_not_evaluate, message, url, target, evidence, None)

    def missing(self, site: SiteArtifacts, spec: _presence.PresenceSpec, message: str, *,
                url: str | None = None, evidence: dict[str, Any] | None = None,
                severity: Severity | None = None, within: list | None = None) -> Finding:
        """The finding for something the rule's own search did not find: FAIL with `message`
        (未找到 / 未设置 …) only when the shared presence decision says it is absent; could
        not evaluate naming the entry when an entry exists but could not be seen (or the
        homepage was never seen); the placeholder finding when only empty links name it.
        `within` limits the entries looked at to the pages the rule judged."""
        verdict = _presence.judge_missing(site, spec, within)
        ev = {"item": spec.item, **(evidence or {}), **verdict.evidence()}
        if verdict.state == _presence.Presence.unreachable:
            e = verdict.entries[0]
            return self.could_not_evaluate(_presence.unreachable_message(spec, verdict), url=e.page,
                                           target=e.target, evidence=ev)
        if verdict.state == _presence.Presence.placeholder:
            e = verdict.entries[0]
            return self.fail(_presence.placeholder_message(spec, verdict), url=e.page, target=e.target,
                             evidence=ev, severity=severity)
        return self.fail(message, url=url, evidence=ev, severity=severity)


def run_rule(rule: Rule, site: SiteArtifacts, ctx: RuleContext) -> Iterator[Finding]:
    """Run one rule; a crash becomes an ERROR finding instead of stopping the audit."""
    try:
        results = list(rule.check(site, ctx))
    except Exception as exc:  # noqa: BLE001 - isolation is the point
        yield Finding(
            rule=rule.meta.id,
            status=Status.error,
            severity=rule.meta.severity,
            message=f"规则执行出错：{type(exc).__name__}: {exc}",
            evidence={"exception": type(exc).__name__, "detail": str(exc)[:500]},
        )
        return
    if not results:
        # A rule that yields nothing has judged nothing: say so rather than pass silently.
        yield Finding(
            rule=rule.meta.id,
            status=Status.not_applicable,
            severity=rule.meta.severity,
            message="未找到适用本规则的内容",
        )
        return
    yield from results
