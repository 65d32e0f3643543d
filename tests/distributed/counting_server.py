"""A loopback site that counts the requests in flight at the server (issue 13 tests)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _CountingHandler(BaseHTTPRequestHandler):
    """Pages 0..N-1, each linking to 8 others; every answer waits DELAY seconds while the
    server counts the requests in flight."""

    protocol_version = "HTTP/1.1"
    PAGES = 80
    DELAY = 0.08

    def log_message(self, *args):
        pass

    def do_GET(self):
        srv = self.server
        with srv.lock:
            srv.inflight += 1
            srv.peak = max(srv.peak, srv.inflight)
            srv.total += 1
        try:
            time.sleep(self.DELAY)
            if self.path == "/robots.txt":
                body, status = b"User-agent: *\nAllow: /\n", 200
                ctype = "text/plain"
            else:
                try:
                    i = int(self.path.strip("/").removesuffix(".html") or 0)
                except ValueError:
                    i = -1
                status = 200 if 0 <= i < self.PAGES else 404
                links = "".join(f'<a href="/{(i * 7 + k) % self.PAGES}.html">第{k}页</a>' for k in range(1, 9))
                body = f"<html><head><title>页{i}</title></head><body><h1>页{i}</h1>{links}</body></html>".encode()
                ctype = "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with srv.lock:
                srv.inflight -= 1


def counting_server() -> ThreadingHTTPServer:
    """Start the site on 127.0.0.1 (free port); read .peak / .total; shutdown() it."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    srv.daemon_threads = True
    srv.lock, srv.inflight, srv.peak, srv.total = threading.Lock(), 0, 0, 0
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return srv


PAGES = _CountingHandler.PAGES
