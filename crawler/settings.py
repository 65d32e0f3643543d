"""Scrapy settings of the zwgk crawler.

Every setting that matters for what the crawl records is written out here, even when it
equals Scrapy's default, so that a Scrapy upgrade cannot silently change the audit.
Components read them in `from_crawler`; a run overrides them with
``python -m crawler.run --set KEY=VALUE`` (or `crawl_site(extra_settings=...)`).
"""

BOT_NAME = "zwgk"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves: the spider replaces this with "zwgk/0.1 (government website
# disclosure audit; +CONTACT)" where CONTACT is ZWGK_CONTACT from the site profile (unless
# a caller sets USER_AGENT itself).
USER_AGENT = "zwgk/0.1 (+contact from profile)"

# Obey the audited site's robots.txt; a disallowed URL ends as LinkCheck outcome
# "blocked", never as dead. External link checks are single HEAD/GET requests to URLs the
# audited site publishes, not crawling: they skip the external host's robots.txt unless
# ZWGK_EXTERNAL_OBEY_ROBOTS is true. ZWGK_IGNORE_ROBOTS=True (e.g. the site owner's own
# audit) turns robots.txt off and is logged at WARNING.
ROBOTSTXT_OBEY = True

# Scrapy 2.13+ extensions we do not want: a remote-control HTTP server and the telnet
# console would open listening sockets in every crawl process.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy checks every response's callback for a generator that returns a value by reading
# and parsing its source (inspect.getsource + ast.parse): its cache is keyed by the bound
# method, a new object per request, so it never hits (~2.5 % of the crawler's CPU in
# cProfile). tests/crawler/test_squeues.py runs the same check once over the spider's
# callbacks instead.
WARN_ON_GENERATOR_RETURN_VALUE = False

# Scrapy's default reactor (asyncio); the epoll reactor measured ~45% slower here.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Concurrency: 8-32 is best against one host; 8 per domain keeps a real portal happy.
# Scrapy's per-domain slot is the hostname, so every port of 127.0.0.1 shares it.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# Items (and requests) a callback yields are handed to the pipeline by at most this many
# asyncio workers per response. Scrapy creates them all for every response, so the default
# 100 cost ~25% of the crawl here; the pipeline is synchronous and gains nothing from more.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0

# Politeness for small government hosts. AutoThrottle adapts the per-host delay to the
# server's latency (aiming at TARGET_CONCURRENCY requests in flight), never below
# DOWNLOAD_DELAY; a slow host gets slower requests, a fast one is not held back. A host
# that answers 429/503 is additionally slowed (ZWGK_RATE_LIMIT_HOST_DELAY) while it
# throttles, and an error spike pauses it (circuit breaker, see ZWGK_BREAKER_*).
AUTOTHROTTLE_ENABLED = True
EXTENSIONS = {
    # AutoThrottle that lets every answer but 429/503 (304 Not Modified, redirects, 404s)
    # lower the delay as a 200 does.
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.politeness.Throttle": 0,
}
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

# A request that has not answered within DOWNLOAD_TIMEOUT seconds fails with a timeout;
# after the retries below its LinkCheck outcome is "timeout" (could not evaluate), not dead.
DOWNLOAD_TIMEOUT = 15

# Retries: 2 more attempts for server errors and network errors. A 500 that is still a
# 500 after the retries is "dead". 429 and 503 are rate limiting, not retried at once
# (hammering a throttling host is impolite): the spider asks again later in the run, after
# Retry-After (capped) or a backoff, and what stays limited is "rate_limited" (could not
# evaluate). Giving up is part of auditing a broken site, not a crawler failure, so it
# logs a WARNING: ERROR is reserved for crawler malfunctions (crawl_site fails on them).
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"

# Redirects are followed (the chain is recorded in LinkCheck.redirects); a chain longer
# than this ends as "redirect_loop" when it revisits a URL, else "too_many_redirects".
REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 10
# A <meta http-equiv="refresh"> does not replace the page (issue 9 item 12): extraction keeps
# the page and its own links and records the refresh target as a link that is followed;
# SiteArtifacts.homepage() looks through a homepage that only forwards.
METAREFRESH_ENABLED = False
# Links read from one page; the cut is noted once (extract_notes, reported by LNK001).
ZWGK_MAX_LINKS_PER_PAGE = 5000

# Every request is deduplicated by the spider (a set of canonical URLs checked before a
# Request is built); redirects and retries must not be dropped by Scrapy's dupefilter.
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"

# Bodies: pages larger than this are cancelled; attachments and external checks stop
# reading after the headers (see the spider), so this only bounds HTML pages.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024

# Do not route requests through an environment proxy (http_proxy / https_proxy): the
# egress guard judges the URL's host, and a proxy would make the real peer another one.
# Enable explicitly when a deployment needs a proxy.
HTTPPROXY_ENABLED = False

# URLs longer than this are not requested (crawler traps); their LinkCheck says "blocked".
URLLENGTH_LIMIT = 2083

# No response cache by default: every run reflects what the site answers now. A nightly
# re-crawl sets ZWGK_CACHE_DIR (crawl_site(cache_dir=...)): Scrapy's HTTP cache with
# RFC2616Policy in that folder, every page revalidated with a conditional request, so
# unchanged pages cost a 304 and are still extracted and audited.
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = True  # some portals' WAFs set a cookie and redirect to the same URL

DOWNLOADER_MIDDLEWARES = {
    # A redirect hop back to a URL the chain visited twice is a loop, classified from the
    # chain before it costs a request or meets the circuit breaker.
    "crawler.politeness.RedirectLoopMiddleware": 35,
    # Before everything else (OffsiteMiddleware is 50, robots.txt 100): refuse requests
    # to hosts that are neither in scope nor allowed by the profile.
    "crawler.middlewares.EgressGuardMiddleware": 40,
    # Every request that may leave the machine counts against ZWGK_MAX_REQUESTS.
    "crawler.politeness.RequestBudgetMiddleware": 45,
    # Next to the downloader (process_response sees every raw answer before RetryMiddleware
    # at 550), before the HTTP cache (900) so paused hosts are not asked for 304s either.
    "crawler.politeness.CircuitBreakerMiddleware": 880,
    # WARC archive (crawler.warc): every answer as the spider gets it (after the HTTP cache
    # at 900, before decompression at 590). Replay (ZWGK_REPLAY_DIR) answers from an
    # archive instead of the network, next to the downloader.
    # The HTTP cache (only with ZWGK_CACHE_DIR) without serving stale copies when a page
    # fails tonight (crawler.httpcache).
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "crawler.httpcache.NoStaleCacheMiddleware": 900,
    "crawler.warc.WarcArchiveMiddleware": 895,
    "crawler.warc.WarcReplayMiddleware": 960,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArtifactWriterPipeline": 300,
    "crawler.pipelines.DocumentWriterPipeline": 310,  # documents.jsonl (issue 6)
}

LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 60.0

# The spider yields pydantic models (contracts.artifacts), not dict items.
FEED_EXPORT_ENCODING = "utf-8"

# ---------------------------------------------------------------- zwgk settings

# Run folder the pipeline writes (crawl.json, pages.jsonl, links.jsonl, columns.jsonl,
# accounts.jsonl).
ZWGK_RUN_DIR = None
# Contact of whoever runs the audit (mail address or URL), put in the User-Agent.
ZWGK_CONTACT = None
# Turn robots.txt off (logged at WARNING). Only with the site owner's consent.
ZWGK_IGNORE_ROBOTS = False
# Requests per run, retries / redirect hops / robots.txt included (0 = no limit); beyond
# it targets end as "blocked" and CrawlInfo.capped says so.
ZWGK_MAX_REQUESTS = 0
# Page budget: at most this many in-scope HTML page requests; links beyond it end as
# LinkCheck outcome "blocked" and CrawlInfo.capped says so.
ZWGK_MAX_PAGES = 200_000  # a safety limit sized for real portals, not a sample size
# Hostnames (any port) external link checks may reach: a list or "a,b". None = default:
# loopback only when the start URL is on loopback, every host otherwise. "*" = every host,
# "loopback" = every loopback host, [] = none.
ZWGK_EXTERNAL_HOSTS = None
# Check external links (HEAD, GET fallback) at all; False → every external link "skipped".
ZWGK_CHECK_EXTERNAL = True
# Obey an external host's robots.txt before checking a link to it (one more request per host).
ZWGK_EXTERNAL_OBEY_ROBOTS = False
# GET fallbacks of attachment/external checks read at most this many bytes of an HTML
# body (enough to recognise a 访问过于频繁 page); other bodies stop after the headers.
ZWGK_CHECK_BODY_BYTES = 64 * 1024

# Traps and scope (crawler.traps): pages deeper than this many links from the start URL
# are not crawled; per URL path, at most this many distinct query strings (calendar-like
# parameters such as ?date= / ?year=&month= get the smaller limit, pure paging parameters
# the larger one, ?id=N style document identifiers none). Capped URLs get a "blocked"
# LinkCheck and a line in CrawlInfo.capped.
ZWGK_MAX_DEPTH = 25
ZWGK_MAX_QUERY_VARIANTS = 100
ZWGK_MAX_CALENDAR_VARIANTS = 24
ZWGK_MAX_PAGING_VARIANTS = 1000

# Rate limiting (429, 503, 访问过于频繁 pages): ask again later in the run at most this many
# times, after Retry-After capped at ZWGK_RATE_LIMIT_MAX_WAIT seconds (or BACKOFF * 2^n
# when the answer has none); the host's delay is raised to HOST_DELAY meanwhile.
ZWGK_RATE_LIMIT_RETRIES = 2
ZWGK_RATE_LIMIT_MAX_WAIT = 60.0
ZWGK_RATE_LIMIT_BACKOFF = 10.0
ZWGK_RATE_LIMIT_HOST_DELAY = 2.0

# robots.txt Crawl-delay (crawler.politeness.Throttle): honoured per host as the minimum
# delay between two requests to it (no jitter below it), capped at this many seconds (a
# site asking for more is still crawled, logged at WARNING). 0 = ignore Crawl-delay.
ZWGK_MAX_CRAWL_DELAY = 30.0

# Circuit breaker (crawler.politeness): only host-wide distress pauses a host: at least
# ERROR_RATIO of its last WINDOW answers are connection failures, timeouts or 429/503,
# on at least MIN_PATHS distinct paths, and a URL that answered before (the homepage) fails
# too when asked to confirm (a few failing paths are given up alone, by the retries and
# the rate-limit handling). Paused for PAUSE seconds, then a URL that
# answered before (the homepage) is asked; refused requests are asked again after the
# pause for as long as the run lasts, until the host has been paused MAX_PAUSED seconds
# in all (then it is given up: its targets end "blocked").
ZWGK_BREAKER_ENABLED = True
ZWGK_BREAKER_WINDOW = 20
ZWGK_BREAKER_ERROR_RATIO = 0.5
ZWGK_BREAKER_MIN_PATHS = 8
ZWGK_BREAKER_PAUSE = 60.0
ZWGK_BREAKER_MAX_PAUSED = 1800.0

# JavaScript rendering (crawler.render): "auto" renders the pages that need it when a
# Chromium is found, "off" never. ZWGK_RENDER_PATTERNS: URL regexes (site profile) that
# are always rendered. ZWGK_BROWSER_PATH: a Chromium to use. At most ZWGK_MAX_RENDERS
# pages per crawl are rendered; each waits up to ZWGK_RENDER_WAIT seconds for the page's
# own requests to finish. One browser context with at most two pages keeps memory flat.
ZWGK_RENDER = "auto"
ZWGK_RENDER_PATTERNS = []
ZWGK_BROWSER_PATH = None
ZWGK_MAX_RENDERS = 300
ZWGK_RENDER_WAIT = 5.0
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2

# 大汉 Hanweb dataproxy.jsp: at most this many record ranges asked per list.
ZWGK_MAX_DATAPROXY_PAGES = 200

# Resume and re-crawl (set by crawler.run): ZWGK_RESUME keeps the run folder's artifacts
# and continues (JOBDIR under the run folder holds Scrapy's queue); ZWGK_CACHE_DIR enables
# the conditional-request cache.
ZWGK_RESUME = False
ZWGK_CACHE_DIR = None
# Scrapy's pickled LIFO disk queue, minus its scan of every spider attribute per request
# pushed (crawler.squeues).
SCHEDULER_DISK_QUEUE = "crawler.squeues.PickleLifoDiskQueue"

# WARC archive (crawler.warc): every answer also goes to archive-NNNNN.warc.gz in the run
# folder (a new file per crawl process, rotated at MAX_FILE_BYTES; archiving stops at
# MAX_TOTAL_BYTES per run folder, 0 = no limit). ZWGK_REPLAY_DIR: answer every request
# from that run folder's archive and touch no network (zwgk check --reextract).
ZWGK_WARC = True
ZWGK_WARC_MAX_FILE_BYTES = 1024 * 1024 * 1024
ZWGK_WARC_MAX_TOTAL_BYTES = 0
ZWGK_REPLAY_DIR = None

# New-media accounts (crawler.spiders.newmedia), visited after the portal crawl in the
# same process: ZWGK_NEWMEDIA turns it off; ZWGK_ACCOUNTS lists accounts from the site
# profile ([{"name", "platform", "url"}], JSON text accepted); ZWGK_NEWMEDIA_PAGES adds
# matrix pages to read besides those found in the crawl.
ZWGK_NEWMEDIA = True
ZWGK_ACCOUNTS = []
ZWGK_NEWMEDIA_PAGES = []

# Attachment reading (crawler.fetch_documents, issue 6): in-scope attachments that answered
# 2xx are fetched whole with GET (at most ZWGK_DOCUMENT_MAX_BYTES, within
# ZWGK_DOCUMENT_TIMEOUT seconds), read within ZWGK_DOCUMENT_EXTRACT_SECONDS, PII masked, and
# written to documents.jsonl; at most ZWGK_MAX_DOCUMENTS per crawl.
ZWGK_FETCH_DOCUMENTS = True
ZWGK_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
ZWGK_DOCUMENT_TIMEOUT = 60.0
ZWGK_DOCUMENT_EXTRACT_SECONDS = 30.0
ZWGK_MAX_DOCUMENTS = 2000
