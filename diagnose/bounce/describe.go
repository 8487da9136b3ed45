package bounce

import "github.com/cpmail/cpmail/diagnose/msg"

// An Actor says who must act to fix a failure.
type Actor string

// The actors.
const (
	// ActorSender is our side: the account that sent the message, or this
	// server and its administrator.
	ActorSender Actor = "sender"
	// ActorRecipient is the far side: the recipient or the administrator of
	// the receiving server.
	ActorRecipient Actor = "recipient"
	// ActorNobody means waiting is enough: the sending server retries.
	ActorNobody Actor = "nobody"
)

// A Description explains a Reason to people. Its words are message ids
// (reason.<reason>.title, .explain, .remedy) that the message catalogs
// render in each language.
type Description struct {
	// Title is a one-line heading, e.g. "Recipient mailbox is full".
	Title msg.Text
	// Explanation says what happened, in plain words.
	Explanation msg.Text
	// Remedy says what to do, and where in cPanel when it is our side.
	Remedy msg.Text
	// Actor says who must act.
	Actor Actor
}

// Describe returns the title, explanation, remedy and actor of r. An
// invalid r is described as [Unknown].
func Describe(r Reason) Description {
	r = r.known()
	return Description{
		Title:       r.words("title"),
		Explanation: r.words("explain"),
		Remedy:      r.words("remedy"),
		Actor:       actorOf(r),
	}
}

// Short returns a label of r for a table column (message
// reason.<reason>.short: at most 18 characters in English, e.g. "no such
// user" or "mailbox full"). An invalid r gets the label of [Unknown].
func (r Reason) Short() msg.Text { return r.known().words("short") }

func (r Reason) words(part string) msg.Text { return msg.New("reason." + string(r) + "." + part) }

// known returns r, or Unknown when r is not a reason.
func (r Reason) known() Reason {
	if actorOf(r) == "" {
		return Unknown
	}
	return r
}

// actorOf says who must act on r ("" for what is not a reason). It is a
// switch rather than a map so that the table is constant, not package
// state.
func actorOf(r Reason) Actor {
	switch r {
	case RecipientUnknown, DomainUnknown, Blocklisted, PTRMissing, AuthFailure, SenderRejected, RelayDenied, SpamContent, PolicyRejected, SendLimit, OutgoingBlocked, MessageTooLarge, Unknown:
		return ActorSender
	case MailboxFull, MailboxDisabled, NetworkError:
		return ActorRecipient
	case RateLimited, Greylisted:
		return ActorNobody
	}
	return ""
}
