// Command barehome is a reference point for the scale benchmark: a bare Fiber handler that sends
// the home page's statements straight through pgx, and nothing else. It reads the session the
// sessionid cookie names and writes it back unchanged (the session pair); with -counts it also
// reads the home page's counters between the two, as the home page does. Its body is -bytes
// long, the size of the real page. What it serves per second under the same load is the most
// any home page sending those statements could serve on the same machine: the server's own work
// (sessions, templates, security middleware) costs nothing here.
//
//	DATABASE_URL=postgres://... ADDR=127.0.0.1:3979 go run ./bench/barehome -counts -bytes 2900
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"locallibrary/models"
)

func main() {
	counts := flag.Bool("counts", false, "also read the home page's counters")
	size := flag.Int("bytes", 2900, "the response body's length")
	flag.Parse()
	if err := run(os.Getenv("DATABASE_URL"), os.Getenv("ADDR"), *counts, *size); err != nil {
		fmt.Fprintln(os.Stderr, "barehome:", err)
		os.Exit(1)
	}
}

func run(url, addr string, counts bool, size int) error {
	if url == "" || addr == "" {
		return errors.New("DATABASE_URL and ADDR must be set")
	}
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		return err
	}
	defer pool.Close()
	names, body := models.IndexCounterNames(), strings.Repeat("x", size)
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), 5*time.Second)
		defer cancel()
		k := c.Cookies("sessionid")
		var v []byte
		var e int64
		err := pool.QueryRow(ctx, "SELECT v, e FROM sessions WHERE k = $1", k).Scan(&v, &e)
		if errors.Is(err, pgx.ErrNoRows) {
			return fiber.ErrNotFound
		} else if err != nil {
			return err
		}
		if counts {
			var total int64
			rows, _ := pool.Query(ctx, "SELECT name, value FROM catalog_counter WHERE name = ANY($1) AND parent_id = 0", names)
			if _, err := pgx.ForEachRow(rows, []any{new(string), &total}, func() error { return nil }); err != nil {
				return err
			}
		}
		if _, err := pool.Exec(ctx, "UPDATE sessions SET v = $1, e = $2 WHERE k = $3 AND (e = 0 OR e > $4)", v, e, k, time.Now().Unix()); err != nil {
			return err
		}
		c.Type("html")
		return c.SendString(body)
	})
	return app.Listen(addr)
}
