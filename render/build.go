package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"text/template"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// Document names one of the two documents a notes file makes.
type Document string

// The documents.
const (
	// Agreement is what both sides read and sign, drawn from the shared
	// notes only.
	Agreement Document = "agreement"
	// Brief is for our side only: the agreement and everything private.
	Brief Document = "brief"
)

// Source is a notes file, checked.
type Source struct {
	Name  string // the file's base name, for the copy the brief embeds
	Src   []byte // as read
	Notes *schema.Notes
	Diags schema.List // what the check found: warnings at most
}

// Options control Build.
type Options struct {
	// Record holds what the PDF records of the build, for verify: which
	// document, the template's id, paper, e-signature service and date.
	Record
	Template *template.Template // the template Record.TemplateID names
	Formats  Formats            // the outputs, in order
	Version  string             // recap's version, printed in the PDF metadata
	// Since, if set, is an earlier revision: the document lists the
	// changes, and its PDF embeds it for verify (the agreement, its shared
	// notes).
	Since *Source
	// Fonts is where the PDF finds fonts for what the Go fonts and the
	// embedded Noto fonts lack (Chinese, Japanese, Korean); nil: nowhere.
	Fonts *pdf.FontSet
	// Remind is how many days before each of our due dates the calendar
	// reminds; 0 for no reminders.
	Remind int
	// AsOf is the date the brief's next moves are as of; zero: the last
	// date the notes record (status.LastRecorded), so that the brief is
	// the same whenever it is built.
	AsOf schema.Date
	// Context, if set, ends a build early: it returns its error. (A
	// template still running then is left behind: see markdown.)
	Context context.Context
}

// Output is one built file.
type Output struct {
	Format Format
	Data   []byte
}

// LoadOptions check notes as recap's commands do: including whether a
// font the PDF can use, from fonts or its own, draws their text.
func LoadOptions(fonts *pdf.FontSet) schema.Options {
	return schema.Options{Printable: fonts.Covered}
}

// The embedded files' names in an agreement: not the notes file's, so
// that the shared notes, extracted and built under any name, give the
// same bytes.
const (
	sharedName   = "shared-notes.toml"
	previousName = "previous-shared-notes.toml"
)

// Build renders checked notes as one document, in the formats asked, in
// that order.
func Build(in Source, opt Options) ([]Output, error) {
	if opt.Document == "" {
		opt.Document = Agreement
	}
	if opt.Template == nil {
		return nil, fmt.Errorf("no template")
	}
	d, err := prepare(in, opt)
	if err != nil {
		return nil, err
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	md, err := markdown(ctx, opt.Template, d.recap)
	if errors.Is(err, ErrTooLarge) {
		return nil, schema.List{in.Notes.Diag("", schema.RuleOutputSize,
			fmt.Sprintf("the %s would be more than %s of Markdown, recap's limit: does the template repeat a long text for every action?", opt.Document, "64 MiB"))}
	}
	if err != nil {
		return nil, err
	}
	if slices.Contains(opt.Formats, FormatPDF) {
		if err := signatureChecks(d.notes, opt.Document, md); err != nil {
			return nil, err
		}
	}
	var out []Output
	for _, f := range opt.Formats {
		var data []byte
		switch f {
		case FormatMD:
			data = md
		case FormatPDF:
			data, err = pdf.Render(md, d.pdfOptions(opt))
			if err == nil {
				err = checkTags(data, d.recap)
			}
		case FormatHTML:
			data, err = HTML(md, d.notes.Title, LangsOf(d.notes))
		case FormatICS:
			if opt.Document != Agreement {
				return nil, fmt.Errorf("a calendar is made for the agreement only")
			}
			cal := Calendar{Version: opt.Version, Remind: opt.Remind}
			if opt.Since != nil {
				cal.Since = schema.Shared(opt.Since.Notes)
			}
			data = ICS(d.notes, cal)
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

// document is one document being built: the notes it is drawn from, its
// view, and the files its PDF embeds.
type document struct {
	notes    *schema.Notes
	recap    *Recap
	embedded []pdf.Attachment
}

func prepare(in Source, opt Options) (*document, error) {
	shared := schema.Shared(in.Notes)
	sharedSrc := schema.Encode(shared)
	if opt.Since != nil {
		if err := sinceCheck(in.Notes, sharedSrc, opt.Since); err != nil {
			return nil, err
		}
	}
	if opt.Document == Agreement {
		if err := esignChecks(in.Notes, opt.ESign); err != nil {
			return nil, err
		}
		d := &document{notes: shared, recap: NewRecap(shared, Fingerprint(terms(shared, sharedSrc)), opt.Version)}
		d.recap.ForSignature = !d.recap.Draft
		d.embed(sharedName, sharedSrc, pdf.Source, "The shared notes this agreement was made from")
		if opt.Since != nil {
			old := schema.Shared(opt.Since.Notes)
			d.recap.Since = NewSince(old, changes.Agreed(old, shared), d.recap)
			d.embed(previousName, schema.Encode(old), pdf.Supplement, "The shared notes of the revision this one lists the changes since")
		}
		if d.recap.ForSignature {
			for _, p := range d.recap.Signatories {
				p.Tags = ESignTags(opt.ESign, p.Number)
			}
		}
		return d, nil
	}
	if opt.ESign != NoESign {
		return nil, fmt.Errorf("the brief is not for signature: --esign is for the agreement")
	}
	d := &document{notes: in.Notes, recap: NewRecap(in.Notes, Fingerprint(in.Src), opt.Version)}
	d.recap.addBrief(in.Notes, Fingerprint(terms(shared, sharedSrc)), in.Diags)
	d.recap.addMoves(in.Notes, opt.AsOf)
	d.embed(in.Name, in.Src, pdf.Source, "Our notes this brief was made from")
	if opt.Since != nil {
		d.recap.Since = NewSince(opt.Since.Notes, changes.Between(opt.Since.Notes, in.Notes), nil)
		d.embed(opt.Since.Name, opt.Since.Src, pdf.Supplement, "Our notes of the revision this one lists the changes since")
	}
	return d, nil
}

// terms is schema.Terms of shared notes whose encoding is sharedSrc:
// that encoding itself while the notes record nothing after the
// agreement (no signing, no step done), which is then all Terms would
// leave out; else Terms, which encodes them again without.
func terms(shared *schema.Notes, sharedSrc []byte) []byte {
	if !shared.Signed.IsZero() || slices.ContainsFunc(shared.Actions, func(a *schema.Action) bool { return !a.Done.IsZero() }) {
		return schema.Terms(shared)
	}
	return sharedSrc
}

func (d *document) embed(name string, data []byte, rel pdf.Relationship, about string) {
	d.embedded = append(d.embedded, pdf.Attachment{
		Name: name, MIME: "application/toml", Data: data, Relationship: rel,
		Description: about + " (SHA-256 " + Fingerprint(data) + ")",
	})
}

// Internal marks every page of the brief, and its metadata.
const Internal = "Internal: not for the other party"

// pdfOptions sets up the page furniture: the fingerprint, the initials
// boxes of the agreement, the draft watermark or the brief's mark, and the
// metadata, with the build record.
func (d *document) pdfOptions(opt Options) pdf.Options {
	n, r := d.notes, d.recap
	date := opt.Date
	if date.IsZero() {
		date = n.Date.Time()
	}
	var names []string
	for _, p := range r.Parties {
		names = append(names, p.Name.Raw())
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
		Attachments: d.embedded,
		Fonts:       opt.Fonts,
	}
	langs := LangsOf(n)
	o.Lang, o.Langs = langs.doc(), langs.Values
	switch {
	case r.Brief:
		// Never to be taken for the agreement: its own title, INTERNAL
		// in the header of every page, and across it.
		o.Subject, o.Mark = Internal, "INTERNAL: not for the other party"
		o.Title, o.HeaderLeft = "Brief: "+n.Title, "Brief: "+n.Title
		o.Watermark = "INTERNAL"
	case r.Draft:
		o.Watermark = "DRAFT - not for signature"
		o.Mark = o.Watermark
	}
	if !r.Brief {
		for _, p := range r.Signatories {
			o.Initials = append(o.Initials, p.Name.Raw())
			if p.Tags != nil {
				o.InitialsTags = append(o.InitialsTags, p.Tags.Initials)
			}
		}
	}
	return o
}

// signatureChecks refuses a final agreement whose Markdown, as its
// template made it, places no signature field for a signatory: a template
// of the user's that drops the signature section.
func signatureChecks(n *schema.Notes, doc Document, md []byte) error {
	if doc != Agreement || n.Status != schema.Final {
		return nil
	}
	var diags schema.List
	for _, q := range n.Signatories() {
		if !bytes.Contains(md, []byte("<!-- pdf:signature "+url.QueryEscape(q.Name)+" -->")) {
			diags = append(diags, n.Diag(q.Path(), schema.RuleSignatureMissing,
				fmt.Sprintf("the agreement is final, but its template places no signature block and field for %s, who signs for %s: keep the signature section of the default template (recap template agreement)", q.Name, q.Party.Name)))
		}
	}
	diags.Sort()
	return diags.Err()
}

// esignChecks refuses e-signature tags where they cannot work: on a draft,
// which is not for signature, and where the shared text holds what the
// service would read as one of its tags and turn into a field.
func esignChecks(n *schema.Notes, service ESign) error {
	if service == NoESign {
		return nil
	}
	var diags schema.List
	if n.Status != schema.Final {
		diags = append(diags, n.Diag("/status", schema.RuleESignDraft,
			fmt.Sprintf("--esign %s: a draft is not for signature and carries no e-signature tags; build it without --esign, or set status = \"final\" once it is agreed", service)))
	}
	for _, t := range n.Texts() {
		if tag := tagIn(service, t.Value); tag != "" {
			diags = append(diags, n.Diag(t.Path, schema.RuleESignCollision,
				fmt.Sprintf("`%s` contains %q, which %s reads as one of its tags and would turn into a field; reword it, or build without --esign", t.Key, tag, serviceNames[service])))
		}
	}
	diags.Sort()
	return diags.Err()
}

// sinceCheck refuses an "earlier" revision that is not earlier: one with
// a higher revision, or the same revision while what the other side reads
// has changed (a private edit needs no new revision).
func sinceCheck(n *schema.Notes, sharedSrc []byte, old *Source) error {
	var msg string
	switch o := old.Notes.Revision; {
	case o > n.Revision:
		msg = fmt.Sprintf("--since %s: it is revision %d, later than this one (%d); --since takes an earlier revision", old.Name, o, n.Revision)
	case o == n.Revision && !bytes.Equal(schema.SharedNotes(old.Notes), sharedSrc):
		msg = fmt.Sprintf("--since %s: it is revision %d too, but what the other side reads has changed: set revision = %d here", old.Name, o, o+1)
	default:
		return nil
	}
	return schema.List{n.Diag("/revision", schema.RuleRevisionOrder, msg)}.Err()
}

// keywords are the PDF's keywords: what the document is, and what verify
// needs to rebuild it: the embedded notes' fingerprint and the build record.
func keywords(n *schema.Notes, parties []string, fingerprint string, rec Record) string {
	about := append([]string{"recap", fmt.Sprintf("revision %d", n.Revision), n.Status}, parties...)
	return strings.Join(about, ", ") + "; notes-sha256:" + fingerprint + "; " + recordKey + rec.String()
}

// recordKey starts the build record in the keywords.
const recordKey = "recap-build: "
