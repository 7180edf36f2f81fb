package render

import (
	"fmt"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// KnownFormats lists the output formats Build knows, by file extension.
var KnownFormats = []string{"md", "pdf", "html", "ics"}

// Options control Build.
type Options struct {
	Template *template.Template
	Formats  []string // of Formats; Markdown is always made, as the others derive from it
	Paper    string   // "a4" or "letter"
	Version  string   // recap's version, printed in the PDF metadata
	// Date, if set, is written as the PDF's creation date instead of the
	// meeting date (for SOURCE_DATE_EPOCH).
	Date time.Time
	// Since, if set, is an earlier revision: the recap lists the changes.
	Since *schema.Notes
	// ESign names the e-signature service whose tags to place (see
	// ESignTags), or is empty.
	ESign string
	// NotesName is the notes file's name, for the copy embedded in the PDF.
	NotesName string
	// TemplateID identifies the template for `recap verify`: "default", or
	// "sha256:" and the hash of the template file.
	TemplateID string
}

// Output is one built file.
type Output struct {
	Format string // file extension: "md", "pdf", "html"
	Data   []byte
}

// LoadOptions check notes as recap's commands do: including whether the
// PDF's fonts can draw their text.
func LoadOptions() schema.Options { return schema.Options{Printable: pdf.Covered} }

// CheckAndBuild checks the notes file src, read from name, and builds it.
// The build starts as soon as the Go rules pass, while the JSON Schema is
// still checking on another core; it is dropped if the whole check finds
// errors. It returns the diagnostics, and the outputs if there are no
// errors.
func CheckAndBuild(name string, src []byte, load schema.Options, opt Options) ([]Output, schema.List, error) {
	check := schema.Start(name, src, load)
	var outs []Output
	var err error
	var panicked any
	done := make(chan struct{})
	if n := check.Early(); n != nil {
		go func() {
			defer close(done)
			defer func() { panicked = recover() }()
			outs, err = Build(n, src, opt)
		}()
	} else {
		close(done)
	}
	_, diags := check.Wait()
	<-done // the build reads the notes: let it end before anyone else may
	switch {
	case diags.Errors() > 0:
		return nil, diags, nil // whatever the build made of invalid notes
	case panicked != nil:
		panic(panicked)
	}
	return outs, diags, err
}

// Build renders valid notes to the requested formats, in the order asked.
// src is the notes file as read: its fingerprint goes into the outputs.
func Build(n *schema.Notes, src []byte, opt Options) ([]Output, error) {
	r := NewRecap(n, src, opt.Version)
	for _, p := range r.Signatories {
		p.Tags = ESignTags(opt.ESign, p.Number)
	}
	if opt.Since != nil {
		r.Since = NewSince(opt.Since, n)
	}
	var pdfs *pdf.Renderer
	if slices.Contains(opt.Formats, "pdf") {
		pdfs = pdf.NewRenderer(PDFOptions(n, src, r, opt)) // starts while the template runs
	}
	md, err := Markdown(opt.Template, r)
	if err != nil {
		return nil, err
	}
	var out []Output
	for _, f := range opt.Formats {
		var data []byte
		switch f {
		case "md":
			data = md
		case "pdf":
			data, err = pdfs.Render(md)
		case "html":
			data, err = HTML(md, n.Title)
		case "ics":
			data = ICS(n, opt.Version)
		default:
			err = fmt.Errorf("unknown format %q", f)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Output{Format: f, Data: data})
	}
	return out, nil
}

// PDFOptions sets up the page furniture of a recap: who initials, the
// fingerprint, the draft watermark, the metadata.
func PDFOptions(n *schema.Notes, src []byte, r *Recap, opt Options) pdf.Options {
	date := opt.Date
	if date.IsZero() {
		date = n.Date.Time()
	}
	var initials, names []string
	for _, p := range r.Parties {
		names = append(names, p.Name.Raw())
		if len(p.Signatories) > 0 {
			initials = append(initials, p.Name.Raw())
		}
	}
	name := opt.NotesName
	if name == "" {
		name = "notes.toml"
	}
	o := pdf.Options{
		Paper:       opt.Paper,
		Title:       n.Title,
		Author:      n.Us().Name,
		Subject:     "Recap of the meeting of " + n.Date.Long(),
		Keywords:    strings.Join(append([]string{"recap", fmt.Sprintf("revision %d", n.Revision), n.Status}, names...), ", ") + "; " + BuildKeywords(r.Fingerprint, opt),
		Creator:     "recap " + opt.Version,
		Date:        date,
		HeaderLeft:  n.Title,
		HeaderRight: fmt.Sprintf("Revision %d · %s", n.Revision, n.Date.Long()),
		FooterLeft:  "Notes SHA-256 " + r.Fingerprint[:16],
		Initials:    initials,
		Attachments: []pdf.Attachment{{
			Name: name, MIME: "application/toml", Data: src,
			Description: "The notes this recap was made from (SHA-256 " + r.Fingerprint + ")",
		}},
	}
	if n.Status != schema.Final {
		o.Watermark = "DRAFT - not for signature"
	}
	return o
}
