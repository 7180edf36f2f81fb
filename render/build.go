package render

import (
	"fmt"
	"text/template"

	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// Options control Build.
type Options struct {
	// Record holds the options the PDF records, for verify: the template's
	// id, paper, e-signature service and date.
	Record
	Template *template.Template // the template Record.TemplateID names
	Formats  Formats            // the outputs, in order
	Version  string             // recap's version, printed in the PDF metadata
	// Since, if set, is an earlier revision: the recap lists the changes.
	Since *schema.Notes
	// NotesName is the notes file's name, for the copy embedded in the PDF.
	NotesName string
}

// Output is one built file.
type Output struct {
	Format Format
	Data   []byte
}

// LoadOptions check notes as recap's commands do: including whether the
// PDF's fonts can draw their text.
func LoadOptions() schema.Options { return schema.Options{Printable: pdf.Covered} }

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
	md, err := Markdown(opt.Template, r)
	if err != nil {
		return nil, err
	}
	var out []Output
	for _, f := range opt.Formats {
		var data []byte
		switch f {
		case FormatMD:
			data = md
		case FormatPDF:
			data, err = pdf.Render(md, PDFOptions(n, src, r, opt))
		case FormatHTML:
			data, err = HTML(md, n.Title)
		case FormatICS:
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
		Keywords:    keywords(n, names, r.Fingerprint, opt.Record),
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
