"""依申请公开 (条例第二十七条 – 第四十五条, plan task 9): channels, 申请表, reply period, fees."""

RULES = ("AP001", "AP002", "AP003", "AP004", "AP005")
