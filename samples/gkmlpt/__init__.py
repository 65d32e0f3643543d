"""The 青榕区人民政府 sample portal (fictional district; gkmlpt 公开目录 and JSON-built lists)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .generator import SITE_DIR, TRUTH_FILE, generate

__all__ = ["SITE_DIR", "TRUTH_FILE", "build_and_serve", "generate", "serve"]


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 0):
    """Serve a generated site with its gkmlpt page and JSON APIs."""
    from ..server import serve_background
    from .server import handlers

    return serve_background(Path(site_dir), host=host, port=port, handlers=handlers(Path(site_dir)))


def build_and_serve(workdir: Path, as_of: dt.date, host: str = "127.0.0.1"):
    """Generate the sample into workdir and serve it on a free loopback port:
    (running SampleServer, truth dict)."""
    out = generate(Path(workdir), as_of)
    return serve(out / SITE_DIR, host=host), json.loads((out / TRUTH_FILE).read_text("utf-8"))
