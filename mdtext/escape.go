// Package mdtext carries user text into Markdown unchanged: a Text prints
// escaped, so that whatever the notes say is shown as typed and is never
// read as Markdown, HTML or template code.
package mdtext

import (
	"regexp"
	"strings"
	"unicode"
)

// Text is user text on its way into a template. It prints escaped (see
// Escape), so a template cannot forget to escape it; Raw gives it as typed.
type Text string

// String returns the text escaped for Markdown; text in a script other
// than Latin, Greek or Cyrillic stands in a bidi isolate (see Isolate), as
// does Tagged text.
func (t Text) String() string {
	if s, ok := tagged(string(t)); ok {
		return fsi + Escape(s) + pdi
	}
	return Isolate(Escape(string(t)))
}

// The marks of a bidi isolate: U+2068 first strong isolate, U+2069 pop
// directional isolate.
const fsi, pdi = "\u2068", "\u2069"

// Tagged is text in a language of its own, other than the document's: it
// stands in a bidi isolate whatever its script, Greek or Russian too, so
// that the PDF and the HTML, which find values by their isolates, can say
// its language. Raw gives it without the marks.
func Tagged(s string) Text {
	if s == "" {
		return ""
	}
	return Text(fsi + s + pdi)
}

// tagged reports text made by Tagged, and returns it without the marks.
func tagged(s string) (string, bool) {
	if len(s) > len(fsi)+len(pdi) && strings.HasPrefix(s, fsi) && strings.HasSuffix(s, pdi) {
		return s[len(fsi) : len(s)-len(pdi)], true
	}
	return s, false
}

// Isolate puts s between U+2068 (first strong isolate) and U+2069 (pop
// directional isolate) if it holds a letter of a script other than Latin,
// Greek or Cyrillic: a Hebrew or Arabic name among English words then
// stays whole, with the punctuation and numbers around it where they
// belong, in every renderer that follows Unicode's bidi algorithm, and the
// PDF and HTML know where the value is, to say its language. The marks
// are invisible; text in Latin, Greek or Cyrillic is left as it is.
func Isolate(s string) string {
	for _, r := range s {
		if r >= 0x370 && !unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Common, unicode.Inherited) {
			return fsi + s + pdi
		}
	}
	return s
}

// Raw returns the text as the user typed it.
func (t Text) Raw() string {
	s, _ := tagged(string(t))
	return s
}

// Escape returns s as Markdown that every CommonMark or GFM renderer shows
// as s, character for character, wherever a template puts it: in a
// paragraph, a heading, a list item or a table cell. It escapes only what
// could be syntax, so the Markdown stays readable: characters that always
// can be (\ ` * _ [ ] < | ~ #), an entity-like "&", and at the start of
// the text what opens a block (- + = > and "1." or "1)"). Newlines become
// <br>, the one line break that also works inside a table cell, and spaces
// at either end become &#32; so that no renderer trims them.
func Escape(s string) string {
	if plainText(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lead, trail := edgeSpaces(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i < lead || i >= len(s)-trail:
			b.WriteString(spaceEntity(c))
			continue
		case c == '\n':
			b.WriteString("<br>")
			continue
		case strings.IndexByte("\\`*_[]<|~#", c) >= 0:
			b.WriteByte('\\')
		case c == '&' && entityLike.MatchString(s[i+1:]):
			b.WriteByte('\\')
		case i == lead && strings.IndexByte("-+=>", c) >= 0:
			b.WriteByte('\\')
		case i > lead && (c == '.' || c == ')') && allDigits(s[lead:i]) && i-lead <= 9:
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// plainText reports whether Escape would leave s as it is: no character
// that is ever escaped, no space at either end, and nothing at the start
// that could open a block.
func plainText(s string) bool {
	if s == "" || strings.ContainsAny(s, "\\`*_[]<|~#&\r\n\t") {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.IndexByte("-+=>", s[0]) >= 0 {
		return false
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i == 0 || i == len(s) || s[i] != '.' && s[i] != ')'
}

var entityLike = regexp.MustCompile(`^#?[A-Za-z0-9]+;`)

// edgeSpaces counts the spaces and tabs at the start and end of s.
func edgeSpaces(s string) (lead, trail int) {
	for lead < len(s) && (s[lead] == ' ' || s[lead] == '\t') {
		lead++
	}
	if lead == len(s) {
		return lead, 0
	}
	for trail < len(s)-lead && (s[len(s)-1-trail] == ' ' || s[len(s)-1-trail] == '\t') {
		trail++
	}
	return lead, trail
}

func spaceEntity(c byte) string {
	if c == '\t' {
		return "&#9;"
	}
	return "&#32;"
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Message is a message of recap's own that quotes user text, such as a
// diagnostic: what it quotes between backticks (a key, an id, a value)
// prints in code face, the rest escaped as Text is. A message whose
// backticks do not pair (user text holding one), or quote nothing, prints
// as Text does.
type Message string

// String returns the message as Markdown.
func (m Message) String() string {
	parts := strings.Split(string(m), "`")
	if len(parts)%2 == 0 || strings.ContainsAny(string(m), "\r\n") || strings.Contains(string(m), "``") {
		return Text(m).String() // nothing to quote, or nothing between two parts: escape it whole
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("`" + p + "`") // a code span shows its text as it is: no escapes in it
			continue
		}
		// Spaces beside a code span stay spaces; at the message's ends
		// they are escaped, as Text's are (four would start a code block).
		first, last := i == 0, i == len(parts)-1
		core := strings.Trim(p, " ")
		if core == "" {
			if first || last {
				p = Escape(p)
			}
			b.WriteString(p)
			continue
		}
		lead := strings.Index(p, core)
		head, trail := p[:lead], p[lead+len(core):]
		if first {
			b.WriteString(Escape(head + core))
		} else {
			b.WriteString(head + Escape(core))
		}
		if last {
			trail = Escape(trail)
		}
		b.WriteString(trail)
	}
	return Isolate(b.String())
}
