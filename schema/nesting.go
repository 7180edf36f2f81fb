package schema

import "bytes"

// MaxNesting is how deeply arrays and inline tables may nest. Notes need
// three or four levels; the limit bounds the work (and the stack) of every
// later stage on hostile input.
const MaxNesting = 64

// tooDeep scans src for how brackets and braces nest, skipping strings
// and comments with a lexer just precise enough for that; the TOML decoder
// does the rest. It returns the offset of the first bracket or brace that
// opens a value nested deeper than MaxNesting, or -1.
func tooDeep(src []byte) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '#':
			i = skipTo(src, i, "\n") - 1
		case '"', '\'':
			quote := string(c)
			if bytes.HasPrefix(src[i:], []byte(quote+quote+quote)) {
				i = skipString(src, i+3, quote+quote+quote, c == '"')
				for i < len(src) && src[i] == c { // up to two quotes may end the content
					i++
				}
				i--
			} else {
				i = skipString(src, i+1, quote, c == '"')
			}
		case '[', '{':
			depth++
			if depth > MaxNesting {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return -1
}

// skipString returns the offset of the last byte of the string ending in
// end, starting at i; a single-line string also ends at a newline.
func skipString(src []byte, i int, end string, escapes bool) int {
	q := end[0]
	for ; i < len(src); i++ {
		switch c := src[i]; {
		case escapes && c == '\\':
			i++
		case len(end) == 1 && c == '\n':
			return i
		case c == q && (len(end) == 1 || bytes.HasPrefix(src[i:], []byte(end))):
			return i + len(end) - 1
		}
	}
	return len(src)
}

func skipTo(src []byte, i int, s string) int {
	j := bytes.Index(src[i:], []byte(s))
	if j < 0 {
		return len(src)
	}
	return i + j
}
