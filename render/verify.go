package render

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/render/pdf/pdfread"
	"github.com/recaptool/recap/schema"
)

// VerifyOptions say how to rebuild a PDF for Verify.
type VerifyOptions struct {
	Version string
	// Defaults gives the default template of each document.
	Defaults map[Document]*template.Template
	Template *template.Template // a template given by the user, or nil
	// TemplateHash is the Template's hash (see TemplateHash), when it is given.
	TemplateHash string
	// Notes, if given, must be the notes the PDF was made from: for a
	// brief, the very file it embeds; for an agreement, notes whose shared
	// part is the shared notes it embeds (so a private edit still
	// verifies).
	Notes     []byte
	NotesName string
	// Fonts are the fonts to rebuild with: those the PDF was built with,
	// for the same bytes.
	Fonts *pdf.FontSet
}

// Verified is what a PDF that verifies was made from.
type Verified struct {
	Document Document
	Name     string // the embedded notes' name
	Notes    []byte // the embedded notes
	// Signatures are the signature fields filled after recap made the
	// PDF, by revisions that did nothing else.
	Signatures []pdfread.Signature
	// MadeBy is the version of recap that made it, as it records it.
	MadeBy string
	// Fingerprint is the one its pages print (fingerprintOf).
	Fingerprint string
	// Since says what the notes given record that the agreement's do not
	// (its signing, steps done), "" if nothing.
	Since string
}

// notRecapLayout is the reason given for a file whose structure is not
// what recap writes.
const notRecapLayout = "rewritten by another tool, or damaged: it is not laid out as recap writes PDFs"

// ErrNotVerified is wrapped by every reason Verify gives.
var ErrNotVerified = errors.New("not verified")

func notVerified(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotVerified, fmt.Sprintf(format, args...))
}

// Verify checks that recap made exactly this PDF, an agreement or a brief,
// from the notes embedded in it: it rebuilds the PDF and compares every
// byte. With opt.Notes it also checks that those notes are the ones it was
// made from. A PDF that was signed since is recap's PDF followed by the
// signing tools' revisions: Verify checks the first as a whole PDF, and
// that the others only fill its signature fields (pdfread.Signed). It returns
// what the PDF was made from when all holds, or an error wrapping
// ErrNotVerified with the reason.
func Verify(file []byte, opt VerifyOptions) (Verified, error) {
	var v Verified
	if !bytes.HasPrefix(file, []byte("%PDF-")) {
		return v, notVerified("not a PDF")
	}
	end, err := pdfread.Original(file)
	switch {
	case err != nil && bytes.Count(file, []byte("%%EOF")) > 1:
		// Updates were appended, and cannot be followed to the byte.
		return v, fmt.Errorf("%w: %w: its revisions cannot be read: %v", ErrNotVerified, pdfread.ErrAltered, err)
	case err != nil:
		return v, notVerified(notRecapLayout)
	}
	if v, err = verifyOriginal(file[:end], opt); err != nil || end == len(file) {
		return v, err
	}
	v.Signatures, err = pdfread.Signed(file)
	if err != nil {
		return v, fmt.Errorf("%w: %w", ErrNotVerified, err)
	}
	return v, nil
}

// verifyOriginal verifies the PDF as recap wrote it.
func verifyOriginal(file []byte, opt VerifyOptions) (Verified, error) {
	var v Verified
	atts, err := pdfread.ReadAttachments(file)
	if errors.Is(err, pdfread.ErrNotRecap) {
		return v, notVerified(notRecapLayout)
	}
	if err != nil {
		return v, notVerified("PDF altered: %v", err)
	}
	kw, _ := pdfread.ReadInfo(file, "Keywords")
	_, rec, ok := strings.Cut(kw, recordKey)
	if !ok {
		return v, notVerified("PDF altered or rewritten: its metadata lacks recap's build record")
	}
	record, err := ParseRecord(rec)
	if err != nil {
		return v, notVerified("PDF altered or rewritten: its build record is not one recap writes: %v", err)
	}
	v.Document = record.Document
	creator, _ := pdfread.ReadInfo(file, "Creator")
	madeBy, ok := strings.CutPrefix(creator, "recap ")
	if !ok {
		return v, notVerified("PDF altered or rewritten: its creator is %q, not recap", creator)
	}
	in, since, err := embeddedSources(atts, record, opt.Fonts)
	if err != nil {
		return v, err
	}
	v.Name, v.Notes = in.Name, in.Src
	if opt.Notes != nil {
		if v.Since, err = sameNotes(opt, record.Document, in); err != nil {
			return v, err
		}
	}
	// Rebuilt with the version it records, another build of the same
	// code makes the same bytes.
	bopt := Options{Record: record, Template: opt.Defaults[record.Document], Formats: Formats{FormatPDF}, Version: madeBy, Since: since, Fonts: opt.Fonts}
	if record.TemplateID != DefaultTemplate {
		if opt.Template == nil || opt.TemplateHash != record.TemplateID {
			return v, notVerified("made with another template (%s): give that template with --template", record.TemplateID)
		}
		bopt.Template = opt.Template
	}
	outs, err := Build(in, bopt)
	if err != nil {
		return v, notVerified("cannot rebuild: %v", err)
	}
	if rebuilt := outs[0].Data; !bytes.Equal(rebuilt, file) {
		was, _ := pdfread.ReadInfo(file, pdf.FontsKey)
		now, _ := pdfread.ReadInfo(rebuilt, pdf.FontsKey)
		if was != now {
			return v, notVerified("made with other fonts than this machine gives it: it was drawn with %s, and here the text would be drawn with %s; verify it where those fonts are, or give them with --font-path",
				orNone(was), orNone(now))
		}
		if madeBy != opt.Version || madeBy == unnamedBuild {
			return v, otherVersion(file, madeBy, opt, in, record.Document)
		}
		return v, notVerified("PDF altered or rewritten: it differs from what its embedded notes produce, from byte %d (of %d; rebuilt %d)",
			firstDifference(rebuilt, file), len(file), len(rebuilt))
	}
	v.MadeBy, v.Fingerprint = madeBy, fingerprintOf(record.Document, in)
	return v, nil
}

// fingerprintOf is the fingerprint a document of the notes in prints on
// every page: the SHA-256 of the agreement's terms, or of the brief's
// notes file.
func fingerprintOf(doc Document, in Source) string {
	if doc == Agreement {
		return Fingerprint(schema.Terms(in.Notes))
	}
	return Fingerprint(in.Src)
}

// otherVersion says why a PDF another version of recap made, which this
// one rebuilds to other bytes, does not verify, after the checks that
// need no version: that every page and the metadata carry the fingerprint
// of the notes it embeds. Another version is not tampering; but only that
// version can compare every byte.
func otherVersion(file []byte, madeBy string, opt VerifyOptions, in Source, doc Document) error {
	fp := fingerprintOf(doc, in)
	kw, _ := pdfread.ReadInfo(file, "Keywords")
	if !strings.Contains(kw, "notes-sha256:"+fp) {
		return notVerified("PDF altered: its metadata does not carry the SHA-256 of the notes it embeds")
	}
	pages, err := pdfread.Text(file)
	if err != nil || len(pages) == 0 {
		return notVerified("PDF altered or rewritten: its pages cannot be read")
	}
	for i, p := range pages {
		if !strings.Contains(strings.ReplaceAll(p, " ", ""), "SHA-256"+fp[:16]) {
			return notVerified("PDF altered: page %d does not carry the SHA-256 of the notes it embeds (%s…)", i+1, fp[:16])
		}
	}
	given := ""
	if opt.Notes != nil {
		given = fmt.Sprintf(", and %s is what it was made from", opt.NotesName)
	}
	which := fmt.Sprintf("made by recap %s, and this is recap %s, which makes other bytes of the same notes: comparing every byte needs that version", madeBy, opt.Version)
	if madeBy == unnamedBuild && opt.Version == unnamedBuild {
		which = "made by a development build of recap that names no commit, as this one, and this one makes other bytes of the same notes: if their code differs, so do the bytes; comparing every byte needs the build that made it, or a release (builds from a checkout name their commit unless built with -buildvcs=false)"
	}
	return notVerified("%s. What needs no version holds: every page and the metadata carry the SHA-256 of the notes it embeds (%s…)%s", which, fp[:16], given)
}

// unnamedBuild is the version of a build that names no release and no
// commit: two such builds cannot be told apart by their names.
const unnamedBuild = "(devel)"

func orNone(fonts string) string {
	if fonts == "" {
		return "recap's own fonts only"
	}
	return fonts
}

// embeddedSources finds and checks the notes a PDF embeds, and the
// earlier revision's if its record names one.
func embeddedSources(atts []pdfread.Attachment, record Record, fonts *pdf.FontSet) (in Source, since *Source, err error) {
	var found, previous *pdfread.Attachment
	for i, a := range atts {
		switch a.Relationship {
		case string(pdf.Source):
			found = &atts[i]
		case string(pdf.Supplement):
			previous = &atts[i]
		}
	}
	if found == nil {
		return in, nil, notVerified("no embedded notes: not a recap PDF, or its notes were removed")
	}
	in, err = loadEmbedded(found, "the embedded notes", fonts)
	if err != nil || record.Since == "" {
		return in, nil, err
	}
	if previous == nil || Fingerprint(previous.Data) != record.Since {
		return in, nil, notVerified("PDF altered: the earlier revision its changes are listed against is not embedded")
	}
	old, err := loadEmbedded(previous, "the embedded earlier revision", fonts)
	return in, &old, err
}

func loadEmbedded(a *pdfread.Attachment, what string, fonts *pdf.FontSet) (Source, error) {
	n, diags := schema.LoadWith(a.Name, a.Data, LoadOptions(fonts))
	if d, ok := firstError(diags); ok {
		return Source{}, notVerified("%s have errors, so recap cannot have made this PDF: %v", what, d)
	}
	return Source{Name: a.Name, Src: a.Data, Notes: n, Diags: diags}, nil
}

// sameNotes checks that the notes given are those the PDF was made from:
// for a brief, the very file; for an agreement, notes whose terms are its
// terms, and it says what they have recorded since (signed, done).
func sameNotes(opt VerifyOptions, doc Document, embedded Source) (string, error) {
	if doc != Agreement {
		if bytes.Equal(opt.Notes, embedded.Src) {
			return "", nil
		}
		return "", notVerified("notes differ: %s is not the file embedded in the PDF (SHA-256 %s… given, %s… embedded)",
			opt.NotesName, Fingerprint(opt.Notes)[:16], Fingerprint(embedded.Src)[:16])
	}
	n, diags := schema.LoadWith(opt.NotesName, opt.Notes, LoadOptions(opt.Fonts))
	if d, ok := firstError(diags); ok {
		return "", notVerified("%s has errors: %v", opt.NotesName, d)
	}
	given, was := schema.Terms(n), schema.Terms(embedded.Notes)
	if !bytes.Equal(given, was) {
		return "", notVerified("notes differ: %s is not where the agreement was made from: their shared terms differ (SHA-256 %s… given, %s… in the agreement)",
			opt.NotesName, Fingerprint(given)[:16], Fingerprint(was)[:16])
	}
	return recordedSince(embedded.Notes, n), nil
}

// recordedSince says what notes record of what happened after the
// agreement that its own notes did not: "signed 26 Nov 2026, 3 steps
// done".
func recordedSince(was, now *schema.Notes) string {
	var said []string
	if !now.Signed.IsZero() && now.Signed != was.Signed {
		said = append(said, "signed "+now.Signed.Long())
	}
	done := map[string]bool{}
	for _, a := range was.Actions {
		done[a.ID] = !a.Done.IsZero()
	}
	n := 0
	for _, a := range schema.Shared(now).Actions {
		if !a.Done.IsZero() && !done[a.ID] {
			n++
		}
	}
	if n > 0 {
		said = append(said, schema.Count(n, "step", "steps")+" done")
	}
	return strings.Join(said, ", ")
}

// firstError returns the first error of diags, warnings passed over.
func firstError(diags schema.List) (schema.Diagnostic, bool) {
	for _, d := range diags {
		if d.Severity == schema.Error {
			return d, true
		}
	}
	return schema.Diagnostic{}, false
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// EmbeddedNotes returns the notes a recap PDF embeds, as they are: an
// agreement's shared notes, a brief's notes file; and its name. It checks
// nothing else (recap verify does): a git diff driver or textconv reads
// the notes of a PDF with it.
func EmbeddedNotes(file []byte) (name string, src []byte, err error) {
	atts, err := pdfread.ReadAttachments(file)
	if err != nil {
		return "", nil, fmt.Errorf("no notes can be read from it: %w", err)
	}
	for _, a := range atts {
		if a.Relationship == string(pdf.Source) {
			return a.Name, a.Data, nil
		}
	}
	return "", nil, fmt.Errorf("it embeds no notes: not a recap PDF, or its notes were removed")
}
