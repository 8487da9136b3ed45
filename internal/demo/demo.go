// Package demo holds the simulated cPanel accounts cpmail ships for
// trying it out (--demo, cpmail demo), and runs one: the fake cPanel
// server and the public DNS of its scenario, both on 127.0.0.1.
package demo

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/dnstest"
	"github.com/cpmail/cpmail/lang"
)

// Demo is one of the simulated accounts cpmail ships for trying it out: a
// scenario embedded in cpaneltest, with one line in each language saying
// what a newcomer sees in it.
type Demo struct {
	Name   string
	EN, ZH string
}

// List lists the shipped demos, the main one (--demo without a name)
// first. They are exactly the scenarios cpaneltest embeds (a test checks);
// the scenarios that plant one problem for a test live in testdata/ and
// are not in the binary.
func List() []Demo {
	return []Demo{
		{"demo",
			"The main demo: a small business with the usual problems side by side (a full and a suspended mailbox, Gmail refusing mail, a mistyped address, a blocklisted sender, the hourly send limit)",
			"主要示範：一家小公司同時遇到常見問題（信箱已滿、信箱被停用、Gmail 拒收、地址打錯、寄件者被列入黑名單、每小時寄信上限）"},
		{"healthy",
			"A small bakery whose mail all works: what a passing diagnosis looks like",
			"一家郵件一切正常的小烘焙坊：診斷通過時的樣子"},
		{"dns-problems",
			"Live DNS problems: DNS moved to another provider, SPF over the 10-lookup limit, a DKIM key cPanel does not sign with, broken reverse DNS, a blocklisted IP",
			"即時 DNS 問題：DNS 已移到其他服務商、SPF 超過 10 次查詢上限、DKIM 金鑰不是 cPanel 簽署用的那把、反向 DNS 錯誤、IP 被列入黑名單"},
		{"vanishing-mail",
			"Mail that vanishes without a bounce: a catch-all that throws mail away, a filter to /dev/null, spam auto-delete, a forward Gmail refuses",
			"郵件無聲無息消失、沒有退信：丟棄郵件的預設地址、寄到 /dev/null 的篩選器、垃圾郵件自動刪除、被 Gmail 拒收的轉寄"},
		{"hostile",
			"A lying server and hostile senders: terminal escapes and bidi characters in every field cPanel sends, shown escaped",
			"說謊的伺服器與惡意寄件者：cPanel 傳來的每個欄位都藏有終端機跳脫字元與雙向文字控制字元，cpmail 以跳脫形式顯示"},
	}
}

// Names returns the names of the demos, in the order of [List].
func Names() []string {
	var names []string
	for _, d := range List() {
		names = append(names, d.Name)
	}
	return names
}

// Load returns the demo scenario called name, or a usage error (one
// line, exit 2, in language l) naming the demos there are.
func Load(name string, l lang.Tag) (*cpaneltest.Scenario, error) {
	T := l.Pick
	names := Names()
	if !slices.Contains(names, name) {
		return nil, cmdutil.Usagef(T("no demo named %q; the demos are: %s ('cpmail demo list' says what each shows)", "沒有名為 %q 的示範；可用的示範：%s（'cpmail demo list' 說明各自的內容）"), name, strings.Join(names, ", "))
	}
	return cpaneltest.LoadScenario(name)
}

// Servers run one demo: the fake cPanel server, and the public DNS of the
// scenario once a command asks for live checks. Close stops both.
type Servers struct {
	// API is the fake cPanel server.
	API *cpaneltest.Server
	// Scenario is the demo that is served.
	Scenario *cpaneltest.Scenario

	mu  sync.Mutex
	dns *dnstest.Server
}

// Start serves the scenario sc over HTTP on 127.0.0.1, with the clock now.
func Start(sc *cpaneltest.Scenario, now func() time.Time) *Servers {
	return &Servers{API: cpaneltest.NewServer(sc, cpaneltest.WithClock(now)), Scenario: sc}
}

// DNS starts the scenario's public DNS, once, and returns its address.
func (s *Servers) DNS() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dns == nil {
		srv, err := dnstest.Start(s.Scenario.PublicZone(), nil)
		if err != nil {
			return "", err
		}
		s.dns = srv
	}
	return s.dns.Addr, nil
}

// Close stops the servers.
func (s *Servers) Close() {
	s.API.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dns != nil {
		s.dns.Close()
		s.dns = nil
	}
}
