"""Dynamic routes of the 青榕区 sample: the gkmlpt page and API, and the two JSON list APIs."""

from __future__ import annotations

import json
import math
from pathlib import Path

from ..server import DynamicRequest, Reply
from .generator import DATA_FILE, PAGE_SIZE, SID


def _json(data) -> Reply:
    return Reply(200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json;charset=UTF-8")


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def handlers(site_dir: Path) -> dict:
    site_dir = Path(site_dir)
    data = json.loads((site_dir / DATA_FILE).read_text("utf-8"))
    index_html = (site_dir / "gkmlpt" / "index.html").read_bytes()

    def gkmlpt_index(req: DynamicRequest) -> Reply:
        return Reply(200, index_html, "text/html")

    def gkmlpt_api(req: DynamicRequest) -> Reply | None:
        column = req.path.rsplit("/", 1)[-1]
        articles = data["gkmlpt"].get(column)
        if articles is None or req.query.get("sid") != SID:
            return Reply(404, b'{"msg":"not found"}', "application/json")
        page = _int(req.query.get("page"), 1)
        if page < 1 or (page - 1) * PAGE_SIZE >= max(len(articles), 1) and page > 1:
            return Reply(404, b'{"msg":"not found"}', "application/json")
        chunk = articles[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
        return _json({"total": len(articles), "classify": {"id": int(column), "post_count": len(articles)},
                      "articles": chunk})

    def cms_articles(req: DynamicRequest) -> Reply:
        rows = data.get(req.query.get("channelId", ""), [])
        size = _int(req.query.get("pageSize"), 10)
        page = _int(req.query.get("pageNo"), 1)
        chunk = rows[(page - 1) * size:page * size]
        return _json({"code": 200, "msg": "操作成功", "data": {"records": chunk, "total": len(rows), "size": size,
                                                          "current": page, "pages": math.ceil(len(rows) / size)}})

    def info_list(req: DynamicRequest) -> Reply | None:
        if req.method != "POST":
            return Reply(405, b'{"msg":"POST only"}', "application/json", headers={"Allow": "POST"})
        try:
            asked = json.loads(req.body.decode("utf-8") or "{}")
        except ValueError:
            return Reply(400, b'{"msg":"bad request"}', "application/json")
        rows = data.get(str(asked.get("catId", "")), [])
        size = _int(str(asked.get("pageSize", "")), 10)
        page = _int(str(asked.get("pageNum", "")), 1)
        return _json({"rows": rows[(page - 1) * size:page * size], "total": len(rows)})

    out = {"/gkmlpt/index": gkmlpt_index, "/gkmlpt/": gkmlpt_index,
           "/api/cms/articles": cms_articles, "/api/info/list": info_list}
    out.update({f"/gkmlpt/api/all/{k}": gkmlpt_api for k in data["gkmlpt"]})
    return out
