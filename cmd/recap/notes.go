package main

import (
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// loadOptions check notes as every command does: including whether the
// PDF's fonts can draw their text.
var loadOptions = schema.Options{Printable: pdf.Covered}

func loadNotes(name string, src []byte) (*schema.Notes, schema.List) {
	return schema.LoadWith(name, src, loadOptions)
}
