package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"fmt"
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
)

// writer writes a PDF file: objects numbered by the caller (alloc), each
// written once and in any order, then the cross-reference table and the
// trailer. It is the one place that knows the file's syntax; everything
// else hands it dictionaries and stream data.
type writer struct {
	buf     bytes.Buffer
	offsets []int // by object number, from 1; 0 until written
	zw      *zlib.Writer
	z       bytes.Buffer // the stream being compressed
}

// header is the file's first two lines: the version, and a comment of
// bytes above 127 that tells transfer tools the file is binary.
const header = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"

func newWriter(sizeHint int) *writer {
	w := &writer{zw: zlibPool.Get().(*zlib.Writer)}
	w.buf.Grow(sizeHint)
	w.buf.WriteString(header)
	return w
}

// zlibPool keeps compressors across documents: a new one costs about a
// megabyte and most of a millisecond to clear.
var zlibPool = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: no error
	return zw
}}

// alloc returns the next object number.
func (w *writer) alloc() int {
	w.offsets = append(w.offsets, 0)
	return len(w.offsets)
}

func (w *writer) begin(n int) {
	if w.offsets[n-1] != 0 {
		panic(fmt.Sprintf("pdf: object %d written twice", n))
	}
	w.offsets[n-1] = w.buf.Len()
	w.buf.WriteString(strconv.Itoa(n))
	w.buf.WriteString(" 0 obj\n")
}

// obj writes object n, whose body is the parts joined.
func (w *writer) obj(n int, body ...[]byte) {
	w.begin(n)
	for _, b := range body {
		w.buf.Write(b)
	}
	w.buf.WriteString("\nendobj\n")
}

// objf writes object n, its body formatted as by fmt.Sprintf.
func (w *writer) objf(n int, format string, args ...any) {
	w.begin(n)
	fmt.Fprintf(&w.buf, format, args...)
	w.buf.WriteString("\nendobj\n")
}

// stream writes object n as a compressed stream of the parts joined; dict
// holds the dictionary's other entries, each starting with a space.
func (w *writer) stream(n int, dict string, data ...[]byte) {
	w.z.Reset()
	w.zw.Reset(&w.z)
	for _, part := range data {
		w.zw.Write(part)
	}
	w.zw.Close()
	w.rawStream(n, "/Filter /FlateDecode"+dict, w.z.Bytes())
}

// rawStream writes object n as a stream of data as it is.
func (w *writer) rawStream(n int, dict string, data []byte) {
	w.begin(n)
	fmt.Fprintf(&w.buf, "<<%s /Length %d>>\nstream\n", dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// finish writes the cross-reference table and a trailer holding entries
// and the file's identifier, and returns the file. Every allocated object
// must have been written.
func (w *writer) finish(entries string) ([]byte, error) {
	defer zlibPool.Put(w.zw)
	// The identifier is a hash of the content, so the same document has
	// the same one, as PDF asks of two versions of one file.
	id := md5.Sum(w.buf.Bytes())
	entries += fmt.Sprintf(" /ID [<%X> <%X>]", id, id)
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for n, off := range w.offsets {
		if off == 0 {
			return nil, fmt.Errorf("pdf: object %d allocated but not written", n+1)
		}
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&w.buf, "trailer\n<</Size %d%s>>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, entries, xref)
	return w.buf.Bytes(), nil
}

func size(parts [][]byte) (n int) {
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// pdfString writes s as a UTF-16BE hex string, safe for any text.
func pdfString(s string) []byte {
	b := make([]byte, 0, 6+4*len(s))
	b = append(b, "<FEFF"...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = appendHex4(b, int(u))
	}
	return append(b, '>')
}

const hexDigits = "0123456789ABCDEF"

// asciiString writes s as a literal string of printable ASCII, for the
// file name of readers that ignore /UF.
func asciiString(s string) string {
	var b bytes.Buffer
	b.WriteByte('(')
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7E:
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(')')
	return b.String()
}

// pdfName writes s as a PDF name, escaping what names cannot hold.
func pdfName(s string) string {
	var b bytes.Buffer
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || bytes.IndexByte([]byte("#/()<>[]{}%"), c) >= 0 {
			fmt.Fprintf(&b, "#%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pdfDate formats t as a PDF date string, in UTC, with the offset from
// UTC written out (+00'00'), as strict readers want it.
func pdfDate(t time.Time) string { return "(D:" + t.UTC().Format("20060102150405") + "+00'00')" }
