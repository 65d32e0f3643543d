"""规范性文件 (plan task 3): 文号, 发布日期 and 有效性 shown; validity labels kept current."""

RULES = ("PL001", "PL002")
