"""政策解读 checks: policies and their 解读."""

RULES = ("JD001",)
