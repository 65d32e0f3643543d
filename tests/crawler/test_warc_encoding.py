"""Archived answers keep the bytes as the server sent them: a gzip-encoded page is stored
gzip-encoded (its sha256 is of those bytes), a chunked answer is stored de-chunked with its
Transfer-Encoding renamed so WARC readers do not de-chunk it again; warcio's checker and
reader agree, and the replay decodes it as the crawl did. Loopback server on 127.0.0.1."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from auditor.archive import reextract
from contracts import load_site
from crawler.run import crawl_site
from crawler.warc import ArchiveReader, read_index, warc_files

HOME = ("<html><head><meta charset='utf-8'><title>压缩首页</title></head><body><h1>压缩首页</h1>"
        "<p>本页以 gzip 压缩、分块传输。</p><a href='/a.html'>分块页面</a> <a href='/gone.html'>已删除</a>"
        "</body></html>").encode("utf-8")
PAGE = ("<html><head><meta charset='utf-8'><title>分块页面</title></head><body><h1>分块页面</h1>"
        "<p>只分块，不压缩。</p><a href='/'>首页</a></body></html>").encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _chunked(self, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(200)
        for k, v in {**headers, "Transfer-Encoding": "chunked"}.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command == "HEAD":
            return
        for i in range(0, len(body), 100):
            part = body[i:i + 100]
            self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def _serve(self) -> None:
        if self.path == "/":
            self._chunked(gzip.compress(HOME), {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})
        elif self.path == "/a.html":
            self._chunked(PAGE, {"Content-Type": "text/html; charset=utf-8"})
        else:
            body = b"<html><head><title>404</title></head><body>not found</body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    do_GET = _serve
    do_HEAD = _serve


def test_encoded_answers_are_archived_as_sent(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        run = crawl_site(base + "/", tmp_path / "run", external_hosts=["127.0.0.1"], timeout=120,
                         extra_settings={"ZWGK_NEWMEDIA": False, "ZWGK_RENDER": "off"})
    finally:
        server.shutdown()
        server.server_close()
    site = load_site(run)
    assert {p.title for p in site.pages if p.status == 200} == {"压缩首页", "分块页面"}
    entries = [e for e in read_index(run) if e.get("kind") == "response" and e["method"] == "GET"]
    home = next(e for e in entries if e["url"] == base + "/")
    reader = ArchiveReader(run)
    headers, body, http, status = reader.read(home["file"], home["offset"])
    assert status == 200 and gzip.decompress(body) == HOME  # the gzip bytes as sent
    assert body[:2] == b"\x1f\x8b" and hashlib.sha256(body).hexdigest() == home["sha256"]
    names = {k.lower(): v for k, v in http}
    assert "transfer-encoding" not in names and names["content-encoding"] == "gzip"  # readers must not de-chunk
    page = next(e for e in entries if e["url"] == base + "/a.html")
    _, body, _, _ = reader.read(page["file"], page["offset"])
    assert body == PAGE  # de-chunked
    reader.close()
    # a WARC tool reads the page itself (content-decoded) and finds every digest right
    from warcio.archiveiterator import ArchiveIterator

    with warc_files(run)[0].open("rb") as fh:
        fh.seek(home["offset"])
        assert next(iter(ArchiveIterator(fh))).content_stream().read() == HOME
    for path in warc_files(run):
        done = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0 and "digest failed" not in done.stdout, done.stdout[-2000:]
    # the server is gone: the replay decodes the archived gzip as the crawl did
    again = load_site(reextract(run))
    assert {(p.url, p.title, p.text) for p in again.pages} == {(p.url, p.title, p.text) for p in site.pages}
