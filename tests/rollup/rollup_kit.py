"""Test kit behind conftest.py's `nights` fixture: two nights of `zwgk nightly` over five tiny
portals served on 127.0.0.1, with the profile's webhooks pointing at a local webhook server
(127.0.0.1). Shared by the roll-up tests.

Night 1 (2026-11-20): all five sites answer. Night 2 (2026-11-27): xihu has fixed two of its
three dead links, nanshan has gained a 严重表述错误 (a new veto), zhongxin's server is down (its run
fails: 未能完成检查, last good run night 1). beiyuan's homepage is stale on both nights.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import io
import json
import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

NIGHTS = (dt.date(2026, 11, 20), dt.date(2026, 11, 27))
TOKENS = {"ZWGK_TEST_WECOM_KEY": "wecom-key-7f3a9c1e5d", "ZWGK_TEST_DING_TOKEN": "ding-token-4b8e2f6a0c",
          "ZWGK_TEST_DING_SECRET": "SECdingsecret91c3e7a5b2", "ZWGK_TEST_JSON_TOKEN": "json-bearer-e2d4c6a8b0"}


TITLES = {"dongfeng": "东风镇", "xihu": "西湖街道", "nanshan": "南山乡", "beiyuan": "北园开发区", "zhongxin": "中心镇"}


def site_options(night: int):
    from samples.mini import MiniOptions

    return {
        "dongfeng": MiniOptions(name=TITLES["dongfeng"]),
        "xihu": MiniOptions(name=TITLES["xihu"], dead_links=3 if night == 1 else 1),
        "nanshan": MiniOptions(name=TITLES["nanshan"], missing_footer=True, wrong_phrase=night == 2),
        "beiyuan": MiniOptions(name=TITLES["beiyuan"], stale_home=True, missing_columns=("政府信息公开年报",)),
        "zhongxin": MiniOptions(name=TITLES["zhongxin"], dead_links=1),
    }


@dataclass
class Hooks:
    """A webhook receiver on 127.0.0.1: /wecom, /dingtalk, /json accept; /flaky answers 500 to
    every other request (the first of each night); /down always answers 500."""

    requests: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    flaky_calls: int = 0

    def of(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]


def _hook_server(hooks: Hooks) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            record = {"path": parts.path, "query": parse_qs(parts.query), "raw_query": parts.query,
                      "headers": dict(self.headers), "body": body}
            status, answer = 200, {"errcode": 0, "errmsg": "ok"}
            with hooks.lock:
                hooks.requests.append(record)
                if parts.path == "/flaky":
                    hooks.flaky_calls += 1
                    if hooks.flaky_calls % 2 == 1:
                        status = 500
                elif parts.path == "/down":
                    status = 500
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Nights:
    out: Path
    profile: Path
    codes: list[int]
    outputs: list[str]  # stdout + stderr + log records of each night
    hooks: Hooks
    base_urls: dict[str, str]


def run_nights(tmp_path_factory) -> Nights:
    from auditor.cli import main
    from samples.mini import generate
    from samples.server import serve_background

    work = tmp_path_factory.mktemp("rollup")
    hooks = Hooks()
    hook_server = _hook_server(hooks)
    hook_base = f"http://127.0.0.1:{hook_server.server_address[1]}"
    servers = {}
    for name, opts in site_options(1).items():
        generate(work / "sites" / name, NIGHTS[0], opts)
        servers[name] = serve_background(work / "sites" / name)
    base_urls = {name: srv.base_url for name, srv in servers.items()}
    profile = work / "profile.yaml"
    profile.write_text(yaml.safe_dump({
        "out": "nightly", "keep_runs": 5,
        "rollup": {"title": "全县政府网站检查情况汇总", "issuer": "示例县人民政府办公室",
                   "doc_number": "示政办函〔2026〕8号", "addressee": "各乡镇人民政府，县政府各部门"},
        "webhooks": [
            {"kind": "wecom", "url": f"{hook_base}/wecom", "token_env": "ZWGK_TEST_WECOM_KEY", "backoff": 0.05},
            {"kind": "dingtalk", "url": f"{hook_base}/dingtalk", "token_env": "ZWGK_TEST_DING_TOKEN",
             "secret_env": "ZWGK_TEST_DING_SECRET", "backoff": 0.05},
            {"kind": "json", "url": f"{hook_base}/json", "token_env": "ZWGK_TEST_JSON_TOKEN", "backoff": 0.05},
            {"kind": "json", "name": "flaky", "url": f"{hook_base}/flaky", "token_env": "ZWGK_TEST_JSON_TOKEN",
             "backoff": 0.05, "retries": 2},
            {"kind": "wecom", "name": "down", "url": f"{hook_base}/down", "token_env": "ZWGK_TEST_WECOM_KEY",
             "backoff": 0.05, "retries": 2},
        ],
        "sites": [{"name": name, "title": TITLES[name], "start_url": url + "/", "max_pages": 200, "timeout": 120}
                  for name, url in base_urls.items()],
    }, allow_unicode=True), encoding="utf-8")
    saved = {k: os.environ.get(k) for k in TOKENS}
    os.environ.update(TOKENS)
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    keep = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(keep)
    codes, outputs = [], []
    try:
        for night, as_of in enumerate(NIGHTS, 1):
            if night == 2:
                for name, opts in site_options(2).items():
                    generate(work / "sites" / name, as_of, opts)
                servers["zhongxin"].stop()  # its port no longer answers
            start = len(records)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                codes.append(main(["nightly", str(profile), "--as-of", as_of.isoformat(), "--progress", "off"]))
            logged = "\n".join(f"{r.levelname} {r.name} {r.getMessage()}" for r in records[start:])
            outputs.append(out.getvalue() + "\n" + err.getvalue() + "\n" + logged)
    finally:
        root.removeHandler(keep)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        for srv in servers.values():
            with contextlib.suppress(Exception):
                srv.stop()
        hook_server.shutdown()
        hook_server.server_close()
    return Nights(out=work / "nightly", profile=profile, codes=codes, outputs=outputs, hooks=hooks,
                  base_urls=base_urls)


def dingtalk_expected_sign(secret: str, timestamp: str) -> str:
    """The 钉钉 加签 computed independently of auditor.notify."""
    mac = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


__all__ = ["NIGHTS", "TOKENS", "TITLES", "Nights", "Hooks", "run_nights", "dingtalk_expected_sign"]
