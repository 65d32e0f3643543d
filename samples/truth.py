"""Compare findings with a sample portal's ground truth (truth.json, see docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import urlsplit

from contracts import Finding, Status


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _same(truth_value: str | None, found: str | None, base_url: str) -> bool:
    """Truth paths are root-relative on the sample server; external targets are full URLs."""
    if truth_value is None:
        return True
    if found is None:
        return False
    if truth_value.startswith("/"):
        return urlsplit(found).netloc == urlsplit(base_url).netloc and _path(found) == truth_value
    return found == truth_value


def _evidence_matches(expected: dict[str, Any], found: dict[str, Any]) -> bool:
    return all(found.get(k) == v for k, v in expected.items())


@dataclass
class TruthComparison:
    found: list[dict[str, Any]] = field(default_factory=list)  # defects with a matching FAIL
    missed: list[dict[str, Any]] = field(default_factory=list)  # defects without one
    unexpected: list[Finding] = field(default_factory=list)  # FAILs that match no defect

    @property
    def total(self) -> int:
        return len(self.found) + len(self.missed)


def compare_with_truth(findings: Iterable[Finding], truth: dict[str, Any], base_url: str) -> TruthComparison:
    fails = [f for f in findings if f.status is Status.fail]
    out = TruthComparison()
    defects = list(truth.get("defects", []))
    for d in defects:
        hit = any(
            f.rule == d.get("rule") and _same(d.get("url"), f.url, base_url)
            and _same(d.get("target"), f.target, base_url)
            and _evidence_matches(d.get("evidence") or {}, f.evidence)
            for f in fails
        )
        (out.found if hit else out.missed).append(d)
    for f in fails:
        if not any(
            f.rule == d.get("rule") and _same(d.get("url"), f.url, base_url)
            and _same(d.get("target"), f.target, base_url)
            for d in defects
        ):
            out.unexpected.append(f)
    return out


__all__ = ["compare_with_truth", "TruthComparison"]
