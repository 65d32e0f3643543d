"""Notifications after a nightly run: the profile's `webhooks:` get the news of the roll-up.

    webhooks:
      - kind: wecom                # 企业微信群机器人: {"msgtype": "markdown", "markdown": {"content": ...}}
        url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send
        token_env: ZWGK_WECOM_KEY  # the robot key, appended as ?key=...
      - kind: dingtalk             # 钉钉群机器人: {"msgtype": "markdown", "markdown": {"title", "text"}}
        url: https://oapi.dingtalk.com/robot/send
        token_env: ZWGK_DINGTALK_TOKEN   # ?access_token=...
        secret_env: ZWGK_DINGTALK_SECRET # 加签: &timestamp=...&sign=base64(HMAC-SHA256(secret, "ts\\nsecret"))
      - kind: json                 # the message as plain JSON; token_env → Authorization: Bearer,
        url: https://hooks.example.gov.cn/zwgk   # secret_env → X-Zwgk-Signature: sha256=HMAC(body)

Content: new vetoes, new gaps by 责任单位, the sites that could not be audited, and a link
to the roll-up. Tokens and secrets are read from the environment when posting and never
written anywhere: log lines name a webhook by its kind and host, and any text that could
carry a token (an error message) has it masked first.

A failed post (connection error, timeout, HTTP ≥ 400, a redirect — never followed, it would
carry the token elsewhere —, or a robot answering errcode ≠ 0) is
retried `retries` times with exponential backoff (`backoff`, 2×backoff, ...), then logged.
It never changes the nightly's exit code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from contracts.rollup import RollupReport

log = logging.getLogger("zwgk.notify")

MAX_LIST = 10  # lines per section before "等N项"
MAX_BYTES = {"wecom": 4000, "dingtalk": 18000, "json": 200_000}  # 企业微信 markdown content ≤ 4096 bytes


class Webhook(BaseModel):
    """One entry of `webhooks:` in a nightly profile."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["wecom", "dingtalk", "json"]
    url: str
    name: str = ""
    token_env: str | None = None  # name of the environment variable holding the token / key
    secret_env: str | None = None  # dingtalk 加签 secret, or the json HMAC key
    retries: int = Field(default=3, ge=0, le=10)
    backoff: float = Field(default=1.0, ge=0, le=60)  # seconds before the first retry, doubled each time
    timeout: float = Field(default=10, gt=0, le=120)

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        parts = urlsplit(v.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"must be an http(s) URL, got {v!r}")
        return v.strip()

    @field_validator("token_env", "secret_env")
    @classmethod
    def _env(cls, v: str | None) -> str | None:
        if v is not None and not v.replace("_", "").isalnum():
            raise ValueError(f"the name of an environment variable (letters, digits, _), got {v!r}")
        return v

    def label(self) -> str:
        """How logs name the webhook: never its query string (which may hold a token)."""
        parts = urlsplit(self.url)
        return f"{self.name or self.kind} ({parts.scheme}://{parts.netloc}{parts.path})"


class WebhookError(Exception):
    pass


def _env(name: str | None) -> str | None:
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise WebhookError(f"environment variable {name} is not set")
    return value


def _mask(text: str, secrets: list[str]) -> str:
    for s in secrets:
        if s:
            text = text.replace(s, "***").replace(quote(s, safe=""), "***")
    return text


# ---------------------------------------------------------------------------------------------
# Content


# markdown syntax → full-width look-alikes: robots' markdown dialects do not all honour backslash escapes
_INERT = str.maketrans({"\\": "＼", "`": "｀", "*": "＊", "_": "＿", "[": "［", "]": "］", "(": "（", ")": "）",
                        "<": "＜", ">": "＞", "#": "＃", "!": "！", "|": "｜", "~": "～", "\n": " ", "\r": " "})


def _md(text: str) -> str:
    """Text from a site or the profile, made inert in markdown (no links, emphasis, HTML or headings)."""
    return text.translate(_INERT)


def _cut(lines: list[str]) -> list[str]:
    return lines if len(lines) <= MAX_LIST else lines[:MAX_LIST] + [f"- 等{len(lines)}项"]


def message_lines(rollup: RollupReport) -> tuple[str, list[str]]:
    """(title, markdown lines) of the notification."""
    s = rollup.summary
    title = f"{rollup.title}（{rollup.as_of.isoformat()}）"
    lines = [f"## {_md(title)}",
             f"检查网站{s.sites}个，完成检查{s.audited}个，未能完成检查{s.not_audited}个；"
             f"合格{s.passed}个，不合格{s.failed}个，单项否决{s.vetoed}个；新增问题{s.new_gaps}个，已整改{s.resolved_gaps}个。"]
    vetoes = [f"- {_md(site.title)}：{'、'.join(_md(v.name) for v in site.new_vetoes)}"
              for site in rollup.sites if site.new_vetoes]
    lines += ["", f"**新增单项否决（{len(vetoes)}个网站）**"] + (_cut(vetoes) if vetoes else ["- 无"])
    resp = [f"- {_md(r.responsible)}：{r.new}个" + (f"（任务{'、'.join(str(t) for t in r.tasks)}）" if r.tasks else "")
            for r in rollup.new_by_responsible]
    lines += ["", "**新增问题（按责任单位）**"] + (_cut(resp) if resp else ["- 无"])
    failed = [f"- {_md(site.title)}：{_md(site.reason or '')}"
              + (f"（上次完整检查 {site.last_good_as_of.isoformat()}）" if site.last_good_as_of else "（尚无完整检查）")
              for site in rollup.sites if site.state == "not_audited"]
    lines += ["", f"**未能完成检查（{len(failed)}个网站）**"] + (_cut(failed) if failed else ["- 无"])
    link = rollup.index_link
    if link.startswith(("http://", "https://")):
        lines += ["", f"[查看汇总报告]({link})"]
    else:
        lines += ["", "汇总报告：`" + link.replace("`", "") + "`"]  # a path of ours, as code
    return title, lines


def payload(hook: Webhook, rollup: RollupReport) -> dict[str, Any]:
    title, lines = message_lines(rollup)
    text = "\n".join(lines)
    limit = MAX_BYTES[hook.kind]
    if len(text.encode("utf-8")) > limit:
        text = text.encode("utf-8")[:limit - 40].decode("utf-8", "ignore") + "\n…（内容过长，详见汇总报告）"
    if hook.kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if hook.kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {
        "tool": "zwgk", "title": title, "as_of": rollup.as_of.isoformat(), "link": rollup.index_link,
        "summary": rollup.summary.model_dump(),
        "new_vetoes": [{"site": s.name, "title": s.title, "vetoes": [v.model_dump() for v in s.new_vetoes]}
                       for s in rollup.sites if s.new_vetoes],
        "new_gaps_by_responsible": [r.model_dump() for r in rollup.new_by_responsible],
        "not_audited": [{"site": s.name, "title": s.title, "reason": s.reason,
                         "last_good_as_of": s.last_good_as_of.isoformat() if s.last_good_as_of else None}
                        for s in rollup.sites if s.state == "not_audited"],
        "markdown": text,
    }


# ---------------------------------------------------------------------------------------------
# Posting


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")), URL-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return quote(base64.b64encode(digest).decode("ascii"), safe="")


def _request(hook: Webhook, body: bytes, token: str | None, secret: str | None) -> urllib.request.Request:
    url = hook.url
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "zwgk-notify"}
    query: list[str] = []
    if hook.kind == "wecom" and token:
        query.append(urlencode({"key": token}))
    elif hook.kind == "dingtalk":
        if token:
            query.append(urlencode({"access_token": token}))
        if secret:
            ts = int(time.time() * 1000)
            query.append(f"timestamp={ts}&sign={dingtalk_sign(secret, ts)}")
    else:
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if secret:
            headers["X-Zwgk-Signature"] = "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    if query:
        url += ("&" if urlsplit(url).query else "?") + "&".join(query)
    return urllib.request.Request(url, data=body, headers=headers, method="POST")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: following it would carry the token (query or Authorization
    header) to wherever the answer points."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener(url: str) -> urllib.request.OpenerDirector:
    """No redirects; the environment's proxy settings, except for loopback addresses."""
    host = (urlsplit(url).hostname or "").lower()
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    handlers: list = [_NoRedirect()]
    if loopback:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def _post_once(hook: Webhook, body: bytes, token: str | None, secret: str | None) -> None:
    req = _request(hook, body, token, secret)  # signed again on every attempt (fresh timestamp)
    try:
        with _opener(hook.url).open(req, timeout=hook.timeout) as resp:
            answer = resp.read(65536)
    except urllib.error.HTTPError as exc:
        raise WebhookError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise WebhookError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None
    if hook.kind in ("wecom", "dingtalk"):
        try:
            code = json.loads(answer.decode("utf-8")).get("errcode", 0)
        except (ValueError, AttributeError):
            code = 0  # not JSON: the HTTP status said it was accepted
        if code not in (0, None):
            raise WebhookError(f"errcode {code}")


def post(hook: Webhook, rollup: RollupReport, *, sleep=time.sleep) -> bool:
    """Post the notification, retrying with backoff; True when delivered. Never raises."""
    secrets: list[str] = []
    try:
        token, secret = _env(hook.token_env), _env(hook.secret_env)
        secrets = [s for s in (token, secret) if s]
        body = json.dumps(payload(hook, rollup), ensure_ascii=False).encode("utf-8")
    except WebhookError as exc:
        log.error("webhook %s not sent: %s", hook.label(), exc)
        return False
    delay = hook.backoff
    for attempt in range(1, hook.retries + 2):
        try:
            _post_once(hook, body, token, secret)
        except WebhookError as exc:
            reason = _mask(str(exc), secrets)
            if attempt > hook.retries:
                log.error("webhook %s failed after %d attempts: %s", hook.label(), attempt, reason)
                return False
            log.warning("webhook %s attempt %d failed (%s); retrying in %gs", hook.label(), attempt, reason, delay)
            sleep(delay)
            delay *= 2
            continue
        log.info("webhook %s delivered (attempt %d)", hook.label(), attempt)
        return True
    return False  # pragma: no cover - the loop always returns


class _StderrHandler(logging.StreamHandler):
    """Writes to the sys.stderr of the moment (not the one seen when the handler was made)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def notify_all(hooks: list[Webhook], rollup: RollupReport) -> dict[str, bool]:
    """Post to every webhook; {label: delivered}. Messages go to the `zwgk.notify` logger and stderr."""
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("通知 notify: %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    results = {}
    for hook in hooks:
        try:
            results[hook.label()] = post(hook, rollup)
        except Exception as exc:  # noqa: BLE001 - a notification never fails the audit
            log.error("webhook %s failed: %s", hook.label(), type(exc).__name__)
            results[hook.label()] = False
    return results


__all__ = ["Webhook", "WebhookError", "notify_all", "post", "payload", "message_lines", "dingtalk_sign"]
