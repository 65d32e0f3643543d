"""Fixtures of the crawler tests; the servers live in loopback_http.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from loopback_http import LiveServer, Route, start_server


@pytest.fixture
def serve():
    """Start loopback servers for one test: serve(root, routes) -> LiveServer."""
    started: list[LiveServer] = []

    def _serve(root: Path | None = None, routes: dict[str, Route] | None = None) -> LiveServer:
        s = start_server(root, routes)
        started.append(s)
        return s

    yield _serve
    for s in started:
        s.stop()
