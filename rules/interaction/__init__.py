"""互动交流 (国办秘函〔2019〕19号 单项否决指标 互动回应差): a working 咨询建言 channel, and
published messages answered within 3 months."""

RULES = ("HD001",)
