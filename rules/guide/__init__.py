"""政府信息公开指南 and 目录 (条例第十二条): the guide's content, its currency, the 目录 entries."""

RULES = ("GD001", "GD002", "GD003")
