#!/usr/bin/env bash
# Load test: serve a seeded catalog and hit its main pages with wrk.
#   bench/load.sh                 embedded SQLite in a temporary folder
#   DATABASE_URL=postgres://... bench/load.sh   an empty PostgreSQL database (it is migrated and seeded)
# BOOKS (default 10000), DURATION (default 10s), CONNECTIONS (default 16) tune the run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
books=${BOOKS:-10000} duration=${DURATION:-10s} conns=${CONNECTIONS:-16} port=${PORT:-3977}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/locallibrary" .
export SECRET_KEY=${SECRET_KEY:-load-test-secret-key-0123456789abcdef} RUN_MIGRATIONS=1 ADDR="127.0.0.1:$port" EMAIL_BACKEND=log
if [ -z "${DATABASE_URL:-}" ]; then export DATABASE_URL="sqlite:$work/db.sqlite3"; fi
"$work/locallibrary" seed >/dev/null
"$work/locallibrary" seed --books "$books" 2>/dev/null >/dev/null
"$work/locallibrary" serve 2>"$work/serve.log" &
pid=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
db=sqlite; case "$DATABASE_URL" in postgres*) db=postgres;; esac
printf '%-10s %-28s %12s %12s\n' database page requests/s p99
for page in /catalog/books/ "/catalog/books/?page=500" /catalog/book/1 /catalog/authors/ /catalog/bookinstances/ "/catalog/search/?q=volume+42" /healthz; do
	out=$(wrk -t2 -c"$conns" -d"$duration" --latency "http://127.0.0.1:$port$page")
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	p99=$(awk '$1=="99%" {print $2}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	printf '%-10s %-28s %12s %12s %s\n' "$db" "$page" "$rps" "$p99" "${non2xx:+($non2xx non-2xx)}"
done
