#!/usr/bin/env bash
# Make Debian's redis-server available for the distributed-crawl tests (tests/distributed
# start it on 127.0.0.1 themselves; nothing here starts a server). Does nothing when one is
# installed; installs the package with apt-get otherwise (as root).
set -u
if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
  exit 0
fi
echo "zwgk: installing redis-server for the distributed-crawl tests" >&2
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server) \
    >/dev/null 2>&1 && exit 0
fi
echo "zwgk: redis-server is missing and could not be installed (apt-get install redis-server as root);" >&2
echo "      tests/distributed will fail until it is installed." >&2
exit 1
