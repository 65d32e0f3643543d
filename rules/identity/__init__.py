"""Site identity (国办发〔2017〕47号): footer identifiers, meta tags, links to superior portals."""

RULES = ("IDN001", "IDN002", "IDN003", "IDN004")
