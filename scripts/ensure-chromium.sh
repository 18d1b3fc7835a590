#!/usr/bin/env bash
# Make sure Debian's chromium is there for the browser tests (tests/api/test_docs.py): as
# root it installs it with apt if it is missing, like with-postgres.sh does PostgreSQL.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "ensure-chromium: no chromium found (install Debian's chromium package)" >&2
  exit 1
fi
