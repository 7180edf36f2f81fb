package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/recaptool/recap/internal/needs"
)

// TestServeInBrowser opens the preview in headless Chromium, as a user
// does, and reads the page through the DevTools protocol: the page
// reloads itself after a save; after a broken save the first diagnostic
// is in view, where the page was scrolled, and the bar counts the errors;
// when the notes are fixed the page is where it was; the brief opens.
func TestServeInBrowser(t *testing.T) {
	dir, notes := watchDir(t)
	p, base := startServe(t, dir)
	b := startBrowser(t)
	agreement, brief := b.open(base), b.open(base+"f/0/brief/")
	agreement.shown("notes.toml · agreement", 1)
	brief.shown("notes.toml · brief", 1)
	// Where each page is scrolled to, and where the document's text starts
	// in it: neither moves when the notes break or are fixed.
	const where = `(scrollTo(0, 900), [scrollY, document.querySelector("main").getBoundingClientRect().top + scrollY])`
	var y, yb [2]float64
	agreement.eval(where, &y)
	brief.eval(where, &yb)
	if y[0] < 600 || yb[0] < 600 {
		t.Fatalf("scrolled to %v and %v: the pages are too short to test scrolling", y[0], yb[0])
	}

	writeFile(t, filepath.Join(dir, "notes.toml"), append(notes, "\nbroken = \n"...))
	p.expect(`errors?; the last good documents are unchanged`)
	agreement.shown("notes.toml · agreement", 2)
	brief.shown("notes.toml · brief", 2)
	// The brief's page shows the first diagnostic in view, uncovered.
	var seen struct {
		Top, Bottom, Height float64
		Y                   [2]float64
		Hit                 bool // nothing covers the diagnostic
		Text, Count         string
	}
	brief.eval(`(() => {
		const li = document.getElementById("problem-1");
		if (!li) return null;
		const r = li.getBoundingClientRect();
		const at = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
		return {Top: r.top, Bottom: r.bottom, Height: innerHeight,
			Y: [scrollY, document.querySelector("main").getBoundingClientRect().top + scrollY],
			Hit: li.contains(at), Text: li.textContent,
			Count: document.querySelector("header .count").textContent};
	})()`, &seen)
	if seen.Top < 0 || seen.Bottom > seen.Height || !seen.Hit {
		t.Errorf("the first diagnostic is at %v–%v of a %v-pixel viewport, in view and uncovered %v", seen.Top, seen.Bottom, seen.Height, seen.Hit)
	}
	if !strings.Contains(seen.Text, "notes.toml:") || !strings.Contains(seen.Text, ": error: ") || seen.Count != "1 error" {
		t.Errorf("diagnostic %q, count %q", seen.Text, seen.Count)
	}
	if seen.Y != yb {
		t.Errorf("after a broken save the brief is scrolled to %v and its text starts at %v, was %v and %v", seen.Y[0], seen.Y[1], yb[0], yb[1])
	}
	// The agreement's page, which the other side may see, counts the
	// problems and shows none of them.
	var shown struct {
		Y        [2]float64
		Problems bool
		Header   string
	}
	agreement.eval(`({Y: [scrollY, document.querySelector("main").getBoundingClientRect().top + scrollY],
		Problems: document.getElementById("problem-1") !== null, Header: document.querySelector("header").textContent})`, &shown)
	if shown.Problems || !strings.Contains(shown.Header, "1 error: see the brief") || strings.Contains(shown.Header, "notes.toml:") {
		t.Errorf("the agreement's page shows %q, problems listed %v", shown.Header, shown.Problems)
	}
	if shown.Y != y {
		t.Errorf("after a broken save the agreement is scrolled to %v and its text starts at %v, was %v and %v", shown.Y[0], shown.Y[1], y[0], y[1])
	}

	writeFile(t, filepath.Join(dir, "notes.toml"), notes)
	p.expect(built)
	for _, tab := range []struct {
		tab  *tab
		name string
		y    [2]float64
	}{{agreement, "agreement", y}, {brief, "brief", yb}} {
		tab.tab.shown("notes.toml · "+tab.name, 3)
		var after struct {
			Y        [2]float64
			Problems bool
		}
		tab.tab.eval(`({Y: [scrollY, document.querySelector("main").getBoundingClientRect().top + scrollY],
			Problems: document.getElementById("problem-1") !== null})`, &after)
		if after.Y != tab.y || after.Problems {
			t.Errorf("%s fixed: scrolled to %v, text at %v (was %v, %v), problems shown %v", tab.name, after.Y[0], after.Y[1], tab.y[0], tab.y[1], after.Problems)
		}
	}
	p.interrupt()
}

// browser is headless Chromium driven through the DevTools protocol over
// a pipe (--remote-debugging-pipe): JSON messages ending in a NUL byte,
// commands on its fd 3, answers and events on its fd 4.
type browser struct {
	t       *testing.T
	in      *os.File
	replies chan map[string]json.RawMessage
	id      int
}

func startBrowser(t *testing.T) *browser {
	chromium := needs.Tool(t, "chromium")
	// Chromium's helpers go on writing to its profile after it is killed:
	// the profile is removed by hand, after the whole process group is gone.
	profile, err := os.MkdirTemp("", "recap-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	theirIn, in, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out, theirOut, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--window-size=1000,700", "--user-data-dir="+profile, "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{theirIn, theirOut}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	theirIn.Close()
	theirOut.Close()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		in.Close()
		out.Close()
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	b := &browser{t: t, in: in, replies: make(chan map[string]json.RawMessage, 16)}
	go b.read(bufio.NewReader(out))
	return b
}

// read passes on the answers to commands, and drops events.
func (b *browser) read(r *bufio.Reader) {
	defer close(b.replies)
	for {
		msg, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(msg[:len(msg)-1], &m) == nil && m["id"] != nil {
			b.replies <- m
		}
	}
}

// call sends a command, to a page's session or the browser (""), and
// decodes its result into result.
func (b *browser) call(session, method string, params, result any) error {
	b.t.Helper()
	b.id++
	msg, _ := json.Marshal(map[string]any{"id": b.id, "method": method, "params": params, "sessionId": session})
	if session == "" {
		msg, _ = json.Marshal(map[string]any{"id": b.id, "method": method, "params": params})
	}
	if _, err := b.in.Write(append(msg, 0)); err != nil {
		b.t.Fatalf("DevTools %s: %v", method, err)
	}
	for {
		select {
		case m, ok := <-b.replies:
			if !ok {
				b.t.Fatalf("DevTools %s: Chromium is gone", method)
			}
			if string(m["id"]) != fmt.Sprint(b.id) {
				continue // the answer to a command that timed out
			}
			if m["error"] != nil {
				return fmt.Errorf("%s: %s", method, m["error"])
			}
			return json.Unmarshal(m["result"], result)
		case <-time.After(20 * time.Second):
			b.t.Fatalf("DevTools %s: no answer", method)
		}
	}
}

// tab is a page open in the browser.
type tab struct {
	b       *browser
	session string
}

// open opens url in a new tab.
func (b *browser) open(url string) *tab {
	b.t.Helper()
	var target struct{ TargetID string }
	if err := b.call("", "Target.createTarget", map[string]any{"url": url}, &target); err != nil {
		b.t.Fatal(err)
	}
	var attached struct{ SessionID string }
	if err := b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		b.t.Fatal(err)
	}
	return &tab{b, attached.SessionID}
}

// eval evaluates a JavaScript expression in the page and decodes its
// value into v.
func (p *tab) eval(expr string, v any) {
	p.b.t.Helper()
	if err := p.try(expr, v); err != nil {
		p.b.t.Fatal(err)
	}
}

func (p *tab) try(expr string, v any) error {
	var r struct {
		Result struct {
			Value json.RawMessage
		}
		ExceptionDetails json.RawMessage
	}
	if err := p.b.call(p.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r); err != nil {
		return err
	}
	if r.ExceptionDetails != nil {
		return fmt.Errorf("%s: %s", expr, r.ExceptionDetails)
	}
	if r.Result.Value == nil || string(r.Result.Value) == "null" {
		return fmt.Errorf("%s: no value", expr)
	}
	return json.Unmarshal(r.Result.Value, v)
}

// shown waits until the page of a build is shown as it will stay
// (live.js has scrolled it back and listens for the next build), and
// checks its title.
func (p *tab) shown(title string, build int) {
	p.b.t.Helper()
	p.wait(`document.documentElement.getAttribute("data-shown")`, fmt.Sprint(build))
	p.wait("document.title", fmt.Sprintf("%s · build %d", title, build))
}

// wait polls a string expression until it has the value want; while the
// page reloads, evaluating fails.
func (p *tab) wait(expr, want string) {
	p.b.t.Helper()
	var got string
	var err error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = p.try(expr, &got); err == nil && got == want {
			return
		}
	}
	p.b.t.Fatalf("%s = %q (%v), want %q", expr, got, err, want)
}
