"""Expected failures of the tool: printed as one message, exit code 1."""


class ToolError(Exception):
    """An expected failure: printed as one message, exit code 1."""


class UsageError(ToolError):
    """Bad command-line input."""


def pydantic_problems(exc) -> str:
    """`a[0].b: message; ...` from a pydantic ValidationError (field paths like sites[0].start_url)."""
    parts = []
    for e in exc.errors():
        loc = ""
        for p in e.get("loc", ()):
            loc += f"[{p}]" if isinstance(p, int) else (f".{p}" if loc else str(p))
        msg = e.get("msg", "")
        parts.append(f"{loc or '(top level)'}: {msg}")
    return "; ".join(parts)
