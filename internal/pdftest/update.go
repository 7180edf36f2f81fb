package pdftest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/smallstep/pkcs7"
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

// Sign appends a revision that fills the signature field widget (an
// object number, whose dictionary is body) as a signing tool does: a
// signature dictionary whose byte range is the whole file but its
// contents, which hold a detached CMS signature of those bytes by signer,
// and the field's value and appearance. The signer's name is its
// certificate's subject; its key and certificate are made in the process,
// for tests of what a revision may do (see render for real signing tools).
func Sign(pdf []byte, widget int, body, signer string) []byte {
	return sign(pdf, widget, body, signer, nil)
}

// SignWith is Sign with the CMS signature given, of any bytes: for tests
// of signatures that do not sign the document.
func SignWith(pdf []byte, widget int, body string, cms []byte) []byte {
	return sign(pdf, widget, body, "", cms)
}

func sign(pdf []byte, widget int, body, signer string, cms []byte) []byte {
	size := atoi(lastTrailer(pdf), `/Size (\d+)`)
	sig, ap := size, size+1
	body = strings.TrimSpace(apEntry.ReplaceAllString(body, ""))
	body = body[:len(body)-2] + fmt.Sprintf(" /V %d 0 R /AP <</N %d 0 R>>>>", sig, ap)
	placeholder := "/ByteRange [0 0000000000 0000000000 0000000000]"
	room := max(signatureRoom, len(cms))
	contents := "<" + strings.Repeat("0", 2*room) + ">"
	out := AppendUpdate(pdf, map[int]string{
		widget: body,
		sig:    "<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached " + placeholder + " /Contents " + contents + ">>",
		ap:     "<</Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 0>>\nstream\n\nendstream",
	})
	at := bytes.LastIndex(out, []byte(placeholder))
	c := bytes.LastIndex(out, []byte(contents))
	br := fmt.Sprintf("/ByteRange [0 %010d %010d %010d]", c, c+len(contents), len(out)-c-len(contents))
	copy(out[at:], br)
	if cms == nil {
		cms = SignBytes(slices.Concat(out[:c], out[c+len(contents):]), signer)
	}
	copy(out[c+1:], fmt.Sprintf("%x", cms))
	return out
}

// apEntry is a widget's appearance and value, which signing replaces.
var apEntry = regexp.MustCompile(`/AP\s*<<\s*/N\s+\d+\s+\d+\s+R\s*>>|/V\s+\d+\s+\d+\s+R`)

// signatureRoom is the bytes a signature's contents hold.
const signatureRoom = 4096

// SignBytes returns a detached CMS signature of data by a certificate
// whose subject's common name is signer.
func SignBytes(data []byte, signer string) []byte {
	key, cert := testCert(signer)
	sd, err := pkcs7.NewSignedData(data)
	if err != nil {
		panic(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSigner(cert, key, pkcs7.SignerInfoConfig{}); err != nil {
		panic(err)
	}
	sd.Detach()
	out, err := sd.Finish()
	if err != nil {
		panic(err)
	}
	return out
}

var (
	certsMu sync.Mutex
	certs   = map[string]struct {
		key  *ecdsa.PrivateKey
		cert *x509.Certificate
	}{}
)

// testCert makes a self-signed certificate for signer, once.
func testCert(signer string) (*ecdsa.PrivateKey, *x509.Certificate) {
	certsMu.Lock()
	defer certsMu.Unlock()
	if c, ok := certs[signer]; ok {
		return c.key, c.cert
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(int64(len(certs) + 1)),
		Subject:      pkix.Name{CommonName: signer},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	certs[signer] = struct {
		key  *ecdsa.PrivateKey
		cert *x509.Certificate
	}{key, cert}
	return key, cert
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

// HideObject puts text before the last cross-reference table, which does
// not list it, as a stray byte in the table would make readers find it.
func HideObject(file []byte, text string) []byte {
	i := bytes.LastIndex(file, []byte("\nxref\n")) + 1
	out := slices.Concat(file[:i], []byte(text), file[i:])
	return editStartxref(out, len(text))
}

// StrayByte adds a space to the last entry of the last table.
func StrayByte(file []byte) []byte {
	i := bytes.LastIndex(file, []byte(" n \n"))
	out := slices.Concat(file[:i+3], []byte(" "), file[i+3:])
	return editStartxref(out, 0)
}

// editStartxref moves the last startxref by shift bytes.
func editStartxref(file []byte, shift int) []byte {
	i := bytes.LastIndex(file, []byte("startxref\n")) + len("startxref\n")
	j := i + bytes.IndexByte(file[i:], '\n')
	at, _ := strconv.Atoi(string(file[i:j]))
	return slices.Concat(file[:i], []byte(strconv.Itoa(at+shift)), file[j:])
}

// EditTrailer replaces old with new in the last trailer, once.
func EditTrailer(file []byte, old, new string) []byte {
	i := bytes.LastIndex(file, []byte("trailer"))
	return slices.Concat(file[:i], bytes.Replace(file[i:], []byte(old), []byte(new), 1))
}

// CMSOf returns the CMS signature of the last revision of a signed file,
// as its /Contents holds it.
func CMSOf(file []byte) []byte {
	all := contentsHex.FindAllSubmatch(file, -1)
	if all == nil {
		panic("pdftest: no signature")
	}
	der, err := hex.DecodeString(strings.Join(strings.Fields(string(all[len(all)-1][1])), ""))
	if err != nil {
		panic(err)
	}
	return der
}

var contentsHex = regexp.MustCompile(`/Contents\s*<([0-9A-Fa-f\s]+)>`)
