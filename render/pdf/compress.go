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
)

// compressStreams compresses the page content streams of a PDF that fpdf
// wrote uncompressed, with one reused zlib writer. fpdf makes a new writer,
// about a megabyte of allocations, for every page; on long recaps that was
// a third of the build time. Objects are found through the cross-reference
// table, so no byte of stream data is ever mistaken for syntax; the table is
// then rewritten with the new offsets.
func compressStreams(in []byte) ([]byte, error) {
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
	// Compress on every core: streams are independent.
	objs := make([][]byte, len(order))
	var wg sync.WaitGroup
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, len(order)/8))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			zw := zlibPool.Get().(*zlib.Writer)
			defer zlibPool.Put(zw)
			for i := w; i < len(order); i += workers {
				end := xrefAt
				if i+1 < len(order) {
					end = offsets[order[i+1]]
				}
				objs[i] = compressObject(zw, order[i], in[offsets[order[i]]:end])
			}
		}()
	}
	wg.Wait()
	out := bytes.NewBuffer(make([]byte, 0, len(in)/2))
	out.Write(in[:offsets[order[0]]])
	newOffsets := make([]int, len(offsets))
	for i, n := range order {
		newOffsets[n] = out.Len()
		out.Write(objs[i])
	}
	writeXref(out, newOffsets, in[xrefAt:])
	return out.Bytes(), nil
}

// zlibPool keeps writers across renders: each costs about a megabyte.
var zlibPool = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return zw
}}

// compressObject returns obj with its stream compressed if it is a plain
// stream, else obj itself.
func compressObject(zw *zlib.Writer, n int, obj []byte) []byte {
	data, ok := plainStream(obj)
	if !ok {
		return obj
	}
	var z bytes.Buffer
	z.Grow(len(data)/3 + 64)
	fmt.Fprintf(&z, "%d 0 obj\n<</Filter /FlateDecode /Length ", n)
	lenAt := z.Len()
	z.WriteString("0000000000>>\nstream\n")
	start := z.Len()
	zw.Reset(&z)
	zw.Write(data)
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
	out.Write(oldXref[t:s])
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", at)
}
