"""index.html of a nightly run: the roll-up over every site (contracts.rollup.RollupReport).

One self-contained page (inline CSS and SVG, no scripts, no outside resources), Jinja2 with
autoescaping. The view only formats what the model holds; the per-site trend is drawn as a
small inline SVG from the model's trend points.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from contracts.rollup import RollupReport, RollupTrendPoint

from .atomic import write_atomic
from .html_report import safe_href

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "rollup.html.j2"
VERDICT_CLASS = {"合格": "ok", "不合格": "bad", "单项否决": "bad"}
DIFF_ZH = {"new": "新增", "regressed": "复现", "open": "持续存在"}


def _f(v: float) -> str:
    return f"{v:g}"


def sparkline(points: list[RollupTrendPoint], *, label: str) -> Markup:
    """The 检查指标 score of the runs, oldest first (scale from just under the lowest score to 100,
    printed in the corner; the 60-point pass line when in range); failures in the data attributes."""
    if not points:
        return Markup('<span class="muted">—</span>')
    width, height, pad = 160, 44, 6
    n = len(points)
    xs = [pad + ((width - 2 * pad) * i / (n - 1) if n > 1 else (width - 2 * pad) / 2) for i in range(n)]

    scored = [(x, p) for x, p in zip(xs, points) if p.score is not None]
    # the vertical scale: from 10 points under the lowest score (a multiple of 10) to 100
    low = max(0.0, (min((p.score for _, p in scored), default=60.0) - 10) // 10 * 10)

    def y(v: float) -> float:
        return round(pad + (height - 2 * pad) * (1 - (max(low, min(v, 100.0)) - low) / (100 - low)), 1)

    parts = [f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
             f'<title>{escape(label)}</title>',
             f'<text x="{width - pad}" y="{height - 1}" font-size="9" text-anchor="end" fill="#8c959f">{_f(low)}–100</text>']
    if low <= 60:
        parts.append(f'<line x1="{pad}" y1="{y(60)}" x2="{width - pad}" y2="{y(60)}" stroke="#d0d7de" '
                     f'stroke-dasharray="3 3"/>')
    if len(scored) > 1:
        parts.append('<polyline fill="none" stroke="#0d47a1" stroke-width="2" points="'
                     + " ".join(f"{round(x, 1)},{y(p.score)}" for x, p in scored) + '"/>')
    for x, p in zip(xs, points):
        parts.append(f'<g class="point" data-date="{p.as_of.isoformat()}" data-score="'
                     f'{"" if p.score is None else _f(p.score)}" data-failures="{p.failures}">'
                     f'<title>{p.as_of.isoformat()} 得分 {"—" if p.score is None else _f(p.score)}，问题 {p.failures}</title>'
                     + (f'<circle cx="{round(x, 1)}" cy="{y(p.score)}" r="3" fill="#0d47a1"/>' if p.score is not None
                        else "") + '</g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _link(url: str | None) -> dict[str, Any] | None:
    return {"text": url, "href": safe_href(url)} if url else None


def build_view(rollup: RollupReport) -> dict[str, Any]:
    audited = [s for s in rollup.sites if s.state == "audited"]
    missing = [s for s in rollup.sites if s.state == "not_audited"]

    def cov(s):
        c = s.coverage
        return None if c is None else {"pages": f"{c.pages_fetched} / {c.pages_discovered}",
                                       "links": f"{c.links_checked} / {c.links_found}"}

    sites = [{
        "rank": s.rank, "name": s.name, "title": s.title, "start_url": _link(s.start_url),
        "score": "—" if s.score is None else _f(s.score), "verdict": s.verdict or "—",
        "verdict_class": VERDICT_CLASS.get(s.verdict or "", "muted"),
        "vetoes": s.vetoes, "new_vetoes": {v.id for v in s.new_vetoes},
        "new": s.new, "open": s.open, "resolved": s.resolved, "failures": s.failures, "coverage": cov(s),
        "as_of": s.as_of.isoformat() if s.as_of else "—",
        "last_good": s.last_good_as_of.isoformat() if s.last_good_as_of else "—",
        "href": s.report_href, "trend": sparkline(s.trend, label=f"{s.title} 最近{len(s.trend)}次完整检查得分趋势"),
    } for s in audited]
    not_audited = [{
        "name": s.name, "title": s.title, "start_url": _link(s.start_url), "reason": s.reason or "",
        "as_of": s.as_of.isoformat() if s.as_of else "—",
        "last_good": s.last_good_as_of.isoformat() if s.last_good_as_of else "尚无完整检查",
        "last_good_href": s.last_good_href, "coverage": cov(s),
        "trend": sparkline(s.trend, label=f"{s.title} 最近{len(s.trend)}次完整检查得分趋势"),
    } for s in missing]
    groups = [{
        "task": g.task, "title": g.task_title, "responsible": g.responsible, "count": len(g.gaps), "new": g.new,
        "sites": "、".join(g.sites),
        "gaps": [{"site": x.site_title, "rule": x.rule, "severity": x.severity, "severity_zh": x.severity_zh,
                  "message": x.message, "page": _link(x.url), "target": _link(x.target),
                  "diff": x.diff or "", "diff_zh": DIFF_ZH.get(x.diff or "", ""),
                  "first_seen": x.first_seen.isoformat() if x.first_seen else "—",
                  "days_open": x.days_open, "href": x.report_href} for x in g.gaps],
    } for g in rollup.groups]
    return {"r": rollup, "s": rollup.summary, "sites": sites, "not_audited": not_audited, "groups": groups,
            "as_of": rollup.as_of.isoformat(), "generated_at": rollup.generated_at.strftime("%Y-%m-%d %H:%M:%S"),
            "index_link": rollup.index_link}


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_rollup_html(rollup: RollupReport) -> str:
    return _env().get_template(TEMPLATE).render(**build_view(rollup))


def write_rollup_html(rollup: RollupReport, path: str | Path) -> Path:
    return write_atomic(path, render_rollup_html(rollup))


__all__ = ["render_rollup_html", "write_rollup_html", "build_view", "sparkline"]
