package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/recaptool/recap/internal/gen"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/render/pdf/pdfread"
	"github.com/recaptool/recap/schema"
)

func supplySource(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile("../examples/supply.toml")
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// buildPDF builds a document's PDF of notes, named supply.toml.
func buildPDF(t *testing.T, src []byte, opt Options) []byte {
	t.Helper()
	if opt.Template == nil {
		opt.Template = docTemplate(t, opt.Document)
	}
	opt.Formats = Formats{FormatPDF}
	if opt.Version == "" {
		opt.Version = "test"
	}
	outs, err := Build(source(t, "supply.toml", src), opt)
	if err != nil {
		t.Fatal(err)
	}
	return outs[0].Data
}

func supplyPDF(t *testing.T, opt Options) (src, file []byte) {
	src = supplySource(t)
	return src, buildPDF(t, src, opt)
}

func verifyOpt(t testing.TB) VerifyOptions {
	return VerifyOptions{Version: "test", Defaults: map[Document]*template.Template{Agreement: docTemplate(t, Agreement), Brief: docTemplate(t, Brief)}}
}

func TestEmbeddedNotes(t *testing.T) {
	src := supplySource(t)
	shared := schema.SharedNotes(load(t, "supply.toml", src))
	for _, tt := range []struct {
		doc  Document
		name string
		want []byte
	}{
		{Agreement, "shared-notes.toml", shared},
		{Brief, "supply.toml", src},
	} {
		t.Run(string(tt.doc), func(t *testing.T) {
			file := buildPDF(t, src, Options{Record: Record{Document: tt.doc}})
			pdftest.Check(t, file)
			atts, err := pdfread.ReadAttachments(file)
			if err != nil || len(atts) != 1 || atts[0].Name != tt.name || !bytes.Equal(atts[0].Data, tt.want) || atts[0].Relationship != string(pdf.Source) {
				t.Fatalf("ReadAttachments = %v, %v", atts, err)
			}
			if out := pdftest.Tool(t, file, "pdfdetach", "-list", "PDF"); !strings.Contains(out, "1: "+tt.name) {
				t.Errorf("pdfdetach -list:\n%s", out)
			}
			dir := t.TempDir()
			pdftest.Tool(t, file, "pdfdetach", "-save", "1", "-o", filepath.Join(dir, "out.toml"), "PDF")
			if got, _ := os.ReadFile(filepath.Join(dir, "out.toml")); !bytes.Equal(got, tt.want) {
				t.Error("pdfdetach does not extract the embedded notes byte for byte")
			}
			keywords, _ := pdfread.ReadInfo(file, "Keywords")
			if !strings.Contains(keywords, "notes-sha256:"+Fingerprint(tt.want)) {
				t.Errorf("keywords lack the fingerprint: %q", keywords)
			}
			var doc struct {
				Outlines []struct {
					Title string `json:"title"`
				} `json:"outlines"`
			}
			json.Unmarshal([]byte(pdftest.Tool(t, file, "qpdf", "--json", "--json-key=outlines", "PDF")), &doc)
			title := "Supply of SX-200 sensor modules"
			if tt.doc == Brief {
				title = "Brief: " + title // never to be taken for the agreement
			}
			if len(doc.Outlines) == 0 || doc.Outlines[0].Title != title {
				t.Errorf("outline = %+v", doc.Outlines)
			}
		})
	}
}

// TestSharedRebuildsTheAgreement: the shared notes, extracted from the
// agreement and built as notes of any name, give the very same agreement
// bytes; and editing any private part of the notes changes none of them.
func TestSharedRebuildsTheAgreement(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.toml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want := buildDoc(t, Agreement, src, FormatMD, FormatPDF, FormatHTML, FormatICS)
			shared := schema.SharedNotes(load(t, f, src))
			if again := schema.SharedNotes(load(t, "other-name.toml", shared)); !bytes.Equal(again, shared) {
				t.Fatalf("the shared notes of the shared notes differ:\n%s\n---\n%s", shared, again)
			}
			got := buildDoc(t, Agreement, shared, FormatMD, FormatPDF, FormatHTML, FormatICS)
			for format, data := range want {
				if !bytes.Equal(got[format], data) {
					t.Errorf("%s: the shared notes build another agreement", format)
				}
			}
		})
	}
	src := supplySource(t)
	want := build(t, src, FormatMD, FormatPDF)
	for _, edit := range [][2]string{
		{`note  = "Their first ask was 11.80; 12.40 is our floor."`, `note  = "Their first ask was 11.50."`},
		{`how = "phone call with Eva Klein"`, `how = "video call"`},
		{`max_exposure = 70000`, `max_exposure = 1`},
		{`"Price fixed until June 2027 instead of March"`, `"Something else"`},
		{`# Eva confirmed it herself on the phone, before the first round.`, `# another comment`},
		{`text    = "Whether a fifth lot follows in May 2027"`, `text    = "Whether a sixth lot follows"`},
	} {
		edited := bytes.Replace(src, []byte(edit[0]), []byte(edit[1]), 1)
		if bytes.Equal(edited, src) {
			t.Fatalf("edit %q changes nothing", edit[0])
		}
		got := build(t, edited, FormatMD, FormatPDF)
		for format, data := range want {
			if !bytes.Equal(got[format], data) {
				t.Errorf("private edit %q changes the agreement's %s", edit[0], format)
			}
		}
	}
}

func TestVerify(t *testing.T) {
	src := supplySource(t)
	old, err := os.ReadFile("../examples/supply-rev2.toml")
	if err != nil {
		t.Fatal(err)
	}
	privateEdit := bytes.Replace(src, []byte("12.40 is our floor"), []byte("12.20 is our floor"), 1)
	sharedEdit := bytes.Replace(src, []byte("Unit price EUR 12.40"), []byte("Unit price EUR 12.10"), 1)
	since := source(t, "supply-rev2.toml", old)
	for _, doc := range []Document{Agreement, Brief} {
		file := buildPDF(t, src, Options{Record: Record{Document: doc}})
		sinceFile := buildPDF(t, src, Options{Record: Record{Document: doc, Since: Fingerprint(sinceSrc(doc, since))}, Since: &since})
		withNotes := func(notes []byte) func(*VerifyOptions) {
			return func(o *VerifyOptions) { o.Notes, o.NotesName = notes, "given.toml" }
		}
		flip := func(i int) []byte {
			b := bytes.Clone(file)
			b[i] ^= 0x01
			return b
		}
		tests := []struct {
			name string
			file []byte
			opt  func(*VerifyOptions)
			want string // "" to verify
		}{
			{"fresh", file, nil, ""},
			{"with its notes", file, withNotes(src), ""},
			{"with --since", sinceFile, nil, ""},
			{"with --since, with its notes", sinceFile, withNotes(src), ""},
			{"after a shared edit", file, withNotes(sharedEdit), "notes differ: given.toml is not"},
			{"bit flipped in the header", flip(10), nil, "PDF altered or rewritten"},
			{"bit flipped in page content", flip(len(file) / 3), nil, "not verified"},
			{"bit flipped in the trailer", flip(len(file) - 10), nil, "not verified"},
			{"truncated", file[:len(file)-100], nil, "rewritten by another tool, or damaged"},
			{"empty", nil, nil, "not a PDF"},
			// Another build that makes the same bytes: not tampering (TestOtherBuild).
			{"another build", file, func(o *VerifyOptions) { o.Version = "v9.9.9" }, ""},
		}
		if doc == Agreement {
			tests = append(tests, struct {
				name string
				file []byte
				opt  func(*VerifyOptions)
				want string
			}{"after a private edit", file, withNotes(privateEdit), ""}, struct {
				name string
				file []byte
				opt  func(*VerifyOptions)
				want string
			}{"after recording its signing and a step done", file, withNotes(recorded(t, src)), ""})
		} else {
			tests = append(tests, struct {
				name string
				file []byte
				opt  func(*VerifyOptions)
				want string
			}{"after a private edit", file, withNotes(privateEdit), "notes differ: given.toml is not the file embedded"})
		}
		for _, tt := range tests {
			t.Run(string(doc)+"/"+tt.name, func(t *testing.T) {
				opt := verifyOpt(t)
				if tt.opt != nil {
					tt.opt(&opt)
				}
				v, err := Verify(tt.file, opt)
				if tt.want == "" {
					if err != nil || v.Document != doc {
						t.Fatalf("does not verify as the %s: %v (%s)", doc, err, v.Document)
					}
					return
				}
				if !errors.Is(err, ErrNotVerified) {
					t.Fatalf("verified, or failed otherwise: %v", err)
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("reason %q, want %q", err, tt.want)
				}
			})
		}
	}
}

// sinceSrc is what a document embeds of the revision it lists changes since.
func sinceSrc(doc Document, old Source) []byte {
	if doc == Agreement {
		return schema.SharedNotes(old.Notes)
	}
	return old.Src
}

// TestVerifyRewritten: a PDF rewritten by another tool, even to the same
// content, is detected, and said to be.
func TestVerifyRewritten(t *testing.T) {
	qpdf := needs.Tool(t, "qpdf")
	_, file := supplyPDF(t, Options{})
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(in, file, 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{in, out}, "PDF altered or rewritten: it differs"},
		{[]string{"--linearize", in, out}, "not verified"},
		{[]string{"--object-streams=generate", in, out}, "PDF altered or rewritten: it differs"},
		{[]string{"--object-streams=disable", "--compress-streams=n", in, out}, "PDF altered or rewritten: it differs"},
	} {
		if b, err := exec.Command(qpdf, tt.args...).CombinedOutput(); err != nil {
			t.Fatalf("qpdf %v: %v\n%s", tt.args, err, b)
		}
		rewritten, _ := os.ReadFile(out)
		if _, err := Verify(rewritten, verifyOpt(t)); !errors.Is(err, ErrNotVerified) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("qpdf %v: %v, want %q", tt.args, err, tt.want)
		}
	}
}

// TestRecordRoundTrip: every value of every recorded build option is
// written into the PDF, read back as the same Record, and rebuilt by
// verify to the same bytes.
func TestRecordRoundTrip(t *testing.T) {
	// A template of its own, which places the e-signature tags (where it
	// does not, --esign is refused: TestESignTagsOnce).
	text := []byte("# {{.Title}}\n\n{{template \"signatures\" .}}\n")
	custom, err := ParseTemplate("mine.tmpl", text)
	if err != nil {
		t.Fatal(err)
	}
	src := supplySource(t)
	old, err := os.ReadFile("../examples/supply-rev2.toml")
	if err != nil {
		t.Fatal(err)
	}
	since := source(t, "supply-rev2.toml", old)
	var records []Record
	for _, doc := range []Document{Agreement, Brief} {
		esigns := []ESign{NoESign}
		if doc == Agreement {
			esigns = append(esigns, ESigns...)
		}
		for _, paper := range pdf.Papers {
			for _, esign := range esigns {
				for _, date := range []time.Time{{}, time.Unix(1800000000, 0).UTC()} {
					for _, tmpl := range []string{DefaultTemplate, TemplateHash(text)} {
						for _, withSince := range []bool{false, true} {
							r := Record{Document: doc, TemplateID: tmpl, Paper: paper, ESign: esign, Date: date}
							if withSince {
								r.Since = Fingerprint(sinceSrc(doc, since))
							}
							records = append(records, r)
						}
					}
				}
			}
		}
	}
	for _, rec := range records {
		t.Run(rec.String(), func(t *testing.T) {
			opt := Options{Record: rec}
			if rec.Since != "" {
				opt.Since = &since
			}
			vopt := verifyOpt(t)
			if rec.TemplateID != DefaultTemplate {
				opt.Template = custom
				vopt.Template, vopt.TemplateHash = custom, rec.TemplateID
			}
			file := buildPDF(t, src, opt)
			kw, err := pdfread.ReadInfo(file, "Keywords")
			if err != nil {
				t.Fatal(err)
			}
			_, written, _ := strings.Cut(kw, recordKey)
			if got, err := ParseRecord(written); err != nil || got != rec {
				t.Fatalf("recorded %q, read back %+v (%v), want %+v", written, got, err, rec)
			}
			if _, err := Verify(file, vopt); err != nil {
				t.Errorf("does not verify: %v", err)
			}
			if rec.TemplateID != DefaultTemplate {
				if _, err := Verify(file, verifyOpt(t)); err == nil || !strings.Contains(err.Error(), "made with another template ("+rec.TemplateID+")") {
					t.Errorf("verified without its template: %v", err)
				}
			}
		})
	}
}

// TestVerifyQuotesTheError: notes with a warning before their first
// error are refused for the error, which the message quotes.
func TestVerifyQuotesTheError(t *testing.T) {
	draft, err := os.ReadFile("../examples/draft.toml")
	if err != nil {
		t.Fatal(err)
	}
	file := buildPDF(t, draft, Options{})
	// A warning (her authority unconfirmed), then an error.
	src := strings.Replace(string(draft), `authority = { confirmed_by = "pablo", on = 2026-11-20 }`, `note = "To be confirmed."`, 1) +
		"\n[[item]]\ntext = \"x\"\nowner = \"nobody\"\n"
	opt := verifyOpt(t)
	opt.Notes, opt.NotesName = []byte(src), "bad.toml"
	_, diags := schema.Load("bad.toml", opt.Notes)
	if len(diags) < 2 || diags[0].Severity != schema.Warning || diags.Errors() == 0 {
		t.Fatalf("the notes should have a warning before an error: %v", diags)
	}
	_, err = Verify(file, opt)
	if err == nil || !strings.Contains(err.Error(), "bad.toml has errors: bad.toml:") || !strings.Contains(err.Error(), ": error: owner `nobody`") {
		t.Errorf("err = %v, want the first error quoted", err)
	}
}

func TestParseRecordRefuses(t *testing.T) {
	for _, s := range []string{
		"",
		"document=agreement template=default paper=b5 esign=none",
		"document=agreement template=default paper=a4 esign=bogus",
		"document=agreement template=mine paper=a4 esign=none",
		"document=agreement template=default paper=a4 esign=none date=-5",
		"document=agreement template=default paper=a4 esign=none date=1e9",
		"document=agreement template=default paper=a4 esign=none colour=red",
		"document=agreement template=default paper=a4 paper=letter esign=none",
		"document=agreement template=default esign=none",
		"document=letter template=default paper=a4 esign=none",
		"template=default paper=a4 esign=none",
		"document=brief template=default paper=a4 esign=none since=abc",
		"document=brief template=default paper=a4 esign=adobe",
		"esign=none document=agreement template=default paper=a4",
		"document=agreement  template=default paper=a4 esign=none",
	} {
		if r, err := ParseRecord(s); err == nil {
			t.Errorf("ParseRecord(%q) = %+v, want an error", s, r)
		}
	}
}

func TestSignatureFields(t *testing.T) {
	_, file := supplyPDF(t, Options{})
	var doc struct {
		AcroForm struct {
			Fields []struct {
				FieldType string `json:"fieldtype"`
				FullName  string `json:"fullname"`
				PageFrom1 int    `json:"pageposfrom1"`
			} `json:"fields"`
		} `json:"acroform"`
	}
	if err := json.Unmarshal([]byte(pdftest.Tool(t, file, "qpdf", "--json", "--json-key=acroform", "PDF")), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range doc.AcroForm.Fields {
		if f.FieldType != "/Sig" {
			t.Errorf("field %q is %s, want /Sig", f.FullName, f.FieldType)
		}
		names = append(names, f.FullName)
		pages := pdftest.Pages(t, file)
		if !strings.Contains(pages[f.PageFrom1-1], f.FullName) {
			t.Errorf("field %q is on page %d, which does not name the signatory", f.FullName, f.PageFrom1)
		}
	}
	if strings.Join(names, ", ") != "Ana Souza, Дмитрий Иванов" {
		t.Errorf("fields %v, want one per signatory", names)
	}
	// A draft, and the brief, are not for signature: no fields.
	draft, err := os.ReadFile("../examples/draft.toml")
	if err != nil {
		t.Fatal(err)
	}
	for name, file := range map[string][]byte{"draft": buildPDF(t, draft, Options{}), "brief": buildPDF(t, supplySource(t), Options{Record: Record{Document: Brief}})} {
		if out := pdftest.Tool(t, file, "qpdf", "--json", "--json-key=acroform", "PDF"); strings.Contains(out, "/Sig") {
			t.Errorf("the %s has signature fields", name)
		}
	}
}

// TestESignTags: each tag once, in the text a service reads; the
// signature and date tags as wide as their line and about 11 pt high,
// just above it; the initials tags inside their signatory's box on the
// last page; all of it invisible.
func TestESignTags(t *testing.T) {
	_, plain := supplyPDF(t, Options{})
	for _, service := range ESigns {
		t.Run(string(service), func(t *testing.T) {
			_, file := supplyPDF(t, Options{Record: Record{ESign: service}})
			pdftest.Check(t, file)
			text := pdftest.Text(t, file)
			words := pdftest.Words(t, file)
			pages := len(pdftest.Pages(t, file))
			find := func(s string) []pdftest.Word {
				var out []pdftest.Word
				for _, w := range words {
					if strings.Contains(w.Text, s) {
						out = append(out, w)
					}
				}
				return out
			}
			signatories := []string{"Ana Souza", "Дмитрий Иванов"}
			for n := 1; n <= 2; n++ {
				tags := ESignTags(service, n)
				for _, tag := range []string{tags.Signature, tags.Initials, tags.Date} {
					if c := strings.Count(text, tag); c != 1 {
						t.Errorf("tag %s appears %d times, want once", tag, c)
					}
				}
				lines := find("_____") // to sign, for the place, for the date
				for _, tag := range []string{tags.Signature, tags.Date} {
					got := find(tag)
					if len(got) != 1 || len(lines) != 6 {
						t.Fatalf("%s: %d words, %d lines of underscores", tag, len(got), len(lines))
					}
					w := got[0]
					if h := w.YMax - w.YMin; h < 10 || h > 13.5 {
						t.Errorf("%s is %.1f pt high, want a field of 10-12 pt", tag, h)
					}
					on := slices.ContainsFunc(lines, func(line pdftest.Word) bool {
						return math.Abs(w.XMin-line.XMin) <= 1 && math.Abs(w.XMax-line.XMax) <= 1 && w.Page == line.Page && w.YMax <= line.YMax && w.YMax >= line.YMin-6
					})
					if !on {
						t.Errorf("%s at %+v is on none of the lines %+v", tag, w, lines)
					}
					// In the signatory's own block: their name is in the
					// column, a few lines away.
					mine := slices.ContainsFunc(find(strings.Fields(signatories[n-1])[0]), func(name pdftest.Word) bool {
						return name.Page == w.Page && math.Abs(name.XMin-w.XMin) < 150 && math.Abs(name.YMin-w.YMin) < 80
					})
					if !mine {
						t.Errorf("%s at %+v is not in the block of %s", tag, w, signatories[n-1])
					}
				}
				box := find(tags.Initials)
				label := find(strings.Fields(signatories[n-1])[0])
				var under pdftest.Word
				for _, l := range label {
					if l.Page == pages && l.YMin > 700 {
						under = l
					}
				}
				if len(box) != 1 || box[0].Page != pages || under.Page == 0 {
					t.Fatalf("initials tag %s at %+v, label %+v", tags.Initials, box, label)
				}
				const boxW = 18 * 72 / 25.4
				w := box[0]
				if mid, labelMid := (w.XMin+w.XMax)/2, (under.XMin+under.XMax)/2; w.XMax-w.XMin > boxW || math.Abs(mid-labelMid) > 20 || w.YMax > under.YMin {
					t.Errorf("initials tag %s at %+v is not in the box over the label %+v", tags.Initials, w, under)
				}
			}
			if strings.Contains(text, "signer3") || strings.Contains(text, "/sn3/") {
				t.Error("a tag for a third signer")
			}
			// Invisible: the pages look exactly as without tags.
			for p := 1; p <= pages; p++ {
				a, b := pdftest.Raster(t, plain, p, 60), pdftest.Raster(t, file, p, 60)
				if !pdftest.SameImage(a, b) {
					t.Errorf("page %d looks different with %s tags", p, service)
				}
			}
		})
	}
}

// TestESignTagsOnce: a template that places a tag twice, or not at all,
// makes a PDF in which a service would find two fields or none: the
// build refuses it; one that places no signature field at all is refused
// before (signature-missing).
func TestESignTagsOnce(t *testing.T) {
	for _, tt := range []struct{ name, text, want string }{
		{"none", "# {{.Title}}\n{{range .Signatories}}\n<!-- pdf:signature {{.Name.Raw | urlquery}} -->\n{{end}}", "the e-signature tag {{Sig_es_:signer1:signature}} is not in the PDF's text"},
		{"no signatures", "# {{.Title}}\n", "its template places no signature block and field for Ana Souza"},
		{"twice", "# {{.Title}}\n\n{{template \"signatures\" .}}\n\n{{template \"signatures\" .}}\n", "the e-signature tag {{Sig_es_:signer1:signature}} occurs 2 times in the PDF's text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := ParseTemplate("mine.tmpl", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Build(source(t, "supply.toml", supplySource(t)), Options{Record: Record{ESign: Adobe}, Template: tmpl, Formats: Formats{FormatPDF}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestESignRefused: e-signature tags on a draft, or where the shared text
// already holds one of the service's tags, are errors at build.
func TestESignRefused(t *testing.T) {
	draft, err := os.ReadFile("../examples/draft.toml")
	if err != nil {
		t.Fatal(err)
	}
	src := supplySource(t)
	collide := bytes.Replace(src, []byte("Unit price EUR 12.40"), []byte("Unit price {{Sig_es_:signer1:signature}} EUR 12.40"), 1)
	for _, tt := range []struct {
		name  string
		src   []byte
		esign ESign
		want  string
	}{
		{"draft", draft, Adobe, `supply.toml:9:1: error: --esign adobe: a draft is not for signature`},
		{"collision", collide, Adobe, "error: `text` contains \"{{Sig_es_:signer1:signature}}\", which Adobe Acrobat Sign reads as one of its tags"},
		{"no collision for another service", collide, Dropbox, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(source(t, "supply.toml", tt.src), Options{Record: Record{ESign: tt.esign}, Template: defaultTemplate(t), Formats: Formats{FormatPDF}})
			var diags schema.List
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.As(err, &diags) || !strings.Contains(diags.Error(), tt.want) {
				t.Errorf("err = %v, want a diagnostic %q", err, tt.want)
			}
		})
	}
}

// TestOtherBuild: a PDF made by another build of recap is not called
// tampered with. Rebuilt with the version it records, the same code makes
// the same bytes: it verifies. Where another version makes other bytes
// (here, a PDF whose recorded version was edited, so that its metadata
// no longer matches), verify says so, and what holds without that
// version.
func TestOtherBuild(t *testing.T) {
	file := buildPDF(t, supplySource(t), Options{Version: "v1.0.0"})
	opt := verifyOpt(t) // this build: "test"
	v, err := Verify(file, opt)
	if err != nil || v.MadeBy != "v1.0.0" {
		t.Fatalf("made by v1.0.0, verified by test: %+v, %v", v.MadeBy, err)
	}
	other := bytes.Replace(file, pdfTextString("recap v1.0.0"), pdfTextString("recap v9.0.0"), 1)
	if bytes.Equal(other, file) {
		t.Fatal("no Creator to edit")
	}
	_, err = Verify(other, opt)
	want := "made by recap v9.0.0, and this is recap test, which makes other bytes of the same notes: comparing every byte needs that version. What needs no version holds: every page and the metadata carry the SHA-256 of the notes it embeds"
	if !errors.Is(err, ErrNotVerified) || !strings.Contains(err.Error(), want) {
		t.Errorf("verify: %v\nwant %q", err, want)
	}
	// Two development builds that name no commit cannot be told apart:
	// other bytes are not called tampering.
	devel := buildPDF(t, supplySource(t), Options{Version: "(devel)"})
	devel = bytes.Replace(devel, []byte(">recap (devel)<"), []byte(">recap (devxl)<"), 1) // the metadata's creator tool
	opt.Version = "(devel)"
	_, err = Verify(devel, opt)
	if !errors.Is(err, ErrNotVerified) || !strings.Contains(err.Error(), "made by a development build of recap that names no commit, as this one") {
		t.Errorf("verify of another unnamed build: %v", err)
	}
}

// recorded is notes that record, after the agreement, when it was signed
// and that its first step was done.
func recorded(t *testing.T, src []byte) []byte {
	t.Helper()
	out := bytes.Replace(src, []byte("binding  = \"binding\"\n"), []byte("binding  = \"binding\"\nsigned   = 2026-11-26\n"), 1)
	out = bytes.Replace(out, []byte("due   = 2026-12-01\n"), []byte("due   = 2026-12-01\ndone  = 2026-11-30\n"), 1)
	if bytes.Equal(out, src) || len(out)-len(src) != len("signed   = 2026-11-26\ndone  = 2026-11-30\n") {
		t.Fatal("the notes to record in have changed")
	}
	return out
}

// TestRecordedSince: notes that record the agreement's signing and steps
// done since still verify the signed agreement, which says what they
// record; its fingerprint is that of the terms, so a rebuild carries the
// same.
func TestRecordedSince(t *testing.T) {
	src := supplySource(t)
	file := buildPDF(t, src, Options{})
	opt := verifyOpt(t)
	opt.Notes, opt.NotesName = recorded(t, src), "supply.toml"
	v, err := Verify(file, opt)
	if err != nil || v.Since != "signed 26 Nov 2026, 1 step done" {
		t.Fatalf("verify: %q, %v", v.Since, err)
	}
	again := buildPDF(t, recorded(t, src), Options{})
	if fp := "Notes SHA-256 " + v.Fingerprint[:16]; !strings.Contains(strings.Join(pdftest.Pages(t, again), "\n"), fp) {
		t.Errorf("a rebuild after recording does not carry the fingerprint %s", fp)
	}
}

// pdfTextString is s as the PDF's information dictionary writes it.
func pdfTextString(s string) []byte {
	b := []byte("<FEFF")
	for _, r := range s {
		b = fmt.Appendf(b, "%04X", r)
	}
	return append(b, '>')
}

// TestManyInitials: with eleven signatories, the initials boxes of the
// footer are narrower, and each signatory's initials tag reads back as a
// word of its own: none touches the next.
func TestManyInitials(t *testing.T) {
	src := gen.Notes(gen.Options{Actions: 4, Items: 2, Signatories: 11})
	outs, err := Build(source(t, "many.toml", src), Options{Record: Record{ESign: Dropbox}, Template: docTemplate(t, Agreement), Formats: Formats{FormatPDF}, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	words := pdftest.Words(t, outs[0].Data)
	var tags []pdftest.Word
	for _, w := range words {
		if strings.HasPrefix(w.Text, "[initial|") {
			tags = append(tags, w)
		}
	}
	if len(tags) != 11 {
		var all []string
		for _, w := range tags {
			all = append(all, w.Text)
		}
		t.Fatalf("%d initials tags read back as words, want 11: %q", len(tags), all)
	}
	for _, w := range tags {
		if !regexp.MustCompile(`^\[initial\|req\|signer\d+\]$`).MatchString(w.Text) {
			t.Errorf("an initials tag reads back as %q", w.Text)
		}
	}
}
