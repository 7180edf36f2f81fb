package schema

import (
	"bytes"
	"fmt"
	"strings"
)

// MaxNesting is how deeply tables and arrays may nest. Notes need three
// or four levels; the limit bounds the work (and the stack) of every later
// stage on hostile input. Every level counts: a table header's or a key's
// dotted parts (a.b.c = 1 is three tables deep), inline tables and arrays.
const MaxNesting = 64

// A scanFinding is what the scan before decoding found: where, under what
// rule, and what to say.
type scanFinding struct {
	at   int
	rule *Rule
	msg  string
}

// tooDeep returns the offset of the first level nested deeper than
// MaxNesting, or -1.
func tooDeep(src []byte) int {
	if f := prescan(src); f != nil && f.rule == ruleNesting {
		return f.at
	}
	return -1
}

// prescan reads src before it is decoded, with a lexer just precise
// enough to tell keys, strings and comments apart, for what the decoder
// would take too long over or accept wrongly: values nested deeper than
// MaxNesting, and the syntax of TOML 1.1 that TOML 1.0 forbids (a
// trailing comma or a newline in an inline table, the \e and \x escapes,
// a time without seconds), which the decoder takes but Taplo, Python's
// tomllib and most editors refuse. It returns the first thing found, or
// nil. It reads each byte once.
func prescan(src []byte) *scanFinding {
	type open struct {
		inline bool // an inline table, not an array
		depth  int  // the container's own depth
	}
	var stack []open
	header := 0      // the depth of the current table, by its header's parts
	parts := 0       // the parts of the key being read
	inKey := true    // keys come next: at a line's start, or in an inline table
	started := false // a part of the key has begun since the last dot
	// base is the depth the key being read starts from.
	base := func() int {
		if len(stack) == 0 {
			return header
		}
		return stack[len(stack)-1].depth
	}
	// valueDepth is the depth of a value opened here: an array's element,
	// or the value of the key just read.
	valueDepth := func() int {
		if n := len(stack); n > 0 && !stack[n-1].inline {
			return stack[n-1].depth + 1
		}
		return base() + parts
	}
	part := func(i int) int { // a key part begins at i
		if !started {
			started = true
			parts++
			if base()+parts > MaxNesting {
				return i
			}
		}
		return -1
	}
	deep := func(at int) *scanFinding {
		return &scanFinding{at, ruleNesting, fmt.Sprintf("tables and arrays nest more than %d levels deep here (each part of a dotted key is a level)", MaxNesting)}
	}
	inline := func() bool { return len(stack) > 0 && stack[len(stack)-1].inline }
	comma := false // the last character that was not a space was a comma
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != ' ' && c != '\t' && c != '}' {
			comma = c == ','
		}
		switch {
		case c == '#':
			i = skipTo(src, i, "\n") - 1
		case c == '"' || c == '\'':
			if inKey {
				if at := part(i); at >= 0 {
					return deep(at)
				}
			}
			end, bad := skipQuoted(src, i)
			if bad >= 0 {
				return escapeFinding(src, bad)
			}
			i = end
		case c == '\n' && inline():
			return &scanFinding{i, ruleSyntax, "an inline table goes on to the next line: TOML 1.0 keeps one on one line (Taplo, Python's tomllib and most editors refuse the file); put it on one line, or make it a [table]"}
		case c == '}' && inline() && comma:
			return &scanFinding{i, ruleSyntax, "a comma before the `}` that ends an inline table: TOML 1.0 allows none there (Taplo, Python's tomllib and most editors refuse the file); remove it"}
		case c == ':' && !inKey && noSeconds(src, i):
			return &scanFinding{i - 2, ruleSyntax, fmt.Sprintf("a time without seconds: TOML 1.0 wants them (Taplo, Python's tomllib and most editors refuse the file); write %s:00", src[i-2:i+3])}
		case c == '\n' && len(stack) == 0:
			inKey, parts, started = true, 0, false
		case c == '[' && len(stack) == 0 && inKey && parts == 0:
			end, n := readHeader(src, i)
			if n > MaxNesting {
				return deep(i)
			}
			header, i = n, end
		case c == '[' || c == '{':
			d := valueDepth()
			if d > MaxNesting {
				return deep(i)
			}
			stack = append(stack, open{inline: c == '{', depth: d})
			inKey, parts, started = c == '{', 0, false
		case c == ']' || c == '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			inKey = false
		case c == ',':
			if len(stack) > 0 && stack[len(stack)-1].inline {
				inKey, parts, started = true, 0, false
			}
		case c == '=' && inKey:
			inKey = false
		case c == '.' && inKey:
			started = false
		case inKey && c != ' ' && c != '\t' && c != '\r' && c != '\n':
			if at := part(i); at >= 0 {
				return deep(at)
			}
		}
	}
	return nil
}

// noSeconds reports whether the colon at i is the first of a time that
// has hours and minutes but no seconds: 10:30, not 10:30:00 (nor the
// offset +01:00 after one).
func noSeconds(src []byte, i int) bool {
	digit := func(j int) bool { return j >= 0 && j < len(src) && src[j] >= '0' && src[j] <= '9' }
	first := digit(i-1) && digit(i-2) && !(i >= 3 && strings.IndexByte(":+-", src[i-3]) >= 0)
	return first && digit(i+1) && digit(i+2) && (i+3 >= len(src) || src[i+3] != ':')
}

// escapeFinding says what is wrong with the escape at i, \e or \x.
func escapeFinding(src []byte, i int) *scanFinding {
	if src[i+1] == 'e' {
		return &scanFinding{i, ruleSyntax, "`\\e` in a string: TOML 1.0 has no such escape (Taplo, Python's tomllib and most editors refuse the file); write `\\u001B`"}
	}
	return &scanFinding{i, ruleSyntax, "`\\x` in a string: TOML 1.0 has no such escape (Taplo, Python's tomllib and most editors refuse the file); write `\\u00` and the two digits"}
}

// readHeader reads a table header, [a.b] or [[a.b]], from its first
// bracket at i, and returns the offset of its last bracket and how many
// parts it has.
func readHeader(src []byte, i int) (end, parts int) {
	started := false
	for i++; i < len(src); i++ {
		switch c := src[i]; {
		case c == '[' && !started && parts == 0:
			// [[, an array of tables
		case c == ']':
			for i+1 < len(src) && src[i+1] == ']' {
				i++
			}
			return i, parts
		case c == '\n':
			return i, parts
		case c == '.':
			started = false
		case c == '"' || c == '\'':
			if !started {
				started = true
				parts++
			}
			i, _ = skipQuoted(src, i)
		case c != ' ' && c != '\t':
			if !started {
				started = true
				parts++
			}
		}
	}
	return i, parts
}

// skipQuoted returns the offset of the last byte of the string that
// starts at i, and that of an escape TOML 1.0 lacks in it (-1 if none).
func skipQuoted(src []byte, i int) (end, bad int) {
	c := src[i]
	quote := string(c)
	if bytes.HasPrefix(src[i:], []byte(quote+quote+quote)) {
		end, bad = skipString(src, i+3, quote+quote+quote, c == '"')
		for end+1 < len(src) && src[end+1] == c { // up to two quotes may end the content
			end++
		}
		return end, bad
	}
	return skipString(src, i+1, quote, c == '"')
}

// skipString returns the offset of the last byte of the string ending in
// end, starting at i (a single-line string also ends at a newline), and
// that of the first \e or \x escape in it, or -1.
func skipString(src []byte, i int, end string, escapes bool) (last, bad int) {
	q := end[0]
	bad = -1
	for ; i < len(src); i++ {
		switch c := src[i]; {
		case escapes && c == '\\':
			if i+1 < len(src) && (src[i+1] == 'e' || src[i+1] == 'x') && bad < 0 {
				bad = i
			}
			i++
		case len(end) == 1 && c == '\n':
			return i, bad
		case c == q && (len(end) == 1 || bytes.HasPrefix(src[i:], []byte(end))):
			return i + len(end) - 1, bad
		}
	}
	return len(src), bad
}

func skipTo(src []byte, i int, s string) int {
	j := bytes.Index(src[i:], []byte(s))
	if j < 0 {
		return len(src)
	}
	return i + j
}
