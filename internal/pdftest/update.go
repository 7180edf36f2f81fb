package pdftest

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// AppendUpdate appends an incremental update to a PDF whose last section
// is a cross-reference table, as signing tools append theirs: objs, by
// number, are the objects' bodies (what stands between "N 0 obj" and
// "endobj"); a body of "" frees the object.
func AppendUpdate(pdf []byte, objs map[int]string) []byte {
	last := lastTrailer(pdf)
	size := atoi(last, `/Size (\d+)`)
	var b bytes.Buffer
	b.Write(pdf)
	offsets := map[int]int{}
	for _, n := range slices.Sorted(maps.Keys(objs)) {
		if objs[n] == "" {
			continue
		}
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, objs[n])
		size = max(size, n+1)
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for _, n := range slices.Sorted(maps.Keys(objs)) {
		if objs[n] == "" {
			fmt.Fprintf(&b, "%d 1\n0000000000 00001 f \n", n)
		} else {
			fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offsets[n])
		}
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /Prev %d>>\nstartxref\n%d\n%%%%EOF\n",
		size, atoi(last, `/Root (\d+) 0 R`), atoi(last, `/Info (\d+) 0 R`), atoi(string(pdf[bytes.LastIndex(pdf, []byte("startxref")):]), `startxref\s+(\d+)`), xref)
	return b.Bytes()
}

// FakeSign appends a revision that fills the signature field widget (an
// object number, whose dictionary is body) as a signing tool does: a
// signature dictionary whose byte range is the whole file but its
// contents, and the field's value and appearance. The signature is bytes,
// not a signature: for tests of what a revision may do, not of
// cryptography.
func FakeSign(pdf []byte, widget int, body, field string) []byte {
	size := atoi(lastTrailer(pdf), `/Size (\d+)`)
	sig, ap := size, size+1
	body = strings.TrimSpace(body)
	body = body[:len(body)-2] + fmt.Sprintf(" /V %d 0 R /AP <</N %d 0 R>>>>", sig, ap)
	placeholder := "/ByteRange [0 0000000000 0000000000 0000000000]"
	contents := "<" + fmt.Sprintf("%0512x", []byte(field)) + ">"
	out := AppendUpdate(pdf, map[int]string{
		widget: body,
		sig:    "<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached " + placeholder + " /Contents " + contents + ">>",
		ap:     "<</Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 0>>\nstream\n\nendstream",
	})
	at := bytes.LastIndex(out, []byte(placeholder))
	c := bytes.LastIndex(out, []byte(contents))
	br := fmt.Sprintf("/ByteRange [0 %010d %010d %010d]", c, c+len(contents), len(out)-c-len(contents))
	copy(out[at:], br)
	return out
}

// lastTrailer returns the text of the last section's trailer: a table's,
// or a cross-reference stream's dictionary.
func lastTrailer(pdf []byte) string {
	at := atoi(string(pdf[bytes.LastIndex(pdf, []byte("startxref")):]), `startxref\s+(\d+)`)
	section := string(pdf[at:])
	if i := strings.Index(section, "trailer"); strings.HasPrefix(section, "xref") && i >= 0 {
		return section[i:]
	}
	end := strings.Index(section, "stream")
	return section[:max(end, 0)]
}

func atoi(s, re string) int {
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		panic("pdftest: no " + re)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
