"""组织保障 (plan tasks 13–15): the office named in the guide; 队伍建设 and 培训 as manual checklist items."""

RULES = ("ORG001", "ORG002", "ORG003")
