package schema

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gold "github.com/recaptool/recap/internal/golden"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden diagnostics in testdata")

// formatDiags is the golden form: the user-facing line plus the rule id.
func formatDiags(l List) string {
	var b strings.Builder
	for _, d := range l {
		fmt.Fprintf(&b, "%s [%s]\n", d, d.Rule)
	}
	return b.String()
}

// TestCheck runs every case under testdata/check: each txtar holds a
// notes.toml and the diagnostics it must produce.
func TestCheck(t *testing.T) {
	files, err := filepath.Glob("testdata/check/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatal("no test cases", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			notes, want := gold.Section(ar, "notes.toml"), gold.Section(ar, "diagnostics")
			_, diags := Load("notes.toml", notes)
			got := formatDiags(diags)
			if *update {
				gold.SetSection(ar, "diagnostics", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want) {
				t.Errorf("diagnostics differ\n--- want\n%s--- got\n%s", want, got)
			}
		})
	}
}

// TestRulesCovered keeps testdata complete: every rule applied at check
// has a case that gives it, and every diagnostic of every case is of a
// declared rule, with a severity the rule can have.
func TestRulesCovered(t *testing.T) {
	files, _ := filepath.Glob("testdata/check/*.txtar")
	var all List
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, diags := Load("notes.toml", gold.Section(ar, "notes.toml"))
		all = append(all, diags...)
	}
	all = append(all, loadTooLarge()...)
	all = append(all, loadNoGlyph()...)
	all = append(all, loadSchemaStale("{}")...)
	given := map[string]bool{}
	for _, d := range all {
		given[d.Rule] = true
		r := LookupRule(d.Rule)
		switch {
		case r == nil:
			t.Errorf("%s: rule %q is not declared in registry.go", d, d.Rule)
		case r.Level == AlwaysError && d.Severity != Error:
			t.Errorf("%s: a %s from rule %q, which gives only errors", d, d.Severity, d.Rule)
		case r.Level == AlwaysWarning && d.Severity == Error && r.Escalates == "":
			t.Errorf("%s: an error from rule %q, which gives only warnings", d, d.Rule)
		case d.Severity == Accepted && !r.Acceptable():
			t.Errorf("%s: accepted, but rule %q cannot be accepted", d, d.Rule)
		}
	}
	for _, r := range Rules() {
		if r.Stage == AtCheck && !given[r.ID] {
			t.Errorf("rule %q has no test case under testdata/check", r.ID)
		}
	}
}

func loadTooLarge() List {
	src := bytes.Repeat([]byte("# padding\n"), MaxSize/10+1)
	_, diags := Load("big.toml", src)
	return diags
}

// loadNoGlyph checks text with a rune the (pretend) fonts lack.
func loadNoGlyph() List {
	src := "title = \"Deal ✓ ✓ 北京 😀\"\ndate = 2026-11-24\nplace = \"Tab\\tand\\nlines 2068\u2068אב\u2069\"\n"
	_, diags := LoadWith("g.toml", []byte(src), Options{Printable: func(r rune) bool { return r < 0x2000 || r == 0x2068 || r == 0x2069 }})
	return diags
}

func TestNoGlyph(t *testing.T) {
	var glyph []Diagnostic
	for _, d := range loadNoGlyph() {
		if d.Rule == "no-glyph" {
			glyph = append(glyph, d)
		}
	}
	// One warning for the title, naming each missing character once; the
	// isolates and the Hebrew of the place (U+05xx) are printable.
	want := "`title` contains ✓ (U+2713), 北 (U+5317), 京 (U+4EAC) and 😀 (U+1F600), which no font recap can use has; the PDF prints them as empty boxes: install a font that has them (a Noto font for its script, say), or give a folder of fonts with --font-path"
	if len(glyph) != 1 || glyph[0].Pos != (Pos{1, 1}) || glyph[0].Message != want {
		t.Errorf("want one no-glyph warning for the title:\n%s\ngot %v", want, glyph)
	}
}

func TestTooLarge(t *testing.T) {
	diags := loadTooLarge()
	if len(diags) != 1 || diags[0].Rule != "size" || diags[0].Pos != (Pos{1, 1}) {
		t.Fatalf("got %v, want one size error at 1:1", diags)
	}
	if !strings.Contains(diags[0].Message, "larger than 8 MiB") {
		t.Errorf("message %q does not state the limit", diags[0].Message)
	}
}

func TestExamplesValid(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.toml")
	if len(files) < 3 {
		t.Fatalf("want at least 3 examples, found %d", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n, diags := Load(f, src)
		if diags.Errors() > 0 || n == nil {
			t.Errorf("%s: %v", f, diags)
		}
	}
}

func TestSortedAndDeterministic(t *testing.T) {
	files, _ := filepath.Glob("testdata/check/*.txtar")
	for _, file := range files {
		ar, _ := txtar.ParseFile(file)
		src := gold.Section(ar, "notes.toml")
		_, first := Load("x.toml", src)
		for range 3 {
			if _, again := Load("x.toml", src); !slices.Equal(first, again) {
				t.Fatalf("%s: diagnostics differ between runs", file)
			}
		}
		if !slices.IsSortedFunc(first, func(a, b Diagnostic) int {
			if a.Pos.Less(b.Pos) {
				return -1
			}
			if b.Pos.Less(a.Pos) {
				return 1
			}
			return 0
		}) {
			t.Errorf("%s: diagnostics not sorted by position", file)
		}
	}
}

// TestWholeFloatRevision: JSON Schema counts 2.0 as an integer, and so
// does the revision read from it.
func TestWholeFloatRevision(t *testing.T) {
	n, diags := Load("r.toml", []byte("title = 'x'\ndate = 2026-11-24\nrevision = 2.0\n"))
	if n == nil || n.Revision != 2 {
		t.Fatalf("revision %v (%v), want 2", n, diags)
	}
	if _, diags := Load("r.toml", []byte("title = 'x'\ndate = 2026-11-24\nrevision = 2.5\n")); !strings.Contains(diags.Error(), "`revision` must be an integer, not a number") {
		t.Errorf("2.5 gives %v", diags)
	}
}

// TestNoGlyphSignatory: in a final recap, a signatory's name no font can
// print is an error, not a warning; anyone else's is a warning.
func TestNoGlyphSignatory(t *testing.T) {
	src := `title = "x"
date = 2026-11-24
status = "final"
binding = "binding"
[[party]]
id = "a"
name = "A"
us = true
person = [{ id = "x", name = "X", signs = true }]
[[party]]
id = "b"
name = "B"
person = [{ id = "y", name = "王小明", signs = true, authority = { confirmed_by = "z", on = 2026-11-01 } }, { id = "z", name = "李华" }]
[[action]]
id = "pay"
owner = "y"
do = "Pay"
if = "signing"
within = "7d"
[[action]]
id = "ship"
owner = "x"
do = "Ship"
if = "pay"
`
	_, diags := LoadWith("n.toml", []byte(src), Options{Printable: func(r rune) bool { return r < 0x2000 }})
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d:%d %s %s", d.Line, d.Col, d.Severity, d.Rule))
	}
	want := "13:23 error no-glyph\n13:118 warning no-glyph"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s\n%v", strings.Join(got, "\n"), want, diags)
	}
	if !strings.Contains(diags[0].Message, "signatory 王小明's name holds 王 (U+738B), 小 (U+5C0F) and 明 (U+660E)") {
		t.Errorf("message: %s", diags[0].Message)
	}
}
