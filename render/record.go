package render

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/recaptool/recap/render/pdf"
)

// Record is what a recap's PDF records of how it was built, in its
// keywords, so that `recap verify` can build it again: every build option
// that changes the PDF's bytes, other than the notes and recap's version.
// A new such option belongs here, or verify cannot rebuild what it makes.
type Record struct {
	Document   Document  // Agreement if empty
	TemplateID string    // DefaultTemplate, or TemplateHash of the template file
	Paper      pdf.Paper // A4 if empty
	ESign      ESign
	Date       time.Time // the PDF's date if not the meeting date (SOURCE_DATE_EPOCH)
	// Since is the SHA-256 of the earlier revision's notes the PDF embeds
	// to list the changes (build --since), or "".
	Since string
}

// DefaultTemplate is the Record.TemplateID of the default template.
const DefaultTemplate = "default"

// normal returns r with its defaults filled in, as it is recorded.
func (r Record) normal() Record {
	if r.Document == "" {
		r.Document = Agreement
	}
	if r.TemplateID == "" {
		r.TemplateID = DefaultTemplate
	}
	if r.Paper == "" {
		r.Paper = pdf.A4
	}
	if !r.Date.IsZero() {
		r.Date = r.Date.UTC()
	}
	return r
}

// String writes the record: "document=agreement template=default
// paper=a4 esign=none", then " date=SECONDS" and " since=SHA256" if set.
func (r Record) String() string {
	r = r.normal()
	esign := string(r.ESign)
	if esign == "" {
		esign = "none"
	}
	s := fmt.Sprintf("document=%s template=%s paper=%s esign=%s", r.Document, r.TemplateID, r.Paper, esign)
	if !r.Date.IsZero() {
		s += " date=" + strconv.FormatInt(r.Date.Unix(), 10)
	}
	if r.Since != "" {
		s += " since=" + r.Since
	}
	return s
}

// ParseRecord reads a record as String writes it, refusing anything the
// command line could not have written.
func ParseRecord(s string) (Record, error) {
	var r Record
	seen := map[string]bool{}
	for _, f := range strings.Fields(s) {
		k, v, ok := strings.Cut(f, "=")
		if !ok || seen[k] {
			return Record{}, fmt.Errorf("bad build record entry %q", f)
		}
		seen[k] = true
		var err error
		switch k {
		case "document":
			r.Document = Document(v)
			if r.Document != Agreement && r.Document != Brief {
				err = fmt.Errorf("must be %s or %s", Agreement, Brief)
			}
		case "since":
			if !isHash(v) {
				err = errors.New("must be a SHA-256")
			}
			r.Since = v
		case "template":
			if v != DefaultTemplate && !isTemplateHash(v) {
				err = fmt.Errorf("must be %q or a SHA-256", DefaultTemplate)
			}
			r.TemplateID = v
		case "paper":
			err = r.Paper.Set(v)
		case "esign":
			if v != "none" {
				err = r.ESign.Set(v)
			}
		case "date":
			var sec int64
			sec, err = strconv.ParseInt(v, 10, 64)
			if err != nil || sec < 0 || strconv.FormatInt(sec, 10) != v {
				err = errors.New("must be a number of seconds")
			}
			r.Date = time.Unix(sec, 0).UTC()
		default:
			err = errors.New("unknown entry")
		}
		if err != nil {
			return Record{}, fmt.Errorf("%s: %v", f, err)
		}
	}
	for _, k := range []string{"document", "template", "paper", "esign"} {
		if !seen[k] {
			return Record{}, fmt.Errorf("build record lacks %s", k)
		}
	}
	switch {
	case r.Document == Brief && r.ESign != NoESign:
		return Record{}, errors.New("a brief is never built with e-signature tags")
	case r.String() != s:
		return Record{}, fmt.Errorf("not written as recap writes it (%q)", r.String())
	}
	return r, nil
}

// TemplateHash is the Record.TemplateID of a template file's text.
func TemplateHash(text []byte) string { return "sha256:" + Fingerprint(text) }

func isTemplateHash(s string) bool {
	h, ok := strings.CutPrefix(s, "sha256:")
	return ok && isHash(h)
}

// isHash reports whether s is a SHA-256 in lower-case hex.
func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
