"""The zwgk crawler: Scrapy project (settings, spiders, middlewares, pipelines), pure
extraction (`extract`, `assemble`) and `run.crawl_site`, which runs a crawl in a child
process and returns its run folder."""
