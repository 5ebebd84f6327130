#!/usr/bin/env bash
# What `npm test` needs besides npm packages, made present on a fresh machine where we may:
# Debian's Chromium for the browser tests (Playwright cannot download its own browsers here) and
# the local Postgres server the Postgres suites and browser tests use. Where we may not, it says
# in one line what to run.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing: installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Chromium at $chromium: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH), then npm test again." >&2
    exit 1
  fi
fi

server="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -d "$server" -q; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "Starting the local Postgres server for the Postgres suites..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -d "$server" -q && break; sleep 1; done
  fi
  pg_isready -d "$server" -q || { echo "The Postgres suites need a server at $server: start one (or set TEST_DATABASE_URL), then npm test again." >&2; exit 1; }
fi
