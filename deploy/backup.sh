#!/usr/bin/env bash
# Nightly PostgreSQL backup of drafter (docs/deploy.md): a custom-format dump, kept 30 days.
# cron: 15 2 * * *  postgres  /srv/drafter/deploy/backup.sh /var/backups/drafter
set -euo pipefail
dest=${1:-/var/backups/drafter}
db=${DRAFTER_DB:-drafter}
mkdir -p "$dest"
file="$dest/drafter-$(date +%Y%m%d-%H%M%S).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$db"
mv "$file.partial" "$file"
find "$dest" -name 'drafter-*.dump' -mtime +30 -delete
echo "$file"
