package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"locallibrary/app"
	"locallibrary/app/apptest"
)

// scrape returns a's metrics as Prometheus would read them.
func scrape(t *testing.T, a *app.App) string {
	t.Helper()
	rec := httptest.NewRecorder()
	a.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics: %d\n%s", rec.Code, body)
	}
	return string(body)
}

func TestMetrics(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		c := apptest.NewClient(t, a)
		for range 2 {
			apptest.Status(t, c.Get("/catalog/book/1"), 200)
		}
		apptest.Status(t, c.Get("/catalog/book/999999"), 404)
		apptest.Status(t, c.Get("/catalog/no-such-page/42"), 404)
		apptest.Status(t, c.Get("/catalog/search/?q=%FF"), 400)
		apptest.Status(t, c.Get("/static/css/bootstrap.min.css"), 200)
		apptest.Status(t, c.Get("/catalog/books"), 301)
		addr := apptest.Serve(t, a)
		apptest.Raw(t, addr, []byte("GET / HTTP/1.1\r\nHost: x\r\nCookie: "+strings.Repeat("a", 64<<10)+"\r\n\r\n"))

		got := scrape(t, a)
		apptest.Contains(t, got,
			`locallibrary_http_requests_total{method="GET",route="book-detail",status="200"} 2`,
			`locallibrary_http_requests_total{method="GET",route="book-detail",status="404"} 1`,
			// Refused by the input check, before routing.
			`locallibrary_http_requests_total{method="GET",route="/",status="400"} 1`,
			// No route: the 404 page.
			`locallibrary_http_requests_total{method="GET",route="/",status="404"} 1`,
			`locallibrary_http_requests_total{method="GET",route="/static",status="200"} 1`,
			`locallibrary_http_requests_total{method="GET",route="/catalog/books",status="301"} 1`,
			`locallibrary_http_requests_total{method="GET",route="(refused)",status="431"} 1`,
			`locallibrary_http_request_duration_seconds_bucket{method="GET",route="book-detail",le="0.25"}`,
			`locallibrary_http_request_duration_seconds_count{method="GET",route="book-detail"} 3`,
			`go_sql_open_connections{db_name="`+a.DB.Dialect+`"}`,
			`go_goroutines `,
			"locallibrary_session_saves_dropped_total 0",
		)
		// The raw paths never become labels: the series are those of the route table.
		apptest.Excludes(t, got, "no-such-page", `route="/catalog/book/`)
		if dialect == apptest.Postgres {
			apptest.Contains(t, got, "locallibrary_db_pool_max_connections 20", `locallibrary_db_pool_connections{state="idle"}`,
				"locallibrary_db_pool_acquires_total ")
		}
	})
}
