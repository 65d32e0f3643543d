"""Deep document checks: attachments that cannot be read, 政府信息公开工作年度报告 (structure,
table arithmetic, cross-year chain, text against tables) and personal information in page
and attachment text."""

RULES = ("DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "PII001", "PII002", "PII003")
