package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/recaptool/recap/internal/needs"
)

// startServe starts recap watch --serve on a free loopback port and
// returns the process and the preview's base URL.
func startServe(t *testing.T, dir string, flags ...string) (*recapProc, string) {
	p := startRecap(t, dir, append(append([]string{"watch", "--serve", "127.0.0.1:0"}, flags...), "notes.toml")...)
	line := p.expect(`serving a live preview at http://127\.0\.0\.1:\d+/$`)
	p.expect(built)
	return p, regexp.MustCompile(`http://\S+`).FindString(line)
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServe(t *testing.T) {
	dir, notes := watchDir(t)
	path := filepath.Join(dir, "notes.toml")
	writeFile(t, path, retitle(notes, `<script>alert('x')</script> & {{.Title}}`))
	p, base := startServe(t, dir)

	resp, page := get(t, base)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	if strings.Contains(page, `<script>alert`) || !strings.Contains(page, `&lt;script&gt;alert('x')&lt;/script&gt; &amp; {{.Title}}`) {
		t.Errorf("title not escaped in the page:\n%s", page)
	}
	if n := strings.Count(page, "<script"); n != 1 || !strings.Contains(page, `<script src="/live.js" defer></script>`) {
		t.Errorf("page has %d scripts, want only /live.js", n)
	}
	if !strings.Contains(page, `<a href="/f/0/agreement.pdf">Download PDF</a>`) || !strings.Contains(page, `<a href="/f/0/brief/">show the brief</a>`) {
		t.Error("no PDF link, or no switch to the brief")
	}
	for _, path := range []string{"f/0/agreement.pdf", "f/0/brief/brief.pdf"} {
		if resp, body := get(t, base+path); resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
			t.Errorf("PDF download %s: %s %.10q", path, resp.Header.Get("Content-Type"), body)
		}
	}
	// The brief, with what the agreement leaves out, and a switch back.
	if _, brief := get(t, base+"f/0/brief/"); !strings.Contains(brief, "Internal: not for the other party") || !strings.Contains(brief, "12.40 is our floor") ||
		!strings.Contains(brief, `<a href="/f/0/">show the agreement</a>`) {
		t.Errorf("the brief page lacks its mark, a note or the switch:\n%s", brief)
	}
	if strings.Contains(page, "12.40 is our floor") {
		t.Error("the agreement page shows a private note")
	}
	if resp, js := get(t, base+"live.js"); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(js, "EventSource") {
		t.Error("live.js not served")
	}
	for _, path := range []string{"f/1/", "f/x/agreement.pdf", "f/01/", "f/0/brief/agreement.pdf", "nope"} {
		if resp, _ := get(t, base+path); resp.StatusCode != 404 {
			t.Errorf("GET /%s = %d, want 404", path, resp.StatusCode)
		}
	}

	// The event stream announces each rebuild.
	events, err := http.Get(base + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	if events.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events content type %q", events.Header.Get("Content-Type"))
	}
	stream := bufio.NewReader(events.Body)
	if ev := readEvent(t, stream); ev != `{"file":"notes.toml","build":1}` {
		t.Errorf("first event %q, want the current build", ev)
	}
	writeFile(t, path, bytes.Replace(notes, []byte(`owner = "ana"`), []byte(`owner = "<b>x</b>"`), 1))
	p.expect(`errors?; the last good documents are unchanged`)
	if ev := readEvent(t, stream); ev != `{"file":"notes.toml","build":2}` {
		t.Errorf("event data %q", ev)
	}
	// The brief's page lists the errors, escaped; the agreement's, which
	// the other side may see, only counts them: they quote our notes.
	_, page = get(t, base)
	if !strings.Contains(page, `<a class="count errors" href="/f/0/brief/#problem-1">1 error</a>: see the brief`) || strings.Contains(page, "is not a person id") {
		t.Errorf("the agreement's page does not only count the errors:\n%s", page)
	}
	if !strings.Contains(page, "&lt;script&gt;alert") {
		t.Error("the last good recap is not shown while the notes are invalid")
	}
	if _, brief := get(t, base+"f/0/brief/"); !strings.Contains(brief, `class="errors"`) || !strings.Contains(brief, "owner `&lt;b&gt;x&lt;/b&gt;` is not a person id") {
		t.Errorf("the brief's page does not show the escaped errors:\n%s", brief)
	}
	writeFile(t, path, retitle(notes, "Fixed"))
	p.expect(built)
	if ev := readEvent(t, stream); ev != `{"file":"notes.toml","build":3}` {
		t.Errorf("event data %q", ev)
	}
	if _, page = get(t, base); strings.Contains(page, `class="errors"`) || !strings.Contains(page, "<h1>Fixed</h1>") {
		t.Error("page not updated after the fix")
	}
	p.interrupt() // with the event stream still open
}

// TestServeShare: with --share the preview serves the agreement only:
// no brief, no diagnostics, whatever the notes say.
func TestServeShare(t *testing.T) {
	dir, notes := watchDir(t)
	path := filepath.Join(dir, "notes.toml")
	p, base := startServe(t, dir, "--share")
	writeFile(t, path, bytes.Replace(notes, []byte(`owner = "ana"`), []byte(`owner = "anna"`), 1))
	p.expect(`errors?; the last good documents are unchanged`)
	_, page := get(t, base)
	for _, private := range []string{"brief", "1 error", "anna", "12.40 is our floor", "problem-1", `class="count`} {
		if strings.Contains(page, private) {
			t.Errorf("the shared page says %q:\n%s", private, page)
		}
	}
	for _, path := range []string{"f/0/brief/", "f/0/brief/brief.pdf"} {
		if resp, _ := get(t, base+path); resp.StatusCode != 404 {
			t.Errorf("GET /%s = %d, want 404", path, resp.StatusCode)
		}
	}
	p.interrupt()
}

// TestServeHosts: the preview answers only requests addressed to it by an
// IP address, localhost or the name given with --serve; a page of another
// site whose name was pointed at 127.0.0.1 (DNS rebinding) gets nothing.
func TestServeHosts(t *testing.T) {
	dir, _ := watchDir(t)
	_, base := startServe(t, dir)
	port := regexp.MustCompile(`:(\d+)/$`).FindStringSubmatch(base)[1]
	for _, tt := range []struct {
		host string
		code int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LOCALHOST", 200},
		{"[::1]:" + port, 200},
		{"attacker.example:" + port, 421},
		{"attacker.example", 421},
		{"localhost.attacker.example", 421},
	} {
		for _, path := range []string{"", "f/0/agreement.pdf", "events"} {
			req, _ := http.NewRequest("GET", base+path, nil)
			req.Host = tt.host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.code {
				t.Errorf("Host %q, /%s: %d, want %d", tt.host, path, resp.StatusCode, tt.code)
			}
		}
	}
}

// TestServeIdleConnections: connections that send nothing cannot take the
// file descriptors the watch needs: the preview holds at most maxConns at
// once, and drops idle ones. With 48 descriptors and 100 idle
// connections, a save still builds.
func TestServeIdleConnections(t *testing.T) {
	sh := needs.Tool(t, "sh")
	dir, notes := watchDir(t)
	p := &recapProc{t: t, lines: make(chan string, 100)}
	p.cmd = exec.Command(sh, "-c", `ulimit -n 48 && exec "$0" watch --serve 127.0.0.1:0 notes.toml`, os.Args[0])
	p.start(dir)
	line := p.expect(`serving a live preview at http://127\.0\.0\.1:\d+/$`)
	p.expect(built)
	addr := regexp.MustCompile(`127\.0\.0\.1:\d+`).FindString(line)
	for range 100 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	writeFile(t, filepath.Join(dir, "notes.toml"), retitle(notes, "Still building"))
	p.expect(built)
	p.interrupt()
}

// readEvent reads the next "build" event and returns its data.
func readEvent(t *testing.T, r *bufio.Reader) string {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		event := ""
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				done <- "error: " + err.Error()
				return
			}
			line = strings.TrimSuffix(line, "\n")
			switch {
			case line == "event: build":
				event = "build"
			case strings.HasPrefix(line, "data: ") && event == "build":
				done <- strings.TrimPrefix(line, "data: ")
				return
			}
		}
	}()
	select {
	case d := <-done:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
		return ""
	}
}
