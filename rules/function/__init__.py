"""功能设计 (条例第二十四条, 国办秘函〔2019〕19号 功能设计): the site's search function."""

RULES = ("FN001",)
