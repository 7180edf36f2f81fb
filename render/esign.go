package render

import (
	"fmt"
	"regexp"
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

// tagGrammars match what each service reads as a tag in a PDF's text:
// Acrobat Sign's {{…_es_…}}, Dropbox Sign's [type|…], and the anchor
// strings recap sets up for DocuSign.
var tagGrammars = map[ESign]*regexp.Regexp{
	Adobe:    regexp.MustCompile(`\{\{[^{}]*_es_[^{}]*\}\}`),
	Dropbox:  regexp.MustCompile(`(?i)\[(sig|initial|date|text|check|radio|dropdown|noncopy|hyperlink|attachment)\|[^\[\]]*\]`),
	DocuSign: regexp.MustCompile(`/(sn|in|ds)\d+/`),
}

// tagIn returns the first tag of the service in s, or "".
func tagIn(service ESign, s string) string {
	if re := tagGrammars[service]; re != nil {
		return re.FindString(s)
	}
	return ""
}
