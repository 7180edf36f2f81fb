package render

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// keywords are the PDF's keywords: what the recap is, and what verify
// needs to rebuild it: the notes' fingerprint and the build record.
func keywords(n *schema.Notes, parties []string, fingerprint string, rec Record) string {
	about := append([]string{"recap", fmt.Sprintf("revision %d", n.Revision), n.Status}, parties...)
	return strings.Join(about, ", ") + "; notes-sha256:" + fingerprint + "; " + recordKey + rec.String()
}

// recordKey starts the build record in the keywords.
const recordKey = "recap-build: "

// VerifyOptions say how to rebuild a PDF for Verify.
type VerifyOptions struct {
	Version  string
	Default  *template.Template // the default template
	Template *template.Template // a template given by the user, or nil
	// TemplateHash is the Template's hash (see TemplateHash), when it is given.
	TemplateHash string
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
	kw, _ := pdf.ReadInfo(file, "Keywords")
	_, rec, ok := strings.Cut(kw, recordKey)
	if !ok {
		return name, nil, notVerified("PDF altered or rewritten: its metadata lacks recap's build record")
	}
	record, err := ParseRecord(rec)
	if err != nil {
		return name, nil, notVerified("PDF altered or rewritten: its build record is not one recap writes: %v", err)
	}
	bopt := Options{Record: record, Template: opt.Default, Formats: Formats{FormatPDF}, Version: opt.Version, NotesName: name}
	if record.TemplateID != DefaultTemplate {
		if opt.Template == nil || opt.TemplateHash != record.TemplateID {
			return name, nil, notVerified("made with another template (%s): give that template with --template", record.TemplateID)
		}
		bopt.Template = opt.Template
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

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
