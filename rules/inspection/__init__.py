"""国办秘函〔2019〕19号 site indicators: homepage updates, veto counts of stale and blank columns,
dead links on the homepage versus elsewhere."""

RULES = ("INS001", "INS002", "INS003")
