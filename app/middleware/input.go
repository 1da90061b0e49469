package middleware

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Why CheckInput refuses a request (400).
var (
	errNUL       = fiber.NewError(fiber.StatusBadRequest, "Null characters are not allowed.")
	errNotUTF8   = fiber.NewError(fiber.StatusBadRequest, "The request is not valid UTF-8 text.")
	errMultipart = fiber.NewError(fiber.StatusBadRequest, "The form could not be read.")
)

// CheckInput refuses a request whose path, query, form (URL-encoded or multipart: field names,
// values and file names) or cookies carry a NUL character or bytes that are not UTF-8, after
// percent-decoding. PostgreSQL text can store neither, and no page of ours needs them, so such
// input gets the 400 page here rather than a database error later (Django's "Null characters
// are not allowed."). The cookie named skipCookie (the session's) is left to its own middleware,
// which starts a fresh session for a malformed one.
func CheckInput(skipCookie string) fiber.Handler {
	skip := []byte(skipCookie)
	return func(c *fiber.Ctx) error {
		req := c.Request()
		err := checkText(req.URI().Path())
		visit := func(k, v []byte) {
			if err == nil {
				err = checkText(k)
			}
			if err == nil {
				err = checkText(v)
			}
		}
		req.URI().QueryArgs().VisitAll(visit)
		req.PostArgs().VisitAll(visit)
		req.Header.VisitAllCookie(func(k, v []byte) {
			if !bytes.Equal(k, skip) {
				visit(k, v)
			}
		})
		if err == nil {
			err = checkMultipart(req)
		}
		if err != nil {
			return err
		}
		return c.Next()
	}
}

// checkMultipart checks the field names, values and file names of a multipart form; the files'
// contents are not text and are left alone.
func checkMultipart(req *fasthttp.Request) error {
	form, err := req.MultipartForm()
	if errors.Is(err, fasthttp.ErrNoMultipartForm) {
		return nil
	}
	if err != nil {
		return errMultipart
	}
	for k, vs := range form.Value {
		if err := checkText([]byte(k)); err != nil {
			return err
		}
		for _, v := range vs {
			if err := checkText([]byte(v)); err != nil {
				return err
			}
		}
	}
	for k, files := range form.File {
		if err := checkText([]byte(k)); err != nil {
			return err
		}
		for _, f := range files {
			if err := checkText([]byte(f.Filename)); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkText(b []byte) error {
	switch {
	case bytes.IndexByte(b, 0) >= 0:
		return errNUL
	case !utf8.Valid(b):
		return errNotUTF8
	}
	return nil
}
