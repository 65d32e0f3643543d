"""Content safety (plan task 11: 确保不发生表述错误, 网络安全): wrong expressions, hidden and gambling links."""

RULES = ("CT001", "CT002")
