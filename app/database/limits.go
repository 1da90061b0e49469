package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"
	"github.com/mattn/go-sqlite3"
)

// DefaultConnectTimeout bounds a new PostgreSQL connection (TCP, TLS and authentication) when
// DATABASE_URL sets no connect_timeout: an unreachable server costs a request this long at most.
const DefaultConnectTimeout = 3 * time.Second

// setLimits gives every pooled connection server-side limits derived from the request deadline,
// unless DATABASE_URL sets them (?statement_timeout=...): a statement outliving its request, a
// lock wait and a transaction left idle by a stuck handler are ended by the server itself, even
// when the client's cancellation cannot reach it. With no request deadline (the operator
// commands: migrate, seed) there are none.
func setLimits(cc *pgx.ConnConfig, requestTimeout time.Duration) {
	if cc.ConnectTimeout == 0 {
		cc.ConnectTimeout = DefaultConnectTimeout
	}
	params := map[string]time.Duration{
		"statement_timeout": requestTimeout,
		// Half the deadline: a request stuck behind a lock fails while it can still answer.
		"lock_timeout":                        requestTimeout / 2,
		"idle_in_transaction_session_timeout": requestTimeout,
	}
	if _, ok := cc.RuntimeParams["application_name"]; !ok {
		cc.RuntimeParams["application_name"] = "locallibrary"
	}
	if requestTimeout <= 0 {
		return
	}
	// The site's connections only (the commands' bulk statements gain from both): no JIT
	// compilation. It pays off for long analytic queries, while a page's few statements
	// would each wait for it (150 ms and more) whenever the planner's cost estimate crosses
	// jit_above_cost, as a search's can at a million books. DATABASE_URL may turn it back on.
	if _, ok := cc.RuntimeParams["jit"]; !ok {
		cc.RuntimeParams["jit"] = "off"
	}
	// Every execution of a prepared statement gets a plan for its own values: a generic plan,
	// which PostgreSQL may switch to after five executions, would search a common word through
	// the trigram index as it searches a rare one (800 ms instead of 10 at a million books).
	if _, ok := cc.RuntimeParams["plan_cache_mode"]; !ok {
		cc.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	for name, d := range params {
		if _, ok := cc.RuntimeParams[name]; !ok {
			cc.RuntimeParams[name] = strconv.FormatInt(d.Milliseconds(), 10)
		}
	}
}

// busyTimeout is how long an SQLite statement waits for another writer's lock. SQLite's wait
// does not heed the request's context, so it stays within half the request deadline; the
// commands (no deadline) wait ten seconds.
func busyTimeout(requestTimeout time.Duration) time.Duration {
	if requestTimeout <= 0 {
		return 10 * time.Second
	}
	return requestTimeout / 2
}

// Unavailable reports whether err means the database did not answer — unreachable, too slow,
// locked, restarting, or the request's deadline passed — rather than a fault of the request or
// of the code: the site answers 503 and the client may try again.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57014", // query_canceled: statement_timeout
			"55P03",                   // lock_not_available: lock_timeout
			"25P03",                   // idle_in_transaction_session_timeout
			"57P01", "57P02", "57P03", // the server is shutting down or starting
			"53300": // too_many_connections
			return true
		}
		return pgErr.Code[:2] == "08" // connection exceptions
	}
	var sqliteErr sqlite3.Error
	if errors.As(err, &sqliteErr) {
		return sqliteErr.Code == sqlite3.ErrBusy || sqliteErr.Code == sqlite3.ErrLocked
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return pgconn.Timeout(err) || errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, puddle.ErrClosedPool) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn)
}
