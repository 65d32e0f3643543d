"""Bundled sample portals: deterministic generators, their truth.json, a loopback server.

    server, truth = build_and_serve(tmp_path, as_of)
    start_url = server.url(truth["start_path"])
    ...
    server.stop()

Submodules load lazily so that `python -m samples.server` runs cleanly.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import SampleServer

__all__ = ["SampleServer", "build_and_serve", "generate_kfq", "load_truth", "loopback_literal",
           "serve_background"]

_LAZY = {
    "SampleServer": ("server", "SampleServer"),
    "serve_background": ("server", "serve_background"),
    "loopback_literal": ("server", "loopback_literal"),
    "generate_kfq": ("kfq.generator", "generate"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_truth(out_dir: Path) -> dict:
    """The truth.json written next to a generated site."""
    from .kfq.generator import TRUTH_FILE

    return json.loads((Path(out_dir) / TRUTH_FILE).read_text("utf-8"))


def build_and_serve(workdir: Path, as_of: dt.date, host: str = "127.0.0.1") -> tuple["SampleServer", dict]:
    """Generate the 开发区 sample into workdir and serve it on a free loopback port.

    Returns the running server (stop it, or use it as a context manager) and the truth dict.
    """
    from .kfq.generator import SITE_DIR, generate
    from .server import serve_background

    out = generate(Path(workdir), as_of)
    return serve_background(out / SITE_DIR, host=host), load_truth(out)
