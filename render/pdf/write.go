package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"fmt"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf16"
)

// writer writes a PDF file: objects numbered by the caller (alloc), each
// written once and in any order, then the cross-reference stream. With
// syntax.go it is the one place that knows the file's syntax: everything
// else builds dictionaries and arrays with pdfDict and pdfArray and hands
// it those and stream data.
//
// The structure tree's elements and the outline's items are packed into
// object streams, compressed (packed): a tagged document has thousands,
// and written one by one, each with its entry in a cross-reference
// table, they tripled the size of a long recap. The cross-reference
// section is then a stream too, as PDF 1.5 and later (and PDF/A-2 and -3)
// allow. Every other object stands on its own, as readable as before.
type writer struct {
	buf   bytes.Buffer
	where []objLoc // by object number, from 1
	pack  packing  // the object stream being filled
	zw    *zlib.Writer
	z     bytes.Buffer // the stream being compressed
	// scratch holds the dictionary being written, reused.
	scratch []byte
}

// objLoc is where an object was written: at an offset of the file, or as
// an object stream's index-th object.
type objLoc struct {
	offset      int // 0 until written, or if packed
	stream, idx int // the object stream, 0 if none
	packing     bool
}

// packing is an object stream being filled.
type packing struct {
	nums []int
	offs []int
	body bytes.Buffer
}

// perObjStm is how many objects an object stream holds.
const perObjStm = 200

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
	w.where = append(w.where, objLoc{})
	return len(w.where)
}

func (w *writer) written(n int) {
	if l := w.where[n-1]; l.offset != 0 || l.stream != 0 || l.packing {
		panic(fmt.Sprintf("pdf: object %d written twice", n))
	}
}

// begin starts object n at the end of the file.
func (w *writer) begin(n int) {
	w.written(n)
	w.where[n-1].offset = w.buf.Len()
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

// dict writes object n, a dictionary with the entries fill gives it.
func (w *writer) dict(n int, fill func(d *pdfDict)) {
	d := beginDict(w.scratch[:0])
	fill(&d)
	w.scratch = d.end()
	w.obj(n, w.scratch)
}

// packed writes object n, a value that is not a stream, whose body is
// the parts joined, into an object stream.
func (w *writer) packed(n int, body ...[]byte) {
	w.written(n)
	w.where[n-1].packing = true
	p := &w.pack
	p.nums = append(p.nums, n)
	p.offs = append(p.offs, p.body.Len())
	for _, b := range body {
		p.body.Write(b)
	}
	p.body.WriteByte('\n')
	if len(p.nums) == perObjStm {
		w.flushPack()
	}
}

// flushPack writes the object stream being filled, if it holds any.
func (w *writer) flushPack() {
	p := &w.pack
	if len(p.nums) == 0 {
		return
	}
	var head []byte
	for i, n := range p.nums {
		head = strconv.AppendInt(append(strconv.AppendInt(head, int64(n), 10), ' '), int64(p.offs[i]), 10)
		head = append(head, ' ')
	}
	stm := w.alloc()
	for i, n := range p.nums {
		w.where[n-1] = objLoc{stream: stm, idx: i}
	}
	w.stream(stm, func(d *pdfDict) {
		d.Name("Type", "ObjStm")
		d.Int("N", len(p.nums))
		d.Int("First", len(head))
	}, head, p.body.Bytes())
	p.nums, p.offs = p.nums[:0], p.offs[:0]
	p.body.Reset()
}

// stream writes object n as a compressed stream of the parts joined;
// entries, if not nil, gives the dictionary's entries besides the filter
// and the length.
func (w *writer) stream(n int, entries func(d *pdfDict), data ...[]byte) {
	w.z.Reset()
	w.zw.Reset(&w.z)
	for _, part := range data {
		w.zw.Write(part)
	}
	w.zw.Close()
	w.writeStream(n, true, entries, w.z.Bytes())
}

// rawStream writes object n as a stream of data as it is.
func (w *writer) rawStream(n int, entries func(d *pdfDict), data []byte) {
	w.writeStream(n, false, entries, data)
}

func (w *writer) writeStream(n int, deflated bool, entries func(d *pdfDict), data []byte) {
	d := beginDict(w.scratch[:0])
	if deflated {
		d.Name("Filter", "FlateDecode")
	} else { // as recap has always written them: "<< /Length 5>>"
		d.b = append(d.b, ' ')
		d.start = len(d.b)
	}
	if entries != nil {
		entries(&d)
	}
	d.Int("Length", len(data))
	w.scratch = d.end()
	w.begin(n)
	w.buf.Write(w.scratch)
	w.buf.WriteString("\nstream\n")
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// finish writes the cross-reference stream, whose dictionary holds the
// entries of a trailer (the catalog root, the information dictionary) and
// the file's identifier, and returns the file. Every allocated object
// must have been written.
func (w *writer) finish(root, info int) ([]byte, error) {
	defer zlibPool.Put(w.zw)
	w.flushPack()
	// The identifier is a hash of the content, so the same document has
	// the same one, as PDF asks of two versions of one file.
	id := md5.Sum(w.buf.Bytes())
	xref, at := w.alloc(), w.buf.Len()
	// Entries of 7 bytes: a type, an offset or object stream (4 bytes),
	// a generation or index (2).
	table := make([]byte, 0, 7*(len(w.where)+1))
	table = append(table, 0, 0, 0, 0, 0, 0xFF, 0xFF)
	for n, l := range w.where {
		if n == xref-1 {
			l.offset = at // the stream about to be written
		}
		switch {
		case l.stream != 0:
			table = append(table, 2, byte(l.stream>>24), byte(l.stream>>16), byte(l.stream>>8), byte(l.stream), byte(l.idx>>8), byte(l.idx))
		case l.offset != 0:
			table = append(table, 1, byte(l.offset>>24), byte(l.offset>>16), byte(l.offset>>8), byte(l.offset), 0, 0)
		default:
			return nil, fmt.Errorf("pdf: object %d allocated but not written", n+1)
		}
	}
	w.stream(xref, func(d *pdfDict) {
		d.Name("Type", "XRef")
		d.Int("Size", len(w.where)+1)
		d.Ints("W", 1, 4, 2)
		d.Ref("Root", root)
		d.Ref("Info", info)
		ids := d.Array("ID")
		ids.Hex(id[:], upperHex)
		ids.Hex(id[:], upperHex)
		d.Set(ids.end())
	}, table)
	fmt.Fprintf(&w.buf, "startxref\n%d\n%%%%EOF\n", at)
	return w.buf.Bytes(), nil
}

func size(parts [][]byte) (n int) {
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// pdfString writes s as a UTF-16BE hex string, safe for any text.
func pdfString(s string) []byte { return appendText(make([]byte, 0, 6+4*len(s)), s) }

// appendText appends s as pdfString writes it.
func appendText(b []byte, s string) []byte {
	b = append(b, "<FEFF"...)
	for _, r := range s { // as utf16.Encode has it
		switch {
		case r >= 0x10000 && r <= unicode.MaxRune:
			r1, r2 := utf16.EncodeRune(r)
			b = appendHex4(appendHex4(b, int(r1)), int(r2))
		case r >= 0xD800 && r < 0xE000:
			b = appendHex4(b, unicode.ReplacementChar)
		default:
			b = appendHex4(b, int(r))
		}
	}
	return append(b, '>')
}

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

// pdfDate formats t as a PDF date string, in UTC, with the offset from
// UTC written out (+00'00'), as strict readers want it.
func pdfDate(t time.Time) string { return "(D:" + t.UTC().Format("20060102150405") + "+00'00')" }
