package schema

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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
	// Printable, if set, reports whether a font the outputs can use draws
	// a rune; text with runes it refuses gets a "no-glyph" warning.
	// Control characters and bidirectional controls are reported anyway.
	Printable func(rune) bool
	// ReadSchema, if set, reads the file a #:schema line names (a path
	// as the line writes it, relative to the notes): its bytes, or
	// exists false; an error when it cannot tell. A file that is not
	// this recap's schema gets a "schema-stale" warning.
	ReadSchema func(ref string) (data []byte, exists bool, err error)
}

// LoadWith is Load with options. The checks run in sequence: the file's
// size and encoding, TOML syntax, the JSON Schema, then the Go rules, which
// judge only entries the schema found sound, so that each problem is
// reported once, by the check that owns it.
func LoadWith(name string, src []byte, opt Options) (*Notes, List) {
	c := &checker{file: name, pos: newPositions(src), bad: map[string]bool{}, badTree: map[string]bool{}, opt: opt}
	n := c.load(src)
	c.diags.Sort()
	return n, slices.Compact(c.diags) // two schema keywords may say the same thing
}

// checker carries the state of one Load: where keys are, what was found.
type checker struct {
	file  string
	pos   *positions
	diags List
	// bad holds the paths of values with a structural error, so that no
	// second check reports them; badTree holds those paths and every
	// ancestor, so that the Go rules can skip entries holding one.
	bad, badTree map[string]bool
	opt          Options
	signatories  map[string]string // see signatoryNames
	// accepts are the warnings the notes accept (accept.go), with where
	// each is listed; acceptUsed those a warning needed.
	accepts    map[acceptance]string
	acceptUsed map[acceptance]bool
	// acceptWhy holds the reasons given for acceptances ({ rule, why }).
	acceptWhy map[acceptance]string
	// acceptRefused are acceptances of a rule that gave an error there,
	// which no acceptance can hide.
	acceptRefused map[acceptance]bool
	// final is whether the notes are a final recap, which makes the
	// ErrorInFinal rules errors.
	final bool
}

// report reports what rule found at path, with the severity the rule has
// in these notes; a warning the notes accept there is reported accepted.
func (c *checker) report(path string, r *Rule, format string, args ...any) {
	sev, why := r.severity(c.final), ""
	if sev == Warning {
		if ok, reason := c.accepted(path, r.ID); ok {
			sev, why = Accepted, reason
		}
	}
	if sev == Error && r.Acceptable() {
		c.refused(path, r.ID)
	}
	c.add(path, Diagnostic{Severity: sev, Rule: r.ID, Message: fmt.Sprintf(format, args...), Why: why})
}

// escalate reports what a warning rule found as an error, where the
// rule's Escalates says it is one.
func (c *checker) escalate(path string, r *Rule, format string, args ...any) {
	c.refused(path, r.ID)
	c.add(path, Diagnostic{Severity: Error, Rule: r.ID, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) add(path string, d Diagnostic) {
	d.File, d.Pos, d.Path = c.file, c.pos.lookup(path), path
	c.diags = append(c.diags, d)
}

// structural reports a structural error at path and marks it bad.
func (c *checker) structural(path string, r *Rule, format string, args ...any) {
	c.markBad(path)
	c.report(path, r, format, args...)
}

// markBad records that the value at path is structurally wrong.
func (c *checker) markBad(path string) {
	c.bad[path] = true
	for !c.badTree[path] {
		c.badTree[path] = true
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			return
		}
		path = path[:i]
	}
}

func (c *checker) reportAt(offset int, r *Rule, msg string) {
	c.diags = append(c.diags, Diagnostic{
		File: c.file, Pos: c.pos.pos(offset), Severity: r.severity(c.final), Rule: r.ID, Message: msg,
	})
}

// load runs the checks in order; a file that cannot be decoded stops them.
func (c *checker) load(src []byte) *Notes {
	if len(src) > MaxSize {
		c.reportAt(0, ruleSize, fmt.Sprintf("file is larger than %s, the limit for notes files (is it a notes file?)", byteSize(MaxSize)))
		return nil
	}
	if off := invalidUTF8(src); off >= 0 {
		c.reportAt(off, ruleEncoding, "file is not valid UTF-8 text (is it a notes file?)")
		return nil
	}
	if f := prescan(src); f != nil {
		c.reportAt(f.at, f.rule, f.msg)
		return nil
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		c.syntaxError(err)
		return nil
	}
	c.validateSchema(raw)
	c.collectAccepts(raw)
	n := c.build(raw)
	n.file, n.pos = c.file, c.pos
	c.final = n.Status == Final
	c.checkRules(n)
	c.checkPrintable(raw, signatoryNames(n))
	c.checkSchemaFile(src)
	c.unusedAccepts()
	return n
}

func (c *checker) syntaxError(err error) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		c.reportAt(0, ruleSyntax, err.Error())
		return
	}
	msg := pe.Message
	if pe.Usage != "" {
		msg += " (" + firstLine(pe.Usage) + ")"
	}
	c.reportAt(pe.Position.Start, ruleSyntax, msg)
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
