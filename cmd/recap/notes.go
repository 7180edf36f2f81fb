package main

import (
	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/schema"
)

// loadNotes checks notes as every command does (render.LoadOptions).
func loadNotes(name string, src []byte) (*schema.Notes, schema.List) {
	return schema.LoadWith(name, src, render.LoadOptions())
}
