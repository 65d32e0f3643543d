"""政策解读 checks: policies and their 解读."""

RULES = ("JD001", "JD002", "JD003", "JD004", "JD005", "JD006", "JD007")
