package database

import (
	"context"
	"sync/atomic"

	"gorm.io/gorm"
)

// Statements counts the SQL statements sent on behalf of one request: the request log writes the
// count of each request, so a page whose statements grow with the catalog shows in the logs, and
// the scale benchmark reports it per page. Queries and commands count; BEGIN and COMMIT do not.
type Statements struct{ n atomic.Int64 }

type statementsKey struct{}

// WithStatements returns ctx carrying a new statement count, and the count.
func WithStatements(ctx context.Context) (context.Context, *Statements) {
	s := &Statements{}
	return context.WithValue(ctx, statementsKey{}, s), s
}

// CarryStatements returns ctx carrying the statement count of from, if from has one: for a
// context made afresh, not derived from the request's, whose statements still count for the
// request.
func CarryStatements(ctx, from context.Context) context.Context {
	if s, ok := from.Value(statementsKey{}).(*Statements); ok {
		return context.WithValue(ctx, statementsKey{}, s)
	}
	return ctx
}

// CountStatement adds one statement to the count ctx carries, if any.
func CountStatement(ctx context.Context) {
	if s, ok := ctx.Value(statementsKey{}).(*Statements); ok {
		s.n.Add(1)
	}
}

// Load returns the number of statements counted.
func (s *Statements) Load() int64 { return s.n.Load() }

// countStatements counts every statement GORM sends into the count its context carries.
func countStatements(g *gorm.DB) error {
	inc := func(tx *gorm.DB) {
		// A dry run renders a subquery into its statement; it sends nothing.
		if !tx.DryRun && tx.Statement.Context != nil {
			CountStatement(tx.Statement.Context)
		}
	}
	cb := g.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("locallibrary:statements", inc),
		cb.Row().After("gorm:row").Register("locallibrary:statements", inc),
		cb.Raw().After("gorm:raw").Register("locallibrary:statements", inc),
		cb.Create().After("gorm:create").Register("locallibrary:statements", inc),
		cb.Update().After("gorm:update").Register("locallibrary:statements", inc),
		cb.Delete().After("gorm:delete").Register("locallibrary:statements", inc),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
