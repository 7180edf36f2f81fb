package pdfread

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"testing"

	"github.com/recaptool/recap/render/pdf"
)

// render writes a PDF with package pdf, the writer whose files this
// package reads; only the tests import it.
func render(t testing.TB, md string, opt pdf.Options) []byte {
	t.Helper()
	b, err := pdf.Render([]byte(md), opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzRead reads any bytes as a PDF, as verify does: no panic, no hang,
// and an attachment comes back only whole (its size as recorded).
func FuzzRead(f *testing.F) {
	doc := render(f, "# T\n\ntext", pdf.Options{Attachments: []pdf.Attachment{{Name: "n.toml", MIME: "application/toml", Data: []byte("title = 'x'\n")}}})
	f.Add(doc)
	f.Add(doc[:len(doc)/2])
	f.Add([]byte("%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 1 /Prev 9>>\nstartxref\n9\n%%EOF"))
	f.Add([]byte("startxref 0 [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["))
	f.Fuzz(func(t *testing.T, b []byte) {
		atts, err := ReadAttachments(b)
		for _, a := range atts {
			if err != nil || a.Name == "" || len(a.Data) > MaxAttachment {
				t.Fatalf("read %q, %d bytes, and %v", a.Name, len(a.Data), err)
			}
		}
		ReadInfo(b, "Keywords")
		Text(b)
	})
}

func TestReadAttachments(t *testing.T) {
	data := bytes.Repeat([]byte("notes = 1\n"), 1000)
	doc := render(t, "x", pdf.Options{Attachments: []pdf.Attachment{
		{Name: "Ωmega (1).toml", MIME: "application/toml", Data: data, Relationship: pdf.Source},
		{Name: "before.toml", MIME: "application/toml", Data: []byte("old"), Relationship: pdf.Supplement},
	}})
	atts, err := ReadAttachments(doc)
	if err != nil || len(atts) != 2 {
		t.Fatalf("ReadAttachments = %v, %v", atts, err)
	}
	// The name tree lists them by name.
	if a := atts[0]; a.Name != "before.toml" || string(a.Data) != "old" || a.Relationship != string(pdf.Supplement) {
		t.Errorf("first: %q %q %s", a.Name, a.Data, a.Relationship)
	}
	if a := atts[1]; a.Name != "Ωmega (1).toml" || !bytes.Equal(a.Data, data) || a.Relationship != string(pdf.Source) {
		t.Errorf("second: %q, %d bytes, %s", a.Name, len(a.Data), a.Relationship)
	}
	if atts, err := ReadAttachments(render(t, "x", pdf.Options{})); err != nil || len(atts) != 0 {
		t.Errorf("without attachments: %v, %v", atts, err)
	}
	if _, err := ReadAttachments([]byte("%PDF-1.7\ngarbage")); err != ErrNotRecap {
		t.Errorf("garbage: %v", err)
	}
}

// TestObjStmTwice: an object stream that holds one object twice is
// refused: readers differ on which is meant (MuPDF reads the first).
func TestObjStmTwice(t *testing.T) {
	objStm := func(header string) *file {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write([]byte(header + "(a) (b)"))
		zw.Close()
		data := fmt.Appendf(nil, "1 0 obj\n<</Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d>>\nstream\n", len(header), z.Len())
		data = append(append(data, z.Bytes()...), "\nendstream\nendobj\n"...)
		return &file{data: data, entries: map[int]xrefEntry{1: {offset: 0}}}
	}
	if _, err := objStm("7 0 8 4 ").objStm(1, 0); err != nil {
		t.Fatalf("two objects: %v", err)
	}
	if _, err := objStm("7 0 7 4 ").objStm(1, 0); err == nil {
		t.Error("one object twice: read")
	}
}

// TestStrictSyntax: what readers disagree on is refused.
func TestStrictSyntax(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		ok        bool
	}{
		{"dictionary", "<</A 1 /B 2>>", true},
		{"a key twice", "<</A 1 /A 2>>", false},
		{"reference", "[1 0 R]", true},
	} {
		_, err := (&lexer{b: []byte(tt.src)}).value(0)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %q read with %v", tt.name, tt.src, err)
		}
	}
	if v, _ := (&lexer{b: []byte("1 1 R")}).value(0); v != (genRef{1, 1}) {
		t.Errorf("1 1 R read as %#v", v)
	}
	for _, tt := range []struct {
		line string
		ok   bool
	}{
		{"0000012345 00000 n \n", true},
		{"0000012345 00000 n\r\n", true},
		{"0000012345 00001 f \r", true},
		{"000012345  00000 n \n", false},
		{"0000012345 00000 n  ", false},
		{"0000012345 0000x n \n", false},
	} {
		if _, _, _, ok := xrefLine([]byte(tt.line)); ok != tt.ok {
			t.Errorf("xref entry %q: ok %v", tt.line, ok)
		}
	}
}
