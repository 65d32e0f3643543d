"""A loopback-only HTTP server for generated sample portals.

It serves static files from a root folder and honours `root/_routes.json` written by a
generator, so a sample site can behave like a real government server: redirects (also
chains and loops), fixed error statuses (410, 500), attachment servers that reject HEAD,
and a Chinese 404 page for anything missing. Static files answer conditional requests
(If-Modified-Since → 304) like nginx does, so re-crawls can be measured.

Samples that need server logic (a 大汉 dataproxy.jsp, a rate limiter, a slow endpoint) pass
`handlers`: {path: function(DynamicRequest) -> Reply | None}; None falls through to the
static files. Every server counts requests and body bytes sent (`SampleServer.stats`).

HTML is sent as bare `text/html` (no charset), as many real government servers do: the
page's own <meta charset> decides how it must be decoded.

    python -m samples.server ROOT --port 8000
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import posixpath
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

ROUTES_FILE = "_routes.json"

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "application/javascript",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".json": "application/json",
    ".xml": "application/xml",
}

_REASONS_ZH = {
    403: ("禁止访问", "您没有权限访问该页面。"),
    404: ("页面不存在", "您访问的页面不存在或已被删除，请检查网址是否正确。"),
    405: ("方法不允许", "服务器不支持该请求方法。"),
    410: ("页面已删除", "您访问的页面已被永久删除。"),
    500: ("服务器内部错误", "服务器暂时无法处理您的请求，请稍后再试。"),
    502: ("网关错误", "上游服务器无响应，请稍后再试。"),
    503: ("服务暂不可用", "系统维护中，请稍后再试。"),
}


def loopback_literal(host: str) -> str:
    """Return the loopback address literal to bind for `host`, or raise ValueError.

    Only IP literals and the name `localhost` are accepted; other names are refused
    without resolving them, so no lookup ever leaves the machine.
    """
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if h.lower() == "localhost":
        return "127.0.0.1"
    try:
        addr = ipaddress.ip_address(h)
    except ValueError:
        raise ValueError(f"refusing to bind to {host!r}: not a loopback address literal") from None
    if not addr.is_loopback:
        raise ValueError(f"refusing to bind to {host!r}: not a loopback address")
    return str(addr)


def error_page(status: int) -> bytes:
    """A plain Chinese error page like the ones CMS-backed government servers show."""
    title, text = _REASONS_ZH.get(status, ("访问出错", "请求无法完成。"))
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{status} {title}</title>\n"
        "<style>body{font-family:'Microsoft YaHei',sans-serif;text-align:center;color:#555}"
        ".box{margin:120px auto;width:520px}h1{font-size:64px;color:#c00;margin:0}</style>\n"
        "</head>\n<body>\n<div class=\"box\">\n"
        f"<h1>{status}</h1>\n<h2>抱歉，{title}</h2>\n<p>{text}</p>\n"
        "<p><a href=\"/\">返回首页</a></p>\n</div>\n</body>\n</html>\n"
    ).encode("utf-8")


@dataclass
class Routes:
    redirects: dict[str, tuple[int, str]] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    head_not_allowed: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path) -> "Routes":
        p = root / ROUTES_FILE
        if not p.exists():
            return cls()
        data = json.loads(p.read_text("utf-8"))
        return cls(
            redirects={k: (int(v[0]), str(v[1])) for k, v in data.get("redirects", {}).items()},
            status={k: int(v) for k, v in data.get("status", {}).items()},
            head_not_allowed=list(data.get("head_not_allowed", [])),
        )


@dataclass
class DynamicRequest:
    """What a dynamic handler sees of one request."""

    method: str
    path: str  # decoded, without the query
    query: dict[str, str]  # first value of each parameter
    headers: Mapping[str, str]
    body: bytes = b""

    def form(self) -> dict[str, str]:
        """Query parameters merged with an urlencoded POST body (the body wins)."""
        out = dict(self.query)
        if self.body:
            out.update(parse_qsl(self.body.decode("latin-1"), keep_blank_values=True))
        return out


@dataclass
class Reply:
    """A dynamic handler's answer."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (slow servers)


DynamicHandler = Callable[[DynamicRequest], "Reply | None"]


class ServerStats:
    """Requests and body bytes a server sent, for tests and benchmarks (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, int]] = []  # (method, path with query, status)
        self.body_bytes = 0

    def record(self, method: str, path: str, status: int, sent: int) -> None:
        with self.lock:
            self.requests.append((method, path, status))
            self.body_bytes += sent

    def count(self, path: str | None = None, method: str | None = None) -> int:
        with self.lock:
            return sum(1 for m, p, _ in self.requests
                       if (path is None or p == path or p.split("?", 1)[0] == path)
                       and (method is None or m == method))

    def statuses(self) -> Counter:
        with self.lock:
            return Counter(s for _, _, s in self.requests)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.body_bytes = 0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers expect
    server_version = "nginx"

    # Set per server class by SampleServer.
    root: Path
    routes: Routes
    handlers: Mapping[str, DynamicHandler] = {}
    stats: ServerStats

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        return  # quiet: tests and crawls should not spam stderr

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        if self._dynamic("POST"):
            return
        self._not_allowed()

    def _not_allowed(self) -> None:
        self._send(405, error_page(405), "text/html", head=False, extra={"Allow": "GET, HEAD"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _send(self, status: int, body: bytes, ctype: str, *, head: bool,
              extra: dict[str, str] | None = None) -> None:
        sent = 0 if head or status == 304 else len(body)
        self.stats.record(self.command or "", self.path, status, sent)
        try:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if sent:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: its choice
            self.close_connection = True

    def _dynamic(self, method: str) -> bool:
        """Answer from a dynamic handler when one is registered for the path."""
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        handler = self.handlers.get(path)
        if handler is None:
            return False
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        req = DynamicRequest(method, path, dict(parse_qsl(parts.query, keep_blank_values=True)),
                             self.headers, body)
        reply = handler(req)
        if reply is None:
            return False
        if reply.delay:
            time.sleep(reply.delay)
        self._send(reply.status, reply.body, reply.content_type, head=method == "HEAD", extra=reply.headers)
        return True

    def _absolute(self, location: str) -> str:
        if location.startswith("/"):
            host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
            return f"http://{host}{location}"
        return location

    def _serve(self, *, head: bool) -> None:
        if self._dynamic("HEAD" if head else "GET"):
            return
        path = unquote(urlsplit(self.path).path) or "/"
        routes = self.routes
        if path in routes.status:
            code = routes.status[path]
            self._send(code, error_page(code), "text/html", head=head)
            return
        if path in routes.redirects:
            code, location = routes.redirects[path]
            self._send(code, b"", "text/html", head=head, extra={"Location": self._absolute(location)})
            return
        if head and any(path.startswith(p) for p in routes.head_not_allowed):
            # Like many attachment servers: HEAD refused, GET works.
            self._send(405, error_page(405), "text/html", head=True, extra={"Allow": "GET"})
            return
        target = self._resolve(path)
        if target is None:
            self._send(404, error_page(404), "text/html", head=head)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self._send(301, b"", "text/html", head=head, extra={"Location": self._absolute(path + "/")})
                return
            index = target / "index.html"
            if not index.is_file():
                self._send(403, error_page(403), "text/html", head=head)
                return
            target = index
        mtime = int(target.stat().st_mtime)
        last_modified = formatdate(mtime, usegmt=True)
        if self._not_modified_since(mtime):
            self._send(304, b"", "", head=head, extra={"Last-Modified": last_modified})
            return
        body = target.read_bytes()
        ctype = CONTENT_TYPES.get(target.suffix.lower(), "application/octet-stream")
        self._send(200, body, ctype, head=head, extra={"Last-Modified": last_modified})

    def _not_modified_since(self, mtime: int) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            return int(parsedate_to_datetime(since).timestamp()) >= mtime
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def _resolve(self, path: str) -> Path | None:
        """Map a URL path to a file under root; None when missing or outside root."""
        norm = posixpath.normpath(path)
        parts = [p for p in norm.split("/") if p and p not in (".", "..")]
        if parts and parts[-1] == ROUTES_FILE:
            return None  # server configuration is not content
        candidate = self.root.joinpath(*parts) if parts else self.root
        try:
            candidate.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return candidate if candidate.exists() else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class SampleServer:
    """A running sample server; use as a context manager or call stop()."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0,
                 handlers: Mapping[str, DynamicHandler] | None = None):
        self.root = Path(root)
        literal = loopback_literal(host)
        self.stats = ServerStats()
        handler = type("SampleHandler", (_Handler,), {"root": self.root, "routes": Routes.load(self.root),
                                                      "handlers": dict(handlers or {}), "stats": self.stats})
        cls = _Server6 if ":" in literal else _Server
        self._httpd = cls((literal, port), handler)
        self.host = literal
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"sample-server-{self.port}",
                                        daemon=True)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str) -> str:
        """Join a root-relative path (as in truth.json) with the base URL."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def start(self) -> "SampleServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> "SampleServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve_background(root: Path, host: str = "127.0.0.1", port: int = 0,
                     handlers: Mapping[str, DynamicHandler] | None = None) -> SampleServer:
    """Serve `root` on a loopback address from a daemon thread."""
    return SampleServer(root, host, port, handlers).start()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.server",
                                 description="Serve a generated sample portal on loopback.")
    ap.add_argument("root", type=Path, help="the site folder (the one holding _routes.json)")
    ap.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        ap.error(f"{args.root} is not a folder")
    try:
        server = SampleServer(args.root, args.host, args.port)
    except ValueError as exc:
        ap.error(str(exc))
    print(f"serving {args.root} at {server.base_url}/ (Ctrl-C to stop)", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
