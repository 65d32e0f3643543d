"""Webhooks after `zwgk nightly` (two nights, see rollup_kit.py), against a local webhook server
on 127.0.0.1: 企业微信 and 钉钉 (加签) markdown, plain JSON with a bearer token and an HMAC,
an endpoint failing once (retried) and one failing always (logged, exit code unchanged), and
no token anywhere in the logs, the printed output or the files written."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from urllib.parse import unquote

import pytest

from auditor.notify import Webhook, dingtalk_sign, notify_all
from contracts.rollup import RollupReport

from rollup_kit import TOKENS, dingtalk_expected_sign


def _bodies(nights, path):
    return [json.loads(r["body"].decode("utf-8")) for r in nights.hooks.of(path)]


def test_wecom_markdown_with_key(nights):
    reqs = nights.hooks.of("/wecom")
    assert len(reqs) == 2  # one per night, first attempt accepted
    assert all(r["query"]["key"] == [TOKENS["ZWGK_TEST_WECOM_KEY"]] for r in reqs)
    night1, night2 = _bodies(nights, "/wecom")
    assert set(night2) == {"msgtype", "markdown"} and night2["msgtype"] == "markdown"
    content = night2["markdown"]["content"]
    assert set(night2["markdown"]) == {"content"} and len(content.encode("utf-8")) <= 4096
    assert "全县政府网站检查情况汇总（2026-11-27）" in content
    assert "**新增单项否决（1个网站）**\n- 南山乡：严重表述错误" in content
    assert "**未能完成检查（1个网站）**\n- 中心镇：抓取结果中没有任何页面" in content
    assert "（上次完整检查 2026-11-20）" in content
    assert "**新增问题（按责任单位）**\n- 党政办公室牵头落实：1个（任务11）" in content
    assert f"汇总报告：`{nights.out.resolve() / 'index.html'}`" in content  # no base_url: the file path
    # night 1: everything was new, nothing failed
    c1 = night1["markdown"]["content"]
    assert "**未能完成检查（0个网站）**\n- 无" in c1 and "- 北园开发区：首页不更新" in c1


def test_dingtalk_markdown_signed(nights):
    reqs = nights.hooks.of("/dingtalk")
    assert len(reqs) == 2
    secret = TOKENS["ZWGK_TEST_DING_SECRET"]
    for r in reqs:
        q = r["query"]
        assert q["access_token"] == [TOKENS["ZWGK_TEST_DING_TOKEN"]]
        ts = q["timestamp"][0]
        assert abs(int(ts) / 1000 - time.time()) < 600
        # parse_qs decoded the URL-encoded signature once: compare with the raw base64
        assert q["sign"][0] == dingtalk_expected_sign(secret, ts)
        assert unquote(dingtalk_sign(secret, int(ts))) == dingtalk_expected_sign(secret, ts)
    body = _bodies(nights, "/dingtalk")[1]
    assert body["msgtype"] == "markdown" and set(body["markdown"]) == {"title", "text"}
    assert body["markdown"]["title"] == "全县政府网站检查情况汇总（2026-11-27）"
    assert "- 中心镇：" in body["markdown"]["text"]


def test_plain_json_with_bearer_and_hmac(nights):
    reqs = nights.hooks.of("/json")
    assert len(reqs) == 2
    key = TOKENS["ZWGK_TEST_JSON_TOKEN"]
    for r in reqs:
        assert r["headers"]["Authorization"] == f"Bearer {key}"
        assert "X-Zwgk-Signature" not in r["headers"]  # no secret_env configured
    body = _bodies(nights, "/json")[1]
    assert body["as_of"] == "2026-11-27" and body["summary"]["not_audited"] == 1
    assert body["not_audited"] == [{"site": "zhongxin", "title": "中心镇", "reason": "抓取结果中没有任何页面 / no pages were crawled",
                                    "last_good_as_of": "2026-11-20"}]
    assert body["new_vetoes"] == [{"site": "nanshan", "title": "南山乡", "vetoes": [{"id": "VETO-W-01-1", "name": "严重表述错误"}]}]
    assert body["new_gaps_by_responsible"] == [{"responsible": "党政办公室牵头落实", "new": 1, "tasks": [11]}]
    assert body["link"].endswith("index.html")


def test_flaky_endpoint_is_retried_and_the_dead_one_logged(nights):
    assert len(nights.hooks.of("/flaky")) == 4  # each night: 500, then delivered
    assert len(nights.hooks.of("/down")) == 6  # each night: 1 + retries (2), then given up
    for out in nights.outputs:
        assert "webhook flaky (http://127.0.0.1:" in out and "/flaky) delivered (attempt 2)" in out
        assert "/down) failed after 3 attempts: HTTP 500" in out
    assert nights.codes == [2, 1]  # what the sites decided; the failing webhook changed nothing


def test_tokens_never_written_or_logged(nights):
    secrets = list(TOKENS.values())
    for out in nights.outputs:
        for s in secrets:
            assert s not in out
    files = [p for p in nights.out.rglob("*") if p.is_file()] + [nights.profile]
    assert any(p.name == "rollup.json" for p in files) and any(p.name == "crawl.log" for p in files)
    for p in files:
        data = p.read_bytes()
        for s in secrets:
            assert s.encode() not in data, f"{s} in {p}"


def test_payload_and_errors_never_leak_tokens(tmp_path, caplog, capsys, monkeypatch):
    """A token that ends up in an error (a URL in the message) is masked; a missing variable
    means the hook is skipped with a clear line; a refused connection is retried and logged."""
    rollup = _tiny_rollup()
    monkeypatch.setenv("ZWGK_T_KEY", "tok-secret-0123456789")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: connection refused
    hooks = [Webhook(kind="wecom", url=f"http://127.0.0.1:{port}/send", token_env="ZWGK_T_KEY", retries=1,
                     backoff=0.01),
             Webhook(kind="dingtalk", url=f"http://127.0.0.1:{port}/robot", token_env="ZWGK_T_UNSET")]
    monkeypatch.delenv("ZWGK_T_UNSET", raising=False)
    with caplog.at_level(logging.INFO, logger="zwgk.notify"):
        results = notify_all(hooks, rollup)
    assert list(results.values()) == [False, False]
    text = caplog.text + capsys.readouterr().err
    assert "failed after 2 attempts" in text and "environment variable ZWGK_T_UNSET is not set" in text
    assert "tok-secret-0123456789" not in text


def _tiny_rollup() -> RollupReport:
    return RollupReport(title="汇总", as_of=dt.date(2026, 11, 27), generated_at=dt.datetime(2026, 11, 27, 6, 0),
                        sites=[], index_link="http://127.0.0.1:8080/nightly/index.html")


def test_markdown_from_sites_stays_inert():
    from auditor.notify import message_lines
    from contracts.rollup import RollupSite

    r = _tiny_rollup().model_copy(update={"sites": [RollupSite(
        name="x", title="x", start_url="http://127.0.0.1:1/", state="not_audited",
        reason="[点我](http://127.0.0.1:9/phish) **粗体** <b>")]})
    _, lines = message_lines(r)
    text = "\n".join(lines)
    assert "［点我］（http://127.0.0.1:9/phish） ＊＊粗体＊＊ ＜b＞" in text and "<b>" not in text
    assert "[查看汇总报告](http://127.0.0.1:8080/nightly/index.html)" in text


def test_signature_header_for_json_secret(monkeypatch):
    from auditor.notify import _request

    hook = Webhook(kind="json", url="http://127.0.0.1:9/hook", secret_env="ZWGK_T_S")
    req = _request(hook, b'{"a":1}', None, "k3y")
    assert req.get_header("X-zwgk-signature") == "sha256=" + hmac.new(b"k3y", b'{"a":1}', hashlib.sha256).hexdigest()
    with pytest.raises(ValueError):
        Webhook(kind="json", url="ftp://127.0.0.1/x")
    with pytest.raises(ValueError):
        Webhook(kind="json", url="http://127.0.0.1/x", token_env="NOT-A-NAME")


@pytest.mark.live  # a local HTTP server
def test_redirect_is_not_followed(monkeypatch, caplog):
    """A webhook answering 302 is a failure: the token never travels to the Location."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            seen.append((self.path, self.headers.get("Authorization")))
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("ZWGK_T_BEARER", "bearer-never-forwarded")
        hook = Webhook(kind="json", url=f"http://127.0.0.1:{server.server_address[1]}/hook",
                       token_env="ZWGK_T_BEARER", retries=0)
        with caplog.at_level(logging.INFO, logger="zwgk.notify"):
            assert notify_all([hook], _tiny_rollup()) == {hook.label(): False}
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("/hook", "Bearer bearer-never-forwarded")]
    assert "HTTP 302" in caplog.text and "bearer-never-forwarded" not in caplog.text
