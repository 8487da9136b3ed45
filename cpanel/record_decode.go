package cpanel

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// UnmarshalJSON decodes a delivery record. Records are flat objects of
// strings, numbers and nulls, so a small scanner reads the common shapes
// directly (a busy account sends hundreds of thousands of them); anything
// else (a key the scanner does not know, escapes in keys, nested values, a
// word where a number belongs) sends the whole record through
// encoding/json and the lenient decoders of the field types instead, so
// the result is always the one encoding/json gives.
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

// valueKind is the JSON type of one scanned value.
type valueKind uint8

const (
	kindString valueKind = iota
	kindNumber
	kindNull
	kindBool
)

// scanRecord fills r from a flat JSON object and reports whether it could;
// false means "let encoding/json decide".
func scanRecord(r *DeliveryRecord, b []byte) bool {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipWS(b, i+1) == len(b)
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
		var kind valueKind
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
			kind = kindString
			i = ve + 1
		case c == 'n' && len(b) >= i+4 && string(b[i:i+4]) == "null":
			kind = kindNull
			i += 4
		case c == 't' && len(b) >= i+4 && string(b[i:i+4]) == "true":
			text, kind = "true", kindBool
			i += 4
		case c == 'f' && len(b) >= i+5 && string(b[i:i+5]) == "false":
			text, kind = "false", kindBool
			i += 5
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.' || b[j] == 'e' || b[j] == 'E' || b[j] == '+' || b[j] == '-') {
				j++
			}
			text, kind = string(b[i:j]), kindNumber
			i = j
		default:
			return false
		}
		if !r.set(string(key), text, kind) {
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

// set stores one field as encoding/json would (through the field types'
// UnmarshalJSON); false means "let encoding/json decide": the key is not
// one of DeliveryRecord's JSON tags spelled exactly (encoding/json also
// matches other spellings, and ignores keys that are no tag at all), or
// the value is one the scanner does not read the same way.
func (r *DeliveryRecord) set(key, text string, kind valueKind) bool {
	// str: String keeps numbers and booleans as written; null is "".
	str := func(dst *String) bool {
		*dst = String(text)
		return true
	}
	switch key {
	case "type":
		// EventType is a plain string: null leaves it as it was, a
		// number or a boolean is an error.
		switch kind {
		case kindString:
			r.Type = EventType(text)
		case kindNull:
		default:
			return false
		}
		return true
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
		f, ok := scanNumber(text, kind)
		r.SpamScore = Float(f)
		return ok
	case "size", "sendunixtime", "actionunixtime":
		f, ok := scanNumber(text, kind)
		n := Int(math.Round(f)) // as Int.UnmarshalJSON rounds
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
		switch {
		case kind == kindNull, kind == kindBool && text == "false", kind != kindBool && (text == "0" || text == ""):
			r.TransportIsRemote = false
		case kind == kindBool && text == "true", kind != kindBool && text == "1":
			r.TransportIsRemote = true
		default:
			return false // "yes", "off", 2, …: Bool.UnmarshalJSON decides
		}
		return true
	}
	return false // a key the scanner does not know
}

// scanNumber reads a value for Int or Float as looseNumber does, for the
// plain forms only: a JSON number, a string of digits, sign, point and
// exponent, "", null, true or false. Anything else (spaces, thousands
// separators, "NaN", "unlimited") is left to looseNumber.
func scanNumber(text string, kind valueKind) (float64, bool) {
	switch kind {
	case kindNull:
		return 0, true
	case kindBool:
		if text == "true" {
			return 1, true
		}
		return 0, true
	case kindString:
		if text == "" {
			return 0, true
		}
		for i := 0; i < len(text); i++ {
			if c := text[i]; !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				return 0, false
			}
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	return f, err == nil
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
