"""Server logic of the 云溪县 sample (dynamic handlers for samples.server.SampleServer).

* ``/module/web/jpage/dataproxy.jsp``: the next records of a jpage list, in Hanweb's
  <datastore> XML (GBK), for GET or POST (range ``startrecord``/``endrecord`` in the query,
  the rest in the query or the form). One column answers POST only: a GET gets the HTML
  "非法请求" page real installations show. Unknown columns get an empty recordset.
* the 意见征集 column answers 429 + ``Retry-After: 1`` on every other request (the 1st,
  3rd, …): a crawler that waits and asks again gets the page;
* the 信件选登 column answers after 1.5 s;
* ``/module/xxgk/ysqgk.jsp``: the 依申请公开 online form (GET), a 提交成功 page (POST).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from ..server import DynamicRequest, Reply, error_page
from .generator import APPLY_FORM, DATA_FILE, FORM_FILE, PROXY, RATE_LIMITED, SLOW

SLOW_SECONDS = 1.5


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default


def handlers(root: Path) -> dict:
    data = json.loads((Path(root) / DATA_FILE).read_text("utf-8"))
    lock = threading.Lock()
    hits = {"limited": 0}

    def dataproxy(req: DynamicRequest) -> Reply:
        if req.method not in ("GET", "POST", "HEAD"):
            return Reply(405, error_page(405))
        form = req.form()
        column = data.get(str(form.get("columnid", "")))
        if column and column.get("post_only") and req.method != "POST":
            return Reply(200, "<html><head><meta charset=\"gbk\"><title>提示</title></head><body>非法请求</body></html>"
                         .encode("gbk"), "text/html")
        records = column["records"] if column else []
        start = max(1, _int(form.get("startrecord"), 1))
        end = max(start, _int(form.get("endrecord"), start + 14))
        chunk = records[start - 1:end]
        total = f"<totalrecord>{len(records)}</totalrecord>\n" if column and column.get("total") else ""
        body = ('<?xml version="1.0" encoding="GBK"?>\n<datastore>\n<recordset>\n'
                + "".join(f"<record><![CDATA[{r}]]></record>\n" for r in chunk)
                + f"</recordset>\n{total}</datastore>\n")
        return Reply(200, body.encode("gbk"), "text/xml")

    def limited(req: DynamicRequest) -> Reply | None:
        with lock:
            hits["limited"] += 1
            odd = hits["limited"] % 2 == 1
        if odd:
            return Reply(429, error_page(503).replace(b"503", b"429"), "text/html", {"Retry-After": "1"})
        return None  # the static page

    def slow(req: DynamicRequest) -> Reply | None:
        time.sleep(SLOW_SECONDS)
        return None

    form_page = (Path(root) / FORM_FILE).read_bytes()

    def apply_form(req: DynamicRequest) -> Reply:
        if req.method == "POST":
            return Reply(200, "<html><head><meta charset=\"gbk\"><title>提交成功</title></head><body>申请已提交</body></html>"
                         .encode("gbk"), "text/html")
        return Reply(200, form_page, "text/html")

    return {PROXY: dataproxy, RATE_LIMITED: limited, SLOW: slow, APPLY_FORM: apply_form}
