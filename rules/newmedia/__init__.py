"""政务新媒体 (plan task 12): the accounts list, updates within 14 days, 互动, 僵尸 accounts."""

RULES = ("NM001", "NM002", "NM003", "NM004")
