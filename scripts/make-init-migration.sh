#!/usr/bin/env bash
# Regenerates prisma/migrations/20261124000000_init from schema.prisma.
# `prisma migrate dev` cannot run here (no native schema engine, shared/notes/prisma-here.md), so the SQL is made with
# `migrate diff`. Once a migration has landed on main, add a new folder instead (diff --from-schema-datamodel OLD).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data prisma/migrations/20261124000000_init
out=prisma/migrations/20261124000000_init/migration.sql
npx prisma migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null \
  | sed '/^Loaded Prisma config/d' > "$out.tmp"
grep -q "CREATE TABLE" "$out.tmp" || { echo "migrate diff produced no SQL" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
printf 'provider = "sqlite"\n' > prisma/migrations/migration_lock.toml
echo "wrote $out"
