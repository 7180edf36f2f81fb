package pdfread

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf"
)

// twoFields renders a document with two empty signature fields and
// returns it with the fields' object numbers by name.
func twoFields(t testing.TB) ([]byte, map[string]int) {
	t.Helper()
	file := render(t, "# Deal\n\nText.\n\n<!-- pdf:signature Ana -->\nSignature: ________\n\n<!-- pdf:signature Bo -->\nSignature: ________\n",
		pdf.Options{Attachments: []pdf.Attachment{{Name: "notes.toml", MIME: "application/toml", Data: []byte("price = 12\n")}}})
	f, err := readFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fields, _ := signatureFields(f)
	byName := map[string]int{}
	for n, name := range fields {
		byName[name] = n
	}
	if len(byName) != 2 {
		t.Fatalf("fields %v", fields)
	}
	return file, byName
}

// objectOf returns the number of the first object with key, of type typ
// if typ is given.
func objectOf(t *testing.T, file []byte, key name, typ name) int {
	t.Helper()
	f := mustRead(t, file)
	for _, n := range slices.Sorted(maps.Keys(f.entries)) {
		v := f.resolve(ref(n))
		if s, ok := v.(stream); ok {
			v = s.dict
		}
		if d, ok := v.(dict); ok && d[key] != nil && (typ == "" || d["Type"] == typ) {
			return n
		}
	}
	t.Fatalf("no object has /%s", key)
	return 0
}

func TestSigned(t *testing.T) {
	file, fields := twoFields(t)
	ana, bo := fields["Ana"], fields["Bo"]
	body := func(file []byte, n int) string {
		v, err := mustRead(t, file).object(n)
		if err != nil {
			t.Fatal(err)
		}
		return string(appendValue(nil, v))
	}
	signedAna := pdftest.Sign(file, ana, body(file, ana), "Ana")
	signedBoth := pdftest.Sign(signedAna, bo, body(signedAna, bo), "Bo")
	page := objectOf(t, file, "Annots", "Page")
	catalog := objectOf(t, file, "Pages", "Catalog")
	form := objectOf(t, file, "SigFlags", "")
	size := len(mustRead(t, signedAna).entries)
	newest := func(n int) string { return body(signedAna, n) } // for edits
	attachment := objectOf(t, file, "Params", "EmbeddedFile")
	unsignedAP := fmt.Sprintf("%d 0 R", size+7)
	// The signature that signs revision 1, for Bo's field in revision 2.
	anaCMS := pdftest.CMSOf(signedAna)
	for _, tt := range []struct {
		name string
		file []byte
		want []Signature
		err  string
	}{
		{"unsigned", file, nil, ""},
		{"one", signedAna, []Signature{{"Ana", 1, "Ana"}}, ""},
		{"both, one after the other", signedBoth, []Signature{{"Ana", 1, "Ana"}, {"Bo", 2, "Bo"}}, ""},
		{"an object nothing uses", pdftest.AppendUpdate(signedAna, map[int]string{size + 5: "(nothing)"}), []Signature{{"Ana", 1, "Ana"}}, ""},
		{"the form's flags", pdftest.AppendUpdate(signedAna, map[int]string{form: strings.Replace(newest(form), "/SigFlags 1", "/SigFlags 3", 1)}), []Signature{{"Ana", 1, "Ana"}}, ""},
		{"overprinted page", pdftest.AppendUpdate(signedAna, map[int]string{
			size + 1: "<</Length 44>>\nstream\nBT /F0 20 Tf 100 700 Td (PRICE 99.00) Tj ET\nendstream",
			page:     strings.Replace(newest(page), "/Contents ", fmt.Sprintf("/Contents [%d 0 R] /X ", size+1), 1),
		}), nil, "revision 2 changes the /Contents of page 1 (object"},
		{"changed page", pdftest.AppendUpdate(signedAna, map[int]string{page: strings.Replace(newest(page), "/Type /Page", "/Type /Page /Rotate 90", 1)}), nil, "revision 2 changes the /Rotate of page 1 (object"},
		{"field of its own", pdftest.AppendUpdate(signedAna, map[int]string{page: strings.Replace(newest(page), "/Annots [", fmt.Sprintf("/Annots [%d 0 R ", size+3), 1), size + 3: "<</Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 9 9]>>"}), nil, "revision 2 adds an annotation to page 1 (object"},
		{"removed signature", pdftest.AppendUpdate(signedAna, map[int]string{ana: widgetWithout(newest(ana), "/V")}), nil, `revision 2 removes the signature of the field "Ana"`},
		{"freed signature", pdftest.AppendUpdate(signedAna, map[int]string{size - 2: ""}), nil, "revision 2 removes object"},
		{"replaced signature", pdftest.Sign(signedAna, ana, body(signedAna, ana), "Eve"), nil, `revision 2 replaces the signature in the field "Ana"`},
		{"catalog", pdftest.AppendUpdate(signedAna, map[int]string{catalog: strings.Replace(newest(catalog), "/Type /Catalog", "/Type /Catalog /OpenAction [3 0 R /Fit]", 1)}), nil, "revision 2 changes the /OpenAction of the catalog"},
		{"form fields", pdftest.AppendUpdate(signedAna, map[int]string{form: strings.Replace(newest(form), "/SigFlags 1", "/SigFlags 7", 1)}), nil, "revision 2 sets the form's flags to 7"},
		{"widget moved", pdftest.AppendUpdate(signedAna, map[int]string{ana: strings.Replace(newest(ana), "/Rect [", "/Rect [1 ", 1)}), nil, `revision 2 changes the /Rect of the signature field "Ana"`},
		{"garbage after the end", append(slices.Clone(signedAna), "junk"...), nil, "its revisions cannot be read"},
		{"byte range short", bytes.Replace(signedAna, []byte("/ByteRange [0 "), []byte("/ByteRange [1 "), 1), nil, `revision 1 signs the field "Ana" over other bytes`},
		{"empty signature", zeroContents(signedAna), nil, `revision 1 leaves the field "Ana" with an empty signature`},
		// A signing tool that writes a number back in another form
		// (132 as 132.0, 437.00 as 437) changes nothing.
		{"numbers normalised", pdftest.Sign(file, ana, strings.Replace(body(file, ana), "/F 132", "/F 132.0", 1), "Ana"), []Signature{{"Ana", 1, "Ana"}}, ""},
		// pdf-insecurity.org's attacks, each as an unsigned update after a
		// real signature.
		{"objects the table does not list", pdftest.HideObject(pdftest.AppendUpdate(signedAna, map[int]string{size + 5: "(x)"}), fmt.Sprintf("%d 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n", catalog)), nil, "that its cross-reference section does not list"},
		{"a stray byte in the table", pdftest.StrayByte(pdftest.AppendUpdate(signedAna, map[int]string{size + 5: "(x)"})), nil, "its revisions cannot be read"},
		{"catalog of another generation", pdftest.EditTrailer(pdftest.AppendUpdate(signedAna, map[int]string{size + 5: "(x)"}), fmt.Sprintf("/Root %d 0 R", catalog), fmt.Sprintf("/Root %d 1 R", catalog)), nil, "replaces the document's catalog"},
		{"pages of another generation", pdftest.AppendUpdate(signedAna, map[int]string{catalog: regexp.MustCompile(`/Pages (\d+) 0 R`).ReplaceAllString(newest(catalog), "/Pages $1 1 R")}), nil, "changes the /Pages of the catalog"},
		{"a hybrid file", pdftest.EditTrailer(pdftest.AppendUpdate(signedAna, map[int]string{size + 5: "(x)"}), "<</Size", "<</XRefStm 0 /Size"), nil, "its trailer has /XRefStm"},
		{"notes swapped", pdftest.AppendUpdate(signedAna, map[int]string{attachment: "<</Type /EmbeddedFile /Length 10>>\nstream\nprice = 1\n\nendstream"}), nil, "changes the embedded file in object"},
		{"unsigned field drawn as signed", pdftest.AppendUpdate(signedAna, map[int]string{
			bo:       regexp.MustCompile(`/AP <</N \d+ 0 R>>`).ReplaceAllString(newest(bo), "/AP <</N "+unsignedAP+">>"),
			size + 7: "<</Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 30>>\nstream\nBT (APPROVED EUR 99.99) Tj ET\n\nendstream",
		}), nil, `changes the appearance of the signature field "Bo", which nobody has signed`},
		{"signed field redrawn", pdftest.AppendUpdate(signedAna, map[int]string{ana: regexp.MustCompile(`/AP <</N \d+ 0 R>>`).ReplaceAllString(newest(ana), "/AP <</N "+unsignedAP+">>"), size + 7: "<</Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 0>>\nstream\n\nendstream"}), nil, `changes the signature field "Ana" after it was signed`},
		{"random signature", pdftest.SignWith(signedAna, bo, body(signedAna, bo), []byte("not a signature at all")), nil, `revision 2 fills the field "Bo" with a signature that does not sign the document: it is not a CMS signature`},
		{"the other signer's signature", pdftest.SignWith(signedAna, bo, body(signedAna, bo), anaCMS), nil, `revision 2 fills the field "Bo" with a signature that does not sign the document: the digest it signs is not that of the bytes before it`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Signed(tt.file)
			if tt.want == nil && tt.name != "unsigned" && !errors.Is(err, ErrAltered) {
				t.Fatalf("err = %v, want it refused", err)
			}
			if tt.err != "" {
				if !errors.Is(err, ErrAltered) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("Signed = %v, %v; want %v", got, err, tt.want)
			}
			if end, err := Original(tt.file); err != nil || end != len(file) {
				t.Errorf("original ends at %d (%v), want %d", end, err, len(file))
			}
		})
	}
}

func mustRead(t testing.TB, file []byte) *file {
	t.Helper()
	f, err := readFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// widgetWithout drops a key and its reference value from a widget body.
func widgetWithout(body, key string) string {
	i := strings.Index(body, key+" ")
	j := i + len(key) + 1
	for n := 0; n < 3; n++ { // "N 0 R"
		j += strings.IndexByte(body[j:], ' ') + 1
	}
	return body[:i] + body[j-1:]
}

// zeroContents blanks the signature of a fake-signed file.
func zeroContents(file []byte) []byte {
	out := slices.Clone(file)
	i := bytes.LastIndex(out, []byte("/Contents <")) + len("/Contents <")
	for ; out[i] != '>'; i++ {
		out[i] = '0'
	}
	return out
}

// FuzzSigned: whatever the file, Signed does not panic, and where it
// accepts the revisions after the original, they have changed none of
// the original's pages: each page, and the stream it draws, reads the
// same from the whole file as from the original alone, and so do its
// text and its embedded files.
func FuzzSigned(f *testing.F) {
	file, fields := twoFields(f)
	body := func(file []byte, n int) string {
		v, _ := mustRead(f, file).object(n)
		return string(appendValue(nil, v))
	}
	one := pdftest.Sign(file, fields["Ana"], body(file, fields["Ana"]), "Ana")
	f.Add(file)
	f.Add(one)
	f.Add(pdftest.Sign(one, fields["Bo"], body(one, fields["Bo"]), "Bo"))
	f.Add(pdftest.AppendUpdate(one, map[int]string{500: "(nothing)"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := Signed(b); err != nil {
			return
		}
		end, err := Original(b)
		if err != nil || end > len(b) {
			t.Fatalf("accepted, but the original ends at %d (%v)", end, err)
		}
		orig, err1 := readFile(b[:end])
		whole, err2 := readFile(b)
		if err1 != nil || err2 != nil {
			return // not a document: nothing was accepted of it
		}
		t1, err1 := Text(b[:end])
		t2, err2 := Text(b)
		if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(t1, t2) {
			t.Fatalf("the text reads %q (%v) alone and %q (%v) after the revisions Signed accepts", t1, err1, t2, err2)
		}
		a1, err1 := ReadAttachments(b[:end])
		a2, err2 := ReadAttachments(b)
		if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(a1, a2) {
			t.Fatalf("the embedded files differ (%v, %v) after the revisions Signed accepts", err1, err2)
		}
		kids, _ := orig.resolve(orig.dict(orig.dict(orig.trailer["Root"])["Pages"])["Kids"]).(array)
		for _, k := range kids {
			p1, p2 := orig.resolve(k), whole.resolve(k)
			if !reflect.DeepEqual(p1, p2) {
				t.Fatalf("page %v is %v, and %v after the revisions Signed accepts", k, p1, p2)
			}
			d, _ := p1.(dict)
			if c1, c2 := orig.resolve(d["Contents"]), whole.resolve(d["Contents"]); !reflect.DeepEqual(c1, c2) {
				t.Fatalf("the content of page %v changed in revisions Signed accepts", k)
			}
		}
	})
}

// appendValue writes a value read back in PDF syntax, dictionaries' keys
// in order: for tests that edit an object and write it again.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case name:
		b = append(b, '/')
		for _, c := range []byte(v) { // escaped as package pdf writes names
			if c < '!' || c > '~' || strings.IndexByte("#/()<>[]{}%", c) >= 0 {
				b = fmt.Appendf(b, "#%02X", c)
			} else {
				b = append(b, c)
			}
		}
		return b
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case float64:
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	case bool:
		return strconv.AppendBool(b, v)
	case nil:
		return append(b, "null"...)
	case []byte:
		return append(append(append(b, '<'), hex.EncodeToString(v)...), '>')
	case ref:
		return append(strconv.AppendInt(b, int64(v), 10), " 0 R"...)
	case genRef:
		return fmt.Appendf(b, "%d %d R", v.n, v.gen)
	case array:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendValue(b, e)
		}
		return append(b, ']')
	case dict:
		b = append(b, "<<"...)
		for _, k := range slices.Sorted(maps.Keys(v)) {
			b = appendValue(append(appendValue(b, k), ' '), v[k])
			b = append(b, ' ')
		}
		return append(b, ">>"...)
	}
	panic(fmt.Sprintf("appendValue: %T", v))
}

// TestAttachmentBomb: an embedded file that inflates far past what it
// claims is refused once MaxAttachment is passed, whatever its dictionary
// says: inflating stops at the limit and a byte.
func TestAttachmentBomb(t *testing.T) {
	doc := render(t, "x", pdf.Options{Attachments: []pdf.Attachment{{Name: "n.toml", MIME: "application/toml", Data: []byte("title = 'x'\n")}}})
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(make([]byte, 64<<20))
	zw.Close()
	file := objectOf(t, doc, "Params", "EmbeddedFile")
	bomb := pdftest.AppendUpdate(doc, map[int]string{file: fmt.Sprintf("<</Type /EmbeddedFile /Filter /FlateDecode /Params <</Size %d>> /Length %d>>\nstream\n%s\nendstream", 64<<20, z.Len(), z.Bytes())})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadAttachments(bomb)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "stream larger than") {
		t.Errorf("err = %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*MaxAttachment {
		t.Errorf("%d bytes allocated reading a %d-byte PDF", alloc, len(bomb))
	}
}
