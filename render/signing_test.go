package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf/pdfread"
)

// signer holds a test certificate and key, made by openssl, as a PKCS #12
// file for mutool and in an NSS database for pdfsig.
type signer struct {
	dir, p12, nss string
}

const signerPass = "recap-test"

func newSigner(t *testing.T) signer {
	t.Helper()
	dir := t.TempDir()
	s := signer{dir: dir, p12: filepath.Join(dir, "signer.p12"), nss: "sql:" + filepath.Join(dir, "nss")}
	key, cert := filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem")
	run(t, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=Recap Test Signer")
	run(t, "openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-name", "signer", "-out", s.p12, "-passout", "pass:"+signerPass)
	if err := os.Mkdir(filepath.Join(dir, "nss"), 0o700); err != nil {
		t.Fatal(err)
	}
	run(t, "certutil", "-N", "-d", s.nss, "--empty-password")
	run(t, "pk12util", "-i", s.p12, "-d", s.nss, "-W", signerPass)
	return s
}

// sign fills one field as a signatory would: with mutool sign, which
// takes the field's object number, or pdfsig -sign, which takes its name.
func (s signer) sign(t *testing.T, file []byte, tool string, field string, object int) []byte {
	t.Helper()
	in, out := filepath.Join(s.dir, "in.pdf"), filepath.Join(s.dir, "out.pdf")
	if err := os.WriteFile(in, file, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(out)
	switch tool {
	case "mutool":
		run(t, "mutool", "sign", "-s", s.p12, "-P", signerPass, "-o", out, in, strconv.Itoa(object))
	case "pdfsig":
		run(t, "pdfsig", "-nssdir", s.nss, "-nick", "signer", "-sign", field, in, out)
	}
	signed, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// fields lists an agreement's signature fields: names and object numbers.
func fields(t *testing.T, file []byte) (names []string, objects []int) {
	t.Helper()
	o := pdftest.Read(t, file)
	for _, f := range pdftest.Array(o.Dict(o.Catalog()["/AcroForm"])["/Fields"]) {
		name, _ := o.Dict(f)["/T"].(string)
		names = append(names, strings.TrimPrefix(name, "u:"))
		n, _ := strconv.Atoi(strings.Fields(f.(string))[0])
		objects = append(objects, n)
	}
	return names, objects
}

// TestRealSignatures: the signatories of an agreement fill its fields one
// after the other, with mutool sign and pdfsig -sign, as they would; after
// each, pdfsig finds every signature so far valid, and verify says what
// recap made and which fields were signed since. Signed files tampered
// with after signing do not verify, and say why.
func TestRealSignatures(t *testing.T) {
	s := newSigner(t)
	for _, example := range []string{"supply", "three-party"} {
		t.Run(example, func(t *testing.T) {
			src, err := os.ReadFile("../examples/" + example + ".toml")
			if err != nil {
				t.Fatal(err)
			}
			file := buildPDF(t, src, Options{})
			names, objects := fields(t, file)
			if len(names) < 2 {
				t.Fatalf("fields %v", names)
			}
			for i, name := range names {
				tool := []string{"mutool", "pdfsig"}[i%2]
				file = s.sign(t, file, tool, name, objects[i])
				report := run(t, "pdfsig", "-nssdir", s.nss, "-nocert", writeTemp(t, s.dir, file))
				if n := strings.Count(report, "Signature Validation: Signature is Valid."); n != i+1 {
					t.Fatalf("after %s signed %q, pdfsig finds %d valid signatures, want %d:\n%s", tool, name, n, i+1, report)
				}
				v, err := Verify(file, verifyOpt(t))
				if err != nil {
					t.Fatalf("after %s signed %q: %v", tool, name, err)
				}
				var got []string
				for _, sig := range v.Signatures {
					got = append(got, sig.Field)
				}
				if !slices.Equal(got, names[:i+1]) {
					t.Errorf("after %s signed %q, verify reports fields %q", tool, name, got)
				}
				if i == 0 {
					forgeries(t, file, names, objects)
				}
			}
			pdftest.Check(t, file)
			tamperSigned(t, file, len(names))
		})
	}
}

func writeTemp(t *testing.T, dir string, file []byte) string {
	t.Helper()
	path := filepath.Join(dir, "check.pdf")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tamperSigned appends to a signed agreement what someone might after
// signing, each as its own revision, and expects verify to refuse it.
func tamperSigned(t *testing.T, file []byte, revisions int) {
	t.Helper()
	o := pdftest.Read(t, file)
	page := o.Pages()[0]
	pageNum, _ := strconv.Atoi(strings.Fields(page)[0])
	size := int(o.Trailer["/Size"].(float64))
	names, objects := fields(t, file)
	body := func(n int) string { return pdftest.Object(t, file, n) } // for edits
	next := revisions + 1
	const overprint = "BT /F1 24 Tf 100 700 Td (PRICE NOW EUR 99.00) Tj ET"
	for _, tt := range []struct {
		name string
		objs map[int]string
		want string
	}{
		{"overprinted", map[int]string{
			size:    fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(overprint), overprint),
			pageNum: strings.Replace(body(pageNum), "/Contents ", fmt.Sprintf("/Contents [%d 0 R] /Was ", size), 1),
		}, fmt.Sprintf("revision %d changes the /Contents of page 1 (object %d)", next, pageNum)},
		{"page changed", map[int]string{pageNum: strings.Replace(body(pageNum), "/Type /Page", "/Type /Page /Rotate 180", 1)}, fmt.Sprintf("revision %d changes the /Rotate of page 1 (object %d)", next, pageNum)},
		{"signature removed", map[int]string{objects[0]: removeKey(body(objects[0]), "/V")}, fmt.Sprintf("revision %d removes the signature of the field %q", next, names[0])},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Verify(pdftest.AppendUpdate(file, tt.objs), verifyOpt(t))
			if !errors.Is(err, ErrNotVerified) || !errors.Is(err, pdfread.ErrAltered) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("verify: %v, want %q", err, tt.want)
			}
		})
	}
}

// forgeries appends to an agreement that one signatory signed for real
// each of pdf-insecurity.org's attacks on incremental updates, as an
// unsigned revision that pdfsig does not mind, and expects verify to
// refuse it, saying why.
func forgeries(t *testing.T, file []byte, names []string, objects []int) {
	t.Helper()
	o := pdftest.Read(t, file)
	size := int(o.Trailer["/Size"].(float64))
	catalog, _ := strconv.Atoi(strings.Fields(o.Trailer["/Root"].(string))[0])
	body := func(n int) string { return pdftest.Object(t, file, n) }
	var attachment int
	for n := 1; n < size; n++ {
		if strings.Contains(body(n), "/EmbeddedFile") && strings.Contains(body(n), "/Params") {
			attachment = n
		}
	}
	unsigned, unsignedObj := names[1], objects[1]
	harmless := func() []byte { return pdftest.AppendUpdate(file, map[int]string{size + 5: "(nothing)"}) }
	drawing := "<</Type /XObject /Subtype /Form /BBox [0 0 100 20] /Length 30>>\nstream\nBT (APPROVED EUR 99.99) Tj ET\n\nendstream"
	appearance := regexp.MustCompile(`/AP\s*<<\s*/N\s+\d+\s+0\s+R\s*>>`)
	for _, tt := range []struct {
		name string
		file []byte
		want string
	}{
		{"objects the table does not list", pdftest.HideObject(harmless(), fmt.Sprintf("%d 0 obj\n<</Type /Catalog>>\nendobj\n", catalog)), "that its cross-reference section does not list"},
		{"a stray byte in the table", pdftest.StrayByte(harmless()), "its revisions cannot be read"},
		{"the catalog of another generation", pdftest.EditTrailer(harmless(), fmt.Sprintf("/Root %d 0 R", catalog), fmt.Sprintf("/Root %d 1 R", catalog)), "replaces the document's catalog"},
		{"pages of another generation", pdftest.AppendUpdate(file, map[int]string{catalog: regexp.MustCompile(`/Pages (\d+) 0 R`).ReplaceAllString(body(catalog), "/Pages $1 1 R")}), "changes the /Pages of the catalog"},
		{"a hybrid file", pdftest.EditTrailer(harmless(), "<</Size", "<</XRefStm 0 /Size"), "its trailer has /XRefStm"},
		{"the notes swapped", pdftest.AppendUpdate(file, map[int]string{attachment: "<</Type /EmbeddedFile /Length 8>>\nstream\nprice=1\n\nendstream"}), "changes the embedded file"},
		{"an unsigned field drawn as signed", pdftest.AppendUpdate(file, map[int]string{unsignedObj: appearance.ReplaceAllString(body(unsignedObj), fmt.Sprintf("/AP <</N %d 0 R>>", size+7)), size + 7: drawing}), fmt.Sprintf("changes the appearance of the signature field %q, which nobody has signed", unsigned)},
		{"random bytes for a signature", pdftest.SignWith(file, unsignedObj, body(unsignedObj), []byte("0123456789abcdef")), "it is not a CMS signature"},
		{"the other signer's signature", pdftest.SignWith(file, unsignedObj, body(unsignedObj), pdftest.CMSOf(file)), "the digest it signs is not that of the bytes before it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Verify(tt.file, verifyOpt(t))
			if !errors.Is(err, ErrNotVerified) || !errors.Is(err, pdfread.ErrAltered) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("verify: %v, want %q", err, tt.want)
			}
		})
	}
}

// removeKey drops a key and its value, a reference, from a dictionary.
func removeKey(body, key string) string {
	i := strings.Index(body, key)
	rest := body[i+len(key):]
	fields := strings.Fields(rest)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "R") {
		return body
	}
	j := strings.Index(rest, "R") + 1
	return body[:i] + rest[j:]
}
