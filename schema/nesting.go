package schema

import "bytes"

// MaxNesting is how deeply tables and arrays may nest. Notes need three
// or four levels; the limit bounds the work (and the stack) of every later
// stage on hostile input. Every level counts: a table header's or a key's
// dotted parts (a.b.c = 1 is three tables deep), inline tables and arrays.
const MaxNesting = 64

// tooDeep scans src for how deeply its values nest, skipping strings and
// comments with a lexer just precise enough for that; the TOML decoder
// does the rest. It returns the offset of the first key part, bracket or
// brace that opens a level deeper than MaxNesting, or -1. It reads each
// byte once.
func tooDeep(src []byte) int {
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
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '#':
			i = skipTo(src, i, "\n") - 1
		case c == '"' || c == '\'':
			if inKey {
				if at := part(i); at >= 0 {
					return at
				}
			}
			i = skipQuoted(src, i)
		case c == '\n' && len(stack) == 0:
			inKey, parts, started = true, 0, false
		case c == '[' && len(stack) == 0 && inKey && parts == 0:
			end, n := readHeader(src, i)
			if n > MaxNesting {
				return i
			}
			header, i = n, end
		case c == '[' || c == '{':
			d := valueDepth()
			if d > MaxNesting {
				return i
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
				return at
			}
		}
	}
	return -1
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
			i = skipQuoted(src, i)
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
// starts at i.
func skipQuoted(src []byte, i int) int {
	c := src[i]
	quote := string(c)
	if bytes.HasPrefix(src[i:], []byte(quote+quote+quote)) {
		i = skipString(src, i+3, quote+quote+quote, c == '"')
		for i+1 < len(src) && src[i+1] == c { // up to two quotes may end the content
			i++
		}
		return i
	}
	return skipString(src, i+1, quote, c == '"')
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
