package middleware

import (
	"bytes"
	"mime/multipart"
	"testing"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// clean reports whether b is text CheckInput lets through.
func clean(b []byte) bool { return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 }

// inputApp is CheckInput in front of a handler that reads the request as the site does and
// fails (500) when any text it sees is not clean.
func inputApp() fasthttp.RequestHandler {
	app := fiber.New()
	app.Use(CheckInput("sessionid"))
	app.All("/*", func(c *fiber.Ctx) error {
		ok := clean([]byte(c.Path()))
		visit := func(k, v []byte) { ok = ok && clean(k) && clean(v) }
		c.Request().URI().QueryArgs().VisitAll(visit)
		c.Request().PostArgs().VisitAll(visit)
		c.Request().Header.VisitAllCookie(func(k, v []byte) {
			if string(k) != "sessionid" {
				visit(k, v)
			}
		})
		if form, err := c.MultipartForm(); err == nil {
			for k, vs := range form.Value {
				for _, v := range vs {
					visit([]byte(k), []byte(v))
				}
			}
			for k, fs := range form.File {
				for _, fh := range fs {
					visit([]byte(k), []byte(fh.Filename))
				}
			}
		}
		if !ok {
			return c.SendStatus(fiber.StatusInternalServerError)
		}
		return c.SendStatus(fiber.StatusOK)
	})
	return app.Handler()
}

// FuzzCheckInput sends arbitrary paths, queries, cookies and bodies (URL-encoded and
// multipart) through CheckInput: whatever it lets through is clean UTF-8 text, and what it
// refuses gets 400.
func FuzzCheckInput(f *testing.F) {
	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	w.SetBoundary("XXboundaryXX")
	w.WriteField("username", "member")
	fw, _ := w.CreateFormFile("upload", "café.txt")
	fw.Write([]byte("\x00\xff"))
	w.Close()
	f.Add("/catalog/", "q=wind", "theme=dark", []byte("username=x"), false)
	f.Add("/catalog/%FF", "q=%E6%9D", "a=\xff", []byte("u=%00"), false)
	f.Add("/a%00b", "%C3=1&x", "sessionid=\xff\x00", []byte("=&&="), false)
	f.Add("/accounts/login/", "", "", mp.Bytes(), true)
	handle := inputApp()
	f.Fuzz(func(t *testing.T, path, query, cookie string, body []byte, multipartBody bool) {
		ctx := &fasthttp.RequestCtx{}
		ctx.Request.Header.SetMethod(fiber.MethodPost)
		ctx.Request.SetRequestURI(path + "?" + query)
		ctx.Request.Header.Set(fiber.HeaderCookie, cookie)
		if multipartBody {
			ctx.Request.Header.SetContentType("multipart/form-data; boundary=XXboundaryXX")
		} else {
			ctx.Request.Header.SetContentType(fiber.MIMEApplicationForm)
		}
		ctx.Request.SetBody(body)
		handle(ctx)
		switch status := ctx.Response.StatusCode(); status {
		case fiber.StatusOK, fiber.StatusBadRequest:
		default:
			t.Errorf("status %d for path %q query %q cookie %q body %q", status, path, query, cookie, body)
		}
	})
}
