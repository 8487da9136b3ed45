package root

import (
	"context"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// browserEnv, when set (.ci/run sets it), makes the browser test fail
// where Chromium is missing instead of skipping.
const browserEnv = "CPMAIL_BROWSER_TEST"

// chromium returns Debian's Chromium, or skips the test (fails it when
// browserEnv is set).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CPMAIL_CHROMIUM"), "chromium", "/usr/bin/chromium"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv(browserEnv) != "" {
		t.Fatalf("%s is set but Chromium is not installed: apt-get install -y chromium (or set CPMAIL_CHROMIUM to its path)", browserEnv)
	}
	t.Skipf("Chromium is not installed (apt-get install -y chromium): the HTML report is not checked in a browser; set %s=1 to make this a failure, as .ci/run does", browserEnv)
	return ""
}

// shot is what one headless Chromium run of a page gave: the screenshot
// and the URLs the page asked for (from Chromium's network log).
type shot struct {
	img      image.Image
	requests []string
}

// browse opens pageURL in headless Chromium with a new empty profile, the
// flags this closed network needs (no background networking, no QUIC),
// and returns the screenshot and the page's requests.
func browse(t *testing.T, bin, pageURL string) shot {
	t.Helper()
	dir := t.TempDir()
	netlog, shotFile := filepath.Join(dir, "net.json"), filepath.Join(dir, "shot.png")
	// A guard against a hung browser, not a timed assertion.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
		"--disable-extensions", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--log-net-log="+netlog, "--window-size=1000,2400",
		"--screenshot="+shotFile, pageURL)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shotFile)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if keep := os.Getenv("CPMAIL_BROWSER_SCREENSHOT"); keep != "" {
		data, _ := os.ReadFile(shotFile)
		_ = os.WriteFile(keep, data, 0o644)
	}
	return shot{img: img, requests: pageRequests(t, netlog, pageURL)}
}

// pageRequests reads Chromium's network log and returns the URL of every
// request the page made: the page itself and each request initiated by
// its origin. The browser's own requests (its clock, its account check:
// initiator "not an origin", another network isolation key) are not the
// page's and are left out.
func pageRequests(t *testing.T, path, pageURL string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no network log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int             `json:"type"`
			Params json.RawMessage `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		// A log cut short by the browser's exit lacks its closing.
		if err = json.Unmarshal(append(data, "]}"...), &log); err != nil {
			t.Fatalf("network log: %v", err)
		}
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("the network log names no URL_REQUEST_START_JOB event")
	}
	page, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	origin := page.Scheme + "://" + page.Host
	site := page.Scheme + "://" + page.Hostname()
	var out []string
	for _, e := range log.Events {
		if e.Type != start {
			continue
		}
		var p struct {
			URL        string `json:"url"`
			Initiator  string `json:"initiator"`
			Isolation  string `json:"network_isolation_key"`
			SiteCookie string `json:"site_for_cookies"`
		}
		if json.Unmarshal(e.Params, &p) != nil || p.URL == "" {
			continue
		}
		if p.URL == pageURL || p.Initiator == origin || strings.Contains(p.Isolation, site) || strings.Contains(p.SiteCookie, site) {
			out = append(out, p.URL)
		}
	}
	return out
}

// outside returns the requests to anywhere but the loopback address.
func outside(requests []string) []string {
	var out []string
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || (u.Hostname() != "127.0.0.1" && u.Scheme != "data") {
			out = append(out, r)
		}
	}
	return out
}

// colourPixels counts the pixels within 12 of the colour c on each channel.
func colourPixels(img image.Image, c [3]int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			d := func(v uint32, w int) bool { return abs(int(v>>8)-w) <= 12 }
			if d(r, c[0]) && d(g, c[1]) && d(bl, c[2]) {
				n++
			}
		}
	}
	return n
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// TestHTMLReportInBrowser renders the demo's HTML report, and the demo
// fleet's, in headless Chromium, served from 127.0.0.1: each screenshot
// is not blank and shows the chart (its delivered and failed bars, by
// their colours), and the network log shows the page asked for nothing
// but itself. A page that does load an outside image is caught the same
// way, so the check is known to see such requests.
func TestHTMLReportInBrowser(t *testing.T) {
	bin := chromium(t)
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	pages := map[string][]string{
		"/report.html": {"--demo", "diagnose", "-o", "html"},
		"/fleet.html":  {"--demo", "fleet", "-o", "html"},
	}
	mux := http.NewServeMux()
	for path, args := range pages {
		r := runAt(t, now, map[string]string{}, args...)
		doc := r.stdout
		if !strings.Contains(doc, "<svg") {
			t.Fatalf("%s: no chart in the report; stderr: %s", path, r.stderr)
		}
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(doc))
		})
	}
	mux.HandleFunc("/leaky.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html><body><p>leak</p><img src="http://192.0.2.1/pixel.png"></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for path := range pages {
		s := browse(t, bin, srv.URL+path)
		if len(s.requests) == 0 || s.requests[0] != srv.URL+path {
			t.Fatalf("%s: the network log does not show the page's own request: %v", path, s.requests)
		}
		if o := outside(s.requests); len(o) > 0 {
			t.Errorf("%s asked for outside addresses: %v", path, o)
		}
		b := s.img.Bounds()
		white := colourPixels(s.img, [3]int{255, 255, 255})
		total := b.Dx() * b.Dy()
		if white > total*95/100 {
			t.Errorf("%s is blank: %d of %d pixels white", path, white, total)
		}
		// The bar colours of the chart (see parts.html.tmpl: .o0
		// delivered, .o2 failed).
		if g, r := colourPixels(s.img, [3]int{0x5b, 0x9f, 0x6a}), colourPixels(s.img, [3]int{0xc0, 0x39, 0x2b}); g < 500 || r < 100 {
			t.Errorf("%s: no chart on the screenshot: %d delivered-green and %d failed-red pixels", path, g, r)
		}
		t.Logf("%s: screenshot %dx%d, %d%% white, page requests %v", path, b.Dx(), b.Dy(), white*100/total, s.requests)
	}

	leak := browse(t, bin, srv.URL+"/leaky.html")
	if o := outside(leak.requests); len(o) != 1 || !strings.HasPrefix(o[0], "http://192.0.2.1/") {
		t.Errorf("the check missed the outside image of a leaky page: %v", leak.requests)
	}
}
