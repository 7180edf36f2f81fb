package pdf

import (
	"strconv"
	"time"
)

// The writer's syntax for values: every object body and every property
// list of marked content is written through pdfDict and pdfArray, which
// append to a byte slice, so that no other code spells out "<<" or "0 R".
// Entries and items are separated by a space, or follow a newline that
// Line wrote; nothing else is written between them.

// pdfDict is a dictionary being written.
type pdfDict struct {
	b     []byte
	start int  // where its first entry goes
	lines bool // each entry on a line of its own: "<<\n/F1 5 0 R\n>>"
}

// beginDict starts a dictionary at the end of b.
func beginDict(b []byte) pdfDict {
	b = append(b, "<<"...)
	return pdfDict{b: b, start: len(b)}
}

// beginDictLines starts a dictionary whose entries stand a line each.
func beginDictLines(b []byte) pdfDict {
	d := beginDict(b)
	d.lines = true
	return d
}

// key starts the entry k.
func (d *pdfDict) key(k string) {
	switch {
	case d.lines:
		d.b = append(d.b, '\n')
	case len(d.b) > d.start:
		d.b = append(d.b, ' ')
	}
	d.b = append(appendName(d.b, k), ' ')
}

// end closes the dictionary and returns the bytes written.
func (d *pdfDict) end() []byte {
	if d.lines {
		d.b = append(d.b, '\n')
	}
	return append(d.b, ">>"...)
}

// Name writes a name value: /Type /Page.
func (d *pdfDict) Name(k, v string) { d.key(k); d.b = appendName(d.b, v) }

// Ref writes a reference to object n.
func (d *pdfDict) Ref(k string, n int) { d.key(k); d.b = appendRef(d.b, n) }

// Int writes an integer.
func (d *pdfDict) Int(k string, v int) { d.key(k); d.b = strconv.AppendInt(d.b, int64(v), 10) }

// Num writes a number as short as it can be written exactly.
func (d *pdfDict) Num(k string, v float64) { d.key(k); d.b = strconv.AppendFloat(d.b, v, 'f', -1, 64) }

// Bool writes true or false.
func (d *pdfDict) Bool(k string, v bool) { d.key(k); d.b = strconv.AppendBool(d.b, v) }

// Text writes a text string, UTF-16BE in hex: safe for any text.
func (d *pdfDict) Text(k, s string) { d.key(k); d.b = appendText(d.b, s) }

// ASCII writes a literal string of printable ASCII (asciiString).
func (d *pdfDict) ASCII(k, s string) { d.key(k); d.b = append(d.b, asciiString(s)...) }

// Hex writes a byte string in hex, in the digits given (lowerHex or
// upperHex).
func (d *pdfDict) Hex(k string, v []byte, digits string) {
	d.key(k)
	d.b = appendHexString(d.b, v, digits)
}

// Date writes a date string (pdfDate).
func (d *pdfDict) Date(k string, t time.Time) { d.key(k); d.b = append(d.b, pdfDate(t)...) }

// Dict starts a dictionary as the value of k; the caller ends it and
// gives its bytes back with Set.
func (d *pdfDict) Dict(k string) pdfDict { d.key(k); return beginDict(d.b) }

// Array starts an array as the value of k; likewise.
func (d *pdfDict) Array(k string) pdfArray { d.key(k); return beginArray(d.b) }

// Set takes back the bytes of a value started with Dict or Array.
func (d *pdfDict) Set(b []byte) { d.b = b }

// Ints writes an array of integers.
func (d *pdfDict) Ints(k string, vs ...int) {
	a := d.Array(k)
	for _, v := range vs {
		a.Int(v)
	}
	d.Set(a.end())
}

// Box writes a rectangle from the origin to w, h points: [0 0 w h].
func (d *pdfDict) Box(k string, w, h float64) {
	a := d.Array(k)
	a.Int(0)
	a.Int(0)
	a.Fixed(w)
	a.Fixed(h)
	d.Set(a.end())
}

// Refs writes an array of references.
func (d *pdfDict) Refs(k string, refs []int) {
	a := d.Array(k)
	for _, n := range refs {
		a.Ref(n)
	}
	d.Set(a.end())
}

// pdfArray is an array being written.
type pdfArray struct {
	b     []byte
	start int
	pad   bool // a space inside each bracket: "[ (a) 5 0 R ]"
}

func beginArray(b []byte) pdfArray {
	b = append(b, '[')
	return pdfArray{b: b, start: len(b)}
}

// beginArrayPadded starts an array with a space inside each bracket, as
// the name tree of embedded files has always been written.
func beginArrayPadded(b []byte) pdfArray {
	a := beginArray(b)
	a.pad = true
	return a
}

// item separates the next item from the one before.
func (a *pdfArray) item() {
	if a.pad || len(a.b) > a.start && a.b[len(a.b)-1] != '\n' {
		a.b = append(a.b, ' ')
	}
}

func (a *pdfArray) end() []byte {
	if a.pad {
		a.b = append(a.b, ' ')
	}
	return append(a.b, ']')
}

// Line ends a line of items: the next starts the next line.
func (a *pdfArray) Line() { a.b = append(a.b, '\n') }

func (a *pdfArray) Name(v string) { a.item(); a.b = appendName(a.b, v) }
func (a *pdfArray) Ref(n int)     { a.item(); a.b = appendRef(a.b, n) }
func (a *pdfArray) Int(v int)     { a.item(); a.b = strconv.AppendInt(a.b, int64(v), 10) }

// Fixed writes a number with two decimals, as page coordinates are.
func (a *pdfArray) Fixed(v float64) { a.item(); a.b = strconv.AppendFloat(a.b, v, 'f', 2, 64) }

// Num writes a number as appendNum does in content: two decimals, rounded.
func (a *pdfArray) Num(v float64) { a.item(); a.b = appendNum(a.b, v) }

func (a *pdfArray) Null() { a.item(); a.b = append(a.b, "null"...) }
func (a *pdfArray) Hex(v []byte, digits string) {
	a.item()
	a.b = appendHexString(a.b, v, digits)
}
func (a *pdfArray) Text(s string) { a.item(); a.b = appendText(a.b, s) }

// Dict starts a dictionary as the next item; Set takes its bytes back.
func (a *pdfArray) Dict() pdfDict { a.item(); return beginDict(a.b) }

// Array starts an array as the next item; Set takes its bytes back.
func (a *pdfArray) Array() pdfArray { a.item(); return beginArray(a.b) }

func (a *pdfArray) Set(b []byte) { a.b = b }

// appendRef writes a reference to object n.
func appendRef(b []byte, n int) []byte { return append(strconv.AppendInt(b, int64(n), 10), " 0 R"...) }

// appendName writes s as a PDF name, escaping what names cannot hold.
func appendName(b []byte, s string) []byte {
	b = append(b, '/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || c == '#' || c == '/' || c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '%' {
			b = append(b, '#', upperHex[c>>4], upperHex[c&15])
		} else {
			b = append(b, c)
		}
	}
	return b
}

// The digits of hex strings.
const (
	lowerHex = "0123456789abcdef"
	upperHex = "0123456789ABCDEF"
)

// appendHexString writes v as a hex string in digits.
func appendHexString(b []byte, v []byte, digits string) []byte {
	b = append(b, '<')
	for _, c := range v {
		b = append(b, digits[c>>4], digits[c&15])
	}
	return append(b, '>')
}

// beginProps starts marked content with a property list, in a content
// stream: "/Span <<…>> BDC"; endProps ends the list and the operator.
func beginProps(b []byte, tag string) pdfDict {
	return beginDict(append(appendName(b, tag), ' '))
}

func endProps(d *pdfDict) []byte { return append(d.end(), " BDC\n"...) }
