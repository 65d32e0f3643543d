"""Link checks: dead internal pages, attachments and external links."""

RULES = ("LNK001", "LNK002", "LNK003")
