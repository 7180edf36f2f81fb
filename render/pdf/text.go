package pdf

import (
	"strings"
	"unicode/utf8"
)

// Scrub replaces what the PDF must not draw with U+FFFD, visibly: invalid
// UTF-8, control characters, and the bidirectional controls that can make
// printed text read otherwise than it is stored (embeddings, overrides,
// marks, and isolates of a set direction). The first-strong isolate and
// its end (U+2068, U+2069), which recap puts around values so that they
// stay whole among text of the other direction, are kept. Tabs become
// spaces. It reports whether anything was replaced.
func Scrub(s string) (string, bool) {
	if drawableString(s) {
		return s, false
	}
	var b strings.Builder
	replaced := !utf8.ValidString(s)
	for _, r := range s { // an invalid byte comes out as utf8.RuneError
		switch {
		case r == '\t':
			b.WriteString("    ")
		case !drawable(r):
			b.WriteRune(utf8.RuneError)
			replaced = true
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), replaced
}

// drawableString reports whether Scrub leaves s as it is, quickly for
// ASCII, which most text is.
func drawableString(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !drawable(r) {
			return false
		}
		i += n
	}
	return true
}

func drawable(r rune) bool {
	switch {
	case r == '\n':
		return true
	case r < 0x20, r >= 0x7F && r < 0xA0, r > 0x10FFFF:
		return false
	case r >= 0x202A && r <= 0x202E, r == 0x2066, r == 0x2067, r == 0x200E, r == 0x200F:
		return false
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	}
	return true
}
