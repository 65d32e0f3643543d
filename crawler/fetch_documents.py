"""The portal spider's attachment reading (issue 6), kept out of the spider's own module.

`DocumentFetchMixin.fetch_document(check, response)` is called by the spider's
`attachment_checked` hook after an attachment's LinkCheck: for an in-scope attachment that
answered 2xx it schedules one GET of the whole body (at most ZWGK_DOCUMENT_MAX_BYTES,
within ZWGK_DOCUMENT_TIMEOUT seconds) and turns the answer into a DocumentArtifact with
`crawler.documents.extract_document` (PII masked there). Failures become artifacts too:
too large → ``too_large``, slow → ``timeout``, anything else → ``error``.

Settings (crawler/settings.py): ZWGK_FETCH_DOCUMENTS (default on), ZWGK_DOCUMENT_MAX_BYTES,
ZWGK_DOCUMENT_TIMEOUT, ZWGK_DOCUMENT_EXTRACT_SECONDS, ZWGK_MAX_DOCUMENTS.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import scrapy

from contracts import DocumentArtifact, LinkCheck

from .documents import DEFAULT_MAX_BYTES, extract_document
from .extract import path_extension
from .guard import in_scope

logger = logging.getLogger(__name__)

# Attachments worth reading: the document types; archives, media and slides are not read.
READ_EXTENSIONS = frozenset({"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "txt", "csv"})


class DocumentFetchMixin:
    """Adds attachment reading to a spider that has `crawler`, `site_netloc`."""

    def _doc_settings(self) -> dict[str, Any]:
        cached = getattr(self, "_zwgk_doc_settings", None)
        if cached is None:
            s = self.crawler.settings
            cached = {
                "on": s.getbool("ZWGK_FETCH_DOCUMENTS", True),
                "max_bytes": s.getint("ZWGK_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES),
                "timeout": s.getfloat("ZWGK_DOCUMENT_TIMEOUT", 60.0),
                "extract_seconds": s.getfloat("ZWGK_DOCUMENT_EXTRACT_SECONDS", 30.0),
                "max_documents": s.getint("ZWGK_MAX_DOCUMENTS", 2000),
            }
            self._zwgk_doc_settings = cached
            self._zwgk_doc_seen: set[str] = set()
        return cached

    def fetch_document(self, check: LinkCheck, response) -> Iterator[Any]:
        conf = self._doc_settings()
        url = check.url
        if not conf["on"] or check.outcome != "ok" or not in_scope(check.final_url or url, self.site_netloc):
            return
        ext = path_extension(url)
        if ext and ext not in READ_EXTENSIONS:
            return
        if url in self._zwgk_doc_seen:
            return
        if len(self._zwgk_doc_seen) >= conf["max_documents"]:
            self.crawler.stats.inc_value("zwgk/documents/over_budget")
            return
        self._zwgk_doc_seen.add(url)
        z = response.meta.get("zwgk", {})
        yield scrapy.Request(
            check.final_url or url,
            callback=self._on_document,
            errback=self._on_document_failure,
            dont_filter=True,
            priority=-10 - int(z.get("depth", 0)),  # after the pages: reading is the slow part
            meta={"zwgk_doc": {"url": url, "referrer": z.get("referrer")},
                  "download_maxsize": conf["max_bytes"],
                  "download_warnsize": 0,
                  "download_timeout": conf["timeout"]},
        )

    def _on_document(self, response) -> Iterator[Any]:
        conf = self._doc_settings()
        meta = response.meta["zwgk_doc"]
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        started = time.monotonic()
        try:
            doc = extract_document(meta["url"], response.body, headers, response.status,
                                   truncated="download_stopped" in response.flags,
                                   time_limit=conf["extract_seconds"], max_bytes=conf["max_bytes"],
                                   linked_from=[meta["referrer"]] if meta.get("referrer") else [])
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the crawl
            logger.warning("reading %s failed: %s", meta["url"], type(exc).__name__)
            doc = DocumentArtifact(url=meta["url"], status=response.status, outcome="error",
                                   declared_type=path_extension(meta["url"]), size=len(response.body),
                                   error=f"{type(exc).__name__}"[:300])
        stats = self.crawler.stats
        stats.inc_value(f"zwgk/documents/{doc.outcome}")
        stats.inc_value("zwgk/documents/read_ms", int((time.monotonic() - started) * 1000))
        yield doc

    def _on_document_failure(self, failure) -> Iterator[Any]:
        meta = failure.request.meta["zwgk_doc"]
        exc = failure.value
        text = f"{type(exc).__name__}: {exc}"
        if "maxsize" in text or "max size" in text or "larger than" in text:
            outcome = "too_large"
        elif "Timeout" in type(exc).__name__ or "timed out" in text.lower():
            outcome = "timeout"
        else:
            outcome = "error"
        self.crawler.stats.inc_value(f"zwgk/documents/{outcome}")
        response = getattr(exc, "response", None)
        yield DocumentArtifact(url=meta["url"], status=getattr(response, "status", None), outcome=outcome,
                               declared_type=path_extension(meta["url"]),
                               linked_from=[meta["referrer"]] if meta.get("referrer") else [],
                               error=text[:300])
