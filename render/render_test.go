package render

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
	"unicode/utf8"

	gold "github.com/recaptool/recap/internal/golden"
	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/templates"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func defaultTemplate(t testing.TB) *template.Template { return docTemplate(t, Agreement) }

// docTemplate parses a document's default template.
func docTemplate(t testing.TB, doc Document) *template.Template {
	if doc == "" {
		doc = Agreement
	}
	text := map[Document][]byte{Agreement: templates.Agreement, Brief: templates.Brief}[doc]
	tmpl, err := ParseTemplate(string(doc)+".md.tmpl", text)
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

// testFonts are the fonts tests build with besides recap's own: subsets
// of Noto Sans CJK, so that no test depends on the machine's fonts.
var testFonts = pdf.NewFontSet(pdf.FontDir{Name: "render/pdf/testdata/fonts", FS: os.DirFS("pdf/testdata/fonts")})

// source checks notes as the commands do; they must have no errors.
func source(t testing.TB, name string, src []byte) Source {
	t.Helper()
	n, diags := schema.LoadWith(name, src, LoadOptions(testFonts))
	if diags.Errors() > 0 {
		t.Fatalf("%s: %v", name, diags)
	}
	return Source{Name: name, Src: src, Notes: n, Diags: diags}
}

func load(t testing.TB, name string, src []byte) *schema.Notes { return source(t, name, src).Notes }

// build builds the agreement of notes.
func build(t testing.TB, src []byte, formats ...Format) map[Format][]byte {
	return buildDoc(t, Agreement, src, formats...)
}

func buildDoc(t testing.TB, doc Document, src []byte, formats ...Format) map[Format][]byte {
	t.Helper()
	outs, err := Build(source(t, "notes.toml", src), Options{Record: Record{Document: doc}, Template: docTemplate(t, doc), Formats: formats, Version: "test", Fonts: testFonts})
	if err != nil {
		t.Fatal(err)
	}
	m := map[Format][]byte{}
	for _, o := range outs {
		m[o.Format] = o.Data
	}
	return m
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	gold.Check(t, filepath.Join("testdata", "golden", name), got, *update)
}

func TestGoldenExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.toml")
	if len(files) < 3 {
		t.Fatal("examples missing")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".toml")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out := build(t, src, "md", "html")
			golden(t, name+".md", out["md"])
			golden(t, name+".html", out["html"])
			golden(t, name+".brief.md", buildDoc(t, Brief, src, "md")["md"])
		})
	}
}

// TestGoldenSubstance pins the brief of notes whose exposure counts at
// its worst within a step, and whose accepted warnings give a reason, or
// none (testdata/substance.toml).
func TestGoldenSubstance(t *testing.T) {
	src, err := os.ReadFile("testdata/substance.toml")
	if err != nil {
		t.Fatal(err)
	}
	brief := buildDoc(t, Brief, src, "md")["md"]
	golden(t, "substance.brief.md", brief)
	for _, want := range []string{"(accepted, because a gesture for the pilot, agreed with our director)", "(accepted, no reason recorded)", "| **EUR 100,000** (largest) |"} {
		if !bytes.Contains(brief, []byte(want)) {
			t.Errorf("the brief lacks %q", want)
		}
	}
}

// hostile is text that would be markup, script or template code if it were
// ever interpreted.
const hostile = "*bold* _it_ `code` <script>alert(1)</script> <img src=x onerror=alert(2)> {{.Title}} {{template \"x\"}} | a | b |\n# heading\n- item\n1. one\n> quote\n&amp; &lt; [link](javascript:alert(3)) ![i](x.png) ~~s~~ \\ \"q\" 'q'"

func hostileNotes() []byte { return notesWith(hostile) }

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7F:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// notesWith makes valid notes with h in every text field.
func notesWith(h string) []byte {
	return []byte(strings.ReplaceAll(`title = "H"
date = 2026-11-24
place = "H"
summary = "H"
status = "draft"
[[party]]
id = "us"
name = "H"
us = true
  [[party.person]]
  id = "a"
  name = "H"
  role = "H"
  email = "H"
  signs = true
[[party]]
id = "them"
name = "H"
  [[party.person]]
  id = "b"
  name = "H"
  role = "H"
  signs = true
  authority = { confirmed_by = "c", on = 2026-11-01, how = "H", evidence = "H" }
  [[party.person]]
  id = "c"
  name = "H"
  role = "H"
[[item]]
topic = "H"
text = "H"
owner = "a"
[[action]]
id = "x"
owner = "b"
do = "H"
if = "signing"
[[action]]
id = "y"
owner = "a"
do = "H"
if = "signing"
go_first = "H"
[[open]]
text = "H"
owner = "b"
[[round]]
date = 2026-11-02
gave = ["H"]
got = "H"
[next]
date = 2026-12-01
place = "H"
`, `"H"`, tomlString(h)))
}

var tags = regexp.MustCompile(`<[^>]*>`)

// emphasis finds what HTML emphasises; templateEmphasis is how what the
// templates emphasise begins.
var (
	emphasis         = regexp.MustCompile(`<em>(.*?)</em>`)
	templateEmphasis = []string{"Owner: ", "Recap of the meeting of ", "(done ", "Note:", "Value:", "How:", "Evidence:", "(private)"}
)

// visibleText is the text a browser shows of an HTML fragment.
func visibleText(h string) string {
	h = strings.ReplaceAll(h, "<br>", "\n")
	return html.UnescapeString(tags.ReplaceAllString(h, ""))
}

func TestHostileText(t *testing.T) {
	out := build(t, hostileNotes(), "md", "html")
	md, page := string(out["md"]), string(out["html"])
	if n := strings.Count(md, mdtext.Escape(hostile)); n < 20 {
		t.Errorf("escaped hostile text appears %d times in the Markdown, want every field (20+)", n)
	}
	for _, bad := range []string{"<script", "<img", "href=", "<h1>#", "<code>", "<del>", "<blockquote>"} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML contains %q: user text was interpreted", bad)
		}
	}
	// The templates emphasise only what they write themselves.
	for _, m := range emphasis.FindAllStringSubmatch(page, -1) {
		if !slices.ContainsFunc(templateEmphasis, func(p string) bool { return strings.HasPrefix(m[1], p) }) {
			t.Errorf("HTML emphasises %q: user text was interpreted", m[1])
		}
	}
	body := page[strings.Index(page, "<main>"):]
	if n := strings.Count(visibleText(body), hostile); n < 20 {
		t.Errorf("hostile text shows verbatim %d times in the HTML, want 20+", n)
	}
}

// FuzzTemplate renders notes with any text in every field: the template
// never fails, output is deterministic, and the text shows as typed.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{hostile, "plain", "{{.Title}}", "| x |", "<br>", "1. x", "  x  ", "a\r\nb"} {
		f.Add(s)
	}
	tmpl := defaultTemplate(f)
	f.Fuzz(func(t *testing.T, h string) {
		if !utf8.ValidString(h) || strings.TrimSpace(h) == "" {
			t.Skip() // not UTF-8 or blank: the notes are refused, as tested in schema
		}
		src := notesWith(h)
		n, diags := schema.Load("f.toml", src)
		if diags.Errors() > 0 {
			t.Fatalf("notes with %q are invalid: %v", h, diags)
		}
		in := Source{Name: "f.toml", Src: src, Notes: n, Diags: diags}
		a, err := Build(in, Options{Template: tmpl, Formats: Formats{"md", "html"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Build(in, Options{Template: tmpl, Formats: Formats{"md", "html"}})
		if !bytes.Equal(a[0].Data, b[0].Data) || !bytes.Equal(a[1].Data, b[1].Data) {
			t.Fatal("not deterministic")
		}
		page := string(a[1].Data)
		want := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(h, "\r\n", "\n"), "\r", "\n"), "\x00", "\uFFFD")
		if n := strings.Count(visibleText(page[strings.Index(page, "<main>"):]), want); n < 20 {
			t.Fatalf("%q shows %d times in the HTML, want 20+", h, n)
		}
	})
}

func TestCustomTemplate(t *testing.T) {
	src, _ := os.ReadFile("../examples/supply.toml")
	n := load(t, "supply.toml", src)
	tmpl, err := ParseTemplate("mine.tmpl", []byte("# {{.Title}}\n{{range .Steps}}{{range .Actions}}\n- step {{.Step}}: {{.Do}} ({{.Owner.Name}}){{end}}{{end}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	md, err := Markdown(tmpl, NewRecap(n, Fingerprint(src), "test"))
	if err != nil {
		t.Fatal(err)
	}
	want := `# Supply of SX-200 sensor modules

- step 1: Issue a purchase order for the first 5,000 units (Дмитрий Иванов)
- step 2: Ship the first 5,000 units to the Hamburg warehouse (Li Wei)
- step 3: Confirm receipt and incoming inspection of the first lot (Дмитрий Иванов)
- step 4: Invoice the first lot (Ana Souza)
- step 5: Pay the first invoice (Eva Klein)
- step 6: Ship the second 5,000 units to the Hamburg warehouse (Li Wei)
- step 7: Confirm receipt and incoming inspection of the second lot (Дмитрий Иванов)
- step 8: Invoice the second lot (Ana Souza)
- step 9: Pay the second invoice (Eva Klein)
- step 10: Ship the third 5,000 units to the Hamburg warehouse (Li Wei)
- step 11: Confirm receipt and incoming inspection of the third lot (Дмитрий Иванов)
- step 12: Invoice the third lot (Ana Souza)
- step 13: Pay the third invoice (Eva Klein)
- step 14: Ship the fourth 5,000 units to the Hamburg warehouse (Li Wei)
- step 15: Confirm receipt and incoming inspection of the fourth lot (Дмитрий Иванов)
- step 16: Invoice the fourth lot (Ana Souza)
- step 17: Pay the fourth invoice (Eva Klein)
`
	if string(md) != want {
		t.Errorf("got\n%s\nwant\n%s", md, want)
	}
}

func TestTemplateErrors(t *testing.T) {
	src, _ := os.ReadFile("../examples/supply.toml")
	r := NewRecap(load(t, "supply.toml", src), Fingerprint(src), "test")
	tests := []struct{ name, text, want string }{
		{"missing field", "line 1\n{{.Nope}}", "mine.tmpl:2:2: executing"},
		{"missing map key", "{{index .Parties 9}}", "mine.tmpl:1:2: executing"},
		{"syntax", "{{if}}", "mine.tmpl:1: missing value for if"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate("mine.tmpl", []byte(tt.text))
			if err == nil {
				_, err = Markdown(tmpl, r)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	src, _ := os.ReadFile("../examples/three-party.toml")
	a := build(t, src, "md", "pdf", "html")
	b := build(t, src, "md", "pdf", "html")
	for f := range a {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s differs between two builds", f)
		}
	}
}

func TestTidy(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "\n"},
		{"leading blank lines", "\n \n# a\n", "# a\n"},
		{"runs of blank lines", "a\n\n\n\t\nb", "a\n\nb\n"},
		{"trailing spaces", "a  \nb\t\n", "a\nb\n"},
		{"trailing blank lines", "a\n\n\n", "a\n"},
		{"spaces inside kept", "a  b\n", "a  b\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tidy([]byte(tt.in))); got != tt.want {
				t.Errorf("tidy(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzTidy compares tidy, which works in place, with a plain version.
func FuzzTidy(f *testing.F) {
	for _, s := range []string{"", "a", "\n\n a \n\n\nb\t\n", "x\n\n", "  \n", "a\r\n\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		blank := true
		for _, l := range strings.Split(s, "\n") {
			l = strings.TrimRight(l, " \t")
			if l == "" && !blank {
				want = append(want, "")
			}
			if l != "" {
				want = append(want, l)
			}
			blank = l == ""
		}
		w := strings.TrimRight(strings.Join(want, "\n"), "\n") + "\n"
		if got := string(tidy([]byte(s))); got != w {
			t.Fatalf("tidy(%q) = %q, want %q", s, got, w)
		}
	})
}

// TestTermsShortcut: the terms of shared notes are their encoding while
// they record nothing after the agreement, and Terms otherwise, on every
// notes file of the tests.
func TestTermsShortcut(t *testing.T) {
	n := 0
	for _, src := range gold.NotesCorpus(t, "..") {
		notes, diags := schema.Load("n.toml", src)
		if diags.Errors() > 0 {
			continue
		}
		n++
		shared := schema.Shared(notes)
		if got, want := terms(shared, schema.Encode(shared)), schema.Terms(shared); !bytes.Equal(got, want) {
			t.Errorf("terms differ from schema.Terms for\n%s", src)
		}
	}
	if n < 10 {
		t.Fatalf("only %d notes files", n)
	}
}

// TestNoSignatory: a draft that names no one to sign (the first meeting's
// notes) says so under "Signatures" in the agreement and the brief,
// instead of ending on an empty heading; the brief's warnings quote keys
// and ids in code face, not as backticks.
func TestNoSignatory(t *testing.T) {
	src := []byte(`title = "First contact"
date = 2026-12-01

[[party]]
id = "a"
name = "Alpha Ltd"
us = true
  [[party.person]]
  id = "p"
  name = "Pat"

[[party]]
id = "b"
name = "Beta SA"
  [[party.person]]
  id = "q"
  name = "Quinn"
`)
	for doc, want := range map[Document]string{Agreement: "## Signatures\n\nNo one has been named to sign yet.\n", Brief: "No one has been named to sign the agreement yet."} {
		md := string(buildDoc(t, doc, src, FormatMD)[FormatMD])
		_, tail, ok := strings.Cut(md, "## Signatures")
		if !ok || !strings.Contains(md, want) || strings.TrimSpace(tail) == "" {
			t.Errorf("%s: the signatures section is %q; want %q", doc, tail, want)
		}
		if doc == Brief && !strings.Contains(md, "- On Alpha Ltd: party `a` has no signatory: set `signs = true` on the person who signs for Alpha Ltd\n") {
			t.Errorf("the brief's warning does not quote the key in code face:\n%s", md)
		}
	}
}
