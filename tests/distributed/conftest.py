"""A real Redis for the distributed-crawl tests: Debian's redis-server on 127.0.0.1, on a
free port, without persistence, started for the module and stopped by its PID."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisProcess:
    def __init__(self, workdir: Path):
        if not Path(REDIS_SERVER).exists():
            pytest.fail("redis-server not found: `make test` installs it (scripts/ensure-redis.sh)")
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(workdir), "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"],
            stdin=subprocess.DEVNULL, stdout=(workdir / "redis.log").open("wb"), stderr=subprocess.STDOUT)
        import redis

        self.client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {(workdir / 'redis.log').read_text()}")
                time.sleep(0.05)

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisProcess(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()
