#!/usr/bin/env bash
# Scale benchmark: does every page cost the same on a small and a very large catalog?
#
# Seeds two fresh PostgreSQL databases (SMALL=1000 and LARGE=1000000 synthetic books), serves
# each in turn, loads each page with wrk, replays the session storage's SQL pair with pgbench on
# the same database (the ceiling of the home page), and prints one table: requests/s, p50, p99,
# SQL statements per request and the server's peak RSS per page, with the large/small ratio per
# page and the home page's share of the ceiling. A bare handler sending only the home page's
# statements (bench/barehome) is loaded as the home page is, to show how much of the ceiling any
# server could reach on the machine. The table is also written to bench/results/<date>-scale.md.
#
#   make bench-scale
#   BENCH_DATABASE_URL=postgres://user:pass@host:5432/postgres?sslmode=disable make bench-scale
#
# Needs wrk, pgbench and psql (apt-get install wrk postgresql-client) and a PostgreSQL role that
# may create databases. SMALL, LARGE, DURATION (default 10s), CONNECTIONS (default 16), PORT and
# KEEP_DATABASES=1 (keep the two databases for another run: REUSE=1 skips seeding them) and
# LOANS_PER_BOOK (default 5: the synthetic loan history, `seed --loans`) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk pgbench psql go; do
	command -v "$tool" >/dev/null || { echo "bench-scale needs $tool (apt-get install wrk postgresql-client)"; exit 1; }
done
small=${SMALL:-1000} large=${LARGE:-1000000} duration=${DURATION:-10s} conns=${CONNECTIONS:-16} port=${PORT:-3978}
admin_url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
prefix=${BENCH_DATABASE_PREFIX:-locallibrary_bench}
work=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	if [ "${KEEP_DATABASES:-0}" != 1 ]; then
		for size in small large; do psql -q "$admin_url" -c "DROP DATABASE IF EXISTS ${prefix}_$size" 2>/dev/null || true; done
	fi
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/locallibrary" .
go build -o "$work/barehome" ./bench/barehome
export SECRET_KEY=bench-scale-secret-key-0123456789abcdefghij RUN_MIGRATIONS=1 ADDR="127.0.0.1:$port" DEBUG=0 EMAIL_BACKEND=log
export LOCALLIBRARY_PASSWORD=bench-librarian-password-47

# db_url NAME: the URL of database NAME on the server of BENCH_DATABASE_URL.
db_url() { sed -E "s#^(postgres(ql)?://[^/]*)/[^?]*#\1/$1#" <<<"$admin_url"; }

# seed SIZE BOOKS: a fresh database with the sample catalog, a librarian, a superuser and BOOKS
# synthetic books.
seed() {
	local name=${prefix}_$1 url
	url=$(db_url "$name")
	if [ "${REUSE:-0}" = 1 ] && psql -qAt "$url" -c "SELECT 1 FROM catalog_counter LIMIT 1" >/dev/null 2>&1; then
		echo "seed $1: reusing $name" >&2
		# A database kept by an earlier version of this script may lack the superuser.
		DATABASE_URL=$url "$work/locallibrary" createsuperuser --no-input --username benchadmin >/dev/null 2>&1 || true
		return
	fi
	psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
	DATABASE_URL=$url "$work/locallibrary" seed >/dev/null
	DATABASE_URL=$url "$work/locallibrary" createuser benchlib --group Librarians --staff >/dev/null
	DATABASE_URL=$url "$work/locallibrary" createsuperuser --no-input --username benchadmin >/dev/null
	local t0 t1
	t0=$(date +%s.%N)
	DATABASE_URL=$url /usr/bin/time -f "%M" -o "$work/seed-$1.rss" "$work/locallibrary" seed --books "$2" >/dev/null 2>&1
	t1=$(date +%s.%N)
	# A loan history for the statistics page: LOANS_PER_BOOK returned loans a book (5,000,000 on
	# the large catalog) and an open loan per copy on loan.
	DATABASE_URL=$url "$work/locallibrary" seed --loans "$(($2 * ${LOANS_PER_BOOK:-5}))" >&2
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", b - a}') $(($(cat "$work/seed-$1.rss") / 1024))" >"$work/seed-$1"
	echo "seed $1: $2 books in $(cut -d' ' -f1 "$work/seed-$1") s, peak RSS $(cut -d' ' -f2 "$work/seed-$1") MB" >&2
}

# serve SIZE: start the server on that database; its log (one JSON line a request) is kept.
serve() {
	DATABASE_URL=$(db_url "${prefix}_$1") "$work/locallibrary" serve 2>"$work/serve-$1.log" &
	pid=$!
	for _ in $(seq 1 100); do curl -fsS "http://$ADDR/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
	echo "the server did not start:"; cat "$work/serve-$1.log"; exit 1
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

# cookies N: N kept sessions, as Cookie header values. Each has seen the home page twice: a
# first visit is not stored (its cookie holds a pending id), the second stores the session.
cookies() {
	local jar=$work/cookie-jar
	for _ in $(seq 1 "$1"); do
		rm -f "$jar"
		curl -fsS -c "$jar" -o /dev/null "http://$ADDR/catalog/"
		curl -fsS -b "$jar" -c "$jar" -o /dev/null "http://$ADDR/catalog/"
		awk '$6 == "sessionid" {print "sessionid=" $7}' "$jar"
	done
}

# login_cookies USER N: N sessions of USER (the librarian or the superuser), each logged in
# through the login form.
login_cookies() {
	local jar=$work/jar token
	for _ in $(seq 1 "$2"); do
		rm -f "$jar"
		token=$(curl -fsS -c "$jar" "http://$ADDR/accounts/login/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -n1)
		curl -fsS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrfmiddlewaretoken=$token" \
			--data-urlencode "username=$1" --data-urlencode "password=$LOCALLIBRARY_PASSWORD" "http://$ADDR/accounts/login/"
		awk '$6 == "sessionid" {print "sessionid=" $7}' "$jar"
	done
}

# wrk_script FILE: a wrk script sending, in turn, each of the Cookie values read from stdin. The
# requests of one session wait for each other (one at a time per process), so each load uses
# more sessions than connections, as many browsers would.
wrk_script() {
	awk 'BEGIN {printf "cookies = {"} {printf "%s\"%s\"", (NR > 1 ? ", " : ""), $0} END {print "}"}' >"$1"
	cat >>"$1" <<'EOF'
local i = 0
request = function()
	i = i % #cookies + 1
	return wrk.format(nil, nil, {Cookie = cookies[i]})
end
EOF
}

# paths SIZE: "name|path" lines of the pages to load; the ids are the same kind of row on
# either database (the middle book, the first synthetic genre and language, a deep linked page).
paths() {
	local url q book genre lang deep after
	url=$(db_url "${prefix}_$1")
	q() { psql -qAt "$url" -c "$1"; }
	book=$(q "SELECT id FROM catalog_book ORDER BY id OFFSET (SELECT count(*) / 2 FROM catalog_book) LIMIT 1")
	genre=$(q "SELECT min(id) FROM catalog_genre WHERE name LIKE 'Synthetic genre%'")
	lang=$(q "SELECT min(id) FROM catalog_language WHERE name LIKE 'Synthetic language%'")
	deep=$(q "SELECT (value / 10) / 2 FROM catalog_counter WHERE name = 'book' AND parent_id = 0")
	after=$(q "SELECT id FROM catalog_book ORDER BY title, author_last_name, author_first_name, id OFFSET ($deep - 1) * 10 - 1 LIMIT 1")
	cat <<EOF
home (kept session)|/catalog/
book list page 1|/catalog/books/
book list last page|/catalog/books/?page=last
book list middle page, linked|/catalog/books/?page=$deep&after=$after
book detail|/catalog/book/$book
author list last page|/catalog/authors/?page=last
copies list page 1|/catalog/bookinstances/
copies list last page|/catalog/bookinstances/?page=last
genre detail|/catalog/genre/$genre
genre detail last page|/catalog/genre/$genre?page=last
language detail last page|/catalog/language/$lang?page=last
all borrowed last page (librarian)|/catalog/borrowed/?page=last
statistics (librarian)|/catalog/stats/
search "4242"|/catalog/search/?q=4242
search "volume" (in every book)|/catalog/search/?q=volume
admin dashboard (superuser)|/admin/
admin book list page 1 (superuser)|/admin/catalog/book/
admin book list last page (superuser)|/admin/catalog/book/?page=last
admin book list by author, last page (superuser)|/admin/catalog/book/?o=1&page=last
admin copy list page 1 (superuser)|/admin/catalog/bookinstance/
admin copies on loan, last page (superuser)|/admin/catalog/bookinstance/?status__exact=o&page=last
EOF
}

# load SIZE NAME PATH: wrk on one page; prints "req/s p50 p99 sql/request rss_MB errors".
load() {
	local size=$1 name=$2 path=$3 script=() log=$work/serve-$1.log
	case "$name" in
	home*) script=(-s "$work/cookies.lua") ;;
	*librarian*) script=(-s "$work/librarian.lua") ;;
	*superuser*) script=(-s "$work/superuser.lua") ;;
	esac
	wrk -t2 -c"$conns" -d2s "${script[@]}" "http://$ADDR$path" >/dev/null
	echo 5 >"/proc/$pid/clear_refs"
	local from out
	from=$(wc -c <"$log")
	out=$(wrk -t2 -c"$conns" -d"$duration" --latency "${script[@]}" "http://$ADDR$path")
	sleep 0.2
	local rps p50 p99 errors sql rss
	rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	sql=$(tail -c +"$((from + 1))" "$log" | grep -o '"sql":[0-9]*' | awk -F: '{s += $2; n++} END {if (n) printf "%.2f", s / n; else print "-"}')
	rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
	echo "$rps $p50 $p99 $sql $rss ${errors:-0}"
}

# ceiling SIZE: pgbench replaying the session store's read and write (its statements, prepared:
# the storage's SELECT and the store's conditional UPDATE, on as many sessions as the home
# page's load uses) against that database, with the server stopped; prints pairs per second.
ceiling() {
	local url v
	url=$(db_url "${prefix}_$1")
	v=$(psql -qAt "$url" -c "SELECT encode(v, 'hex') FROM sessions ORDER BY length(v) DESC LIMIT 1")
	# Keys 1..64 (real ones are 43 random characters); the value is the largest real one, passed
	# as hex since pgbench has no binary parameters.
	psql -q "$url" -c "INSERT INTO sessions (k, v, e) SELECT n, decode('$v', 'hex'), 0 FROM generate_series(1, 64) n ON CONFLICT (k) DO NOTHING"
	cat >"$work/pair.sql" <<'EOF'
\set n random(1, 64)
SELECT v, e FROM sessions WHERE k = :n;
UPDATE sessions SET v = decode(:v, 'hex'), e = :e WHERE k = :n AND (e = 0 OR e > :now);
EOF
	pgbench -n -M prepared -c "$conns" -j 2 -T "${duration%s}" -D "v=$v" -D e=0 -D now="$(date +%s)" -f "$work/pair.sql" "$url" 2>"$work/pgbench.err" |
		awk '/^tps/ {printf "%.0f", $3}'
	psql -q "$url" -c "DELETE FROM sessions WHERE k ~ '^[0-9]+$'"
}

# bare SIZE [-counts]: the home page's load on bench/barehome, a bare handler sending only the
# session pair (and with -counts the counts read) through pgx, with the home page's sessions and
# body size; prints "req/s non-2xx".
bare() {
	DATABASE_URL=$(db_url "${prefix}_$1") "$work/barehome" -bytes "$home_bytes" "${@:2}" 2>>"$work/bare.log" &
	local bpid=$! out
	for _ in $(seq 1 100); do curl -sS -o /dev/null "http://$ADDR/" 2>/dev/null && break; sleep 0.1; done
	wrk -t2 -c"$conns" -d2s -s "$work/cookies.lua" "http://$ADDR/" >/dev/null
	out=$(wrk -t2 -c"$conns" -d"$duration" -s "$work/cookies.lua" "http://$ADDR/")
	kill "$bpid"
	wait "$bpid" 2>/dev/null || true
	echo "$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") $(awk '/Non-2xx/ {print $NF}' <<<"$out")"
}

seed small "$small"
seed large "$large"

declare -A result
for size in small large; do
	serve "$size"
	cookies 64 | wrk_script "$work/cookies.lua"
	home_bytes=$(curl -fsS "http://$ADDR/catalog/" | wc -c)
	login_cookies benchlib 32 | wrk_script "$work/librarian.lua"
	login_cookies benchadmin 32 | wrk_script "$work/superuser.lua"
	paths "$size" >"$work/paths-$size"
	while IFS='|' read -r name path; do
		echo "load $size: $name" >&2
		result[$size|$name]=$(load "$size" "$name" "$path")
	done <"$work/paths-$size"
	stop
	echo "pgbench $size: session pair" >&2
	result[$size|ceiling]=$(ceiling "$size")
	echo "bare handler $size: session pair, then with the counts read" >&2
	result[$size|bare2]=$(bare "$size")
	result[$size|bare3]=$(bare "$size" -counts)
done

# ratio SIZE A B: result A over result B (their first fields) on that catalog.
ratio() { awk -v a="${result[$1|$2]%% *}" -v b="${result[$1|$3]%% *}" 'BEGIN {printf "%.2f", a / b}'; }
# bare_cell SIZE KEY: a bare handler's req/s, with its non-2xx responses if any.
bare_cell() {
	local rps errors
	read -r rps errors <<<"${result[$1|$2]}"
	echo "$rps${errors:+ (non-2xx: $errors)}"
}

mkdir -p bench/results
out=bench/results/$(date +%F)-scale.md
{
	echo "# Scale benchmark, $(date +%F)"
	echo
	echo "$(nproc) cores ($(uname -m)), $(psql -qAt "$admin_url" -c 'SHOW server_version'), wrk -t2 -c$conns -d$duration per page after a 2 s warm-up."
	echo "Small: $small books; large: $large books (\`seed --books\`, three copies each)."
	if [ -f "$work/seed-large" ]; then
		echo "Seed of the large catalog: $(cut -d' ' -f1 "$work/seed-large") s, peak RSS $(cut -d' ' -f2 "$work/seed-large") MB."
	else
		echo "The catalogs of an earlier run were reused (REUSE=1): no seed time."
	fi
	echo "sql/req: SQL statements per request, from the request log; RSS: the server's peak resident memory during the page's load (MB)."
	echo
	echo "| page | small req/s | p50 | p99 | sql/req | RSS | large req/s | p50 | p99 | sql/req | RSS | large/small |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
	while IFS='|' read -r name _; do
		read -r srps sp50 sp99 ssql srss serr <<<"${result[small|$name]}"
		read -r lrps lp50 lp99 lsql lrss lerr <<<"${result[large|$name]}"
		note=""
		[ "$serr$lerr" != "00" ] && note=" (non-2xx: $serr / $lerr)"
		echo "| $name$note | $srps | $sp50 | $sp99 | $ssql | $srss | $lrps | $lp50 | $lp99 | $lsql | $lrss | $(awk -v a="$lrps" -v b="$srps" 'BEGIN {printf "%.2f", a / b}') |"
	done <"$work/paths-small"
	echo
	echo "The home page against the session pair's ceiling. The bare handler (bench/barehome) sends the same"
	echo "statements as the home page through pgx and does nothing else, under the same load (wrk, the same"
	echo "sessions, a body of the page's size): the most any home page sending them could serve here."
	echo
	echo "| | small | large |"
	echo "|---|---|---|"
	echo "| ceiling: pgbench -M prepared -c$conns, the session read and write (pairs/s) | ${result[small|ceiling]} | ${result[large|ceiling]} |"
	echo "| bare handler, the session pair (req/s) | $(bare_cell small bare2) | $(bare_cell large bare2) |"
	echo "| bare handler, the session pair and the counts read (req/s) | $(bare_cell small bare3) | $(bare_cell large bare3) |"
	home="home (kept session)"
	echo "| home page (req/s) | ${result[small|$home]%% *} | ${result[large|$home]%% *} |"
	echo "| **home page / ceiling** | $(ratio small "$home" ceiling) | $(ratio large "$home" ceiling) |"
	echo "| bare handler, the pair / ceiling | $(ratio small bare2 ceiling) | $(ratio large bare2 ceiling) |"
	echo "| bare handler, three statements / ceiling | $(ratio small bare3 ceiling) | $(ratio large bare3 ceiling) |"
	echo "| home page / bare handler, three statements | $(ratio small "$home" bare3) | $(ratio large "$home" bare3) |"
} | tee "$out"
echo
echo "written to $out"
