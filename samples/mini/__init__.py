"""Tiny portals for roll-up tests and demos: a 开发区-style site of about a dozen pages whose
defects are switched on by options (dead links, a stale homepage, a wrong political phrase,
missing footer identifiers, missing 专栏 columns).

    from samples.mini import MiniOptions, generate
    generate(root, as_of, MiniOptions(name="东湖街道", dead_links=2))

Dates are relative to `as_of`, so a site generated for any audit date looks the same to the
rules. Re-generating into the same folder (a second night) replaces every file.
"""

from .generator import MiniOptions, generate

__all__ = ["MiniOptions", "generate"]
