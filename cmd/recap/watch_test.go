package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// recapProc is a real recap process, started from the test binary.
type recapProc struct {
	t      testing.TB
	cmd    *exec.Cmd
	lines  chan string
	stderr bytes.Buffer
	seen   []string
}

func startRecap(t testing.TB, dir string, args ...string) *recapProc {
	t.Helper()
	p := &recapProc{t: t, lines: make(chan string, 100)}
	p.cmd = exec.Command(os.Args[0], args...)
	p.start(dir)
	return p
}

// start starts the command p was made with, in dir, as recap.
func (p *recapProc) start(dir string) {
	t := p.t
	t.Helper()
	p.cmd.Dir = dir
	p.cmd.Env = append(os.Environ(), "RECAP_RUN_MAIN=1", "RECAP_WATCH_TRACE=1")
	p.cmd.Stderr = &p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
}

// isTrace reports a line of the watch's trace (RECAP_WATCH_TRACE), which
// the tests wait on but do not count as output.
func isTrace(l string) bool {
	return l == traceIdle || strings.HasPrefix(l, traceEvent) || strings.HasPrefix(l, traceBuild)
}

// next returns the next output line; the time limit only ends a test that
// would otherwise hang.
func (p *recapProc) next(waiting string) string {
	p.t.Helper()
	select {
	case l, ok := <-p.lines:
		if !ok {
			p.t.Fatalf("recap exited waiting for %s; output:\n%s\nstderr:\n%s", waiting, strings.Join(p.seen, "\n"), p.stderr.String())
		}
		if !isTrace(l) {
			p.seen = append(p.seen, l)
		}
		return l
	case <-time.After(time.Minute):
		p.t.Fatalf("nothing printed in a minute, waiting for %s; output:\n%s", waiting, strings.Join(p.seen, "\n"))
	}
	return ""
}

// expect waits for an output line matching re and returns it.
func (p *recapProc) expect(re string) string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	for {
		if l := p.next(fmt.Sprintf("%q", re)); rx.MatchString(l) {
			return l
		}
	}
}

// settle waits until the watch is idle (nothing pending, no timer set)
// and fails if it prints anything but its trace before that.
func (p *recapProc) settle() {
	p.t.Helper()
	for {
		switch l := p.next("the watch to be idle"); {
		case l == traceIdle:
			return
		case !isTrace(l):
			p.t.Fatalf("unexpected output %q", l)
		}
	}
}

// interrupt sends SIGINT and checks that recap exits cleanly with status 0.
func (p *recapProc) interrupt() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() {
		for range p.lines {
		}
		done <- p.cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil {
			p.t.Fatalf("exit after SIGINT: %v\nstderr:\n%s", err, p.stderr.String())
		}
	case <-time.After(5 * time.Second):
		p.t.Fatal("recap did not exit after SIGINT")
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// watchDir makes a folder with notes.toml from the supply example.
func watchDir(t *testing.T) (dir string, notes []byte) {
	dir = t.TempDir()
	notes = readFile(t, "../../examples/supply.toml")
	writeFile(t, filepath.Join(dir, "notes.toml"), notes)
	return dir, notes
}

func retitle(notes []byte, title string) []byte {
	return bytes.Replace(notes, []byte("Supply of SX-200 sensor modules"), []byte(title), 1)
}

const built = `^\d\d:\d\d:\d\d notes\.toml: built notes\.md, notes\.pdf, notes\.brief\.md, notes\.brief\.pdf in \d+ms$`

func TestWatchSaves(t *testing.T) {
	saves := []struct {
		name string
		save func(t *testing.T, p *recapProc, path string, data []byte)
	}{
		{"in place", func(t *testing.T, p *recapProc, path string, data []byte) {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			// As editors do, in more than one write; the second once the
			// watch has acted on the first.
			f.Write(data[:len(data)/2])
			p.expect(`^` + traceEvent + `.*notes\.toml$`)
			f.Write(data[len(data)/2:])
			f.Close()
		}},
		{"temp file and rename", func(t *testing.T, p *recapProc, path string, data []byte) {
			tmp := filepath.Join(filepath.Dir(path), ".notes.toml.swp")
			writeFile(t, tmp, data)
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"backup rename then new file", func(t *testing.T, p *recapProc, path string, data []byte) {
			if err := os.Rename(path, path+"~"); err != nil { // vim's default
				t.Fatal(err)
			}
			p.expect(`^` + traceEvent + `.*notes\.toml$`) // the watch finds the file missing
			writeFile(t, path, data)
		}},
	}
	for _, s := range saves {
		t.Run(s.name, func(t *testing.T) {
			dir, notes := watchDir(t)
			p := startRecap(t, dir, "watch", "notes.toml")
			p.expect(built)
			before := len(p.seen)
			time.Sleep(100 * time.Millisecond) // a save some time after the last build is built at once
			s.save(t, p, filepath.Join(dir, "notes.toml"), retitle(notes, "Saved title"))
			p.expect(built)
			if md := readFile(t, filepath.Join(dir, "notes.md")); !bytes.Contains(md, []byte("# Saved title")) {
				t.Errorf("notes.md not rebuilt:\n%.200s", md)
			}
			p.settle() // one save, one rebuild
			if said := p.seen[before:]; len(said) != 1 {
				t.Errorf("a save printed %d lines, want one:\n%s", len(said), strings.Join(said, "\n"))
			}
			p.interrupt()
		})
	}
}

func TestWatchErrorThenFix(t *testing.T) {
	dir, notes := watchDir(t)
	path := filepath.Join(dir, "notes.toml")
	p := startRecap(t, dir, "watch", "notes.toml")
	p.expect(built)
	md, pdf := readFile(t, filepath.Join(dir, "notes.md")), readFile(t, filepath.Join(dir, "notes.pdf"))
	// Errors on the first event of a save wait for the file to be quiet
	// (it may be half written), then are said once.
	time.Sleep(100 * time.Millisecond)
	writeFile(t, path, bytes.Replace(notes, []byte(`owner = "ana"`), []byte(`owner = "anna"`), 1))
	p.expect(`^notes\.toml:\d+:1: error: owner .anna. is not a person id; did you mean .ana.\?$`)
	p.expect(`notes\.toml: 1 error; the last good documents are unchanged$`)
	p.settle()
	if !bytes.Equal(md, readFile(t, filepath.Join(dir, "notes.md"))) || !bytes.Equal(pdf, readFile(t, filepath.Join(dir, "notes.pdf"))) {
		t.Error("a save with errors changed the outputs")
	}
	writeFile(t, path, retitle(notes, "Fixed"))
	p.expect(built)
	if !bytes.Contains(readFile(t, filepath.Join(dir, "notes.md")), []byte("# Fixed")) {
		t.Error("fixed notes not rebuilt")
	}
	p.interrupt()
}

func TestWatchDeleteAndRecreate(t *testing.T) {
	dir, notes := watchDir(t)
	path := filepath.Join(dir, "notes.toml")
	p := startRecap(t, dir, "watch", "notes.toml")
	p.expect(built)
	os.Remove(path)
	p.expect(`notes\.toml: not found; waiting for it to come back$`)
	writeFile(t, path, retitle(notes, "Back again"))
	p.expect(built)
	if !bytes.Contains(readFile(t, filepath.Join(dir, "notes.md")), []byte("# Back again")) {
		t.Error("recreated notes not rebuilt")
	}
	p.interrupt()
}

// TestWatchFolderComesBack: the folder of the notes removed and made
// again (a git checkout or stash does it) is watched again, and the notes
// built; so is one made again two levels down.
func TestWatchFolderComesBack(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "deal", "notes")
	notes := readFile(t, "../../examples/supply.toml")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "notes.toml"), notes)
	p := startRecap(t, root, "watch", "-o", root, "deal/notes/notes.toml")
	built := `deal/notes/notes\.toml: built .*notes\.md, .*notes\.pdf, .*notes\.brief\.md, .*notes\.brief\.pdf in`
	p.expect(built)
	for i, gone := range []string{dir, filepath.Join(root, "deal")} {
		if err := os.RemoveAll(gone); err != nil {
			t.Fatal(err)
		}
		p.expect(`not found; waiting for it to come back$`)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		title := fmt.Sprintf("Back again %d", i)
		writeFile(t, filepath.Join(dir, "notes.toml"), retitle(notes, title))
		p.expect(built)
		if !bytes.Contains(readFile(t, filepath.Join(root, "notes.md")), []byte("# "+title)) {
			t.Errorf("notes in the folder made again not rebuilt (%s)", title)
		}
	}
	p.interrupt()
}

// TestWatchFolderComesBackUnchanged: a folder removed and made again with
// the same notes (git stash, then git stash pop) but not the outputs that
// were in it is built again, even right after a save the watch built at
// its first event.
func TestWatchFolderComesBackUnchanged(t *testing.T) {
	dir, notes := watchDir(t)
	path := filepath.Join(dir, "notes.toml")
	p := startRecap(t, filepath.Dir(dir), "watch", filepath.Join(filepath.Base(dir), "notes.toml"))
	p.expect(`built .*notes\.md`)
	time.Sleep(100 * time.Millisecond) // the save is built at its first event
	saved := retitle(notes, "Saved once")
	writeFile(t, path+".swp", saved)
	if err := os.Rename(path+".swp", path); err != nil {
		t.Fatal(err)
	}
	p.expect(`built .*notes\.md`)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	p.expect(`not found; waiting for it to come back$`)
	back := t.TempDir() // the folder comes back whole, notes in it, as git makes it
	writeFile(t, filepath.Join(back, "notes.toml"), saved)
	if err := os.Rename(back, dir); err != nil {
		t.Fatal(err)
	}
	p.expect(`built .*notes\.md`)
	if !bytes.Contains(readFile(t, filepath.Join(dir, "notes.md")), []byte("# Saved once")) {
		t.Error("the outputs gone with the folder were not made again")
	}
	p.interrupt()
}

// TestWatchFIFO: notes that become a symbolic link to a FIFO are refused
// (reading would wait for ever), said once, and built again once they are
// a file.
func TestWatchFIFO(t *testing.T) {
	dir, notes := watchDir(t)
	path, fifo := filepath.Join(dir, "notes.toml"), filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	p := startRecap(t, dir, "watch", "notes.toml")
	p.expect(built)
	os.Remove(path)
	if err := os.Symlink(fifo, path); err != nil {
		t.Fatal(err)
	}
	p.expect(`notes\.toml: notes\.toml is a named pipe \(FIFO\), not a regular file; trying again$`)
	os.Remove(path)
	writeFile(t, path, retitle(notes, "A file again"))
	p.expect(built)
	p.interrupt()
}

func TestWatchIgnoresOtherFiles(t *testing.T) {
	dir, notes := watchDir(t)
	p := startRecap(t, dir, "watch", "notes.toml")
	p.expect(built)
	for _, name := range []string{".notes.toml.swp", "notes.toml~", "4913", "other.toml", ".#notes.toml"} {
		writeFile(t, filepath.Join(dir, name), notes)
	}
	os.Chmod(filepath.Join(dir, "notes.toml"), 0o600)
	// Events come in order: the first the watch acts on is this save's.
	writeFile(t, filepath.Join(dir, "notes.toml"), retitle(notes, "After the others"))
	if l := p.expect(`^` + traceEvent); !regexp.MustCompile(`^` + traceEvent + `WRITE .*/notes\.toml$`).MatchString(l) {
		t.Errorf("the watch acted on %q before the save", strings.TrimPrefix(l, traceEvent))
	}
	p.expect(built)
	p.settle()
	if said := p.seen[1:]; len(said) != 1 {
		t.Errorf("other files and a save printed %d lines, want one:\n%s", len(said), strings.Join(said, "\n"))
	}
	p.interrupt()
}

func TestWatchBurst(t *testing.T) {
	dir, notes := watchDir(t)
	path := filepath.Join(dir, "notes.toml")
	p := startRecap(t, dir, "watch", "notes.toml")
	p.expect(built)
	for i := range 10 {
		writeFile(t, path, retitle(notes, "Burst "+string(rune('0'+i))))
		time.Sleep(3 * time.Millisecond)
	}
	p.expect(built)
	p.settle()
	if !bytes.Contains(readFile(t, filepath.Join(dir, "notes.md")), []byte("# Burst 9")) {
		t.Error("the last save of a burst was not built")
	}
	p.interrupt()
}

func TestWatchTemplate(t *testing.T) {
	dir, _ := watchDir(t)
	tmpl := filepath.Join(dir, "t.tmpl")
	writeFile(t, tmpl, []byte("# {{.Title}}\n"))
	p := startRecap(t, dir, "watch", "--format", "md", "--template", "t.tmpl", "notes.toml")
	p.expect(`notes\.toml: built notes\.md, notes\.brief\.md in`)
	writeFile(t, tmpl, []byte("# {{.Nope"))
	p.expect(`t\.tmpl: template: t\.tmpl:1: .*; still using the previous template$`)
	writeFile(t, tmpl, []byte("Title: {{.Title}}\n"))
	p.expect(`notes\.toml: built notes\.md, notes\.brief\.md in`)
	if got := string(readFile(t, filepath.Join(dir, "notes.md"))); got != "Title: Supply of SX-200 sensor modules\n" {
		t.Errorf("notes.md = %q", got)
	}
	p.interrupt()
}

func TestWatchUsage(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(t.Context(), []string{"watch"}, nil, &out, &errb)
	if code := exitCode(err, &errb); code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	err = run(t.Context(), []string{"watch", "--serve", "nonsense", "x.toml"}, nil, &out, &errb)
	var e *exitError
	if !errors.As(err, &e) || e.code != exitUsage {
		t.Errorf("bad --serve: %v", err)
	}
}

// TestWatchStopsInLoopingTemplate: a template whose loop does not end
// holds the watch's build, and Ctrl-C still ends recap at once.
func TestWatchStopsInLoopingTemplate(t *testing.T) {
	dir, _ := watchDir(t)
	writeFile(t, filepath.Join(dir, "t.tmpl"), []byte("{{range 100000000000}}{{end}}"))
	p := startRecap(t, dir, "watch", "--template", "t.tmpl", "notes.toml")
	// Once the build has begun, nothing is printed until it ends, which
	// it does not: interrupt it.
	p.expect(`^` + traceBuild + `notes\.toml$`)
	p.interrupt()
	if strings.Contains(strings.Join(p.seen, "\n"), "built") {
		t.Errorf("built with a template that does not end: %q", p.seen)
	}
}

// TestWatchSettle: with --settle, a save written in two parts, the first
// valid TOML on its own and the second after a pause, is built once, whole:
// not on its first event.
func TestWatchSettle(t *testing.T) {
	dir, notes := watchDir(t)
	path := filepath.Join(dir, "notes.toml")
	p := startRecap(t, dir, "watch", "--settle", "300ms", "notes.toml")
	p.expect(built)
	p.settle()
	time.Sleep(100 * time.Millisecond) // so that, without --settle, the save would be built on its first event
	before := len(p.seen)
	saved := retitle(notes, "Settled title")
	cut := bytes.Index(saved, []byte("\n[[action]]")) // the steps come second
	// The first part as a file renamed into place, one event; the watch
	// says it has acted on it once it has (and, without --settle, built it).
	writeFile(t, path+".part", saved[:cut+1])
	if err := os.Rename(path+".part", path); err != nil {
		t.Fatal(err)
	}
	p.expect(`^` + traceEvent + `.*notes\.toml$`)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(saved[cut+1:])
	f.Close()
	p.expect(built)
	p.settle()
	if said := p.seen[before:]; len(said) != 1 {
		t.Errorf("a save in two parts printed %d lines, want one:\n%s", len(said), strings.Join(said, "\n"))
	}
	if md := readFile(t, filepath.Join(dir, "notes.md")); !bytes.Contains(md, []byte("# Settled title")) || !bytes.Contains(md, []byte("Pay the first invoice")) {
		t.Errorf("notes.md is not the whole save:\n%.300s", md)
	}
}

// TestWatchNeverValid: a file with errors from the start has no last good
// documents, and watch does not claim it has.
func TestWatchNeverValid(t *testing.T) {
	dir, notes := watchDir(t)
	writeFile(t, filepath.Join(dir, "notes.toml"), bytes.Replace(notes, []byte(`owner = "ana"`), []byte(`owner = "anna"`), 1))
	p := startRecap(t, dir, "watch", "notes.toml")
	p.expect(`^notes\.toml:\d+:1: error: owner .anna. is not a person id`)
	p.expect(`notes\.toml: 1 error; no documents built from it yet$`)
}
