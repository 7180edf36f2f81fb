// Package term makes text safe to print on a terminal: a character that
// would move the cursor, change colours, ring, or reorder what is shown
// prints as a Go escape instead, so that what a notes file or a PDF says
// cannot make a report read otherwise than it is.
package term

import (
	"strconv"
	"strings"
	"unicode"
)

// Safe returns s with every control character (C0, DEL and C1, newlines
// and tabs among them) and every bidirectional control written as a Go
// escape: "\x1b", "\r", "\u202e". Other text, in any script, is left as
// it is.
func Safe(s string) string {
	if !strings.ContainsFunc(s, unsafe) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !unsafe(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r) // '\x1b', '\u202e'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

func unsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
