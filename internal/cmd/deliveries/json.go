package deliveries

import (
	"strconv"
	"time"

	"github.com/cpmail/cpmail/internal/render"
)

// AppendJSON writes the row as an indented element of a JSON array, the
// same document encoding/json would write, without reflection: a long
// `deliveries -o json` spends most of its time here otherwise.
func (r deliveryRow) AppendJSON(b []byte) []byte {
	field := func(b []byte, key string, first bool) []byte {
		if first {
			b = append(b, "{\n    \""...)
		} else {
			b = append(b, ",\n    \""...)
		}
		b = append(b, key...)
		return append(b, "\": "...)
	}
	str := func(b []byte, key, v string) []byte { return render.AppendString(field(b, key, false), v) }
	b = field(b, "time", true)
	b = append(b, '"')
	b = r.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	b = field(b, "sent_time", false)
	if r.SentTime == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = r.SentTime.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	b = str(b, "type", r.Type)
	if r.Reason != "" {
		b = str(b, "reason", r.Reason)
	}
	b = str(b, "sender", r.Sender)
	b = str(b, "recipient", r.Recipient)
	b = str(b, "message", r.Message)
	b = str(b, "msgid", r.MsgID)
	b = str(b, "router", r.Router)
	b = str(b, "transport", r.Transport)
	b = str(b, "host", r.Host)
	b = str(b, "ip", r.IP)
	b = str(b, "sender_host", r.SenderHost)
	b = str(b, "sender_ip", r.SenderIP)
	b = str(b, "sender_auth", r.SenderAuth)
	b = str(b, "user", r.User)
	b = str(b, "domain", r.Domain)
	b = appendOptional(field(b, "delivered_to", false), r.DeliveredTo)
	b = strconv.AppendInt(field(b, "size", false), r.Size, 10)
	b = strconv.AppendFloat(field(b, "spam_score", false), r.SpamScore, 'f', -1, 64)
	if a := r.rowAdvice; a != nil {
		b = field(b, "provider", false)
		b = appendOptional(b, a.Provider)
		b = strconv.AppendBool(field(b, "retryable", false), a.Retryable)
		b = field(b, "docs_url", false)
		b = appendOptional(b, a.DocsURL)
		b = strconv.AppendBool(field(b, "guessed", false), a.Guessed)
	}
	return append(b, "\n  }"...)
}

// appendOptional writes s as a JSON string, or null when it is nil.
func appendOptional(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return render.AppendString(b, *s)
}
