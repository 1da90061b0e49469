package metrics

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector reports the pgx connection pool's statistics (pgxpool.Stat) at each scrape.
type poolCollector struct {
	pool                                                   *pgxpool.Pool
	max, conns, acquires, empty, canceled, acquireDuration *prometheus.Desc
}

func newPoolCollector(pool *pgxpool.Pool) poolCollector {
	desc := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("locallibrary_db_pool_"+name, help, labels, nil)
	}
	return poolCollector{
		pool:            pool,
		max:             desc("max_connections", "Most connections the PostgreSQL pool opens (DB_MAX_CONNS)."),
		conns:           desc("connections", "PostgreSQL pool connections by state: acquired (in use), idle, constructing.", "state"),
		acquires:        desc("acquires_total", "Connections handed out by the PostgreSQL pool."),
		empty:           desc("empty_acquires_total", "Acquires that found no idle connection and waited for one."),
		canceled:        desc("canceled_acquires_total", "Acquires given up because their context ended first."),
		acquireDuration: desc("acquire_seconds_total", "Time spent acquiring connections, in all."),
	}
}

// Describe sends the descriptions of the pool's metrics.
func (p poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{p.max, p.conns, p.acquires, p.empty, p.canceled, p.acquireDuration} {
		ch <- d
	}
}

// Collect reads the pool's statistics once and sends them.
func (p poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := p.pool.Stat()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(p.max, float64(s.MaxConns()))
	gauge(p.conns, float64(s.AcquiredConns()), "acquired")
	gauge(p.conns, float64(s.IdleConns()), "idle")
	gauge(p.conns, float64(s.ConstructingConns()), "constructing")
	counter(p.acquires, float64(s.AcquireCount()))
	counter(p.empty, float64(s.EmptyAcquireCount()))
	counter(p.canceled, float64(s.CanceledAcquireCount()))
	counter(p.acquireDuration, s.AcquireDuration().Seconds())
}
