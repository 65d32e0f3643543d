"""Column checks: the 政府信息公开 专栏, column freshness, empty columns."""

RULES = ("COL001", "COL002", "COL003")
