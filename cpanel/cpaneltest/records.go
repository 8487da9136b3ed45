package cpaneltest

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"
)

// row is one materialized delivery log record, with absolute times.
type row struct {
	Type, User, Domain, Email, Sender, SenderAuth, SenderHost, SenderIP string
	SpamScore                                                           *float64
	Size                                                                int64
	MsgID                                                               string
	SendUnix                                                            int64
	Recipient                                                           string
	DeliveredTo, DeliveryUser, DeliveryDomain, Router, Transport        NullString
	Host, IP                                                            NullString
	Message                                                             string
	ActionUnix                                                          int64
	Remote                                                              bool
}

// value returns the row's value of an EmailTrack column as text, and false
// when the column is SQL NULL.
func (r *row) value(col string) (string, bool) {
	ns := func(n NullString) (string, bool) { return n.Value, !n.Null }
	switch col {
	case "type":
		return r.Type, true
	case "user":
		return r.User, true
	case "domain":
		return r.Domain, true
	case "email":
		return r.Email, true
	case "sender":
		return r.Sender, true
	case "senderauth":
		return r.SenderAuth, true
	case "senderhost":
		return r.SenderHost, true
	case "senderip":
		return r.SenderIP, true
	case "spamscore":
		if r.SpamScore == nil {
			return "", true
		}
		return strconv.FormatFloat(*r.SpamScore, 'f', -1, 64), true
	case "size":
		return strconv.FormatInt(r.Size, 10), true
	case "msgid":
		return r.MsgID, true
	case "sendunixtime":
		return strconv.FormatInt(r.SendUnix, 10), true
	case "recipient":
		return r.Recipient, true
	case "deliveredto":
		return ns(r.DeliveredTo)
	case "deliveryuser":
		return ns(r.DeliveryUser)
	case "deliverydomain":
		return ns(r.DeliveryDomain)
	case "router":
		return ns(r.Router)
	case "transport":
		return ns(r.Transport)
	case "host":
		return ns(r.Host)
	case "ip":
		return ns(r.IP)
	case "message":
		return r.Message, true
	case "actionunixtime":
		return strconv.FormatInt(r.ActionUnix, 10), true
	}
	return "", false
}

// wireRecord is a record as EmailTrack::search sends it, keys in the
// alphabetical order cPanel's JSON encoder writes them. Fields typed any
// hold a number, or a string when the scenario sends numbers as strings,
// or nil for SQL NULL.
type wireRecord struct {
	ActionTime        string `json:"actiontime"`
	ActionUnixTime    any    `json:"actionunixtime"`
	DeliveredTo       any    `json:"deliveredto"`
	DeliveryDomain    any    `json:"deliverydomain"`
	DeliveryUser      any    `json:"deliveryuser"`
	Domain            string `json:"domain"`
	Email             string `json:"email"`
	Host              any    `json:"host"`
	IP                any    `json:"ip"`
	Message           string `json:"message"`
	MsgID             string `json:"msgid"`
	Recipient         string `json:"recipient"`
	Router            any    `json:"router"`
	Sender            string `json:"sender"`
	SenderAuth        string `json:"senderauth"`
	SenderHost        string `json:"senderhost"`
	SenderIP          string `json:"senderip"`
	SendUnixTime      any    `json:"sendunixtime"`
	Size              any    `json:"size"`
	SpamScore         any    `json:"spamscore"`
	Transport         any    `json:"transport"`
	TransportIsRemote any    `json:"transport_is_remote"`
	Type              string `json:"type"`
	User              string `json:"user"`
}

// json returns the record as EmailTrack::search sends it. Numbers are
// JSON numbers, or strings when asStrings is set; actiontime is written in
// the server's zone.
func (r *row) json(asStrings bool, zone *time.Location) wireRecord {
	num := func(n int64) any {
		if asStrings {
			return strconv.FormatInt(n, 10)
		}
		return n
	}
	var spam any = ""
	if r.SpamScore != nil {
		spam = *r.SpamScore
		if asStrings {
			spam = strconv.FormatFloat(*r.SpamScore, 'f', -1, 64)
		}
	}
	remote := int64(0)
	if r.Remote {
		remote = 1
	}
	ns := func(n NullString) any {
		if n.Null {
			return nil
		}
		return n.Value
	}
	return wireRecord{
		Type: r.Type, User: r.User, Domain: r.Domain, Email: r.Email, Sender: r.Sender,
		SenderAuth: r.SenderAuth, SenderHost: r.SenderHost, SenderIP: r.SenderIP,
		SpamScore: spam, Size: num(r.Size), MsgID: r.MsgID, SendUnixTime: num(r.SendUnix),
		Recipient: r.Recipient, DeliveredTo: ns(r.DeliveredTo), DeliveryUser: ns(r.DeliveryUser),
		DeliveryDomain: ns(r.DeliveryDomain), Router: ns(r.Router), Transport: ns(r.Transport),
		Host: ns(r.Host), IP: ns(r.IP), Message: r.Message,
		ActionTime:     time.Unix(r.ActionUnix, 0).In(zone).Format("2006-01-02 15:04:05"),
		ActionUnixTime: num(r.ActionUnix), TransportIsRemote: num(remote),
	}
}

// materialize turns the scenario's delivery log into rows with absolute
// times, anchored at now, in scenario order.
func (sc *Scenario) materialize(now time.Time) []row {
	var rows []row
	keyIDs := map[string]string{}
	for i, d := range sc.Deliveries {
		n := max(d.Repeat, 1)
		for k := 0; k < n; k++ {
			send := now.Add(-time.Duration(d.Ago) - time.Duration(k)*time.Duration(d.Every)).Unix()
			r := sc.fillRow(d, send)
			switch {
			case d.MsgID != "":
				r.MsgID = d.MsgID
			case d.MsgIDKey != "" && keyIDs[d.MsgIDKey] != "":
				r.MsgID = keyIDs[d.MsgIDKey]
			default:
				r.MsgID = eximID(send, sc.Name+"/"+strconv.Itoa(i)+"/"+strconv.Itoa(k)+"/"+d.MsgIDKey)
				if d.MsgIDKey != "" {
					keyIDs[d.MsgIDKey] = r.MsgID
				}
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// fillRow applies the defaults documented on Delivery.
func (sc *Scenario) fillRow(d Delivery, send int64) row {
	user := sc.Account.User
	localSender := d.Email != "" && sc.isDomain(domainOf(d.Email))
	localRcpt := sc.isMailDomain(domainOf(d.Recipient))
	r := row{
		Type: d.Type, User: d.User, Domain: d.Domain, Email: strings.ToLower(d.Email),
		SenderAuth: d.SenderAuth, SenderHost: d.SenderHost, SenderIP: d.SenderIP,
		SpamScore: d.SpamScore, Size: d.Size, SendUnix: send, Recipient: d.Recipient,
		Message: d.Message,
	}
	if d.Sender != nil {
		r.Sender = *d.Sender
	}
	after := time.Second
	if d.Type == "rejected" || d.Type == "inprogress" {
		after = 0
	}
	if d.ActionAfter != nil {
		after = time.Duration(*d.ActionAfter)
	}
	r.ActionUnix = send + int64(after/time.Second)

	def := func(n NullString, v string) NullString {
		if n.Set {
			return n
		}
		return NullString{Value: v, Set: true}
	}
	null := func(n NullString) NullString {
		if n.Set {
			return n
		}
		return NullString{Null: true, Set: true}
	}
	setDefault := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}

	switch d.Type {
	case "rejected":
		setDefault(&r.User, "-remote-")
		setDefault(&r.SenderAuth, "unauthorized")
		r.Size = 0
		r.Router = def(d.Router, "reject")
		r.Transport = def(d.Transport, "**rejected**")
		r.Host = def(d.Host, r.SenderHost)
		r.IP = def(d.IP, r.SenderIP)
	case "inprogress":
		setDefault(&r.Recipient, "unknown")
		r.Router = def(d.Router, "unknown")
		r.Transport = def(d.Transport, "unknown")
		r.Host = def(d.Host, "unknown")
		r.IP = def(d.IP, "unknown")
	default:
		if localRcpt {
			r.Router = def(d.Router, "virtual_user")
			r.Transport = def(d.Transport, "dovecot_virtual_delivery")
			r.Host = def(d.Host, "localhost")
			r.IP = def(d.IP, "127.0.0.1")
		} else {
			r.Router = def(d.Router, "lookuphost")
			r.Transport = def(d.Transport, "remote_smtp")
			r.Host = null(d.Host)
			r.IP = null(d.IP)
		}
	}
	if localSender && d.Type != "rejected" {
		setDefault(&r.User, user)
		setDefault(&r.Domain, domainOf(d.Email))
		if d.Sender == nil {
			r.Sender = r.Email
		}
		setDefault(&r.SenderAuth, "dovecot_login")
	} else {
		setDefault(&r.User, "-remote-")
		setDefault(&r.SenderAuth, "localdelivery")
	}

	switch d.Type {
	case "inprogress":
		r.DeliveredTo = def(d.DeliveredTo, "unknown")
		r.DeliveryUser = null(d.DeliveryUser)
		r.DeliveryDomain = null(d.DeliveryDomain)
	default:
		if oneOf(d.Type, "success", "filtered", "archive") {
			r.DeliveredTo = def(d.DeliveredTo, r.Recipient)
		} else {
			r.DeliveredTo = null(d.DeliveredTo)
		}
		owner := "-remote-"
		if localRcpt {
			owner = user
		}
		r.DeliveryUser = def(d.DeliveryUser, owner)
		r.DeliveryDomain = def(d.DeliveryDomain, domainOf(r.Recipient))
	}
	if r.Message == "" {
		r.Message = map[string]string{"success": "Accepted", "filtered": "Filtered", "archive": "Archived", "inprogress": "In progress"}[d.Type]
	}
	r.Remote = oneOf(d.Type, "success", "filtered", "archive") && strings.Contains(r.Transport.Value, "remote")
	return r
}

// base62 is Exim's alphabet for message IDs.
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// eximID makes an Exim message ID in the 23-character format Exim 4.97+
// uses (time-pid-fraction, e.g. 1wehY8-000000058OG-2yug): the time part
// encodes t, the rest is derived from seed so IDs are stable.
func eximID(t int64, seed string) string {
	h := fnv.New64a()
	h.Write([]byte(seed))
	sum := h.Sum64()
	pid := sum % 4194304 // a plausible PID
	frac := (sum >> 24) % (62 * 62 * 62 * 62)
	return enc62(uint64(t), 6) + "-" + enc62(pid, 11) + "-" + enc62(frac, 4)
}

func enc62(v uint64, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = base62[v%62]
		v /= 62
	}
	return string(b)
}
