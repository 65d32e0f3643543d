"""A loopback mirror of saved real portal pages (tests/realpages).

Each portal of the manifest is served on its own 127.0.0.1 port. A held file answers at
its original path (and query); every other path answers 404, exactly like a page the
corpus did not save. Links that name the portal's original host (http://, https:// or
protocol-relative) are rewritten at serve time to the mirror's origin, so the crawl
never asks for the original host: it could not reach it anyway, since nothing here
binds or resolves any address but 127.0.0.1.

Files of the corpus are committed under tests/realpages/<portal>/. Binary files that may
not be committed (annual-report PDFs brought in by other means) are looked up in
``SHARED_DIR`` (../shared/realpages beside the clone) and served when present; the test
says which are missing.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
# the shared data folder beside the clone (…/main/tests/realpages → …/shared/realpages)
SHARED_DIR = HERE.parents[2] / "shared" / "realpages"
LOOPBACK = "127.0.0.1"

TYPES = {".pdf": "application/pdf", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def load_manifest() -> dict:
    return json.loads(MANIFEST.read_text("utf-8"))


def path_key(url: str) -> str:
    """The request target of a URL: path (never empty) plus ?query."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def file_location(entry: dict) -> Path | None:
    """Where a manifest file lives: committed in the corpus, or (``"shared": true``) in
    the shared data folder. None when a shared file is absent."""
    if entry.get("shared"):
        p = SHARED_DIR / entry["file"]
        return p if p.is_file() else None
    return HERE / entry["file"]


@dataclass
class PortalMirror:
    name: str
    origins: list[str]  # original origins, e.g. ["http://www.x.gov.cn", "https://www.x.gov.cn"]
    files: dict[str, tuple[Path, str]]  # path_key → (file, content type)
    requests: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://{LOOPBACK}:{self.server.server_address[1]}"

    def to_mirror(self, url: str) -> str:
        """An original URL of this portal as the mirror serves it (other URLs unchanged)."""
        for origin in self.origins:
            if url == origin or url.startswith(origin + "/"):
                return self.base_url + (url[len(origin):] or "/")
        return url

    def rewrite(self, body: bytes, encoding: str) -> bytes:
        text = body.decode(encoding, errors="surrogateescape")
        hosts = {urlsplit(o).netloc for o in self.origins}
        for host in sorted(hosts, key=len, reverse=True):
            for prefix in (f"https://{host}", f"http://{host}", f"//{host}"):
                text = text.replace(prefix, self.base_url if not prefix.startswith("//") else
                                    "//" + self.base_url.split("//", 1)[1])
        return text.encode(encoding, errors="surrogateescape")

    def start(self) -> None:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _reply(self, head_only: bool) -> None:
                target = self.path.split("#", 1)[0]
                mirror.requests.append(target)
                hit = mirror.files.get(target)
                if hit is None:
                    body = b"<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                else:
                    path, ctype = hit
                    body = path.read_bytes()
                    if ctype.startswith("text/html"):
                        head = body[:2000].lower().replace(b'"', b"").replace(b"'", b"").replace(b" ", b"")
                        # http-equiv content=...;charset=gb2312 and HTML5 <meta charset="gb2312"> alike
                        enc = "gbk" if b"charset=gb2312" in head or b"charset=gbk" in head else "utf-8"
                        # the corpus is stored as UTF-8; a page that declares GB2312 is served in it
                        text = body.decode("utf-8")
                        body = mirror.rewrite(text.encode(enc, errors="replace") if enc != "utf-8" else body, enc)
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head_only:
                    self.wfile.write(body)

            def do_GET(self) -> None:
                self._reply(False)

            def do_HEAD(self) -> None:
                self._reply(True)

        self.server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def build_mirrors(manifest: dict) -> tuple[dict[str, PortalMirror], list[dict]]:
    """One mirror per portal; also the manifest entries whose file is absent (shared
    files not placed)."""
    mirrors: dict[str, PortalMirror] = {}
    absent: list[dict] = []
    for name, portal in manifest["portals"].items():
        mirrors[name] = PortalMirror(name=name, origins=portal["origins"], files={})
    for entry in manifest["files"]:
        where = file_location(entry)
        if where is None:
            absent.append(entry)
            continue
        suffix = where.suffix.lower()
        ctype = TYPES.get(suffix, "text/html")
        m = mirrors[entry["portal"]]
        m.files[path_key(entry["url"])] = (where, ctype)
    return mirrors, absent
