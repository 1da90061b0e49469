package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/metrics"
)

func TestDroppedSessionSaves(t *testing.T) {
	db := apptest.OpenDB(t, apptest.Config(t, apptest.SQLite))
	tests := []struct {
		name    string
		dropped func() float64
		want    string
	}{
		{"counted", func() float64 { return 7 }, "locallibrary_session_saves_dropped_total 7"},
		{"not wired", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			metrics.New(db, tt.dropped).Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
			body, _ := io.ReadAll(rec.Body)
			has := strings.Contains(string(body), "locallibrary_session_saves_dropped_total")
			if tt.want == "" && has || tt.want != "" && !strings.Contains(string(body), tt.want) {
				t.Errorf("want %q, got:\n%s", tt.want, body)
			}
		})
	}
}
