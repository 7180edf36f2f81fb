package render

import (
	"fmt"
	"slices"
)

// ESignServices are the e-signature services whose field tags a recap can
// carry, for --esign.
var ESignServices = []string{"docusign", "adobe", "dropbox"}

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
func ESignTags(service string, n int) *Tags {
	switch service {
	case "adobe":
		return &Tags{
			Signature: fmt.Sprintf("{{Sig_es_:signer%d:signature}}", n),
			Initials:  fmt.Sprintf("{{Int_es_:signer%d:initials}}", n),
			Date:      fmt.Sprintf("{{Dte_es_:signer%d:date}}", n),
		}
	case "dropbox":
		return &Tags{
			Signature: fmt.Sprintf("[sig|req|signer%d]", n),
			Initials:  fmt.Sprintf("[initial|req|signer%d]", n),
			Date:      fmt.Sprintf("[date|req|signer%d]", n),
		}
	case "docusign":
		return &Tags{Signature: fmt.Sprintf("/sn%d/", n), Initials: fmt.Sprintf("/in%d/", n), Date: fmt.Sprintf("/ds%d/", n)}
	}
	return nil
}

// ValidESign reports whether service is "" (none) or a known service.
func ValidESign(service string) bool {
	return service == "" || slices.Contains(ESignServices, service)
}
