package main

import (
	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// loadNotes checks notes as every command does (render.LoadOptions), with
// the fonts of the command's flags.
func (e *env) loadNotes(name string, src []byte) (*schema.Notes, schema.List) {
	return schema.LoadWith(name, src, render.LoadOptions(e.fontSet()))
}

// fontSet returns the fonts the command's flags say, or by default those
// of RECAP_FONT_PATH and the system.
func (e *env) fontSet() *pdf.FontSet {
	if e.fonts == nil {
		e.fonts = new(fontFlags).set()
	}
	return e.fonts
}
