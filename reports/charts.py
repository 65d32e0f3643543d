"""Inline SVG charts for the HTML report (no scripts, no external assets).

Every label is escaped; the numbers come from the AuditReport.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def _fmt(v: float) -> str:
    return f"{v:g}"


def bar_chart(rows: list[tuple[str, int, int]], *, title: str) -> Markup:
    """Horizontal bars: (label, total, highlighted part) per row, e.g. (任务11, fails, new)."""
    if not rows:
        return Markup("")
    label_w, bar_w, row_h, pad = 90, 420, 22, 8
    top = 28
    height = top + row_h * len(rows) + pad
    width = label_w + bar_w + 150
    peak = max((r[1] for r in rows), default=0) or 1
    parts = [f'<svg class="chart bar-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    for i, (label, total, part) in enumerate(rows):
        y = top + i * row_h
        w = round(bar_w * total / peak, 1)
        pw = round(bar_w * min(part, total) / peak, 1)
        parts.append(f'<g class="bar" data-label="{escape(label)}" data-value="{total}">'
                     f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" fill="#d32f2f" opacity="0.35"/>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{pw}" height="{row_h - 6}" fill="#b71c1c"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 15}" font-size="12">{total}'
                     + (f'（新增{part}）' if part else "") + '</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points: list[tuple[str, float, float | None]], *, title: str) -> Markup:
    """Trend: (label, failures, score or None) per run, oldest first. Two lines, own scales."""
    if not points:
        return Markup("")
    width, height = 560, 220
    left, right, top, bottom = 44, 44, 44, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    n = len(points)
    xs = [left + (inner_w * i / (n - 1) if n > 1 else inner_w / 2) for i in range(n)]
    fail_peak = max(p[1] for p in points) or 1

    def y_fail(v: float) -> float:
        return round(top + inner_h * (1 - v / fail_peak), 1)

    def y_score(v: float) -> float:
        return round(top + inner_h * (1 - v / 100), 1)

    parts = [f'<svg class="chart trend-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + inner_h}" x2="{left + inner_w}" y2="{top + inner_h}" stroke="#8c959f"/>',
             f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end" fill="#b71c1c">{_fmt(fail_peak)}</text>',
             f'<text x="{left + inner_w + 6}" y="{top + 4}" font-size="11" fill="#0d47a1">100</text>']
    fail_pts = " ".join(f"{round(x, 1)},{y_fail(p[1])}" for x, p in zip(xs, points))
    parts.append(f'<polyline class="line-failures" points="{fail_pts}" fill="none" stroke="#b71c1c" stroke-width="2"/>')
    scored = [(x, p) for x, p in zip(xs, points) if p[2] is not None]
    if scored:
        score_pts = " ".join(f"{round(x, 1)},{y_score(p[2])}" for x, p in scored)
        parts.append(f'<polyline class="line-score" points="{score_pts}" fill="none" stroke="#0d47a1" '
                     f'stroke-width="2" stroke-dasharray="5 3"/>')
    for x, (label, fails, score) in zip(xs, points):
        parts.append(f'<g class="point" data-label="{escape(label)}" data-failures="{_fmt(fails)}">'
                     f'<circle cx="{round(x, 1)}" cy="{y_fail(fails)}" r="3.5" fill="#b71c1c"/>'
                     f'<text x="{round(x, 1)}" y="{y_fail(fails) - 7}" font-size="11" text-anchor="middle">{_fmt(fails)}</text>'
                     + (f'<circle cx="{round(x, 1)}" cy="{y_score(score)}" r="3" fill="#0d47a1"/>' if score is not None else "")
                     + f'<text x="{round(x, 1)}" y="{top + inner_h + 16}" font-size="11" text-anchor="middle">'
                     f'{escape(label)}</text></g>')
    legend_y = height - 6
    parts.append(f'<text x="{left}" y="{legend_y}" font-size="11" fill="#b71c1c">— 问题数</text>'
                 f'<text x="{left + 80}" y="{legend_y}" font-size="11" fill="#0d47a1">- - 检查指标得分（右轴，满分100）</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = ["bar_chart", "line_chart"]
