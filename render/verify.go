package render

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// BuildKeywords records in the PDF's keywords what `recap verify` needs to
// rebuild it: the notes' fingerprint, the template, paper, e-sign service
// and, if not the meeting date, the PDF's date.
func BuildKeywords(fingerprint string, opt Options) string {
	id := opt.TemplateID
	if id == "" {
		id = "default"
	}
	esign := opt.ESign
	if esign == "" {
		esign = "none"
	}
	paper := opt.Paper
	if paper == "" {
		paper = "a4"
	}
	s := fmt.Sprintf("notes-sha256:%s; recap-build: template=%s paper=%s esign=%s", fingerprint, id, paper, esign)
	if !opt.Date.IsZero() {
		s += fmt.Sprintf(" date=%d", opt.Date.Unix())
	}
	return s
}

// VerifyOptions say how to rebuild a PDF for Verify.
type VerifyOptions struct {
	Version  string
	Default  *template.Template // the default template
	Template *template.Template // a template given by the user, or nil
	// TemplateID is the Template's id ("sha256:…"), when it is given.
	TemplateID string
	// Notes, if given, must be the notes embedded in the PDF.
	Notes     []byte
	NotesName string
}

// ErrNotVerified is wrapped by every reason Verify gives.
var ErrNotVerified = errors.New("not verified")

func notVerified(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotVerified, fmt.Sprintf(format, args...))
}

// Verify checks that recap made exactly this PDF from the notes embedded in
// it: it rebuilds the PDF and compares every byte. With opt.Notes, it also
// checks that those are the embedded notes. It returns the embedded notes'
// name and bytes when all holds, or an error wrapping ErrNotVerified with
// the reason.
func Verify(file []byte, opt VerifyOptions) (name string, notes []byte, err error) {
	name, notes, err = pdf.ReadAttachment(file)
	if err != nil {
		return "", nil, notVerified("no embedded notes: not a recap PDF, or altered or rewritten by another tool")
	}
	if opt.Notes != nil && !bytes.Equal(opt.Notes, notes) {
		return name, nil, notVerified("notes differ: %s is not the file embedded in the PDF (SHA-256 %s… given, %s… embedded)",
			opt.NotesName, Fingerprint(opt.Notes)[:16], Fingerprint(notes)[:16])
	}
	creator, _ := pdf.ReadInfo(file, "Creator")
	if want := "recap " + opt.Version; creator != want {
		return name, nil, notVerified("made by %q, and this is %s: verify it with that version", creator, want)
	}
	keywords, _ := pdf.ReadInfo(file, "Keywords")
	build := parseBuild(keywords)
	if build == nil {
		return name, nil, notVerified("PDF altered or rewritten: its metadata lacks recap's build record")
	}
	bopt := Options{Template: opt.Default, Formats: []string{"pdf"}, Paper: build["paper"], Version: opt.Version, NotesName: name}
	if id := build["template"]; id != "default" {
		if opt.Template == nil || opt.TemplateID != id {
			return name, nil, notVerified("made with another template (%s): give that template with --template", id)
		}
		bopt.Template, bopt.TemplateID = opt.Template, id
	}
	if e := build["esign"]; e != "none" {
		bopt.ESign = e
	}
	if d := build["date"]; d != "" {
		var sec int64
		if _, err := fmt.Sscan(d, &sec); err != nil {
			return name, nil, notVerified("PDF altered or rewritten: bad build date %q", d)
		}
		bopt.Date = time.Unix(sec, 0).UTC()
	}
	n, diags := schema.Load(name, notes)
	if diags.Errors() > 0 {
		return name, nil, notVerified("the embedded notes have errors, so recap cannot have made this PDF: %v", diags[0])
	}
	outs, err := Build(n, notes, bopt)
	if err != nil {
		return name, nil, notVerified("cannot rebuild: %v", err)
	}
	if rebuilt := outs[0].Data; !bytes.Equal(rebuilt, file) {
		return name, nil, notVerified("PDF altered or rewritten: it differs from what its embedded notes produce, from byte %d (of %d; rebuilt %d)",
			firstDifference(rebuilt, file), len(file), len(rebuilt))
	}
	return name, notes, nil
}

// parseBuild reads "recap-build: key=value ..." from the keywords.
func parseBuild(keywords string) map[string]string {
	_, rec, ok := strings.Cut(keywords, "recap-build: ")
	if !ok {
		return nil
	}
	m := map[string]string{}
	for _, f := range strings.Fields(rec) {
		if k, v, ok := strings.Cut(f, "="); ok {
			m[k] = v
		}
	}
	if m["template"] == "" || m["paper"] == "" || m["esign"] == "" {
		return nil
	}
	return m
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
