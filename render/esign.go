package render

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/recaptool/recap/render/pdf/pdfread"
)

// Tags are the text tags or anchor strings of one signer, which an
// e-signature service turns into fields when the PDF is uploaded.
type Tags struct {
	Signature, Initials, Date string
}

// ESignTags returns signer n's tags (n counts from 1, in the order of the
// signatories in the recap) for a service, or nil for none.
//
//	adobe     Adobe Acrobat Sign text tags: {{Sig_es_:signer1:signature}},
//	          {{Int_es_:signer1:initials}}, {{Dte_es_:signer1:date}}
//	dropbox   Dropbox Sign text tags: [sig|req|signer1], [initial|req|signer1],
//	          [date|req|signer1]
//	docusign  DocuSign has no fixed grammar; these are anchor strings to set
//	          up in an anchor-tag template: /sn1/, /in1/, /ds1/
func ESignTags(service ESign, n int) *Tags {
	switch service {
	case Adobe:
		return &Tags{
			Signature: fmt.Sprintf("{{Sig_es_:signer%d:signature}}", n),
			Initials:  fmt.Sprintf("{{Int_es_:signer%d:initials}}", n),
			Date:      fmt.Sprintf("{{Dte_es_:signer%d:date}}", n),
		}
	case Dropbox:
		return &Tags{
			Signature: fmt.Sprintf("[sig|req|signer%d]", n),
			Initials:  fmt.Sprintf("[initial|req|signer%d]", n),
			Date:      fmt.Sprintf("[date|req|signer%d]", n),
		}
	case DocuSign:
		return &Tags{Signature: fmt.Sprintf("/sn%d/", n), Initials: fmt.Sprintf("/in%d/", n), Date: fmt.Sprintf("/ds%d/", n)}
	}
	return nil
}

// serviceNames are the services' names, for messages.
var serviceNames = map[ESign]string{
	DocuSign: "DocuSign",
	Adobe:    "Adobe Acrobat Sign",
	Dropbox:  "Dropbox Sign",
}

// tagGrammars match what each service reads as a tag in a PDF's text, as
// loosely as the service does: Acrobat Sign makes a field of any {{…}}
// ({{!price}} is a read-only one), Dropbox Sign of [type|…], and DocuSign
// finds the anchor strings recap sets up for it in any case (its anchors
// are not case-sensitive unless set so). Case is ignored throughout: a
// build is refused rather than a field made by surprise.
var tagGrammars = map[ESign]*regexp.Regexp{
	Adobe:    regexp.MustCompile(`\{\{[^{}]*\}\}`),
	Dropbox:  regexp.MustCompile(`(?i)\[(sig|initial|date|text|check|radio|dropdown|noncopy|hyperlink|attachment)\|[^\[\]]*\]`),
	DocuSign: regexp.MustCompile(`(?i)/(sn|in|ds)\d+/`),
}

// tagIn returns the first tag of the service in s, or "".
func tagIn(service ESign, s string) string {
	if re := tagGrammars[service]; re != nil {
		return re.FindString(s)
	}
	return ""
}

// checkTags reads the e-signature tags back from a PDF's text, as a
// service would find them, and refuses a PDF where any does not occur
// exactly once: a tag missing makes no field, and one twice two. Spaces
// are left out of the comparison: recap widens tags with spaces.
func checkTags(file []byte, r *Recap) error {
	var want []string
	for _, p := range r.Signatories {
		if p.Tags != nil {
			want = append(want, p.Tags.Signature, p.Tags.Initials, p.Tags.Date)
		}
	}
	if len(want) == 0 {
		return nil
	}
	pages, err := pdfread.Text(file)
	if err != nil {
		return fmt.Errorf("reading the e-signature tags back: %w", err)
	}
	text := strings.ReplaceAll(strings.Join(pages, "\n"), " ", "")
	for _, tag := range want {
		switch n := strings.Count(text, strings.ReplaceAll(tag, " ", "")); {
		case n == 0:
			return fmt.Errorf("the e-signature tag %s is not in the PDF's text, so the service would make no field for it: the template does not place it (the default's \"signatures\" section does: recap template sections)", tag)
		case n > 1:
			return fmt.Errorf("the e-signature tag %s occurs %d times in the PDF's text, and the service would make a field of each: the template places it more than once", tag, n)
		}
	}
	return nil
}
