"""JavaScript rendering with Playwright (scrapy-playwright), only for pages that need it.

* `find_browser()` picks a Chromium at start: ZWGK_BROWSER_PATH, else Playwright's own
  download, else Debian's /usr/lib/chromium/chromium or /usr/bin/chromium. None found →
  the crawl runs without rendering and says so (WARNING, CrawlInfo.capped).
* `playwright_settings()` installs `LazyPlaywrightHandler` (the Node driver starts with
  the first rendered page, so crawls that render nothing never start it), bounded
  contexts and pages (PLAYWRIGHT_MAX_CONTEXTS / PLAYWRIGHT_MAX_PAGES_PER_CONTEXT) so
  memory stays flat, and Chromium flags that keep the browser quiet.
* `EgressAbort` is PLAYWRIGHT_ABORT_REQUEST: every request the page makes to a host the
  egress guard does not allow is aborted (the guard middleware only sees the navigation),
  and so are images, media and fonts, which the DOM does not need.
* `route_websockets()` does the same for WebSockets, which Playwright's request routing
  (and so PLAYWRIGHT_ABORT_REQUEST) never sees: every browser context routes them through
  the egress decision, refused ones are closed before any connection is made.
* `needs_render()` says when a page looks built by script.
"""

from __future__ import annotations

import asyncio
import glob
import logging
import os
import re
from pathlib import Path

import lxml.html

from .extract import fold, visible_text
from .guard import is_request_allowed

logger = logging.getLogger(__name__)

SYSTEM_CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
# Quiet, self-contained browser: no background traffic (updates, safe browsing, metrics,
# DNS prefetch), no pings, /tmp instead of a small /dev/shm.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pings",
    "--dns-prefetch-disable",
    "--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions,AutofillServerCommunication",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--hide-scrollbars",
]
_SKIPPED_RESOURCES = frozenset({"image", "media", "font"})


def playwright_own_chromium() -> str | None:
    """Playwright's downloaded Chromium, if there is one (found without starting the driver)."""
    base = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    for pattern in ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-linux*/headless_shell",
                    "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium"):
        for path in sorted(glob.glob(os.path.join(base, pattern)), reverse=True):
            if os.access(path, os.X_OK):
                return path
    return None


def find_browser(preferred: str | None = None) -> tuple[str | None, str]:
    """(executable path or None, what was found / why nothing was)."""
    if preferred:
        if os.access(preferred, os.X_OK):
            return preferred, f"ZWGK_BROWSER_PATH {preferred}"
        logger.warning("ZWGK_BROWSER_PATH %s is not an executable; looking for another Chromium", preferred)
    own = playwright_own_chromium()
    if own:
        return own, f"Playwright's Chromium {own}"
    for path in SYSTEM_CHROMIUM:
        if os.access(path, os.X_OK):
            return path, f"system Chromium {path}"
    return None, ("no Chromium found (neither Playwright's own download nor /usr/bin/chromium); "
                  "pages built by JavaScript are crawled without rendering. Install one with "
                  "'playwright install chromium' or 'apt-get install chromium'")


def playwright_settings(executable: str, *, max_contexts: int, max_pages: int, timeout_s: float) -> dict:
    return {
        "DOWNLOAD_HANDLERS": {"http": "crawler.render.LazyPlaywrightHandler",
                              "https": "crawler.render.LazyPlaywrightHandler"},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": executable, "headless": True, "args": CHROMIUM_ARGS,
                                      "timeout": 30_000},
        "PLAYWRIGHT_MAX_CONTEXTS": max_contexts,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": int(timeout_s * 1000),
        # Service workers would fetch outside page.route's reach.
        "PLAYWRIGHT_CONTEXTS": {},
    }


def configure(crawler, site_netloc: str, external_hosts) -> tuple[bool, EgressAbort | None, str | None]:
    """Install rendering into a crawler's (not yet frozen) settings when ZWGK_RENDER allows
    and a browser is found. Returns (available, the abort filter, a note for CrawlInfo)."""
    s = crawler.settings
    mode = str(s.get("ZWGK_RENDER", "auto")).lower()
    if mode in ("off", "false", "0", "no", "none"):
        return False, None, None
    if s.get("ZWGK_REPLAY_DIR"):
        # a replay of an archived crawl (crawler.warc): rendered pages come from the archive's
        # conversion records, answered before any download handler; no browser is needed
        return True, None, None
    if s.frozen:  # a crawler built elsewhere (tests): its download handlers are fixed
        return False, None, "rendering unavailable: settings already frozen"
    executable, found = find_browser(s.get("ZWGK_BROWSER_PATH"))
    if executable is None or LazyPlaywrightHandler is None:
        why = found if executable is None else "scrapy-playwright is not installed"
        logger.warning("JavaScript rendering disabled: %s", why)
        return False, None, f"rendering unavailable: {why}"
    logger.info("JavaScript rendering available with %s (only pages that need it are rendered)", found)
    for key, value in playwright_settings(
            executable, max_contexts=s.getint("PLAYWRIGHT_MAX_CONTEXTS", 1) or 1,
            max_pages=s.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", 2) or 2,
            timeout_s=s.getfloat("DOWNLOAD_TIMEOUT", 15)).items():
        if (s.getpriority(key) or 0) <= 20:  # a caller's own choice wins
            s.set(key, value, priority="spider")
    abort = EgressAbort(site_netloc, external_hosts, crawler)
    s.set("PLAYWRIGHT_ABORT_REQUEST", abort, priority="spider")
    return True, abort, None


def render_meta(wait_ms: int) -> dict:
    """Request meta that sends one request through Chromium."""
    from scrapy_playwright.page import PageMethod

    return {"playwright": True, "playwright_context": RENDER_CONTEXT,
            "playwright_context_kwargs": dict(CONTEXT_KWARGS),
            "playwright_page_methods": [PageMethod(settle, wait_ms)],
            "dont_cache": True, "dont_obey_robotstxt": True, "dont_retry": True}


RENDER_CONTEXT = "zwgk-render"
CONTEXT_KWARGS = {"service_workers": "block", "java_script_enabled": True, "ignore_https_errors": True,
                  "locale": "zh-CN"}


async def settle(page, timeout_ms: int = 5000) -> None:
    """Wait until the page's own requests have finished (XHR-built lists), at most timeout_ms."""
    try:
        await page.wait_for_load_state("networkidle", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - a page that keeps polling is rendered as it stands
        pass


class EgressAbort:
    """PLAYWRIGHT_ABORT_REQUEST: abort what the egress guard would refuse, and heavy media."""

    def __init__(self, site_netloc: str, external_hosts, crawler=None):
        self.site_netloc = site_netloc
        self.external_hosts = external_hosts
        self.crawler = crawler  # for its stats, which exist only once the crawl runs
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        return is_request_allowed(url, self.site_netloc, self.external_hosts)

    def count_refused(self, url: str, stat: str) -> None:
        if self.crawler is not None:
            self.crawler.stats.inc_value(stat)
        if len(self.refused) < 50:
            self.refused.append(url)

    def __call__(self, request) -> bool:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return False
        if not self.allows(url):
            self.count_refused(url, "zwgk/render/egress_aborted")
            logger.info("Render: aborted request to a host not allowed: %s", url)
            return True
        return request.resource_type in _SKIPPED_RESOURCES


def websocket_as_http(url: str) -> str:
    """ws://host/x → http://host/x (wss → https), so the egress guard can judge it."""
    low = url[:6].lower()
    if low.startswith("wss://"):
        return "https://" + url[6:]
    if low.startswith("ws://"):
        return "http://" + url[5:]
    return url


async def route_websockets(context, abort: EgressAbort | None) -> None:
    """Route every WebSocket of a browser context through the egress decision of `abort`
    (no policy at all → every WebSocket is refused). An allowed one connects to its
    server; a refused one is closed by Playwright without a connection being opened,
    counted as ``zwgk/render/websocket_refused``."""

    async def handle(ws) -> None:
        url = ws.url
        if abort is not None and abort.allows(websocket_as_http(url)):
            ws.connect_to_server()
            return
        if abort is not None:
            abort.count_refused(url, "zwgk/render/websocket_refused")
        logger.info("Render: refused a WebSocket to a host not allowed: %s", url)
        await ws.close(code=1008, reason="refused by the audit's egress policy")

    await context.route_web_socket(re.compile(r".*"), handle)


try:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
except ImportError:  # scrapy-playwright missing: rendering is simply unavailable
    ScrapyPlaywrightDownloadHandler = None  # type: ignore[assignment,misc]


if ScrapyPlaywrightDownloadHandler is not None:

    class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
        """scrapy-playwright's handler, with the Playwright driver started by the first
        request that needs a browser instead of at engine start."""

        async def _maybe_launch_in_thread(self) -> None:  # engine_started: do nothing yet
            return None

        def _engine_started(self):  # older Scrapy API
            return None

        async def _create_browser_context(self, name, context_kwargs, spider=None):
            wrapper = await super()._create_browser_context(name, context_kwargs, spider)
            abort = self.abort_request if isinstance(self.abort_request, EgressAbort) else None
            try:
                await route_websockets(wrapper.context, abort)
            except BaseException:
                await wrapper.context.close()  # never keep a context whose WebSockets are unguarded
                raise
            return wrapper

        async def _download_request(self, request, spider=None):
            lock = self.__dict__.setdefault("_zwgk_lock", asyncio.Lock())
            async with lock:
                if getattr(self, "browser_provider", None) is None:
                    await self._launch()
            return await super()._download_request(request, spider)
else:  # pragma: no cover
    LazyPlaywrightHandler = None  # type: ignore[assignment,misc]


# ---------------------------------------------------------------- does a page need it?

_LOADER_JS = re.compile(r"XMLHttpRequest|\$\.(ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|\.load\s*\(\s*['\"/]|axios\.|"
                        r"new\s+Vue\s*\(|createApp\s*\(|ReactDOM\.|angular\.module", re.I)
_DOC_WRITE_LINKS = re.compile(r"document\.write(ln)?\s*\([^)]*(<a\b|href|<li)", re.I | re.S)
_LIST_CONTAINER = re.compile(r"(^|[\s_-])(list|lists|news|article|articles|content|con|data|items?|xxgk|zwgk|"
                             r"info|lb|liebiao|wz|app)([\s_-]|$)", re.I)
TINY_TEXT = 80


_QUICK_SIGNS = re.compile(rb"document\.write|XMLHttpRequest|\$\.(?:ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|\.load\s*\(|"
                          rb"axios\.|new\s+Vue|createApp|ReactDOM|angular\.module", re.I)


def may_need_render(body: bytes, page_text: str, url: str = "", patterns: list[re.Pattern] | None = None) -> bool:
    """Cheap pre-check on the raw bytes (the signs are ASCII in every encoding)."""
    if any(rx.search(url) for rx in patterns or ()):
        return True
    if b"<script" not in body and b"<SCRIPT" not in body:
        return False
    return len(page_text) < TINY_TEXT or bool(_QUICK_SIGNS.search(body))


def needs_render(html_text: str, url: str = "", patterns: list[re.Pattern] | None = None) -> str | None:
    """Why this page should be rendered, or None.

    Site-profile URL patterns first; then three signs of a script-built page: almost no
    text but scripts; links written by document.write; an empty list container next to a
    script that loads data (XHR / fetch / $.ajax / a front-end framework)."""
    for rx in patterns or ():
        if rx.search(url):
            return f"URL matches the site profile's render pattern {rx.pattern!r}"
    try:
        doc = lxml.html.document_fromstring(html_text) if html_text.strip() else None
    except Exception:  # noqa: BLE001 - unparsable: let extraction report it
        return None
    if doc is None:
        return None
    scripts = [s.text or "" for s in doc.iter("script") if (s.get("type") or "text/javascript").lower()
               in ("text/javascript", "application/javascript", "module", "")]
    has_src = any(s.get("src") for s in doc.iter("script"))
    if not scripts and not has_src:
        return None
    body = doc.find("body")
    text = visible_text(body) if body is not None else ""
    if len(text) < TINY_TEXT and (has_src or any(s.strip() for s in scripts)):
        return f"almost no text ({len(text)} characters) but scripts"
    inline = "\n".join(scripts)
    if _DOC_WRITE_LINKS.search(inline):
        return "links written by document.write"
    if _LOADER_JS.search(inline) and body is not None:
        for el in body.iter("ul", "ol", "div", "table", "tbody", "section"):
            label = f"{el.get('id') or ''} {el.get('class') or ''}"
            if not _LIST_CONTAINER.search(label):
                continue
            if len(el) == 0 and not fold(el.text_content()):
                return f"empty list container <{el.tag} {label.strip()!r}> filled by a script"
    return None


# ---------------------------------------------------------------- JSON answers of a rendered page

RECORDED_TYPES = frozenset({"xhr", "fetch", "script"})  # script: JSONP lists


class JsonRecorder:
    """Keeps the JSON answers (XHR, fetch, JSONP) a rendered page received, so that lists a
    script builds from JSON can be read from the data itself (crawler.jsonlists), whatever
    the DOM shows. Only answers the egress filter let through ever arrive here."""

    def __init__(self, max_answers: int = 40, max_bytes: int = 2_000_000):
        self.max_answers = max_answers
        self.max_bytes = max_bytes
        self.answers: list[dict] = []  # {"url", "method", "status", "text"}
        self._pending: set[asyncio.Future] = set()

    def __getstate__(self):  # a request meta may be pickled (JOBDIR): tasks are not
        return {"max_answers": self.max_answers, "max_bytes": self.max_bytes, "answers": list(self.answers),
                "_pending": set()}

    def on_response(self, response) -> None:
        try:
            kind = response.request.resource_type
        except Exception:  # noqa: BLE001 - a response without its request: not ours to read
            return
        if kind not in RECORDED_TYPES or len(self.answers) + len(self._pending) >= self.max_answers:
            return
        ctype = (response.headers.get("content-type") or "").lower()
        if kind == "script" and "json" not in ctype and "javascript" not in ctype:
            return
        if kind != "script" and ctype and not any(t in ctype for t in ("json", "text/", "javascript")):
            return
        task = asyncio.ensure_future(self._read(response))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _read(self, response) -> None:
        from .jsonlists import parse_json

        try:
            body = await response.body()
        except Exception:  # noqa: BLE001 - aborted or gone with the page
            return
        if not body or len(body) > self.max_bytes:
            return
        text = body.decode("utf-8", "replace")
        if parse_json(text) is None:
            return
        request = response.request
        post = None
        if request.method == "POST":
            try:
                post = request.post_data
            except Exception:  # noqa: BLE001 - a binary body: its paging cannot be rewritten
                post = None
        self.answers.append({"url": response.url, "method": request.method, "status": response.status,
                             "text": text, "post": post,
                             "post_type": (request.headers.get("content-type") or "") if post is not None else ""})

    async def drain(self, page, timeout_ms: int = 3000) -> None:
        """PageMethod: wait for answers still being read (after settle)."""
        if self._pending:
            await asyncio.wait(list(self._pending), timeout=timeout_ms / 1000)


def record_json(meta: dict, recorder: JsonRecorder) -> dict:
    """Add JSON recording to a render request's meta (see render_meta)."""
    from scrapy_playwright.page import PageMethod

    meta["playwright_page_event_handlers"] = {**meta.get("playwright_page_event_handlers", {}),
                                              "response": recorder.on_response}
    meta["playwright_page_methods"] = [*meta.get("playwright_page_methods", []), PageMethod(recorder.drain)]
    meta["zwgk_json"] = recorder
    return meta
