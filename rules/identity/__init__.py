"""Site identity (国办发〔2017〕47号): footer identifiers, meta tags, links to superior portals."""

RULES = ("IDN001",)
