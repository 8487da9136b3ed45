package diagnose

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

func newOptions(t *testing.T, a *cmdtest.Account, l i18n.Tag, f render.Format) (*Options, func() string, func() string) {
	p, _, out, errOut := cmdtest.Printer(l, f)
	return &Options{Printer: p, Ctx: t.Context(),
		Deps:            shared.Deps{Getenv: a.Getenv, Client: a.Client, LiveDNS: a.LiveDNS, Session: a.Session},
		SnapshotOptions: shared.SnapshotOptions{Since: "7d", Concurrency: 8},
		FailOn:          "fail"}, out.String, errOut.String
}

// TestDiagnoseRun: the run function reads the demo account, prints the
// most likely cause first with its evidence and fix, and ends with exit 3
// (findings at or above --fail-on); a snapshot it saves diagnoses the same
// offline.
func TestDiagnoseRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "demo")
	o, out, _ := newOptions(t, a, i18n.English, render.Table)
	o.Target, o.DNS.Offline = "sales@example.com", true
	o.SaveSnapshot = filepath.Join(t.TempDir(), "case.json")
	err := diagnoseRun(o)
	var ec *cmdutil.ExitCodeError
	if !errors.As(err, &ec) || ec.Code != cmdutil.ExitFindings {
		t.Fatalf("err %v, want exit %d", err, cmdutil.ExitFindings)
	}
	for _, want := range []string{"sales@example.com: FAIL — ", "Most likely cause: FAIL  sales@example.com is full", "[mailbox-full]", "    fix: ", "Note: live DNS checks skipped (--offline)"} {
		if !strings.Contains(out(), want) {
			t.Errorf("report lacks %q:\n%s", want, out())
		}
	}
	if st, err := os.Stat(o.SaveSnapshot); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("snapshot: %v", err)
	}

	replay, rout, _ := newOptions(t, a, i18n.English, render.JSON)
	replay.FromSnapshot, replay.Client = o.SaveSnapshot, cmdtest.NoClient(t)
	if err := diagnoseRun(replay); !errors.As(err, &ec) || ec.Code != cmdutil.ExitFindings {
		t.Fatalf("replay: err %v", err)
	}
	var rep struct {
		Target   string `json:"target"`
		Findings []struct {
			ID string `json:"id"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(rout()), &rep); err != nil || rep.Target != "sales@example.com" || len(rep.Findings) == 0 || rep.Findings[0].ID != "mailbox-full" {
		t.Errorf("replayed JSON: %v %+v", err, rep)
	}
}

// TestDiagnoseRunRules: --rules lists every rule without reading the
// account; -o csv and a bad --fail-on are usage errors.
func TestDiagnoseRunRules(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "demo")
	o, out, _ := newOptions(t, a, i18n.TraditionalChinese, render.Table)
	o.Rules, o.Client = true, cmdtest.NoClient(t)
	if err := diagnoseRun(o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out(), "嚴重度") || !strings.Contains(out(), "mailbox-full") {
		t.Errorf("rules:\n%s", out())
	}
	for _, change := range []func(*Options){
		func(o *Options) { o.Format = render.CSV },
		func(o *Options) { o.FailOn = "info" },
		func(o *Options) { o.Ignore = []string{"no-such-rule"} },
		func(o *Options) { o.Target = "not an address@" },
	} {
		o, _, _ := newOptions(t, a, i18n.English, render.Table)
		o.Client = cmdtest.NoClient(t)
		change(o)
		var ue *cmdutil.UsageError
		if err := diagnoseRun(o); !errors.As(err, &ue) {
			t.Errorf("%+v: err %v, want a usage error", o.SnapshotOptions, err)
		}
	}
}

// TestNewCmdDiagnose: the flags and the argument fill the Options the run
// function gets (runF in place of diagnoseRun).
func TestNewCmdDiagnose(t *testing.T) {
	t.Parallel()
	f := &cmdutil.Factory{Session: &cmdutil.Session{}}
	var got *Options
	cmd := NewCmdDiagnose(f, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"info@example.com", "--since", "48h", "--fail-on", "warn", "--offline", "--selector", "google", "--ignore", "spam-auto-delete", "--severity", "dmarc-missing=info", "--mask", "--concurrency", "4"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Target != "info@example.com" || got.Since != "48h" || got.FailOn != "warn" || !got.DNS.Offline || strings.Join(got.DNS.Selectors, ",") != "google" ||
		strings.Join(got.Ignore, ",") != "spam-auto-delete" || strings.Join(got.Severity, ",") != "dmarc-missing=info" || !got.Mask || got.Concurrency != 4 || got.Session != f.Session {
		t.Errorf("options %+v", got)
	}
}
