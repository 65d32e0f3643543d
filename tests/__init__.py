"""The zwgk test suite (a package so that tests.helpers imports by name)."""
