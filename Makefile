# LocalLibrary — common tasks. `make test` is the test command CI runs.

GO ?= go
TESTFLAGS ?=

.PHONY: run test e2e vet bench bench-scale load fuzz build seed migrate assets passwords

## run: serve the site on the embedded SQLite default at http://localhost:3000
run:
	$(GO) run .

## test: vet, then every test on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set
## (the browser journeys of app/e2e skip without Chromium, unless LOCALLIBRARY_REQUIRE_E2E=1)
test: vet
	@command -v $${CHROMIUM:-/usr/bin/chromium} >/dev/null || \
		echo "make test: Chromium not found: the browser tests (app/e2e) will skip (apt-get install chromium)"
	$(GO) test -count=1 $(TESTFLAGS) ./...

## e2e: only the browser journeys, in headless Chromium (which they need); screenshots in app/e2e/screenshots
e2e:
	LOCALLIBRARY_REQUIRE_E2E=1 $(GO) test -count=1 -v $(TESTFLAGS) ./app/e2e/

vet:
	$(GO) vet ./...

## bench: CSV import and export of 100,000 books (one run each), then the page, render, pluralize
## and login benchmarks (PostgreSQL too when TEST_DATABASE_URL is set), and the statistics over a
## million loans (PostgreSQL only); compare runs with benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 -benchtime 1x ./app/csvio/
	$(GO) test -run '^$$' -bench . -benchmem -count=$(or $(COUNT),1) ./app/ ./app/render/

## bench-scale: every page on a 1,000-book and a 1,000,000-book PostgreSQL catalog, side by side,
## with the session storage's pgbench ceiling (BENCH_DATABASE_URL=postgres://... to pick the server)
bench-scale:
	bench/scale.sh

## load: serve a seeded catalog and load its pages with wrk (DATABASE_URL=postgres://... for PostgreSQL)
load:
	bench/load.sh

## fuzz: run every fuzz target for FUZZTIME (default 30s) each; `make test` runs their seeds
FUZZTIME ?= 30s
fuzz:
	@grep -r --include='*_test.go' -o '^func Fuzz[A-Za-z0-9_]*' . | while IFS=: read -r file fn; do \
		name=$${fn#func }; dir=$$(dirname "$$file"); echo "$$name ($$dir)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) "$$dir" || exit 1; \
	done

## build: a binary in bin/
build:
	CGO_ENABLED=1 $(GO) build -trimpath -o bin/locallibrary .

seed:
	$(GO) run . seed

migrate:
	$(GO) run . migrate up

## passwords: rebuild the common-password list from the zxcvbn-ts npm package (20,000 entries)
passwords:
	npm install --no-save --no-audit --no-fund @zxcvbn-ts/language-common@4.1.3
	node -e 'const l=require("./node_modules/@zxcvbn-ts/language-common/src/passwords.json");const s=[...new Set(l.map(p=>p.trim().toLowerCase()).filter(Boolean))].slice(0,20000);process.stdout.write(s.join("\n")+"\n")' | gzip -9n > app/auth/common-passwords.txt.gz

## assets: refresh the vendored Bootstrap from its npm package
assets:
	npm install --no-save --no-audit --no-fund bootstrap@5.3.8
	cp node_modules/bootstrap/dist/css/bootstrap.min.css views/static/css/bootstrap.min.css
