// Package schema decodes recap notes files, checks them against the notes
// format, and reports every problem as a positioned diagnostic.
//
// Load is the entry point: it takes a file name and its bytes and returns the
// typed notes together with all diagnostics, sorted by position. Structural
// rules (types, required and unknown keys, enums, date shapes) come from the
// embedded JSON Schema (see JSONSchema), applied first; cross-references,
// cycles, the "if you will, then I will" rule, due dates and authority are
// checked in Go after it, on what it found sound.
package schema
