"""Annual publications and their deadlines: the 政府信息公开工作年度报告 (条例第四十九条) and the
政府网站工作年度报表 (国办函〔2018〕12号). Table arithmetic of the reports is in rules/documents."""

RULES = ("AR001", "AR002")
