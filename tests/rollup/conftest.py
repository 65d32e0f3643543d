"""The `nights` fixture: two nightly runs over five local sites, once per session (rollup_kit.py)."""

import pytest

from rollup_kit import Nights, run_nights


@pytest.fixture(scope="session")
def nights(tmp_path_factory) -> Nights:
    return run_nights(tmp_path_factory)
