package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
)

// additions are what this package writes into the document fpdf wrote.
type additions struct {
	pages       [][]byte            // content per page (content.go)
	used        *[numStyles]runeSet // runes drawn per style (embed.go)
	translucent float64             // alpha of translucentGS; 0: unused
	outlines    []outline           // bookmarks (outline.go)
	pageH       float64             // mm
}

// finish adds to a PDF that fpdf wrote uncompressed the pages' content,
// the fonts it uses (see embed.go) and its outline, and compresses its
// streams with pooled zlib writers: fpdf makes a new one, about a megabyte
// of allocations, for every stream. Objects are found through the
// cross-reference table, so no byte of stream data is ever mistaken for
// syntax; the table is then rewritten with the new offsets.
func finish(in []byte, add additions) ([]byte, error) {
	offsets, xrefAt, err := readXref(in)
	if err != nil {
		return nil, err
	}
	order := make([]int, 0, len(offsets))
	for n, off := range offsets {
		if n > 0 && off > 0 {
			order = append(order, n)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return offsets[a] - offsets[b] })
	if len(order) == 0 {
		return nil, fmt.Errorf("pdf: no objects")
	}
	object := func(i int) []byte {
		end := xrefAt
		if i+1 < len(order) {
			end = offsets[order[i+1]]
		}
		return in[offsets[order[i]]:end]
	}
	pageObjs, pageOf, err := findPages(order, object, len(add.pages))
	if err != nil {
		return nil, err
	}
	objs, fontObjs, fonts := compressAll(order, object, add, pageOf, len(offsets))
	outlines := outlineObjects(add.outlines, len(offsets)+len(fontObjs), pageObjs, add.pageH)
	extra := slices.Concat(fontObjs, outlines) // numbered after fpdf's objects
	outlineRoot := len(offsets) + len(extra) - 1
	root := trailerInt(in[xrefAt:], rootRe)
	out := bytes.NewBuffer(make([]byte, 0, len(in)+len(in)/8+size(objs)+size(extra)))
	out.Write(in[:offsets[order[0]]])
	newOffsets := make([]int, len(offsets), len(offsets)+len(extra))
	for i, n := range order {
		newOffsets[n] = out.Len()
		switch {
		case n == resourcesObj:
			objs[i], err = addResources(objs[i], fonts, add.translucent)
		case n == root && len(outlines) > 0:
			objs[i], err = addOutlines(objs[i], outlineRoot)
		}
		if err != nil {
			return nil, err
		}
		out.Write(objs[i])
	}
	for _, obj := range extra {
		newOffsets = append(newOffsets, out.Len())
		out.Write(obj)
	}
	writeXref(out, newOffsets, in[xrefAt:])
	return out.Bytes(), nil
}

func size(objs [][]byte) (n int) {
	for _, o := range objs {
		n += len(o)
	}
	return n
}

// compressAll compresses every plain stream, each page's content joined
// to its stream, and makes the fonts, numbered from first. A long document
// is compressed on every core, the fonts made meanwhile; a short one on
// one goroutine with one compressor, because a fresh process pays for each
// compressor's half megabyte in page faults more than the work takes. It
// returns the objects in order, the font objects and their resource
// entries.
func compressAll(order []int, object func(int) []byte, add additions, pageOf map[int]int, first int) (objs, fontObjs [][]byte, fonts []byte) {
	objs = make([][]byte, len(order))
	// Workers take objects one by one from a shared counter: fpdf
	// alternates page dictionaries and content streams, so dealt out in
	// turns, one worker would get every stream.
	var next atomic.Int64
	compress := func() {
		zw := zlibPool.Get().(*zlib.Writer)
		defer zlibPool.Put(zw)
		for i := int(next.Add(1) - 1); i < len(order); i = int(next.Add(1) - 1) {
			var page []byte
			if p, ok := pageOf[order[i]]; ok {
				page = add.pages[p]
			}
			objs[i] = compressObject(zw, order[i], object(i), page)
		}
	}
	makeFonts := func() {
		zw := zlibPool.Get().(*zlib.Writer)
		defer zlibPool.Put(zw)
		fontObjs, fonts = fontObjects(add.used, first, zw)
	}
	workers := min(runtime.GOMAXPROCS(0), 4, size(add.pages)/(64<<10))
	if workers <= 1 {
		compress()
		makeFonts()
		return objs, fontObjs, fonts
	}
	var wg sync.WaitGroup
	wg.Go(makeFonts)
	for range workers {
		wg.Go(compress)
	}
	wg.Wait()
	return objs, fontObjs, fonts
}

// resourcesObj is the object fpdf writes the pages' resources in.
const resourcesObj = 2

// addResources puts font entries into fpdf's resource dictionary, in
// which fpdf, knowing no fonts, left the font entry empty, and the
// translucent graphics state if the content uses it.
func addResources(obj, fonts []byte, alpha float64) ([]byte, error) {
	const empty = "/Font <<\n>>"
	at := bytes.Index(obj, []byte(empty))
	if !bytes.HasPrefix(obj, []byte("2 0 obj\n<<")) || at < 0 {
		return nil, fmt.Errorf("pdf: no font resources in object %d", resourcesObj)
	}
	var gs []byte
	if alpha > 0 {
		gs = fmt.Appendf(nil, "\n/ExtGState <<%s <</ca %.3f /CA %.3f>>>>", translucentGS, alpha, alpha)
	}
	return slices.Concat(obj[:at], []byte("/Font <<\n"), fonts, []byte(">>"), gs, obj[at+len(empty):]), nil
}

// findPages returns the page objects fpdf wrote, in page order, and maps
// each one's content stream to the page's index.
func findPages(order []int, object func(int) []byte, pages int) (pageObjs []int, pageOf map[int]int, err error) {
	pageOf = make(map[int]int, pages)
	for i, n := range order {
		obj := object(i)
		if nl := bytes.IndexByte(obj, '\n'); nl < 0 || !bytes.HasPrefix(obj[nl+1:], []byte("<</Type /Page\n")) {
			continue
		}
		m := contentsRe.FindSubmatch(obj)
		if m == nil {
			return nil, nil, fmt.Errorf("pdf: page object %d has no contents", n)
		}
		c, _ := strconv.Atoi(string(m[1]))
		pageOf[c] = len(pageObjs)
		pageObjs = append(pageObjs, n)
	}
	if len(pageObjs) != pages {
		return nil, nil, fmt.Errorf("pdf: %d pages written, %d drawn", len(pageObjs), pages)
	}
	return pageObjs, pageOf, nil
}

// zlibPool keeps writers across renders: each costs about a megabyte.
var zlibPool = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return zw
}}

// compressObject returns obj with its stream, followed by more, compressed
// if it is a plain stream, else obj itself.
func compressObject(zw *zlib.Writer, n int, obj, more []byte) []byte {
	data, ok := plainStream(obj)
	if !ok {
		return obj
	}
	return streamObject(zw, n, "", data, more)
}

// streamObject writes object n as a stream of data compressed, data being
// the parts joined, with extra entries for its dictionary.
func streamObject(zw *zlib.Writer, n int, extra string, data ...[]byte) []byte {
	var z bytes.Buffer
	z.Grow(size(data)/3 + 128)
	fmt.Fprintf(&z, "%d 0 obj\n<</Filter /FlateDecode%s /Length ", n, extra)
	lenAt := z.Len()
	z.WriteString("0000000000>>\nstream\n")
	start := z.Len()
	zw.Reset(&z)
	for _, part := range data {
		zw.Write(part)
	}
	zw.Close()
	length := z.Len() - start
	z.WriteString("\nendstream\nendobj\n")
	b := z.Bytes()
	// Write the length in place, then drop the padding zeros.
	digits := strconv.Itoa(length)
	copy(b[lenAt:], digits)
	return append(b[:lenAt+len(digits)], b[lenAt+10:]...)
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	plainRe     = regexp.MustCompile(`^\d+ 0 obj\n<</Length (\d+)>>\nstream\n`)
	contentsRe  = regexp.MustCompile(`/Contents (\d+) 0 R>>`)
)

// readXref reads the single cross-reference section fpdf writes.
func readXref(pdf []byte) (offsets []int, at int, err error) {
	m := startxrefRe.FindSubmatch(pdf)
	if m == nil {
		return nil, 0, fmt.Errorf("pdf: no startxref")
	}
	at, _ = strconv.Atoi(string(m[1]))
	if at <= 0 || at >= len(pdf) || !bytes.HasPrefix(pdf[at:], []byte("xref\n0 ")) {
		return nil, 0, fmt.Errorf("pdf: bad xref offset")
	}
	rest := pdf[at+len("xref\n0 "):]
	nl := bytes.IndexByte(rest, '\n')
	count, err := strconv.Atoi(string(bytes.TrimSpace(rest[:nl])))
	if err != nil || count < 1 || nl+1+20*count > len(rest) {
		return nil, 0, fmt.Errorf("pdf: bad xref header")
	}
	entries := rest[nl+1:]
	offsets = make([]int, count)
	for i := range count {
		e := entries[20*i : 20*i+20]
		if e[17] == 'n' {
			offsets[i], _ = strconv.Atoi(string(e[:10]))
		}
	}
	return offsets, at, nil
}

// plainStream returns the data of an object that is exactly an unfiltered
// stream, as fpdf writes page contents when not compressing.
func plainStream(obj []byte) ([]byte, bool) {
	m := plainRe.FindSubmatch(obj)
	if m == nil {
		return nil, false
	}
	n, _ := strconv.Atoi(string(m[1]))
	data := obj[len(m[0]):]
	if n > len(data) || string(data[n:]) != "\nendstream\nendobj\n" {
		return nil, false
	}
	return data[:n], true
}

// writeXref writes a cross-reference table for the new offsets and the
// original trailer, pointing startxref at the new table.
func writeXref(out *bytes.Buffer, offsets []int, oldXref []byte) {
	at := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(out, "%010d 00000 n \n", off)
	}
	t := bytes.Index(oldXref, []byte("trailer"))
	s := bytes.LastIndex(oldXref, []byte("startxref"))
	out.Write(sizeRe.ReplaceAll(oldXref[t:s], fmt.Appendf(nil, "/Size %d", len(offsets))))
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", at)
}
