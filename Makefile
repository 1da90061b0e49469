# LocalLibrary — common tasks. `make test` is the test command CI runs.

GO ?= go
TESTFLAGS ?=

.PHONY: run test vet build seed migrate assets

## run: serve the site on the embedded SQLite default at http://localhost:3000
run:
	$(GO) run .

## test: vet, then every test on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set
test: vet
	$(GO) test -count=1 $(TESTFLAGS) ./...

vet:
	$(GO) vet ./...

## build: a static-ish binary in bin/
build:
	CGO_ENABLED=1 $(GO) build -trimpath -o bin/locallibrary .

seed:
	$(GO) run . seed

migrate:
	$(GO) run . migrate up

## assets: refresh the vendored Bootstrap from its npm package
assets:
	npm install --no-save --no-audit --no-fund bootstrap@5.3.8
	cp node_modules/bootstrap/dist/css/bootstrap.min.css views/static/css/bootstrap.min.css
