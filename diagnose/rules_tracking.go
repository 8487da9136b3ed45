package diagnose

import (
	"fmt"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// Rules about the delivery log itself: whether it could be read whole,
// and what its silence means.

func trackingUnavailable(e *Env) []Finding {
	s := e.S
	var out []Finding
	track := covErr(s, SrcTrack)
	switch {
	case track != "":
		out = append(out, e.Finding(s.Account,
			msg.New(".title"),
			msg.New(".detail", "Track", track),
			msg.New(".remedy"),
			Evidence{Source: SrcTrack, Key: "error", Value: track}))
	case s.StatsDBStatus != "" && s.StatsDBStatus != "active":
		out = append(out, e.Finding(s.Account,
			msg.New(".title.delivery-statistics-database", "StatsDBStatus", s.StatsDBStatus),
			msg.New(".detail.track-delivery-reads"),
			msg.New(".remedy.wait-import-update"),
			Evidence{Source: SrcStatsDB, Key: "status", Value: s.StatsDBStatus}))
	}
	if s.DeliveriesCapped {
		out = append(out, e.Finding(s.Account,
			msg.New(".title.cpanel-capped-delivery"),
			msg.New(".detail.cpanel-returned-only", "Since", s.Since, "Until", s.Until),
			msg.New(".remedy.narrow-window-since"),
			Evidence{Source: SrcTrack, Key: "metadata.overflowed", Value: "1"}))
	}
	return out
}

func noDeliveryRecord(e *Env) []Finding {
	s := e.S
	t := s.Target
	if t.Kind != TargetAddress || !s.Covered(SrcTrack) || s.DeliveriesCapped {
		return nil
	}
	for _, d := range e.Deliveries {
		if strings.EqualFold(string(d.Record.Recipient), t.Value) || strings.EqualFold(string(d.Record.Email), t.Value) {
			return nil
		}
	}
	ev := []Evidence{{Source: SrcTrack, Key: "records to or from " + t.Value, Value: fmt.Sprintf("0 between %s and %s", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339))}}
	for _, m := range s.MX {
		if strings.EqualFold(m.Domain, t.Domain()) {
			ev = append(ev, Evidence{Source: SrcMX, Key: m.Domain + " mx", Value: m.MX})
		}
	}
	return []Finding{e.Finding(t.Value,
		msg.New(".title", "Address", t.Value),
		msg.New(".detail"),
		msg.New(".remedy"),
		ev...)}
}
