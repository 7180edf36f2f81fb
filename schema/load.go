package schema

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// MaxSize is the largest notes file Load accepts, in bytes. Real notes are
// a few kilobytes; the limit keeps a mistaken argument (a video, a disk
// image) from eating memory.
const MaxSize = 8 << 20

// Load decodes and checks the notes file src, read from name. It returns the
// notes and every diagnostic, sorted. The notes are nil when the file cannot
// be decoded at all (too large, not UTF-8, not TOML); otherwise they hold
// whatever could be decoded, even if there are errors.
func Load(name string, src []byte) (*Notes, List) {
	return LoadWith(name, src, Options{})
}

// Options adjust Load.
type Options struct {
	// Printable, if set, reports whether the outputs can draw a rune; text
	// with runes it refuses gets a "no-glyph" warning. Runes above U+FFFF,
	// control and bidirectional characters are reported anyway.
	Printable func(rune) bool
}

// LoadWith is Load with options.
func LoadWith(name string, src []byte, opt Options) (*Notes, List) {
	return Start(name, src, opt).Wait()
}

// A Check is a notes file being checked.
type Check struct {
	c      *checker
	notes  *Notes
	early  *Notes
	finish func()
}

// Start checks src as LoadWith does, but returns as soon as the notes are
// decoded and the Go rules have run, while the JSON Schema may still be
// checking them on another core. A caller can start building from Early's
// notes then, and keep what it built only if Wait reports no errors: so
// building overlaps the end of checking.
func Start(name string, src []byte, opt Options) *Check {
	c := &checker{file: name, bad: map[string]bool{}, opt: opt}
	n, finish := c.load(src)
	k := &Check{c: c, notes: n, finish: finish}
	if n != nil && c.diags.Errors() == 0 {
		k.early = n
	}
	return k
}

// Early returns the notes if the checks done by the time Start returned
// found no error, else nil. They are valid only if Wait finds none either.
func (k *Check) Early() *Notes { return k.early }

// Wait waits for the check to end and returns what LoadWith returns. Call
// it once.
func (k *Check) Wait() (*Notes, List) {
	k.finish()
	k.c.diags.Sort()
	return k.notes, slices.Compact(k.c.diags) // two keywords may say the same thing
}

// checker carries the state of one Load: where keys are, what was found.
type checker struct {
	file  string
	pos   *positions
	diags List
	bad   map[string]bool // paths with a structural error: no second report
	opt   Options
	// kinds holds, for each diagnostic, the path of a value the decoder
	// found of the wrong kind, or "": merge drops those the schema reports.
	kinds []string
}

func (c *checker) report(sev Severity, path, rule, format string, args ...any) {
	c.kinds = append(c.kinds, "")
	c.diags = append(c.diags, Diagnostic{
		File:     c.file,
		Pos:      c.pos.lookup(path),
		Severity: sev,
		Rule:     rule,
		Message:  fmt.Sprintf(format, args...),
	})
}

func (c *checker) errorf(path, rule, format string, args ...any) {
	c.report(Error, path, rule, format, args...)
}

func (c *checker) warnf(path, rule, format string, args ...any) {
	c.report(Warning, path, rule, format, args...)
}

func (c *checker) reportAt(offset int, rule, msg string) {
	c.kinds = append(c.kinds, "")
	c.diags = append(c.diags, Diagnostic{
		File: c.file, Pos: c.pos.pos(offset), Severity: Error, Rule: rule, Message: msg,
	})
}

// load decodes src and runs the Go rules; finish waits for the JSON
// Schema, which runs meanwhile, and adds what it found.
func (c *checker) load(src []byte) (n *Notes, finish func()) {
	nothing := func() {}
	c.pos = newPositions(src)
	if len(src) > MaxSize {
		c.reportAt(0, "size", fmt.Sprintf("file is larger than %s, the limit for notes files (is it a notes file?)", byteSize(MaxSize)))
		return nil, nothing
	}
	if off := invalidUTF8(src); off >= 0 {
		c.reportAt(off, "encoding", "file is not valid UTF-8 text (is it a notes file?)")
		return nil, nothing
	}
	deep, tableArrays := outline(src)
	if deep >= 0 {
		c.reportAt(deep, "nesting", fmt.Sprintf("arrays and tables are nested more than %d deep here", MaxNesting))
		return nil, nothing
	}
	raw, err := decode(src, tableArrays)
	if err != nil {
		c.syntaxError(err)
		return nil, nothing
	}
	// The JSON Schema and the Go rules read the same decoded document:
	// they run on two cores, each into its own list.
	structural := &checker{file: c.file, pos: c.pos, bad: map[string]bool{}}
	var wg sync.WaitGroup
	wg.Go(func() { structural.validateSchema(raw) })
	n = c.build(raw)
	c.checkRules(n)
	c.checkPrintable(raw)
	return n, func() {
		wg.Wait()
		c.merge(structural)
	}
}

// merge adds the structural diagnostics; where the schema found a problem
// with a value, the decoder's own complaint about its type is dropped.
func (c *checker) merge(structural *checker) {
	kept := c.diags[:0]
	for i, d := range c.diags {
		if c.kinds[i] == "" || !structural.bad[c.kinds[i]] {
			kept = append(kept, d)
		}
	}
	c.diags = append(kept, structural.diags...)
}

func (c *checker) syntaxError(err error) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		c.reportAt(0, "syntax", err.Error())
		return
	}
	msg := pe.Message
	if pe.Usage != "" {
		msg += " (" + firstLine(pe.Usage) + ")"
	}
	c.reportAt(pe.Position.Start, "syntax", msg)
}

func invalidUTF8(b []byte) int {
	if utf8.Valid(b) { // fast; the loop below only finds where
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func byteSize(n int) string { return fmt.Sprintf("%d MiB", n>>20) }

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
