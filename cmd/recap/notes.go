package main

import (
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// loadNotes checks notes as every command does: including whether the
// PDF's fonts can draw their text.
func loadNotes(name string, src []byte) (*schema.Notes, schema.List) {
	return schema.LoadWith(name, src, schema.Options{Printable: pdf.Covered})
}
