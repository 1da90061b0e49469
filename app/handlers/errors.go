package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"locallibrary/models"
)

// Error is the app's one error handler: not-found and HTTP errors get their page, anything else
// is logged once with the request and shown as a generic 500 page.
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
	}
	if status >= 500 {
		h.Log.Error("request failed", "method", c.Method(), "path", c.Path(),
			"request_id", c.GetRespHeader(fiber.HeaderXRequestID), "err", err)
	}
	c.Response().Header.Del(fiber.HeaderLocation)
	name := "errors/error"
	switch status {
	case http.StatusNotFound, http.StatusForbidden, http.StatusInternalServerError:
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
	c.Status(status).Type("html", "utf-8")
	return nil
}
