"""Link checks: dead internal pages, attachments, external links, embedded resources, malformed hrefs."""

RULES = ("LNK001", "LNK002", "LNK003", "LNK004", "LNK005")
