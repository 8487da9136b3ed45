package cpaneltest

import (
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// testScenarios is the module's testdata/scenarios: the scenarios that
// plant one problem for a test, which do not ship in the binary.
func testScenarios() fs.FS { return os.DirFS("../../testdata/scenarios") }

func TestShippedScenariosLoadAndValidate(t *testing.T) {
	t.Parallel()
	names := ScenarioNames()
	if !slices.IsSorted(names) {
		t.Errorf("ScenarioNames() = %v, not sorted", names)
	}
	for _, want := range []string{"demo", "healthy"} {
		if !slices.Contains(names, want) {
			t.Errorf("ScenarioNames() = %v, want %q among them", names, want)
		}
	}
	for _, name := range names {
		checkScenario(t, name, LoadScenario)
	}
}

func TestTestScenariosLoadAndValidate(t *testing.T) {
	t.Parallel()
	names := ScenarioNamesFS(testScenarios())
	if !slices.IsSorted(names) {
		t.Errorf("ScenarioNamesFS() = %v, not sorted", names)
	}
	if len(names) < 30 || !slices.Contains(names, "rule-mailbox-full") {
		t.Errorf("testdata/scenarios holds %v, want the rule-<id> scenarios", names)
	}
	for _, name := range names {
		checkScenario(t, name, func(name string) (*Scenario, error) { return LoadScenarioFS(testScenarios(), name) })
	}
}

// TestOnlyDemosShip keeps the test plants out of the binary: the embedded
// scenarios are the demos, and no name is both a demo and a test scenario.
func TestOnlyDemosShip(t *testing.T) {
	t.Parallel()
	shipped := ScenarioNames()
	if len(shipped) > 8 {
		t.Errorf("%d scenarios ship in the binary (%v); the test scenarios belong in testdata/scenarios", len(shipped), shipped)
	}
	for _, name := range shipped {
		if strings.HasPrefix(name, "rule-") {
			t.Errorf("the test scenario %s ships in the binary", name)
		}
	}
	for _, name := range ScenarioNamesFS(testScenarios()) {
		if slices.Contains(shipped, name) {
			t.Errorf("%s is both a shipped demo and a test scenario", name)
		}
	}
}

// checkScenario loads one scenario with load and checks it whole.
func checkScenario(t *testing.T, name string, load func(string) (*Scenario, error)) {
	t.Helper()
	sc, err := load(name)
	if err != nil {
		t.Errorf("LoadScenario(%q): %v", name, err)
		return
	}
	if sc.Name != name {
		t.Errorf("LoadScenario(%q).Name = %q", name, sc.Name)
	}
	if sc.Description == "" || strings.Contains(sc.Description, "\n") {
		t.Errorf("scenario %q: want a one-line description, got %q", name, sc.Description)
	}
	if err := sc.Validate(); err != nil {
		t.Errorf("scenario %q: %v", name, err)
	}
	// Every zone parses and every delivery row materializes.
	for z, text := range sc.Zones {
		if _, err := parseZone(string(text), z); err != nil {
			t.Errorf("scenario %q zone %s: %v", name, z, err)
		}
	}
	if rows := sc.materialize(clock()); len(rows) == 0 {
		t.Errorf("scenario %q has no delivery rows", name)
	}
}

func TestLoadScenarioReturnsFreshCopies(t *testing.T) {
	t.Parallel()
	a, err := LoadScenario("demo")
	if err != nil {
		t.Fatal(err)
	}
	a.Mailboxes = nil
	b, err := LoadScenario("demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Mailboxes) == 0 {
		t.Error("changing one loaded scenario changed the next one")
	}
}

func TestLoadScenarioUnknown(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"nope", "../demo", "scenarios/demo", "", "rule-mailbox-full"} {
		_, err := LoadScenario(name)
		if err == nil || !strings.Contains(err.Error(), "demo") {
			t.Errorf("LoadScenario(%q) = %v, want an error listing the scenarios", name, err)
		}
	}
	for _, name := range []string{"nope", "../scenarios/healthy", "..", ""} {
		_, err := LoadScenarioFS(testScenarios(), name)
		if err == nil || !strings.Contains(err.Error(), "rule-mailbox-full") {
			t.Errorf("LoadScenarioFS(%q) = %v, want an error listing the scenarios", name, err)
		}
	}
}

// minimal is the smallest valid scenario; tests add to it.
const minimal = `{"description": "t", "account": {"user": "bob", "main_domain": "bob.example", "ip": "192.0.2.1"}`

func TestParseScenarioRejectsMistakes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, json, want string
	}{
		{"unknown key", minimal + `, "mailboxs": []}`, "unknown field"},
		{"bad user", `{"account": {"user": "Bob Smith", "main_domain": "bob.example", "ip": "192.0.2.1"}}`, "account.user"},
		{"bad ip", `{"account": {"user": "bob", "main_domain": "bob.example", "ip": "nope"}}`, "account.ip"},
		{"bad domain", `{"account": {"user": "bob", "main_domain": "bob", "ip": "192.0.2.1"}}`, "main_domain"},
		{"mailbox address", minimal + `, "mailboxes": [{"address": "bob"}]}`, "not an email address"},
		{"mailbox domain", minimal + `, "mailboxes": [{"address": "a@other.example"}]}`, "not a mail domain"},
		{"mailbox twice", minimal + `, "mailboxes": [{"address": "a@bob.example"}, {"address": "A@bob.example"}]}`, "twice"},
		{"quota", minimal + `, "mailboxes": [{"address": "a@bob.example", "quota_mb": "lots"}]}`, "quota"},
		{"forwarder domain", minimal + `, "forwarders": [{"address": "a@x.example", "to": "b@y.example"}]}`, "forwarder"},
		{"default address domain", minimal + `, "default_addresses": {"x.example": ":fail:"}}`, "default_addresses"},
		{"mxcheck", minimal + `, "mx": {"bob.example": {"mxcheck": "elsewhere"}}}`, "mxcheck"},
		{"spf state", minimal + `, "email_auth": {"bob.example": {"spf": {"state": "BROKEN"}}}}`, "SPF state"},
		{"dkim state", minimal + `, "email_auth": {"bob.example": {"dkim": {"state": "NOPE"}}}}`, "DKIM state"},
		{"zone", minimal + `, "zones": {"bob.example": "@ 14400 IN TXT \"unterminated"}}`, "unterminated"},
		{"zone owner", minimal + `, "zones": {"x.example": "@ IN A 192.0.2.1"}}`, "zones"},
		{"stats", minimal + `, "stats_db_status": "broken"}`, "stats_db_status"},
		{"delivery type", minimal + `, "deliveries": [{"type": "sent", "email": "a@bob.example", "recipient": "c@d.example"}]}`, "type"},
		{"delivery recipient", minimal + `, "deliveries": [{"type": "success", "email": "a@bob.example", "recipient": "nobody"}]}`, "recipient"},
		{"delivery message", minimal + `, "deliveries": [{"type": "failure", "email": "a@bob.example", "recipient": "c@d.example"}]}`, "needs a message"},
		{"old inprogress", minimal + `, "deliveries": [{"type": "inprogress", "ago": "3h", "email": "a@bob.example"}]}`, "never shown"},
		{"repeated msgid", minimal + `, "deliveries": [{"type": "success", "repeat": 2, "msgid": "x", "email": "a@bob.example", "recipient": "c@d.example"}]}`, "msgid"},
		{"duration", minimal + `, "deliveries": [{"type": "success", "ago": "soon", "email": "a@bob.example", "recipient": "c@d.example"}]}`, "duration"},
		{"filter account", minimal + `, "filters": [{"account": "x@bob.example", "name": "f"}]}`, "not a mailbox"},
	}
	for _, c := range cases {
		_, err := ParseScenario([]byte(c.json))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: ParseScenario = %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestParseScenarioMinimal(t *testing.T) {
	t.Parallel()
	sc, err := ParseScenario([]byte(minimal + "}"))
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.mailDomains(); !slices.Equal(got, []string{"bob.example"}) {
		t.Errorf("mailDomains() = %v", got)
	}
}

func TestDurationForms(t *testing.T) {
	t.Parallel()
	cases := map[string]time.Duration{
		`"90s"`: 90 * time.Second, `"3h20m"`: 3*time.Hour + 20*time.Minute, `"2d"`: 48 * time.Hour,
		`"1d6h"`: 30 * time.Hour, `3600`: time.Hour, `0.5`: 500 * time.Millisecond,
	}
	for in, want := range cases {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err != nil || time.Duration(d) != want {
			t.Errorf("Duration %s = %v, %v; want %v", in, time.Duration(d), err, want)
		}
	}
	for _, in := range []string{`"soon"`, `"xd"`, `true`} {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Duration %s: no error", in)
		}
	}
}

func TestQuotaForms(t *testing.T) {
	t.Parallel()
	cases := map[string]Quota{`1024`: 1024, `"256"`: 256, `"unlimited"`: 0, `null`: 0, `0`: 0}
	for in, want := range cases {
		var q Quota
		if err := json.Unmarshal([]byte(in), &q); err != nil || q != want {
			t.Errorf("Quota %s = %v, %v; want %v", in, q, err, want)
		}
	}
	b, _ := json.Marshal(Quota(0))
	if string(b) != `"unlimited"` {
		t.Errorf("Quota(0) marshals as %s", b)
	}
}

func TestScenarioRoundTripsThroughJSON(t *testing.T) {
	t.Parallel()
	sc, err := LoadScenario("demo")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseScenario(b)
	if err != nil {
		t.Fatalf("re-parsing a marshalled scenario: %v", err)
	}
	r1, r2 := sc.materialize(clock()), again.materialize(clock())
	if len(r1) != len(r2) {
		t.Fatalf("%d rows became %d", len(r1), len(r2))
	}
	for i := range r1 {
		a, b := r1[i].json(false, time.UTC), r2[i].json(false, time.UTC)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("row %d changed:\n%s\n%s", i, ja, jb)
		}
	}
}

func TestMaterializeMessageIDs(t *testing.T) {
	t.Parallel()
	sc, err := ParseScenario([]byte(minimal + `, "deliveries": [
		{"ago": "1h", "type": "defer", "msgid_key": "m", "email": "a@bob.example", "recipient": "c@d.example", "message": "Connection timed out"},
		{"ago": "1h", "action_after": "15m", "type": "defer", "msgid_key": "m", "email": "a@bob.example", "recipient": "c@d.example", "message": "Connection timed out"},
		{"ago": "2h", "repeat": 3, "every": "1h", "type": "success", "email": "a@bob.example", "recipient": "c@d.example"},
		{"ago": "2h", "type": "success", "msgid": "1RuV0Z-0005NR-BN", "email": "a@bob.example", "recipient": "c@d.example"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rows := sc.materialize(clock())
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6", len(rows))
	}
	format := regexp.MustCompile(`^[0-9A-Za-z]{6}-[0-9A-Za-z]{11}-[0-9A-Za-z]{4}$`)
	seen := map[string]bool{}
	for i, r := range rows[:5] {
		if !format.MatchString(r.MsgID) {
			t.Errorf("row %d msgid %q is not in Exim's 23-character format", i, r.MsgID)
		}
		seen[r.MsgID] = true
	}
	if rows[0].MsgID != rows[1].MsgID || len(seen) != 4 {
		t.Errorf("rows with one msgid_key must share an ID and the others differ: %v", seen)
	}
	if rows[5].MsgID != "1RuV0Z-0005NR-BN" {
		t.Errorf("explicit msgid = %q", rows[5].MsgID)
	}
	if got := rows[1].ActionUnix - rows[1].SendUnix; got != 900 {
		t.Errorf("action_after 15m gave %ds", got)
	}
	if rows[2].SendUnix-rows[3].SendUnix != 3600 || rows[2].SendUnix != clock().Add(-2*time.Hour).Unix() {
		t.Errorf("repeat/every: send times %d, %d", rows[2].SendUnix, rows[3].SendUnix)
	}
	if got := eximID(1741608000, "x")[:6]; got != enc62(1741608000, 6) {
		t.Errorf("the ID's time part is %q", got)
	}
}

func TestPackageDocExampleParses(t *testing.T) {
	t.Parallel()
	// The scenario shown in doc.go.
	sc, err := ParseScenario([]byte(`{
	  "description": "a full mailbox",
	  "account": {"user": "bob", "main_domain": "bob.example", "ip": "192.0.2.1"},
	  "mailboxes": [{"address": "info@bob.example", "quota_mb": 1024, "used_bytes": 1073741824}],
	  "deliveries": [
	    {"ago": "3h", "repeat": 3, "every": "1h", "type": "failure",
	     "email": "jo@remote.example", "recipient": "info@bob.example",
	     "message": "Mailbox is full / Blocks limit exceeded / Inode limit exceeded"}
	  ]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if rows := sc.materialize(clock()); len(rows) != 3 || rows[2].SendUnix != clock().Add(-5*time.Hour).Unix() {
		t.Errorf("materialized %d rows", len(rows))
	}
}
