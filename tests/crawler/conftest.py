"""Fixtures of the crawler tests; the servers live in tests/helpers/loopback_http.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.loopback_http import LiveServer, Route, start_server


@pytest.fixture
def serve():
    """Start loopback servers for one test: serve(root, routes) -> LiveServer."""
    started: list[LiveServer] = []

    def _serve(root: Path | None = None, routes: dict[str, Route] | None = None, host: str = "127.0.0.1") -> LiveServer:
        s = start_server(root, routes, host)
        started.append(s)
        return s

    yield _serve
    for s in started:
        s.stop()


# Measured figures (coverage counts, bytes, timings) that tests report; printed in the
# terminal summary so every run states them.
FIGURES: list[str] = []


@pytest.fixture
def figures():
    return FIGURES


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("zwgk crawler figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
