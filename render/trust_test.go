package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf"
)

func supplyPDF(t *testing.T, opt Options) (src, file []byte) {
	t.Helper()
	src, err := os.ReadFile("../examples/supply.toml")
	if err != nil {
		t.Fatal(err)
	}
	if opt.Template == nil {
		opt.Template = defaultTemplate(t)
	}
	opt.Formats, opt.NotesName = Formats{FormatPDF}, "supply.toml"
	if opt.Version == "" {
		opt.Version = "test"
	}
	outs, err := Build(load(t, "supply.toml", src), src, opt)
	if err != nil {
		t.Fatal(err)
	}
	return src, outs[0].Data
}

func verifyOpt(t *testing.T) VerifyOptions {
	return VerifyOptions{Version: "test", Default: defaultTemplate(t)}
}

func TestEmbeddedNotes(t *testing.T) {
	src, file := supplyPDF(t, Options{})
	pdftest.Check(t, file)
	name, data, err := pdf.ReadAttachment(file)
	if err != nil || name != "supply.toml" || !bytes.Equal(data, src) {
		t.Fatalf("ReadAttachment = %q, %d bytes, %v", name, len(data), err)
	}
	if out := pdftest.Tool(t, file, "pdfdetach", "-list", "PDF"); !strings.Contains(out, "1: supply.toml") {
		t.Errorf("pdfdetach -list:\n%s", out)
	}
	dir := t.TempDir()
	pdftest.Tool(t, file, "pdfdetach", "-save", "1", "-o", filepath.Join(dir, "out.toml"), "PDF")
	if got, _ := os.ReadFile(filepath.Join(dir, "out.toml")); !bytes.Equal(got, src) {
		t.Error("pdfdetach does not extract the notes byte for byte")
	}
	keywords, _ := pdf.ReadInfo(file, "Keywords")
	if !strings.Contains(keywords, "notes-sha256:"+Fingerprint(src)) {
		t.Errorf("keywords lack the fingerprint: %q", keywords)
	}
	// Bookmarks still point at their pages after the update.
	var doc struct {
		Outlines []struct {
			Title string `json:"title"`
			Dest  []any  `json:"dest"`
		} `json:"outlines"`
	}
	json.Unmarshal([]byte(pdftest.Tool(t, file, "qpdf", "--json", "--json-key=outlines", "PDF")), &doc)
	if len(doc.Outlines) == 0 || doc.Outlines[0].Title != "Supply of SX-200 sensor modules" {
		t.Errorf("outline = %+v", doc.Outlines)
	}
}

func TestVerify(t *testing.T) {
	src, file := supplyPDF(t, Options{})
	if _, _, err := Verify(file, verifyOpt(t)); err != nil {
		t.Fatalf("a fresh PDF does not verify: %v", err)
	}
	withNotes := verifyOpt(t)
	withNotes.Notes, withNotes.NotesName = src, "supply.toml"
	if _, _, err := Verify(file, withNotes); err != nil {
		t.Fatalf("with its notes: %v", err)
	}
	flip := func(i int) []byte {
		b := bytes.Clone(file)
		b[i] ^= 0x01
		return b
	}
	other := bytes.Replace(src, []byte("12.40"), []byte("12.10"), 1)
	tests := []struct {
		name string
		file []byte
		opt  func(*VerifyOptions)
		want string
	}{
		{"bit flipped in the header", flip(10), nil, "PDF altered or rewritten"},
		{"bit flipped in page content", flip(len(file) / 3), nil, ""},
		{"bit flipped in the embedded notes", flip(bytes.LastIndex(file, []byte("stream\n")) + 20), nil, ""},
		{"bit flipped in the trailer", flip(len(file) - 10), nil, ""},
		{"truncated", file[:len(file)-100], nil, ""},
		{"truncated before its cross-reference table", file[:bytes.LastIndex(file, []byte("xref"))], nil, "no embedded notes"},
		{"empty", nil, nil, "no embedded notes"},
		{"notes differ", file, func(o *VerifyOptions) { o.Notes, o.NotesName = other, "new.toml" }, "notes differ: new.toml is not the file embedded"},
		{"another version", file, func(o *VerifyOptions) { o.Version = "v9.9.9" }, `made by "recap test", and this is recap v9.9.9`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := verifyOpt(t)
			if tt.opt != nil {
				tt.opt(&opt)
			}
			_, _, err := Verify(tt.file, opt)
			if !errors.Is(err, ErrNotVerified) {
				t.Fatalf("verified, or failed otherwise: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("reason %q, want %q", err, tt.want)
			}
		})
	}
}

// TestVerifyRewritten: a PDF rewritten by another tool, even to the same
// content, is detected.
func TestVerifyRewritten(t *testing.T) {
	qpdf := needs.Tool(t, "qpdf")
	_, file := supplyPDF(t, Options{})
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(in, file, 0o644)
	for _, args := range [][]string{{in, out}, {"--linearize", in, out}, {"--object-streams=generate", in, out}} {
		if b, err := exec.Command(qpdf, args...).CombinedOutput(); err != nil {
			t.Fatalf("qpdf %v: %v\n%s", args, err, b)
		}
		rewritten, _ := os.ReadFile(out)
		if _, _, err := Verify(rewritten, verifyOpt(t)); !errors.Is(err, ErrNotVerified) {
			t.Errorf("qpdf %v: rewritten PDF verified (%v)", args, err)
		}
	}
}

// TestRecordRoundTrip: every value of every recorded build option is
// written into the PDF, read back as the same Record, and rebuilt by
// verify to the same bytes.
func TestRecordRoundTrip(t *testing.T) {
	text := []byte("# {{.Title}}\n")
	custom, err := ParseTemplate("mine.tmpl", text)
	if err != nil {
		t.Fatal(err)
	}
	var records []Record
	for _, paper := range pdf.Papers {
		for _, esign := range append([]ESign{NoESign}, ESigns...) {
			for _, date := range []time.Time{{}, time.Unix(1800000000, 0).UTC()} {
				for _, tmpl := range []string{DefaultTemplate, TemplateHash(text)} {
					records = append(records, Record{TemplateID: tmpl, Paper: paper, ESign: esign, Date: date})
				}
			}
		}
	}
	for _, rec := range records {
		t.Run(rec.String(), func(t *testing.T) {
			opt := Options{Record: rec}
			vopt := verifyOpt(t)
			if rec.TemplateID != DefaultTemplate {
				opt.Template = custom
				vopt.Template, vopt.TemplateHash = custom, rec.TemplateID
			}
			_, file := supplyPDF(t, opt)
			kw, err := pdf.ReadInfo(file, "Keywords")
			if err != nil {
				t.Fatal(err)
			}
			_, written, _ := strings.Cut(kw, recordKey)
			if got, err := ParseRecord(written); err != nil || got != rec {
				t.Fatalf("recorded %q, read back %+v (%v), want %+v", written, got, err, rec)
			}
			if _, _, err := Verify(file, vopt); err != nil {
				t.Errorf("does not verify: %v", err)
			}
			if rec.TemplateID != DefaultTemplate {
				if _, _, err := Verify(file, verifyOpt(t)); err == nil || !strings.Contains(err.Error(), "made with another template ("+rec.TemplateID+")") {
					t.Errorf("verified without its template: %v", err)
				}
			}
		})
	}
}

func TestParseRecordRefuses(t *testing.T) {
	for _, s := range []string{
		"",
		"template=default paper=b5 esign=none",
		"template=default paper=a4 esign=bogus",
		"template=mine paper=a4 esign=none",
		"template=default paper=a4 esign=none date=-5",
		"template=default paper=a4 esign=none date=1e9",
		"template=default paper=a4 esign=none colour=red",
		"template=default paper=a4 paper=letter esign=none",
		"template=default esign=none",
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
				FieldType  string                  `json:"fieldtype"`
				FullName   string                  `json:"fullname"`
				AltName    string                  `json:"alternativename"`
				PageFrom1  int                     `json:"pageposfrom1"`
				Annotation struct{ Object string } `json:"annotation"`
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
}

func TestESignTags(t *testing.T) {
	_, plain := supplyPDF(t, Options{})
	for _, service := range ESigns {
		t.Run(string(service), func(t *testing.T) {
			_, file := supplyPDF(t, Options{Record: Record{ESign: service}})
			pdftest.Check(t, file)
			text := pdftest.Text(t, file)
			for n := 1; n <= 2; n++ {
				tags := ESignTags(service, n)
				for _, tag := range []string{tags.Signature, tags.Initials, tags.Date} {
					if c := strings.Count(text, tag); c != 1 {
						t.Errorf("tag %s appears %d times, want once", tag, c)
					}
				}
			}
			if strings.Contains(text, "signer3") || strings.Contains(text, "/sn3/") {
				t.Error("a tag for a third signer")
			}
			// Invisible: the pages look exactly as without tags.
			pages := len(pdftest.Pages(t, file))
			for p := 1; p <= pages; p++ {
				a, b := pdftest.Raster(t, plain, p, 60), pdftest.Raster(t, file, p, 60)
				if !pdftest.SameImage(a, b) {
					t.Errorf("page %d looks different with %s tags", p, service)
				}
			}
		})
	}
}
