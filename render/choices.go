package render

import (
	"slices"
	"strings"

	"github.com/recaptool/recap/internal/choice"
)

// The choices a build takes from the command line, each a type listing its
// allowed values, which also parse a PDF's build record. Each is a
// flag.Value. (The paper size is pdf.Paper.)

// ESign names the e-signature service whose field tags a recap carries
// (see ESignTags); the empty ESign is none.
type ESign string

// The e-signature services.
const (
	NoESign  ESign = ""
	DocuSign ESign = "docusign"
	Adobe    ESign = "adobe"
	Dropbox  ESign = "dropbox"
)

// ESigns lists the services.
var ESigns = []ESign{DocuSign, Adobe, Dropbox}

func (e ESign) String() string { return string(e) }

// Set parses a service's name; "" is none.
func (e *ESign) Set(s string) error {
	if s == "" {
		*e = NoESign
		return nil
	}
	return choice.Set(e, s, ESigns)
}

// Format is an output format, named by its file extension.
type Format string

// The output formats.
const (
	FormatMD   Format = "md"
	FormatPDF  Format = "pdf"
	FormatHTML Format = "html"
	FormatICS  Format = "ics"
)

// AllFormats lists the formats Build knows.
var AllFormats = []Format{FormatMD, FormatPDF, FormatHTML, FormatICS}

// Formats is a list of formats without repeats, set from a comma-separated
// list such as "md,pdf".
type Formats []Format

func (fs Formats) String() string { return strings.Join(choice.Names(fs), ",") }

// Set parses a comma-separated list of formats.
func (fs *Formats) Set(s string) error {
	var out Formats
	for _, name := range strings.Split(s, ",") {
		var f Format
		if err := choice.Set(&f, strings.TrimSpace(name), AllFormats); err != nil {
			return err
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	*fs = out
	return nil
}
