"""The 政府信息公开 专栏 (国办公开办函〔2019〕61号): its name, its first-level columns, 专栏姓专."""

RULES = ("ZL001", "ZL002", "ZL003")
