"""Helpers shared by tests in several folders: `from tests.helpers.loopback_http import Reply, start_server`."""
