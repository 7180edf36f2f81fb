package render

import (
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/internal/pdftest"
)

// The confidentiality notes plant a distinct string in every private place
// (see testdata/confidential/notes.toml): each kind of note, comments,
// rounds as strings and tables, go_first, authority how and evidence,
// private items, actions, open points and persons (their ids too). The
// numbers are the private values and limits, and the round's numbers and
// date, as the notes write them and as the brief prints them.
var (
	planted        = regexp.MustCompile(`[Qq]z[A-Za-z]+`)
	commentPlanted = []string{"QzCommentTop", "QzCommentInline", "QzCommentTable"}
	// plantedNumbers are as the notes write them and as the brief prints
	// them.
	plantedNumbers = []struct{ written, printed string }{
		{"8282828", "8,282,828"}, {"0.0737", "7.37 %"}, // limits
		{"7319193.25", "7,319,193.25"}, {"6402551", "6,402,551"}, // values
		{"9182736", "9,182,736"}, {"9137000", "9,137,000"}, {"5544332", "5,544,332"}, {"5500000", "5,500,000"}, // rounds
		{"2026-10-13", "13 Oct 2026"}, // the first round's date
	}
)

// secrets lists the strings a notes file of the confidentiality test
// plants. The old revision (for --since) plants words of its own.
func secrets(t *testing.T, src []byte) []string {
	t.Helper()
	var words []string
	for _, w := range planted.FindAllString(string(src), -1) {
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	if len(words) < 30 {
		t.Fatalf("only %d planted strings: %v", len(words), words)
	}
	for _, n := range plantedNumbers {
		if !strings.Contains(string(src), n.written) {
			t.Fatalf("%s is not planted in the notes", n.written)
		}
	}
	return words
}

// confidentialNotes returns the notes and an older revision of them whose
// private strings are its own ("QzOld…") and whose shared part differs.
func confidentialNotes(t *testing.T) (notes, old []byte) {
	t.Helper()
	notes, err := os.ReadFile("testdata/confidential/notes.toml")
	if err != nil {
		t.Fatal(err)
	}
	old = []byte(strings.NewReplacer("Qz", "QzOld", "revision = 2", "revision = 1", "EUR 12.40", "EUR 12.90").Replace(string(notes)))
	return notes, old
}

// TestConfidential builds the agreement of notes full of planted private
// strings in every format, final with each e-signature service and as a
// draft, with --since an old revision that has private strings of its
// own, and finds none of them in any output: not in the bytes, not in
// the PDF's streams decompressed, its attachments extracted, its text or
// its metadata, in any encoding a PDF may hold a string. The brief, built
// from the same notes, holds every one: the search can find them.
func TestConfidential(t *testing.T) {
	notes, old := confidentialNotes(t)
	words, oldWords := secrets(t, notes), secrets(t, old)
	secret := append(slices.Clone(words), oldWords...)
	for _, n := range plantedNumbers {
		secret = append(secret, n.written, n.printed)
	}
	draft := []byte(strings.Replace(string(notes), `status   = "final"`, `status   = "draft"`, 1))

	type build struct {
		name  string
		src   []byte
		esign ESign
		since bool
	}
	builds := []build{{"final", notes, NoESign, false}, {"final since", notes, NoESign, true}, {"draft since", draft, NoESign, true}}
	for _, e := range ESigns {
		builds = append(builds, build{"final since esign " + string(e), notes, e, true})
	}
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			opt := Options{Record: Record{Document: Agreement, ESign: b.esign}, Template: docTemplate(t, Agreement), Formats: Formats{FormatMD, FormatPDF, FormatHTML, FormatICS}, Version: "test"}
			if b.since {
				s := source(t, "old.toml", old)
				opt.Since = &s
			}
			outs, err := Build(source(t, "notes.toml", b.src), opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != 4 {
				t.Fatalf("%d outputs", len(outs))
			}
			for _, o := range outs {
				for name, text := range readable(t, o) {
					for _, s := range secret {
						if i := strings.Index(text, s); i >= 0 {
							t.Errorf("%s: %s holds the private %q: %q", o.Format, name, s, around(text, i))
						}
					}
				}
			}
		})
	}

	t.Run("the brief holds them all", func(t *testing.T) {
		s := source(t, "old.toml", old)
		outs, err := Build(source(t, "notes.toml", notes), Options{Record: Record{Document: Brief}, Template: docTemplate(t, Brief), Formats: Formats{FormatMD, FormatPDF}, Version: "test", Since: &s})
		if err != nil {
			t.Fatal(err)
		}
		read := readable(t, outs[1])
		printed := map[string]string{"md": string(outs[0].Data), "pdftotext": read["pdftotext"], "mutool": read["mutool"]}
		attached := read["attachments"]
		var want []string
		for _, w := range words {
			if !slices.Contains(commentPlanted, w) {
				want = append(want, w)
			}
		}
		for _, n := range plantedNumbers {
			want = append(want, n.printed)
		}
		for name, text := range printed {
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("the brief's %s lacks %q", name, s)
				}
			}
		}
		for _, s := range append(slices.Clone(words), oldWords...) {
			if !strings.Contains(attached, s) {
				t.Errorf("the brief's attachments lack %q", s)
			}
		}
	})
}

// readable returns what a reader of one output can get at, by name: its
// bytes, and for a PDF its streams decompressed by qpdf, its attachments
// as pdfdetach saves them, its text as Poppler and MuPDF extract it, and
// its metadata as pdfinfo decodes it. Where a PDF may hold a string as
// UTF-16 or in hex, the search must see it: strings in those encodings
// are decoded into the text searched.
func readable(t *testing.T, o Output) map[string]string {
	t.Helper()
	switch o.Format {
	case FormatICS:
		// Unfold lines and undo the escapes of RFC 5545, as a calendar does.
		text := strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(string(o.Data))
		return map[string]string{"bytes": string(o.Data), "unfolded": strings.NewReplacer(`\,`, ",", `\;`, ";", `\n`, "\n", `\\`, `\`).Replace(text)}
	case FormatPDF:
	default:
		return map[string]string{"bytes": string(o.Data)}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(path, o.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	uncompressed := filepath.Join(dir, "uncompressed.pdf")
	run(t, "qpdf", "--stream-data=uncompress", "--decode-level=all", path, uncompressed)
	raw, err := os.ReadFile(uncompressed)
	if err != nil {
		t.Fatal(err)
	}
	attachments := filepath.Join(dir, "attachments")
	if err := os.Mkdir(attachments, 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, "pdfdetach", "-saveall", "-o", attachments, path)
	var saved strings.Builder
	files, _ := os.ReadDir(attachments)
	if len(files) == 0 {
		t.Fatal("pdfdetach saved no attachment")
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(attachments, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		saved.WriteString(f.Name() + "\n" + string(b) + "\n")
	}
	return map[string]string{
		"bytes":        string(o.Data),
		"streams":      string(raw),
		"decoded":      decodeStrings(raw),
		"attachments":  saved.String(),
		"pdftotext":    oneLine(pdftest.Text(t, o.Data)),
		"mutool":       oneLine(mutoolText(t, o.Data)),
		"pdfinfo":      run(t, "pdfinfo", "-enc", "UTF-8", path),
		"pdfinfo meta": run(t, "pdfinfo", "-meta", path),
	}
}

// oneLine joins what text extraction splits over lines and columns.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func mutoolText(t *testing.T, file []byte) string {
	return pdftest.Tool(t, file, "mutool", "draw", "-q", "-F", "txt", "-o", "-", "PDF")
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(needs.Tool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

var hexString = regexp.MustCompile(`<([0-9A-Fa-f\s]+)>`)

// decodeStrings decodes a PDF's hex strings, and those in UTF-16 (with or
// without a byte order mark, big-endian as PDF writes them), to UTF-8.
func decodeStrings(raw []byte) string {
	var b strings.Builder
	add := func(s []byte) {
		b.Write(s)
		b.WriteByte('\n')
		for _, odd := range []int{0, 1} { // UTF-16BE starting at either byte
			if len(s) < 2+odd {
				continue
			}
			u := make([]uint16, (len(s)-odd)/2)
			for i := range u {
				u[i] = uint16(s[odd+2*i])<<8 | uint16(s[odd+2*i+1])
			}
			b.WriteString(string(utf16.Decode(u)))
			b.WriteByte('\n')
		}
	}
	add(raw)
	for _, m := range hexString.FindAllSubmatch(raw, -1) {
		digits := strings.Join(strings.Fields(string(m[1])), "")
		if len(digits)%2 == 1 {
			digits += "0"
		}
		if s, err := hex.DecodeString(digits); err == nil {
			add(s)
		}
	}
	return b.String()
}

func around(s string, i int) string {
	return s[max(0, i-40):min(len(s), i+60)]
}

// TestPrivateEdits changes each planted private string of the
// confidentiality notes in turn, and finds the agreement the same bytes
// in every format: nothing private reaches it, not even as a length.
func TestPrivateEdits(t *testing.T) {
	notes, _ := confidentialNotes(t)
	formats := []Format{FormatMD, FormatPDF, FormatHTML, FormatICS}
	want := build(t, notes, formats...)
	edits := map[string]string{}
	for _, w := range secrets(t, notes) {
		edits[w] = w + "Longer"
	}
	for _, n := range plantedNumbers {
		edits[n.written] = "1"
	}
	edits["0.0737"], edits["2026-10-13"] = "0.2", "2026-10-14"
	for from, to := range edits {
		edited := strings.ReplaceAll(string(notes), from, to)
		got := build(t, []byte(edited), formats...)
		for _, f := range formats {
			if !bytes.Equal(got[f], want[f]) {
				t.Errorf("changing %q to %q changes the agreement's %s", from, to, f)
			}
		}
	}
}
