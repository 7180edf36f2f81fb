package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/recaptool/recap/internal/term"
)

// Severity says whether a diagnostic fails a check.
type Severity int

const (
	Error Severity = iota
	Warning
	// Accepted is a warning the notes accept (accept.go): it is reported,
	// but fails nothing.
	Accepted
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Accepted:
		return "accepted"
	}
	return "error"
}

// MarshalText makes a Severity print as "error", "warning" or "accepted" in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a position in a notes file. Line and Col start at 1; Col counts
// characters (Unicode code points), not bytes.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// Less orders positions top to bottom, left to right.
func (p Pos) Less(q Pos) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Col < q.Col
}

// A Diagnostic is one problem found in a notes file.
type Diagnostic struct {
	File     string   `json:"file"`
	Pos               // embedded so JSON has line and col at top level
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"` // stable id, see docs/rules.md
	Message  string   `json:"message"`
	// Why is the reason an accepted warning was accepted, where the notes
	// give one (accept = [{ rule, why }]).
	Why string `json:"why,omitempty"`
	// Path is the path of the value it is about ("/action/3/if"), where
	// it is about one, for saying which entry in words (the brief).
	Path string `json:"-"`
}

// String formats d as FILE:LINE:COL: SEVERITY: MESSAGE.
func (d Diagnostic) String() string {
	sev := d.Severity.String()
	if d.Severity == Accepted && d.Why != "" {
		sev += " (" + d.Why + ")"
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", term.Safe(d.File), d.Line, d.Col, term.Safe(sev), term.Safe(d.Message))
}

// List is a list of diagnostics, in the manner of go/scanner.ErrorList.
type List []Diagnostic

// Sort orders the list by file, position, severity and message, so that
// output is deterministic whatever order the rules ran in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity),
			strings.Compare(a.Message, b.Message),
		)
	})
}

// Errors counts the diagnostics of severity Error.
func (l List) Errors() int { return l.count(Error) }

// Warnings counts the diagnostics of severity Warning.
func (l List) Warnings() int { return l.count(Warning) }

func (l List) count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Err returns the list as an error if it holds any errors, else nil.
func (l List) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return l
}

// Error implements error: one diagnostic per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
