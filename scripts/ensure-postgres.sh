#!/usr/bin/env bash
# Makes sure the PostgreSQL server the tests use answers (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test).
# On these machines PostgreSQL is installed from Debian's packages; when it is not running, start it (pg_ctlcluster).
set -euo pipefail
url="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}"
ready() { node -e "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1]});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" "$url"; }
if ready; then exit 0; fi
if [ -z "${TEST_POSTGRES_URL:-}" ] && command -v pg_lsclusters >/dev/null 2>&1; then
  echo "PostgreSQL is not answering: starting the local cluster"
  pg_lsclusters --no-header | while read -r ver name _; do pg_ctlcluster "$ver" "$name" start || true; done
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
echo "PostgreSQL at $url does not answer: start it, or point TEST_POSTGRES_URL at one (trust or password in the URL)" >&2
exit 1
