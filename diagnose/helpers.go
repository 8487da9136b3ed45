package diagnose

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// Helpers the rules of several areas share.

// deliveryEvidence shows the n earliest delivery records of ds as
// evidence, and how many more there are. When the reason of some was read
// from their words alone (bounce.Classification.Guessed), a last line
// says how many, so that a finding built on a guess is not taken for one
// built on a known wording.
func deliveryEvidence(ds []Delivery, n int) []Evidence {
	recs := examplesOf(ds)
	if len(ds) > 1 {
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].Time().Before(recs[j].Time()) })
	}
	ev := recordEvidence(recs, records(ds), n)
	guessed := 0
	for _, d := range ds {
		if d.Class.Guessed {
			guessed += max(d.Count, 1)
		}
	}
	if guessed > 0 {
		ev = append(ev, Evidence{Source: SrcTrack, Key: "reason guessed", Raw: guessed,
			Words: msg.New("common.reason-guessed", "Count", guessed, "Total", records(ds))})
	}
	return ev
}

// recordEvidence shows up to n of recs, in their order, as evidence, and
// how many of total more there are.
func recordEvidence(recs []cpanel.DeliveryRecord, total, n int) []Evidence {
	var out []Evidence
	for i, r := range recs {
		if i == n {
			break
		}
		out = append(out, Evidence{Source: SrcTrack, Key: fmt.Sprintf("%s %s %s", r.Time().Format("2006-01-02 15:04"), r.Type, r.Recipient), Value: oneLine(string(r.Message), 300)})
	}
	if total > n && len(out) == n {
		out = append(out, Evidence{Source: SrcTrack, Key: "more", Value: fmt.Sprintf("%d more", total-n)})
	}
	return out
}

// oneLine collapses whitespace and cuts s to at most n bytes, at a
// character boundary (a cut never splits a UTF-8 sequence).
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// orNone returns s, or "none" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func bare(name string) string { return strings.TrimSuffix(strings.ToLower(name), ".") }

func hasReason(d Delivery, reasons []bounce.Reason) bool {
	for _, r := range reasons {
		if d.Class.Reason == r {
			return true
		}
	}
	return false
}

// messageCount is the number of distinct messages among ds (a message
// deferred three times is one message); records without a message id
// count one each. A message whose attempts were classified differently
// (deferred, then failed) counts once in each group.
func messageCount(ds []Delivery) int {
	n := 0
	for _, d := range ds {
		if d.Count == 0 {
			n++
			continue
		}
		n += d.Messages
	}
	return n
}

// countText says how many refused deliveries were seen.
func countText(n int) msg.Text {
	if n == 0 {
		return msg.Text{}
	}
	return msg.New("common.count-text.text", "Count", n)
}

// senderDomains returns the sorted envelope-sender domains of ds.
func senderDomains(ds []Delivery) []string {
	set := map[string]bool{}
	for _, d := range ds {
		dom := string(d.Record.Domain)
		if dom == "" {
			dom = domainOf(string(d.Record.Email))
		}
		set[strings.ToLower(dom)] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func filterDomain(ds []Delivery, dom string) []Delivery {
	var out []Delivery
	for _, d := range ds {
		sd := string(d.Record.Domain)
		if sd == "" {
			sd = domainOf(string(d.Record.Email))
		}
		if strings.EqualFold(sd, dom) {
			out = append(out, d)
		}
	}
	return out
}

// examplesText names up to three recipients, in brackets.
func examplesText(ds []Delivery) msg.Text {
	var names []string
	for _, d := range ds {
		r := string(d.Record.Recipient)
		if r != "" && !contains(names, r) && len(names) < 3 {
			names = append(names, r)
		}
	}
	if len(names) == 0 {
		return msg.Text{}
	}
	list := strings.Join(names, ", ")
	return msg.New("common.examples-text.list", "List", list)
}

// blocklistText names the lists and the first time the refusal was seen.
func blocklistText(ds []Delivery) msg.Text {
	var lists []string
	for _, d := range ds {
		if b := d.Class.Blocklist; b != "" && !contains(lists, b) {
			lists = append(lists, b)
		}
	}
	first := ds[0].Record.Time()
	if len(lists) == 0 {
		return msg.New("common.blocklist-text.text", "First", first)
	}
	names := strings.Join(lists, ", ")
	return msg.New("common.blocklist-text.text.first-refusal", "Names", names, "First", first)
}

// covErr returns the error of a source, or "".
func covErr(s *Snapshot, source string) string {
	for _, c := range s.Coverage {
		if c.Source == source && !c.OK {
			return c.Error
		}
	}
	return ""
}

// verbatim is a Text that is the same in every language: a name, an
// address, a record as it was read.
func verbatim(s string) msg.Text { return msg.New("common.verbatim", "Text", s) }

// rawEvidence is evidence whose value is data (msg.Bytes, msg.Percent):
// shown as it prints, kept as a number in Raw.
func rawEvidence(source, key string, v fmt.Stringer) Evidence {
	return Evidence{Source: source, Key: key, Value: v.String(), Raw: v}
}

// firstN is s cut to at most n items.
func firstN[T any](s []T, n int) []T { return s[:min(n, len(s))] }
