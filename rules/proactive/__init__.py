"""法定主动公开内容 (条例第二十条、第二十一条、第五十五条, 国办发〔2019〕54号): required columns and items."""

RULES = ("PA001", "PA002", "PA003", "PA004", "PA005", "PA006", "PA007")
