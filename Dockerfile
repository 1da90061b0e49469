# syntax=docker/dockerfile:1

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 go build -buildvcs=false -trimpath -ldflags="-s -w" -o /out/locallibrary .

FROM gcr.io/distroless/base-debian12:nonroot AS runtime
COPY --from=build --chmod=0555 /out/locallibrary /app/locallibrary
# The embedded SQLite fallback writes db.sqlite3 into the working directory, so it must be writable.
WORKDIR /home/nonroot
EXPOSE 3000
USER nonroot:nonroot
ENTRYPOINT ["/app/locallibrary"]
CMD ["serve"]
