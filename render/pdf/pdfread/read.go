// Package pdfread reads back the PDFs recap writes, apart from the
// writer: their objects, embedded files, text, and the revisions signing
// tools append, for recap verify. Its input may be hostile.
package pdfread

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf16"
)

// This file reads PDFs back, for `recap verify`: the cross-reference
// table, objects, dictionaries and streams, just enough of the syntax for
// the files package pdf writes and what signing tools append to them.
// Input may be hostile: nesting, sizes and chains of sections are bounded,
// and nothing is trusted to be where it claims.

// ErrNotRecap means the file is not laid out as package pdf writes PDFs.
var ErrNotRecap = errors.New("not laid out as recap writes PDFs")

var errSyntax = errors.New("pdf: malformed file")

// Values read from a file.
type (
	name string // a name, without its slash
	ref  int    // an indirect reference to an object of generation 0
	// genRef is a reference to a generation other than 0: recap writes
	// none, and a signing tool that rewrites an object under a new
	// generation (pdfsig) leaves a reference to it distinct from one to
	// the old, as PDF has them.
	genRef struct{ n, gen int }
	dict   map[name]any
	array  []any
	stream struct {
		dict dict
		data []byte // as stored: still encoded
	}
)

// file is a PDF read for its objects.
type file struct {
	data    []byte
	entries map[int]xrefEntry // by object number; the newest section wins
	trailer dict
	// objStms caches the object streams read, inflated, by number.
	objStms map[int]*objStm
}

// maxSections bounds the chain of cross-reference sections followed.
const maxSections = 1000

// readFile reads the cross-reference sections from the last one back.
func readFile(data []byte) (*file, error) {
	f := &file{data: data, entries: map[int]xrefEntry{}, objStms: map[int]*objStm{}}
	at, err := lastStartxref(data)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	for i := 0; at >= 0; i++ {
		if seen[at] || i == maxSections {
			return nil, errSyntax
		}
		seen[at] = true
		trailer, err := f.readSection(at)
		if err != nil {
			return nil, err
		}
		if f.trailer == nil {
			f.trailer = trailer
		}
		at = -1
		if prev, ok := trailer["Prev"].(int); ok {
			at = prev
		}
	}
	return f, nil
}

func lastStartxref(data []byte) (int, error) {
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return 0, errSyntax
	}
	l := &lexer{b: data, i: i + len("startxref")}
	v, err := l.value(0)
	at, ok := v.(int)
	if err != nil || !ok || at < 0 || at >= len(data) {
		return 0, errSyntax
	}
	return at, nil
}

// readSection reads the cross-reference section at offset at into
// f.entries, keeping the entries of newer sections, and returns its
// trailer.
func (f *file) readSection(at int) (dict, error) {
	sec, err := readXref(f.data, at)
	if err != nil {
		return nil, err
	}
	for n, e := range sec.entries {
		if _, newer := f.entries[n]; !newer {
			f.entries[n] = e
		}
	}
	return sec.trailer, nil
}

// xrefSection is one cross-reference section, a table or a stream: its
// entries by object number, its trailer (a stream's dictionary), and
// where it ends.
type xrefSection struct {
	entries map[int]xrefEntry
	trailer dict
	end     int
}

// xrefEntry says where an object is: at an offset, or as an object
// stream's idx-th object; or that it is free.
type xrefEntry struct {
	offset      int
	gen         int // the object's generation (0 in an object stream)
	stream, idx int // the object stream, 0 if none
	free        bool
}

// readXref reads the cross-reference section at offset at.
func readXref(data []byte, at int) (xrefSection, error) {
	if at < 0 || at >= len(data) {
		return xrefSection{}, errSyntax
	}
	l := &lexer{b: data, i: at}
	if !l.keyword("xref") {
		return readXrefStream(data, at)
	}
	sec := xrefSection{entries: map[int]xrefEntry{}}
	for {
		l.space()
		if l.keyword("trailer") {
			v, err := l.value(0)
			d, ok := v.(dict)
			if err != nil || !ok {
				return sec, errSyntax
			}
			sec.trailer, sec.end = d, l.i
			return sec, nil
		}
		first, err1 := l.int()
		count, err2 := l.int()
		if err1 != nil || err2 != nil || first < 0 || count < 0 || count > len(data)/20 {
			return sec, errSyntax
		}
		l.space()
		for n := first; n < first+count; n++ {
			if l.i+20 > len(data) {
				return sec, errSyntax
			}
			e := data[l.i : l.i+20]
			l.i += 20
			off, gen, free, ok := xrefLine(e)
			if !ok {
				return sec, errSyntax
			}
			if _, dup := sec.entries[n]; dup {
				return sec, errSyntax
			}
			sec.entries[n] = xrefEntry{offset: off, gen: gen, free: free}
		}
	}
}

// xrefLine reads an entry of a cross-reference table, exactly as PDF
// spells it: 20 bytes, "oooooooooo ggggg n" and a two-byte line end. Readers
// that meet anything else rebuild the table by scanning the file, and
// find what this reader would not: so anything else is refused.
func xrefLine(e []byte) (offset, gen int, free, ok bool) {
	digits := func(b []byte) (int, bool) {
		v := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	off, ok1 := digits(e[:10])
	g, ok2 := digits(e[11:16])
	end := string(e[18:20])
	if !ok1 || !ok2 || e[10] != ' ' || e[16] != ' ' || e[17] != 'n' && e[17] != 'f' ||
		end != " \r" && end != " \n" && end != "\r\n" {
		return 0, 0, false, false
	}
	return off, g, e[17] == 'f', true
}

// maxXref bounds a cross-reference stream, inflated: 7 bytes an object
// for 10 million objects.
const maxXref = 70 << 20

// readXrefStream reads a cross-reference stream at offset at: an object
// whose dictionary is the section's trailer.
func readXrefStream(data []byte, at int) (xrefSection, error) {
	sec := xrefSection{entries: map[int]xrefEntry{}}
	f := &file{data: data}
	v, end, err := f.parseAt(at, -1, 0, 0)
	s, ok := v.(stream)
	if err != nil || !ok || s.dict["Type"] != name("XRef") {
		return sec, errSyntax
	}
	sec.trailer, sec.end = s.dict, end
	var w [3]int
	widths, _ := s.dict["W"].(array)
	for i := range w {
		if len(widths) != 3 {
			return sec, errSyntax
		}
		w[i], _ = widths[i].(int)
		if w[i] < 0 || w[i] > 8 {
			return sec, errSyntax
		}
	}
	size, _ := s.dict["Size"].(int)
	index, _ := s.dict["Index"].(array)
	if index == nil {
		index = array{0, size}
	}
	table, err := decode(s, maxXref)
	if err != nil {
		return sec, errSyntax
	}
	row := w[0] + w[1] + w[2]
	if row == 0 {
		return sec, errSyntax
	}
	field := func(b []byte, def int) int {
		if len(b) == 0 {
			return def
		}
		v := 0
		for _, c := range b {
			v = v<<8 | int(c)
		}
		return v
	}
	for i := 0; i+1 < len(index); i += 2 {
		first, ok1 := index[i].(int)
		count, ok2 := index[i+1].(int)
		if !ok1 || !ok2 || first < 0 || count < 0 || count > len(table)/row {
			return sec, errSyntax
		}
		for n := first; n < first+count; n++ {
			if len(table) < row {
				return sec, errSyntax
			}
			e := table[:row]
			table = table[row:]
			typ, f2, f3 := field(e[:w[0]], 1), field(e[w[0]:w[0]+w[1]], 0), field(e[w[0]+w[1]:], 0)
			if _, dup := sec.entries[n]; dup {
				return sec, errSyntax
			}
			switch typ {
			case 0:
				sec.entries[n] = xrefEntry{free: true}
			case 1:
				sec.entries[n] = xrefEntry{offset: f2, gen: f3}
			case 2:
				sec.entries[n] = xrefEntry{stream: f2, idx: f3}
			}
		}
	}
	return sec, nil
}

// object reads object n: a value, or a stream.
func (f *file) object(n int) (any, error) { return f.objectAt(n, 0) }

// maxIndirection bounds how deep reading an object reads others: a
// stream's length, the object stream an object is in.
const maxIndirection = 2

func (f *file) objectAt(n, depth int) (any, error) {
	e, ok := f.entries[n]
	if !ok || e.free || depth > maxIndirection {
		return nil, errSyntax
	}
	if e.stream != 0 {
		return f.packed(n, e, depth)
	}
	v, _, err := f.parseAt(e.offset, n, e.gen, depth)
	return v, err
}

// parseAt reads the object at offset at, numbered n of generation gen (n
// -1: any number and generation), and returns it and where it ends.
func (f *file) parseAt(at, n, gen, depth int) (any, int, error) {
	if at < 0 || at >= len(f.data) {
		return nil, 0, errSyntax
	}
	l := &lexer{b: f.data, i: at}
	num, err1 := l.int()
	g, err2 := l.int()
	if err1 != nil || err2 != nil || n >= 0 && (num != n || g != gen) || !l.keyword("obj") {
		return nil, 0, errSyntax
	}
	v, err := l.value(0)
	if err != nil {
		return nil, 0, err
	}
	d, isDict := v.(dict)
	if !isDict || !l.keyword("stream") {
		if !l.keyword("endobj") {
			return nil, 0, errSyntax
		}
		return v, l.i, nil
	}
	if l.i < len(f.data) && f.data[l.i] == '\r' {
		l.i++
	}
	if l.i >= len(f.data) || f.data[l.i] != '\n' {
		return nil, 0, errSyntax
	}
	l.i++
	length, ok := d["Length"].(int)
	if r, isRef := d["Length"].(ref); isRef && f.entries != nil {
		lv, _ := f.objectAt(int(r), depth+1)
		length, ok = lv.(int)
	}
	if !ok || length < 0 || length > len(f.data)-l.i {
		return nil, 0, errSyntax
	}
	s := stream{d, f.data[l.i : l.i+length]}
	l.i += length
	if !l.keyword("endstream") || !l.keyword("endobj") {
		return nil, 0, errSyntax
	}
	return s, l.i, nil
}

// objStm is an object stream, inflated: its objects' numbers and offsets.
type objStm struct {
	data  []byte
	nums  []int
	offs  []int
	first int
}

// maxObjStm bounds an object stream, inflated.
const maxObjStm = 16 << 20

// packed reads object n, the idx-th of an object stream.
func (f *file) packed(n int, e xrefEntry, depth int) (any, error) {
	os, err := f.objStm(e.stream, depth)
	if err != nil || e.idx >= len(os.nums) || os.nums[e.idx] != n {
		return nil, errSyntax
	}
	start := os.first + os.offs[e.idx]
	if start < 0 || start > len(os.data) {
		return nil, errSyntax
	}
	l := &lexer{b: os.data, i: start}
	v, err := l.value(0)
	if _, isStream := v.(stream); err != nil || isStream {
		return nil, errSyntax
	}
	return v, nil
}

// objStm reads object stream n, once.
func (f *file) objStm(n, depth int) (*objStm, error) {
	if os, ok := f.objStms[n]; ok {
		return os, nil
	}
	if e := f.entries[n]; e.stream != 0 {
		return nil, errSyntax // an object stream is not in one
	}
	v, err := f.objectAt(n, depth+1)
	s, ok := v.(stream)
	if err != nil || !ok || s.dict["Type"] != name("ObjStm") {
		return nil, errSyntax
	}
	count, _ := s.dict["N"].(int)
	first, _ := s.dict["First"].(int)
	data, err := inflate(s, maxObjStm)
	if err != nil || count < 0 || count > len(data) || first < 0 || first > len(data) {
		return nil, errSyntax
	}
	os := &objStm{data: data, first: first}
	l := &lexer{b: data[:first]}
	for range count {
		num, err1 := l.int()
		off, err2 := l.int()
		if err1 != nil || err2 != nil || off < 0 || slices.Contains(os.nums, num) {
			return nil, errSyntax // an object twice: readers differ on which is meant
		}
		os.nums, os.offs = append(os.nums, num), append(os.offs, off)
	}
	if f.objStms == nil {
		f.objStms = map[int]*objStm{}
	}
	f.objStms[n] = os
	return os, nil
}

// resolve follows a reference, once; a reference to nothing, or to
// another generation than the object's, is nil.
func (f *file) resolve(v any) any {
	switch r := v.(type) {
	case ref:
		v, _ = f.object(int(r))
	case genRef:
		v = nil
		if e, ok := f.entries[r.n]; ok && !e.free && e.stream == 0 && e.gen == r.gen {
			v, _ = f.object(r.n)
		}
	}
	return v
}

func (f *file) dict(v any) dict {
	d, _ := f.resolve(v).(dict)
	return d
}

// decode decodes a stream as signing tools write cross-reference streams:
// as it is, or Flate-encoded with or without a PNG predictor; it refuses
// more than limit bytes of output whatever the file claims.
func decode(s stream, limit int) ([]byte, error) {
	if s.dict["Filter"] == nil {
		if len(s.data) > limit {
			return nil, fmt.Errorf("pdf: stream larger than %d bytes", limit)
		}
		return s.data, nil
	}
	out, err := inflate(s, limit)
	if err != nil {
		return nil, err
	}
	parms, _ := s.dict["DecodeParms"].(dict)
	switch p, _ := parms["Predictor"].(int); {
	case p <= 1:
		return out, nil
	case p >= 10:
		cols, _ := parms["Columns"].(int)
		return unpredictPNG(out, cols)
	}
	return nil, errSyntax
}

// unpredictPNG undoes PNG predictors, row by row of cols bytes (one
// colour, 8 bits), each row led by its predictor's byte.
func unpredictPNG(data []byte, cols int) ([]byte, error) {
	if cols <= 0 || len(data)%(cols+1) != 0 {
		return nil, errSyntax
	}
	out := make([]byte, 0, len(data)/(cols+1)*cols)
	prev := make([]byte, cols)
	for len(data) > 0 {
		kind, row := data[0], data[1:cols+1]
		data = data[cols+1:]
		cur := make([]byte, cols)
		for i, c := range row {
			var left, up, upLeft byte
			if i > 0 {
				left, upLeft = cur[i-1], prev[i-1]
			}
			up = prev[i]
			switch kind {
			case 0:
				cur[i] = c
			case 1:
				cur[i] = c + left
			case 2:
				cur[i] = c + up
			case 3:
				cur[i] = c + byte((int(left)+int(up))/2)
			case 4:
				cur[i] = c + paeth(left, up, upLeft)
			default:
				return nil, errSyntax
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// inflate decodes a Flate stream, refusing more than limit bytes of output
// whatever the file claims.
func inflate(s stream, limit int) ([]byte, error) {
	if s.dict["Filter"] != name("FlateDecode") {
		return nil, errSyntax
	}
	zr, err := zlib.NewReader(bytes.NewReader(s.data))
	if err != nil {
		return nil, errSyntax
	}
	out, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if err != nil {
		return nil, errSyntax
	}
	if len(out) > limit {
		return nil, fmt.Errorf("pdf: stream larger than %d bytes", limit)
	}
	return out, nil
}

// An Attachment is a file embedded in a PDF.
type Attachment struct {
	Name string
	Data []byte
	// Relationship is how it relates to the document, as its file
	// specification's /AFRelationship names it: "Source", "Supplement".
	Relationship string
}

// MaxAttachment is the largest embedded file ReadAttachments inflates.
const MaxAttachment = 8 << 20

// ReadAttachments returns the files embedded in the document's name tree,
// as pdf.Render writes them, in the tree's order, with their relationship. It
// reads only what pdf.Render writes; a PDF that another tool rewrote may well
// not be readable, which is what a caller checking integrity wants to
// learn (ErrNotRecap).
func ReadAttachments(data []byte) ([]Attachment, error) {
	f, err := readFile(data)
	if err != nil {
		return nil, ErrNotRecap
	}
	names := f.dict(f.dict(f.dict(f.trailer["Root"])["Names"])["EmbeddedFiles"])
	list, _ := f.resolve(names["Names"]).(array)
	var out []Attachment
	for i := 1; i < len(list); i += 2 {
		spec := f.dict(list[i])
		s, ok := f.resolve(f.dict(spec["EF"])["F"]).(stream)
		uf, okName := spec["UF"].([]byte)
		if !ok || !okName {
			return nil, ErrNotRecap
		}
		body, err := inflate(s, MaxAttachment)
		if err != nil {
			return nil, fmt.Errorf("embedded file: %w", err)
		}
		if size, _ := f.dict(s.dict["Params"])["Size"].(int); size != len(body) {
			return nil, errors.New("embedded file: damaged")
		}
		rel, _ := spec["AFRelationship"].(name)
		out = append(out, Attachment{Name: textString(uf), Data: body, Relationship: string(rel)})
	}
	return out, nil
}

// ReadInfo returns an entry of the document information dictionary, such
// as "Keywords" or "Creator", as text.
func ReadInfo(data []byte, key string) (string, error) {
	f, err := readFile(data)
	if err != nil {
		return "", err
	}
	info := f.dict(f.trailer["Info"])
	if info == nil {
		return "", errors.New("no document information")
	}
	s, _ := f.resolve(info[name(key)]).([]byte)
	return textString(s), nil
}

// textString decodes a PDF text string: UTF-16BE after a byte order mark,
// else bytes taken as Latin-1 (PDFDocEncoding agrees for text).
func textString(s []byte) string {
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		u := make([]uint16, 0, len(s)/2)
		for j := 2; j+1 < len(s); j += 2 {
			u = append(u, uint16(s[j])<<8|uint16(s[j+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(s))
	for i, c := range s {
		r[i] = rune(c)
	}
	return string(r)
}

// lexer reads PDF syntax from b at i.
type lexer struct {
	b []byte
	i int
}

// maxDepth bounds how deeply arrays and dictionaries may nest.
const maxDepth = 64

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0 }

// space skips white space and comments.
func (l *lexer) space() {
	for l.i < len(l.b) {
		switch c := l.b[l.i]; {
		case isSpace(c):
			l.i++
		case c == '%':
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
		default:
			return
		}
	}
}

// keyword consumes kw if it comes next, as a whole word.
func (l *lexer) keyword(kw string) bool {
	l.space()
	end := l.i + len(kw)
	if !bytes.HasPrefix(l.b[l.i:], []byte(kw)) || end < len(l.b) && !isSpace(l.b[end]) && !isDelim(l.b[end]) {
		return false
	}
	l.i = end
	return true
}

func (l *lexer) int() (int, error) {
	v, err := l.value(maxDepth) // a number never nests
	n, ok := v.(int)
	if err != nil || !ok {
		return 0, errSyntax
	}
	return n, nil
}

// value reads one value; references "N G R" become ref.
func (l *lexer) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errSyntax
	}
	l.space()
	if l.i >= len(l.b) {
		return nil, errSyntax
	}
	switch c := l.b[l.i]; {
	case c == '/':
		return l.name(), nil
	case c == '(':
		return l.literal()
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		return l.dict(depth)
	case c == '<':
		return l.hex()
	case c == '[':
		l.i++
		var a array
		for {
			l.space()
			if l.i < len(l.b) && l.b[l.i] == ']' {
				l.i++
				return a, nil
			}
			v, err := l.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9':
		return l.number()
	}
	word := l.word()
	switch string(word) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return nil, errSyntax
}

func (l *lexer) word() []byte {
	start := l.i
	for l.i < len(l.b) && !isSpace(l.b[l.i]) && !isDelim(l.b[l.i]) {
		l.i++
	}
	return l.b[start:l.i]
}

func (l *lexer) name() name {
	l.i++ // the slash
	raw := l.word()
	if bytes.IndexByte(raw, '#') < 0 {
		return name(raw)
	}
	var b []byte
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8); err == nil {
				b = append(b, byte(v))
				i += 2
				continue
			}
		}
		b = append(b, raw[i])
	}
	return name(b)
}

// number reads an integer, a real, or an integer that starts a reference.
func (l *lexer) number() (any, error) {
	w := l.word()
	if n, err := strconv.Atoi(string(w)); err == nil {
		save := l.i
		l.space()
		g := l.word()
		if gen, err := strconv.Atoi(string(g)); err == nil && n >= 0 && gen >= 0 && l.keyword("R") {
			if gen != 0 {
				return genRef{n, gen}, nil
			}
			return ref(n), nil
		}
		l.i = save
		return n, nil
	}
	v, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		return nil, errSyntax
	}
	return v, nil
}

func (l *lexer) dict(depth int) (any, error) {
	l.i += 2
	d := dict{}
	for {
		l.space()
		if bytes.HasPrefix(l.b[l.i:], []byte(">>")) {
			l.i += 2
			return d, nil
		}
		if l.i >= len(l.b) || l.b[l.i] != '/' {
			return nil, errSyntax
		}
		k := l.name()
		v, err := l.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, dup := d[k]; dup {
			return nil, errSyntax // a key twice: readers differ on which is meant
		}
		d[k] = v
	}
}

func (l *lexer) hex() (any, error) {
	l.i++
	var out []byte
	var digits []byte
	for ; l.i < len(l.b) && l.b[l.i] != '>'; l.i++ {
		if c := l.b[l.i]; !isSpace(c) {
			digits = append(digits, c)
		}
	}
	if l.i >= len(l.b) {
		return nil, errSyntax
	}
	l.i++
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	for j := 0; j < len(digits); j += 2 {
		v, err := strconv.ParseUint(string(digits[j:j+2]), 16, 8)
		if err != nil {
			return nil, errSyntax
		}
		out = append(out, byte(v))
	}
	return out, nil
}

// literal reads a literal string, balanced parentheses and escapes.
func (l *lexer) literal() (any, error) {
	l.i++
	var out []byte
	depth := 1
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return out, nil
			}
		case '\\':
			if l.i >= len(l.b) {
				return nil, errSyntax
			}
			e := l.b[l.i]
			l.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '7'; k++ {
						v = v*8 + int(l.b[l.i]-'0')
						l.i++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, errSyntax
}
