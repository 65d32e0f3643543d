"""Pages whose lists a script builds, recorded without them (no browser, render failed).

The crawler notes on such a page that it looked built by JavaScript but was not rendered
(or that rendering failed). What the script would have shown was never seen, so an empty
list or a missing column entry there is could not evaluate ("列表由脚本生成，未能渲染"), never
empty or missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from contracts import TEMPLATE_NOTE, PageArtifact

_NOT_RENDERED = re.compile(r"^looks built by JavaScript \((.*)\) but was not rendered$")
_FAILED = re.compile(r"^rendering failed: (.*)$")


def unrendered(page: PageArtifact | None) -> str | None:
    """Why a script-built page was recorded without its script's output, or None."""
    if page is None or page.rendered:
        return None
    for note in page.extract_notes:
        m = _NOT_RENDERED.match(note) or _FAILED.match(note)
        if m:
            return m.group(1)
    return None


def first_unrendered(pages: Iterable[PageArtifact | None]) -> tuple[PageArtifact, str] | None:
    for page in pages:
        why = unrendered(page)
        if why is not None:
            return page, why
    return None


def message(what: str) -> str:
    return f"{what}的列表由脚本生成，未能渲染，无法判断"


def unfilled_lists(page: PageArtifact | None) -> list[str]:
    """Labels of the lists on `page` that are still a client-side template (ms-repeat, v-for …,
    crawler.extract.unfilled_templates): their items were never seen."""
    if page is None:
        return []
    return [n[len(TEMPLATE_NOTE) + 2:] for n in page.extract_notes if n.startswith(TEMPLATE_NOTE + ": ")]
