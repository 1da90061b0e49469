package config

import (
	"strings"
	"time"
)

// Circulation holds the rules of holds and notices.
type Circulation struct {
	// HoldLimit is the most active holds (waiting or ready) one member may have.
	HoldLimit int
	// HoldPickupDays is how long a copy set aside for a hold waits for its member.
	HoldPickupDays int
	// HoldRefuseOverdue refuses new holds to members with an overdue loan.
	HoldRefuseOverdue bool
	// NotifyInterval is how often serve expires pickup windows and sends notices (across all
	// instances, once per interval); 0 turns the scheduler off, leaving it to `notify`.
	NotifyInterval time.Duration
}

// circulation reads HOLD_LIMIT (default 5), HOLD_PICKUP_DAYS (default 7),
// HOLD_REFUSE_OVERDUE (default on) and NOTIFY_INTERVAL (default 15m; 0 for none).
func (p *parser) circulation() Circulation {
	c := Circulation{
		HoldLimit:         p.integer("HOLD_LIMIT", 5, 1, 1000),
		HoldPickupDays:    p.integer("HOLD_PICKUP_DAYS", 7, 1, 365),
		HoldRefuseOverdue: p.boolean("HOLD_REFUSE_OVERDUE", true),
	}
	if v := strings.TrimSpace(p.getenv("NOTIFY_INTERVAL")); v == "0" || v == "off" {
		return c
	}
	c.NotifyInterval = p.duration("NOTIFY_INTERVAL", 15*time.Minute)
	if c.NotifyInterval < time.Minute || c.NotifyInterval > 24*time.Hour {
		p.fail("NOTIFY_INTERVAL", "%s is not between 1m and 24h, or 0 for none", c.NotifyInterval)
	}
	return c
}
