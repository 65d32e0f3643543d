"""Scrapy settings of the zwgk crawler.

Every setting that matters for what the crawl records is written out here, even when it
equals Scrapy's default, so that a Scrapy upgrade cannot silently change the audit.
Components read them in `from_crawler`; a run overrides them with
``python -m crawler.run --set KEY=VALUE`` (or `crawl_site(extra_settings=...)`).
"""

BOT_NAME = "zwgk"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify ourselves. The auditor replaces "+contact from profile" with the contact of
# the organisation running the audit (the site profile's `contact`).
USER_AGENT = "zwgk/0.1 (+contact from profile)"

# Obey the audited site's robots.txt; a disallowed URL ends as LinkCheck outcome
# "blocked", never as dead. External link checks are single HEAD/GET requests to URLs the
# audited site publishes, not crawling: they skip the external host's robots.txt unless
# ZWGK_EXTERNAL_OBEY_ROBOTS is true.
ROBOTSTXT_OBEY = True

# Scrapy 2.13+ extensions we do not want: a remote-control HTTP server and the telnet
# console would open listening sockets in every crawl process.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

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

# Politeness (adaptive delay, per-host pauses) is issue 3; AutoThrottle stays available
# through --set AUTOTHROTTLE_ENABLED=True.
AUTOTHROTTLE_ENABLED = False
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0

# A request that has not answered within DOWNLOAD_TIMEOUT seconds fails with a timeout;
# after the retries below its LinkCheck outcome is "timeout" (could not evaluate), not dead.
DOWNLOAD_TIMEOUT = 15

# Retries: 2 more attempts for Scrapy's default retry codes and network errors. A 500 that
# is still a 500 after the retries is "dead"; 429 (and 503 with Retry-After) is
# "rate_limited". Giving up is part of auditing a broken site, not a crawler failure, so it
# logs a WARNING: ERROR is reserved for crawler malfunctions (crawl_site fails on them).
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"

# Redirects are followed (the chain is recorded in LinkCheck.redirects); a chain longer
# than this ends as "redirect_loop" when it revisits a URL, else "too_many_redirects".
REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 10
# <meta http-equiv="refresh"> with a short delay is a redirect (many portals' homepages
# use one); a long delay is a page that reloads itself, not a redirect.
METAREFRESH_ENABLED = True
METAREFRESH_MAXDELAY = 10

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

# No response cache: every run reflects what the site answers now.
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = True  # some portals' WAFs set a cookie and redirect to the same URL

DOWNLOADER_MIDDLEWARES = {
    # Before everything else (OffsiteMiddleware is 50, robots.txt 100): refuse requests
    # to hosts that are neither in scope nor allowed by the profile.
    "crawler.middlewares.EgressGuardMiddleware": 40,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArtifactWriterPipeline": 300,
}

LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 60.0

# The spider yields pydantic models (contracts.artifacts), not dict items.
FEED_EXPORT_ENCODING = "utf-8"

# ---------------------------------------------------------------- zwgk settings

# Run folder the pipeline writes (crawl.json, pages.jsonl, links.jsonl, columns.jsonl).
ZWGK_RUN_DIR = None
# Page budget: at most this many in-scope HTML page requests; links beyond it end as
# LinkCheck outcome "blocked" and CrawlInfo.capped says so.
ZWGK_MAX_PAGES = 5000
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
