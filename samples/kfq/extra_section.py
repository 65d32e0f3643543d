"""Content of the 开发区 sample for the rules added after the catalogue and service sections:
解读比例 (JD007) and the contents of the online 依申请公开 form (AP005).

`plant(builder)` runs after the other sections' `plant()` and before rendering. It never draws
from the generator's random stream and uses doc ids of its own, so the rest of the site stays
byte-identical. It plants no defect (the truth's defect lists and ids are unchanged); it adds
one decoy and its `correct` entries:

* the policy of D11 (JD001: no 解读 in either direction) gets a 图解 in the 政策解读 column that
  neither links it nor is linked from it. JD001 still fails (no link), but JD007 finds the 图解
  by its title — 图解：《…标准化厂房租赁管理办法》 against 关于印发《…》的通知 — so the
  解读比例 of the last 365 days is 100% and JD007 passes;
* the 依申请公开 area links no online form (DR02, AP001): AP005 could not evaluate the form's
  contents (never a FAIL).
"""

from __future__ import annotations

import datetime as dt

DOCID_BASE = 5_950_000  # above the service section's ids (5.9M)


def plant(b) -> None:
    from . import content as c
    from .generator import Article

    as_of = b.as_of
    zcjd = b.columns["zcjd"]
    policy = b.policies[2]  # the policy without any linked 解读 (D11)
    inner = policy.title.split("《", 1)[-1].rsplit("》", 1)[0] if "《" in policy.title else policy.title
    day = min(policy.date + dt.timedelta(days=2), as_of)
    tj = Article(zcjd, f"图解：《{inner}》", dt.datetime.combine(day, dt.time(15, 40)),
                 [f"一图读懂《{inner}》。", "【政策目标】推动开发区高质量发展。",
                  "【支持对象】在开发区依法注册的企业和单位。", "【申请流程】企业申报—部门审核—公示—拨付。"],
                 docid=DOCID_BASE + 7, topic=policy.topic, source=c.OFFICE)
    zcjd.articles.append(tj)
    b.correct += [
        {"url": "/xxgk/index.html", "rules": ["JD007"],
         "note": "解读比例 100%: the D11 policy's 图解 is matched by title (no link either way, so JD001 still fails)"},
        {"url": tj.path, "rules": ["JD002", "JD003", "JD004"],
         "note": "a 图解 linked with no policy: not a pair (JD002/JD003), 图解 skipped by JD004"},
        {"url": "/xxgk/ysqgk/index.html", "rules": ["AP005"],
         "note": "no online form recorded (DR02): AP005 could not evaluate, never FAIL"},
    ]
