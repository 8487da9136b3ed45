package cli

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/render"
)

// TestDeliveryRowJSON: the hand-written encoding is the document
// encoding/json writes.
func TestDeliveryRowJSON(t *testing.T) {
	dt := "/home/x/mail/new"
	rows := []deliveryRow{
		{Time: time.Date(2026, 11, 28, 1, 2, 3, 0, time.UTC), Type: "failure", Reason: "mailbox_full", Sender: "a@b.c", Recipient: "<x>\"y\"", Message: "550 5.2.2 tab\there \u2028 信箱 \x01", Size: 1653, SpamScore: 2.5},
		{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("x", 3600)), Type: "success", DeliveredTo: &dt, SpamScore: -1.25},
	}
	for _, r := range rows {
		var fast, slow bytes.Buffer
		w := render.NewJSONArrayWriter(&fast)
		_ = w.Write(r)
		_ = w.Close()
		type plain deliveryRow // no AppendJSON method
		w = render.NewJSONArrayWriter(&slow)
		_ = w.Write(plain(r))
		_ = w.Close()
		if fast.String() != slow.String() {
			t.Errorf("hand-written JSON differs:\n%s\nencoding/json:\n%s", fast.String(), slow.String())
		}
		var back []map[string]any
		if err := json.Unmarshal(fast.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
	}
}
