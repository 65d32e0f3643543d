"""crawler.run: the child-process entry and crawl_site's success / failure rules."""

from __future__ import annotations

import json
import sys

import pytest

from contracts import load_site
from crawler.run import CrawlError, build_command, crawl_site
from loopback_http import port_is_closed


def test_build_command_passes_settings_as_json(tmp_path):
    cmd = build_command("http://127.0.0.1:8000/", tmp_path, max_pages=7, external_hosts=["127.0.0.1", "localhost"],
                        settings={"DOWNLOAD_TIMEOUT": 1, "LOG_LEVEL": "DEBUG", "RETRY_HTTP_CODES": [500]})
    assert cmd[:3] == [sys.executable, "-m", "crawler.run"]
    assert cmd[cmd.index("--max-pages") + 1] == "7"
    assert cmd[cmd.index("--external-hosts") + 1] == "127.0.0.1,localhost"
    sets = [cmd[i + 1] for i, a in enumerate(cmd) if a == "--set"]
    assert sets == ["DOWNLOAD_TIMEOUT=1", 'LOG_LEVEL="DEBUG"', "RETRY_HTTP_CODES=[500]"]
    assert "--external-hosts" not in build_command("http://127.0.0.1:8000/", tmp_path, max_pages=1,
                                                   external_hosts=None, settings={})


def test_a_crawl_that_cannot_start_raises_crawl_error_with_the_log(tmp_path):
    with pytest.raises(CrawlError) as err:
        crawl_site("ftp://127.0.0.1:9/", tmp_path / "run", timeout=60)
    assert "ftp://127.0.0.1:9/" in str(err.value)
    assert err.value.log_tail  # the child's last log lines explain why
    assert not (tmp_path / "run" / "crawl.json").exists()


@pytest.mark.skipif(not port_is_closed(9), reason="something listens on 127.0.0.1:9")
def test_a_site_that_is_down_is_a_result_not_a_crawler_failure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the child must not depend on the caller's working directory
    site = load_site(crawl_site("http://127.0.0.1:9/", tmp_path / "run", timeout=60))
    assert site.crawl.finish_reason == "finished"
    assert [(c.url, c.outcome) for c in site.links] == [("http://127.0.0.1:9/", "dead")]
    assert site.pages == []
    # the unreachable robots.txt was logged as a warning, not as a crawler error
    assert site.crawl.stats.get("log_count/ERROR", 0) == 0
    summary = json.loads((tmp_path / "run" / "crawl.log").read_text("utf-8").strip().splitlines()[-1])
    assert summary["problems"] == [] and summary["finish_reason"] == "finished"
