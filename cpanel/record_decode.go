package cpanel

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// UnmarshalJSON decodes a delivery record. Records are flat objects of
// strings, numbers and nulls, so a small scanner reads the common shapes
// directly (a busy account sends hundreds of thousands of them); anything
// unusual (escapes in keys, nested values, a word where a number belongs)
// goes through the lenient decoders of the field types instead.
func (r *DeliveryRecord) UnmarshalJSON(b []byte) error {
	var fast DeliveryRecord
	if scanRecord(&fast, b) {
		*r = fast
		return nil
	}
	type plain DeliveryRecord
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*r = DeliveryRecord(p)
	return nil
}

// scanRecord fills r from a flat JSON object and reports whether it could.
func scanRecord(r *DeliveryRecord, b []byte) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return true
	}
	for i < len(b) {
		if b[i] != '"' {
			return false
		}
		ks, ke, ok := plainString(b, i)
		if !ok {
			return false
		}
		key := b[ks:ke]
		for _, c := range key {
			if c >= 'A' && c <= 'Z' {
				return false // encoding/json folds case: let it decide
			}
		}
		i = skipWS(b, ke+1)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return false
		}
		// The value: a string, a number, null, true or false.
		var text string
		isString, isNull := false, false
		switch c := b[i]; {
		case c == '"':
			vs, ve, ok := plainString(b, i)
			if ok {
				text = string(b[vs:ve])
			} else {
				end, ok := stringEnd(b, i)
				if !ok || json.Unmarshal(b[i:end+1], &text) != nil {
					return false
				}
				ve = end
			}
			isString = true
			i = ve + 1
		case c == 'n' && len(b) >= i+4 && string(b[i:i+4]) == "null":
			isNull = true
			i += 4
		case c == 't' && len(b) >= i+4 && string(b[i:i+4]) == "true":
			text = "1"
			i += 4
		case c == 'f' && len(b) >= i+5 && string(b[i:i+5]) == "false":
			text = "0"
			i += 5
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.' || b[j] == 'e' || b[j] == 'E' || b[j] == '+' || b[j] == '-') {
				j++
			}
			text = string(b[i:j])
			i = j
		default:
			return false
		}
		if !r.set(string(key), text, isString, isNull) {
			return false
		}
		i = skipWS(b, i)
		if i >= len(b) {
			return false
		}
		if b[i] == '}' {
			return skipWS(b, i+1) == len(b)
		}
		if b[i] != ',' {
			return false
		}
		i = skipWS(b, i+1)
	}
	return false
}

// set stores one field; false means "let the slow path decide".
func (r *DeliveryRecord) set(key, text string, isString, isNull bool) bool {
	str := func(dst *String) bool {
		if !isNull {
			*dst = String(text)
		}
		return true
	}
	num := func() (float64, bool) {
		if isNull || text == "" {
			return 0, true
		}
		f, err := strconv.ParseFloat(text, 64)
		return f, err == nil
	}
	switch key {
	case "type":
		r.Type = EventType(text)
	case "user":
		return str(&r.User)
	case "domain":
		return str(&r.Domain)
	case "email":
		return str(&r.Email)
	case "sender":
		return str(&r.Sender)
	case "senderauth":
		return str(&r.SenderAuth)
	case "senderhost":
		return str(&r.SenderHost)
	case "senderip":
		return str(&r.SenderIP)
	case "msgid":
		return str(&r.MsgID)
	case "recipient":
		return str(&r.Recipient)
	case "deliveredto":
		return str(&r.DeliveredTo)
	case "deliveryuser":
		return str(&r.DeliveryUser)
	case "deliverydomain":
		return str(&r.DeliveryDomain)
	case "router":
		return str(&r.Router)
	case "transport":
		return str(&r.Transport)
	case "host":
		return str(&r.Host)
	case "ip":
		return str(&r.IP)
	case "message":
		return str(&r.Message)
	case "actiontime":
		return str(&r.ActionTime)
	case "spamscore":
		f, ok := num()
		r.SpamScore = Float(f)
		return ok
	case "size", "sendunixtime", "actionunixtime":
		f, ok := num()
		n := Int(int64(f + 0.5))
		if f < 0 {
			n = Int(int64(f - 0.5))
		}
		switch key {
		case "size":
			r.Size = n
		case "sendunixtime":
			r.SendUnixTime = n
		default:
			r.ActionUnixTime = n
		}
		return ok
	case "transport_is_remote":
		switch text {
		case "1", "true":
			r.TransportIsRemote = true
		case "0", "false", "":
			r.TransportIsRemote = false
		default:
			return false
		}
	}
	return true
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// plainString returns the bounds of the string starting at b[i] when it
// has no escapes.
func plainString(b []byte, i int) (start, end int, ok bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '"':
			// encoding/json replaces invalid UTF-8: let it.
			return i + 1, j, utf8.Valid(b[i+1 : j])
		case '\\':
			return 0, 0, false
		}
		if b[j] < 0x20 {
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// stringEnd returns the index of the closing quote of the string at b[i].
func stringEnd(b []byte, i int) (int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j, true
		}
	}
	return 0, false
}
