package main

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// loadNotes checks notes as every command does (render.LoadOptions), with
// the fonts of the command's flags.
func (e *env) loadNotes(name string, src []byte) (*schema.Notes, schema.List) {
	opt := render.LoadOptions(e.fontSet())
	opt.ReadSchema = func(ref string) ([]byte, bool, error) { return readSchemaFile(name, ref) }
	return schema.LoadWith(name, src, opt)
}

// readSchemaFile reads the schema file a #:schema line names, relative to
// the notes file's folder (the working folder for standard input).
func readSchemaFile(notes, ref string) ([]byte, bool, error) {
	path := filepath.FromSlash(ref)
	if !filepath.IsAbs(path) {
		dir := filepath.Dir(notes)
		if notes == "" || strings.HasPrefix(notes, "<") {
			dir = "."
		}
		path = filepath.Join(dir, path)
	}
	data, err := readRegular(path, maxSchemaFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return data, true, nil
}

// maxSchemaFile bounds what is read of a schema file: recap's is 30 kB.
const maxSchemaFile = 1 << 20

// fontSet returns the fonts the command's flags say, or by default those
// of RECAP_FONT_PATH and the system.
func (e *env) fontSet() *pdf.FontSet {
	if e.fonts == nil {
		e.fonts = new(fontFlags).set()
	}
	return e.fonts
}
