"""Loopback HTTP servers for crawler tests.

Every server binds a loopback address (127.0.0.1 unless a test needs a second loopback
host such as 127.0.0.2; never anything else) on a free port, serves files from a folder
plus scripted routes, and logs every request it receives (method, path, time, headers) so
a test can prove that a request did *not* happen, or when it happened.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOOPBACK = "127.0.0.1"

CONTENT_TYPES = {
    ".html": "text/html",  # bare on purpose: no charset, the page's <meta> must decide
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".doc": "application/msword",
}


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    sleep: float = 0.0
    # Misbehaving servers: when set, these bytes (or chunks) are written to the socket as
    # they are, instead of a well-formed answer, and the connection is closed.
    raw: bytes | Iterable[bytes] | None = None


Route = Callable[[str, str], Reply]  # (method, path) -> Reply


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def _serve(self, method: str) -> None:
        srv = self.server
        with srv.lock:
            srv.requests.append((method, self.path))
            srv.details.append((method, self.path, time.monotonic(), dict(self.headers.items())))
        path = self.path.split("#", 1)[0]
        route = srv.routes.get(path) or srv.routes.get(path.split("?", 1)[0])
        if route is not None:
            reply = route(method, path)
        else:
            reply = srv.static(path)
        if reply.sleep:
            time.sleep(reply.sleep)
        if reply.raw is not None:
            self.close_connection = True
            try:
                for chunk in [reply.raw] if isinstance(reply.raw, bytes) else reply.raw:
                    self.wfile.write(chunk)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        try:
            self.send_response(reply.status)
            headers = {"Content-Length": str(len(reply.body)), **reply.headers}
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if method != "HEAD" and reply.body:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: fine
            self.close_connection = True

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path | None, routes: dict[str, Route], host: str = LOOPBACK):
        if not host.startswith("127."):
            raise ValueError(f"loopback only: {host!r}")
        super().__init__((host, 0), _Handler)
        self.root = root
        self.routes = routes
        self.requests: list[tuple[str, str]] = []
        self.details: list[tuple[str, str, float, dict]] = []  # (method, path, monotonic time, headers)
        self.lock = threading.Lock()

    def static(self, path: str) -> Reply:
        if self.root is None:
            return not_found()
        rel = path.split("?", 1)[0].lstrip("/") or "index.html"
        if rel.endswith("/"):
            rel += "index.html"
        file = (self.root / rel).resolve()
        if self.root.resolve() not in file.parents or not file.is_file():
            return not_found()
        ctype = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        return Reply(200, {"Content-Type": ctype}, file.read_bytes())


def not_found() -> Reply:
    return Reply(404, {"Content-Type": "text/html; charset=utf-8"},
                 "<html><head><title>404</title></head><body>页面不存在 <a href='/'>首页</a></body></html>".encode())


@dataclass
class LiveServer:
    server: _Server
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def host(self) -> str:
        return self.server.server_address[0]

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def times(self, path: str) -> list[float]:
        with self.server.lock:
            return [t for _, p, t, _ in self.server.details if p == path]

    def headers_of(self, path: str) -> list[dict]:
        with self.server.lock:
            return [h for _, p, _, h in self.server.details if p == path]

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str, method: str | None = None) -> int:
        with self.server.lock:
            return sum(1 for m, p in self.server.requests if p == path and (method is None or m == method))

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_server(root: Path | None = None, routes: dict[str, Route] | None = None,
                 host: str = LOOPBACK) -> LiveServer:
    srv = _Server(root, dict(routes or {}), host)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    return LiveServer(srv, t)


def port_is_closed(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) != 0
