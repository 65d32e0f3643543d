"""The auditor: plan data, running rules, mapping results to plan tasks, the exit-code gate,
building the AuditReport, and the `zwgk` command line (auditor.cli)."""
