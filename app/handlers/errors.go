package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"locallibrary/app/database"
	"locallibrary/app/request"
	"locallibrary/models"
)

// StatusClientClosedRequest is the status logged for a request whose client left before the
// answer (nginx's 499); nobody receives it.
const StatusClientClosedRequest = 499

// RetryAfter is the Retry-After of a 503, in seconds: a database that did not answer is often
// back that soon (a restart, a failover), and clients and proxies that honour it wait instead
// of retrying at once.
const RetryAfter = "5"

// Error is the app's one error handler: not-found and HTTP errors get their page, a database
// that does not answer in time the 503 page, anything else the generic 500 page. The request log
// line carries the error of a 5xx (request.Failure), so each failure is logged once.
func (h *Handlers) Error(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	detail := ""
	var fe *fiber.Error
	switch {
	case errors.Is(err, models.ErrNotFound):
		status = http.StatusNotFound
	case errors.As(err, &fe):
		status = fe.Code
		if fe.Message != utils.StatusMessage(fe.Code) {
			detail = fe.Message
		}
	case errors.Is(err, request.ErrClientGone):
		request.SetFailure(c, err)
		c.Response().ResetBody()
		return c.SendStatus(StatusClientClosedRequest)
	case database.Unavailable(err):
		status = http.StatusServiceUnavailable
	}
	if status >= 500 {
		request.SetFailure(c, err)
	}
	c.Response().Header.Del(fiber.HeaderLocation)
	name := "errors/error"
	switch status {
	case http.StatusNotFound, http.StatusForbidden, http.StatusInternalServerError, http.StatusServiceUnavailable:
		name = "errors/" + strconv.Itoa(status)
	}
	if status >= 500 {
		detail = ""
	}
	data := Data{"title": http.StatusText(status), "status": status, "status_text": http.StatusText(status), "detail": detail}
	h.common(c, data)
	c.Response().ResetBody()
	if rerr := h.Views.Page(c.Response().BodyWriter(), name, data); rerr != nil {
		h.Log.Error("error page failed", "path", c.Path(), "err", rerr)
		return c.Status(status).SendString(http.StatusText(status))
	}
	if status == http.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, RetryAfter)
	}
	c.Status(status).Type("html", "utf-8")
	return nil
}
