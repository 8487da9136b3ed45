package bounce

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

func TestReasons(t *testing.T) {
	want := []Reason{
		"recipient_unknown", "mailbox_full", "mailbox_disabled", "domain_unknown",
		"blocklisted", "ptr_missing", "auth_failure", "sender_rejected", "relay_denied",
		"spam_content", "policy_rejected", "rate_limited", "greylisted", "send_limit",
		"outgoing_blocked", "message_too_large", "network_error", "unknown",
	}
	got := Reasons()
	if len(got) != len(want) {
		t.Fatalf("Reasons() has %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Reasons()[%d] = %q, want %q", i, got[i], want[i])
		}
		if !got[i].Valid() {
			t.Errorf("%q.Valid() = false", got[i])
		}
	}
	got[0] = "changed"
	if Reasons()[0] != RecipientUnknown {
		t.Error("Reasons returns a shared slice")
	}
	for _, r := range []Reason{"", "Unknown", "mailbox-full", "spam"} {
		if r.Valid() {
			t.Errorf("%q.Valid() = true", r)
		}
	}
}

func TestParseReason(t *testing.T) {
	for in, want := range map[string]Reason{
		"mailbox_full":        MailboxFull,
		" Mailbox-Full ":      MailboxFull,
		"RATE_LIMITED":        RateLimited,
		"unknown":             Unknown,
		"ptr_missing":         PTRMissing,
		"message-too-large\t": MessageTooLarge,
	} {
		got, err := ParseReason(in)
		if err != nil || got != want {
			t.Errorf("ParseReason(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "full", "mailbox_ful", "mailbox_full,unknown"} {
		_, err := ParseReason(in)
		if err == nil {
			t.Errorf("ParseReason(%q) succeeded", in)
			continue
		}
		if !strings.Contains(err.Error(), "recipient_unknown") || !strings.Contains(err.Error(), "network_error") {
			t.Errorf("ParseReason(%q) error %q does not list the valid values", in, err)
		}
	}
}

func TestDescribe(t *testing.T) {
	for _, l := range i18n.Languages() {
		titles := map[string]Reason{}
		shorts := map[string]Reason{}
		for _, r := range Reasons() {
			d := inLang(t, Describe(r), string(l))
			if d.Title == "" || d.Explanation == "" || d.Remedy == "" {
				t.Errorf("Describe(%s, %s) has an empty field: %+v", r, l, d)
			}
			switch d.Actor {
			case ActorSender, ActorRecipient, ActorNobody:
			default:
				t.Errorf("Describe(%s, %s).Actor = %q", r, l, d.Actor)
			}
			if prev, dup := titles[d.Title]; dup {
				t.Errorf("%s and %s share the %s title %q", prev, r, l, d.Title)
			}
			titles[d.Title] = r
			s := i18ntest.Text(t, string(l))(r.Short())
			if s == "" {
				t.Errorf("%s.Short(%s) is empty", r, l)
			}
			if prev, dup := shorts[s]; dup {
				t.Errorf("%s and %s share the %s short label %q", prev, r, l, s)
			}
			shorts[s] = r
			if l == i18n.English && utf8.RuneCountInString(s) > 18 {
				t.Errorf("%s.Short(en) = %q is longer than 18 characters", r, s)
			}
			if l == i18n.TraditionalChinese {
				if !hasHan(d.Title) || !hasHan(d.Explanation) || !hasHan(d.Remedy) {
					t.Errorf("Describe(%s, zh-TW) is not in Chinese: %+v", r, d)
				}
				if d.Actor != Describe(r).Actor {
					t.Errorf("%s: the actor depends on the language", r)
				}
			}
		}
	}
	if !reflect.DeepEqual(Describe("bogus"), Describe(Unknown)) {
		t.Error("an invalid reason is not described as unknown")
	}
	for _, r := range []Reason{AuthFailure, MailboxFull, RelayDenied, OutgoingBlocked, SendLimit} {
		if d := inLang(t, Describe(r), "en"); !strings.Contains(d.Remedy, "cPanel »") {
			t.Errorf("%s: the remedy for our side does not say where in cPanel: %q", r, d.Remedy)
		}
	}
	for r, want := range map[Reason]Actor{
		MailboxFull: ActorRecipient, Greylisted: ActorNobody, RateLimited: ActorNobody,
		AuthFailure: ActorSender, SendLimit: ActorSender, NetworkError: ActorRecipient,
	} {
		if got := Describe(r).Actor; got != want {
			t.Errorf("Describe(%s).Actor = %s, want %s", r, got, want)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
