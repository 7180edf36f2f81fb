package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/recaptool/recap/internal/gen"
	"github.com/recaptool/recap/internal/needs"
)

// bigNotes is a notes file that takes a noticeable time to build.
func bigNotes(actions int) []byte { return gen.Notes(gen.Options{Actions: actions}) }

func recapCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RECAP_RUN_MAIN=1")
	return cmd
}

// TestKilledMidWrite kills builds at many moments with SIGKILL: the
// outputs are always the last good ones or the new ones, whole.
func TestKilledMidWrite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.toml"), bigNotes(3000))
	if out, err := recapCmd(dir, "build", "notes.toml").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	goodMD, goodPDF := readFile(t, filepath.Join(dir, "notes.md")), readFile(t, filepath.Join(dir, "notes.pdf"))
	// The new version: different notes, so every output changes.
	writeFile(t, filepath.Join(dir, "notes.toml"), bytes.Replace(bigNotes(3000), []byte("Benchmark deal"), []byte("Bigger deal"), 1))
	newDir := t.TempDir()
	writeFile(t, filepath.Join(newDir, "notes.toml"), readFile(t, filepath.Join(dir, "notes.toml")))
	if out, err := recapCmd(newDir, "build", "notes.toml").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	newMD, newPDF := readFile(t, filepath.Join(newDir, "notes.md")), readFile(t, filepath.Join(newDir, "notes.pdf"))
	for _, delay := range []time.Duration{5, 20, 60, 120, 200, 300, 450, 600, 800} {
		cmd := recapCmd(dir, "build", "notes.toml")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		md, pdf := readFile(t, filepath.Join(dir, "notes.md")), readFile(t, filepath.Join(dir, "notes.pdf"))
		if !bytes.Equal(md, goodMD) && !bytes.Equal(md, newMD) {
			t.Fatalf("killed after %dms: notes.md is neither the old nor the new version (%d bytes)", delay, len(md))
		}
		if !bytes.Equal(pdf, goodPDF) && !bytes.Equal(pdf, newPDF) {
			t.Fatalf("killed after %dms: notes.pdf is neither the old nor the new version (%d bytes)", delay, len(pdf))
		}
	}
	// The next build removes what the killed ones left.
	if out, err := recapCmd(dir, "build", "notes.toml").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left after a build: %v", leftovers)
	}
}

// TestStaleTempsOnly: builds writing into one folder take turns; a build
// waits while another holds the folder, and then removes the temporary
// files of its outputs that killed builds left, and no others.
func TestStaleTempsOnly(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.toml"), readFile(t, "../../examples/supply.toml"))
	stale, other := filepath.Join(dir, ".notes.pdf.stale.tmp"), filepath.Join(dir, ".other.pdf.x.tmp")
	writeFile(t, stale, []byte("left by a killed build"))
	writeFile(t, other, []byte("not an output of this build"))
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX); err != nil { // as a build writing there
		t.Fatal(err)
	}
	cmd := recapCmd(dir, "build", "notes.toml")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // it builds, then waits for the folder
	if _, err := os.Stat(filepath.Join(dir, "notes.pdf")); err == nil {
		t.Error("a build wrote into a folder another held")
	}
	if _, err := os.Stat(stale); err != nil {
		t.Error("a temporary file was removed while another build held the folder")
	}
	d.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a temporary file of a killed build is still there")
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a temporary file of another output was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.pdf")); err != nil {
		t.Error("the build wrote nothing once the folder was free")
	}
}

// TestInterruptedBuild: Ctrl-C (SIGINT) or SIGTERM during a build ends it
// at once, writes nothing and exits with status 130.
func TestInterruptedBuild(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "notes.toml"), bigNotes(20000))
		cmd := recapCmd(dir, "build", "notes.toml")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // the build takes seconds
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != 130 || stderr.String() != "recap: interrupted: nothing written\n" {
			t.Errorf("%v: exit %d (%v), stderr %q", sig, code, err, stderr.String())
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*notes.*")); len(left) != 1 {
			t.Errorf("%v: files left: %v", sig, left)
		}
	}
}

// TestRacingBuilds runs builds of the same notes at once: every output is
// whole, and the same.
func TestRacingBuilds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.toml"), bigNotes(500))
	var cmds []*exec.Cmd
	for range 4 {
		cmd := recapCmd(dir, "build", "notes.toml")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("a racing build failed: %v", err)
		}
	}
	pdf := readFile(t, filepath.Join(dir, "notes.pdf"))
	solo := t.TempDir()
	writeFile(t, filepath.Join(solo, "notes.toml"), bigNotes(500))
	if out, err := recapCmd(solo, "build", "notes.toml").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !bytes.Equal(pdf, readFile(t, filepath.Join(solo, "notes.pdf"))) {
		t.Error("racing builds left a PDF that differs from a build alone")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

// TestWatchSurvivesWriteErrors: an output that cannot be written is
// reported, the watch goes on, and tries again until the cause is gone.
func TestWatchSurvivesWriteErrors(t *testing.T) {
	dir, notes := watchDir(t)
	p := startRecap(t, dir, "watch", "notes.toml")
	p.expect(built)
	blocker := filepath.Join(dir, "notes.md")
	os.Remove(blocker)
	if err := os.Mkdir(blocker, 0o755); err != nil { // a folder where the output goes
		t.Fatal(err)
	}
	goodPDF := readFile(t, filepath.Join(dir, "notes.pdf"))
	writeFile(t, filepath.Join(dir, "notes.toml"), retitle(notes, "Blocked"))
	p.expect(`notes\.toml: cannot write notes\.md: it is a directory; the last good documents are unchanged; trying again$`)
	if !bytes.Equal(goodPDF, readFile(t, filepath.Join(dir, "notes.pdf"))) {
		t.Error("the PDF was written although the Markdown could not be")
	}
	os.Remove(blocker)
	p.expect(built) // tried again, without another save
	p.interrupt()
}

// TestWatchSurvivesFullDisk writes the outputs to a small tmpfs that fills
// up, then turns read-only: each failure is reported, nothing is
// half-written, and once the cause is gone the next save builds.
func TestWatchSurvivesFullDisk(t *testing.T) {
	disk := t.TempDir()
	if err := syscall.Mount("tmpfs", disk, "tmpfs", 0, "size=512k"); err != nil {
		needs.Missing(t, "cannot mount a tmpfs here (CI runs as root): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(disk, 0) })
	dir, notes := watchDir(t)
	p := startRecap(t, dir, "watch", "-o", disk, "notes.toml")
	p.expect(`notes\.toml: built .*notes\.md, .*notes\.pdf, .*notes\.brief\.md, .*notes\.brief\.pdf in`)
	goodPDF, goodMD := readFile(t, filepath.Join(disk, "notes.pdf")), readFile(t, filepath.Join(disk, "notes.md"))
	filler := filepath.Join(disk, "filler")
	f, _ := os.Create(filler)
	f.Write(make([]byte, 512<<10)) // fills the disk; the error is expected
	f.Close()
	writeFile(t, filepath.Join(dir, "notes.toml"), retitle(notes, "No room"))
	p.expect(`no space left on device; the last good documents are unchanged; trying again$`)
	if !bytes.Equal(goodPDF, readFile(t, filepath.Join(disk, "notes.pdf"))) || !bytes.Equal(goodMD, readFile(t, filepath.Join(disk, "notes.md"))) {
		t.Error("the last good Markdown or PDF changed on a full disk")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(disk, ".*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left on the full disk: %v", leftovers)
	}
	os.Remove(filler)
	p.expect(`notes\.toml: built .*notes\.md, .*notes\.pdf, .*notes\.brief\.md, .*notes\.brief\.pdf in`) // tried again

	// No permission to write: a read-only file system refuses even root.
	if err := syscall.Mount("", disk, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("remounting read-only: %v", err)
	}
	goodPDF = readFile(t, filepath.Join(disk, "notes.pdf"))
	writeFile(t, filepath.Join(dir, "notes.toml"), retitle(notes, "Read-only"))
	p.expect(`read-only file system; the last good documents are unchanged; trying again$`)
	if !bytes.Equal(goodPDF, readFile(t, filepath.Join(disk, "notes.pdf"))) {
		t.Error("the last good PDF changed on a read-only disk")
	}
	if err := syscall.Mount("", disk, "", syscall.MS_REMOUNT, ""); err != nil {
		t.Fatalf("remounting read-write: %v", err)
	}
	p.expect(`notes\.toml: built .*notes\.md, .*notes\.pdf, .*notes\.brief\.md, .*notes\.brief\.pdf in`) // tried again
	p.interrupt()
}
