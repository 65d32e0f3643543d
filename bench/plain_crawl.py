"""The baseline: a plain Scrapy link crawl (CrawlSpider + LinkExtractor, Scrapy's defaults).

    python bench/plain_crawl.py START_URL OUT.jsonl

Writes one JSON line per HTML page it parsed ({"url", "status"}) and prints a summary line
(JSON) with the count, elapsed seconds and pages/s. It follows <a href> links on the start
URL's host only, obeys robots.txt, no JavaScript, no CMS knowledge: what a generic link
crawler reaches. Used by tests/crawler/test_coverage_samples.py and bench/crawl_bench.py.
"""

from __future__ import annotations

import json
import sys
import time
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class PlainSpider(CrawlSpider):
    name = "plain"
    rules = (Rule(LinkExtractor(), callback="parse_item", follow=True),)

    def __init__(self, start_url: str, *args, **kwargs):
        self.start_urls = [start_url]
        # OffsiteMiddleware compares hostnames (LinkExtractor's allow_domains would compare
        # host:port and extract nothing on a loopback port).
        self.allowed_domains = [urlsplit(start_url).hostname]
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response, **kwargs):
        return self.parse_item(response)

    def parse_item(self, response):
        if "html" in (response.headers.get("Content-Type") or b"").decode("latin-1").lower():
            yield {"url": response.url, "status": response.status}


def main(argv: list[str]) -> int:
    start_url, out = argv[0], argv[1]
    extra = json.loads(argv[2]) if len(argv) > 2 else {}
    settings = {
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "FEEDS": {out: {"format": "jsonlines", "overwrite": True}},
        "USER_AGENT": "zwgk-bench-baseline/0.1",
        **extra,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PlainSpider)
    started = time.monotonic()
    process.crawl(crawler, start_url=start_url)
    process.start()
    elapsed = time.monotonic() - started
    with open(out, encoding="utf-8") as fh:
        pages = sum(1 for line in fh if line.strip())
    print(json.dumps({"pages": pages, "elapsed": round(elapsed, 3),
                      "pages_per_second": round(pages / elapsed, 2) if elapsed else 0.0,
                      "requests": crawler.stats.get_value("downloader/request_count", 0)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
