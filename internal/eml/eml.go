// Package eml writes e-mail messages as files a mail program opens as
// drafts: RFC 5322 with MIME (RFC 2045–2049), a text and an HTML body and
// attachments, non-ASCII names in headers as RFC 2047 encoded words and in
// file names as RFC 2231 parameters. The same Message gives the same bytes.
package eml

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// An Address is a mailbox: a display name, which may be empty, and an
// address.
type Address struct {
	Name, Addr string
}

// An Attachment is a file the message carries, byte for byte.
type Attachment struct {
	Name        string // file name, in any script
	ContentType string // "application/pdf", "text/calendar; charset=utf-8"
	Data        []byte
}

// A Message is a message to write. Text is its plain text body; HTML, if
// set, the same body as HTML, its alternative. Their line breaks, LF, CR
// or CRLF, are written as CRLF (RFC 2045, 6.7).
type Message struct {
	From        Address
	To          []Address
	Subject     string
	Date        time.Time
	ID          string // Message-ID without its angle brackets: "3f2a…@example.com"
	Draft       bool   // X-Unsent: 1, which makes Outlook open it as a draft to send
	Language    string // Content-Language (BCP 47), or ""
	Text, HTML  string
	Attachments []Attachment
}

const crlf = "\r\n"

// Bytes writes the message, lines ending CRLF. It refuses an address
// that is not one (RFC 5322's addr-spec), or none to send to.
func (m *Message) Bytes() ([]byte, error) {
	if len(m.To) == 0 {
		return nil, fmt.Errorf("no address to send to")
	}
	for _, a := range append([]Address{m.From}, m.To...) {
		if err := CheckAddress(a.Addr); err != nil {
			return nil, err
		}
	}
	var parts []*part
	body := textPart("plain", m.Text)
	if m.HTML != "" {
		body = multipartOf("alternative", body, textPart("html", m.HTML))
	}
	parts = append(parts, body)
	for _, a := range m.Attachments {
		parts = append(parts, attachment(a))
	}
	top := body
	if len(parts) > 1 {
		top = multipartOf("mixed", parts...)
	}
	var b bytes.Buffer
	header(&b, "Date", m.Date.Format("Mon, 02 Jan 2006 15:04:05 -0700"))
	header(&b, "From", m.From.String())
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.String()
	}
	header(&b, "To", strings.Join(to, ", "))
	header(&b, "Subject", Word(m.Subject))
	header(&b, "Message-ID", "<"+m.ID+">")
	if m.Draft {
		header(&b, "X-Unsent", "1")
	}
	if m.Language != "" {
		header(&b, "Content-Language", m.Language)
	}
	header(&b, "MIME-Version", "1.0")
	top.write(&b)
	return b.Bytes(), nil
}

// CheckAddress refuses what is not an address alone: one that
// net/mail.ParseAddress reads back as itself.
func CheckAddress(addr string) error {
	a, err := mail.ParseAddress("<" + addr + ">")
	if err != nil || a.Address != addr || a.Name != "" || strings.ContainsAny(addr, "\r\n\"<> ") {
		return fmt.Errorf("%q is not an e-mail address such as name@example.com", addr)
	}
	return nil
}

// String writes the address as a header has it: `Name <addr>`, the name
// as an atom, a quoted string or encoded words.
func (a Address) String() string {
	if a.Name == "" {
		return "<" + a.Addr + ">"
	}
	return phrase(a.Name) + " <" + a.Addr + ">"
}

// phrase writes a display name: as it is if it is made of atoms, quoted
// if it is printable ASCII, else as encoded words.
func phrase(s string) string {
	if !needsWords(s) {
		if strings.Trim(s, atext+" ") == "" && strings.TrimSpace(s) == s && !strings.Contains(s, "  ") {
			return s
		}
		return `"` + quoted.Replace(s) + `"`
	}
	return words(s)
}

// quoted escapes the text of a quoted string.
var quoted = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// atext are the characters of an atom other than letters and digits
// (RFC 5322, 3.2.3), besides which strings.Trim finds letters and digits
// too: see phrase.
const atext = "!#$%&'*+-/=?^_`{|}~abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// Word writes unstructured header text (a subject): as it is if it is
// printable ASCII in words a line can hold, else as encoded words.
func Word(s string) string {
	if !needsWords(s) {
		return s
	}
	return words(s)
}

// needsWords reports whether s cannot stand in a header as it is: it has
// a character other than printable ASCII and spaces, a run of spaces
// (folding would lose it), "=?" (which would read as an encoded word), or a
// word too long to fold.
func needsWords(s string) bool {
	for _, r := range s {
		if r < ' ' || r > '~' {
			return true
		}
	}
	if strings.Contains(s, "=?") || strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
		return true
	}
	for _, w := range strings.Fields(s) {
		if len(w) > maxLine-20 {
			return true
		}
	}
	return false
}

// wordBytes is how many bytes of text one encoded word carries: base64 of
// 36 bytes is 48 characters, and with "=?utf-8?b?" and "?=" the word is
// 60, within RFC 2047's 75, and a line holds it after the longest header
// name written here ("Content-Disposition: ").
const wordBytes = 36

// words writes s as base64 encoded words, each whole characters, separated
// by spaces, which readers drop between encoded words (RFC 2047, 6.2).
func words(s string) string {
	var out []string
	for s != "" {
		n := min(len(s), wordBytes)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		if n == 0 { // not UTF-8 at the start: take what there is
			n = min(len(s), wordBytes)
		}
		out = append(out, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(out, " ")
}

// maxLine is the length header lines are folded to where they can be
// (RFC 5322, 2.1.1).
const maxLine = 78

// header writes a header field folded at spaces to lines of at most
// maxLine characters where a space allows. It folds only at a single
// space between two words: readers that join folded lines with one space
// (Go's net/textproto) would shorten a run of spaces folded in two.
func header(b *bytes.Buffer, name, value string) {
	line := name + ":"
	for i, w := range foldable(value) {
		switch {
		case i == 0:
			line += " " + w
		case len(line)+1+len(w) > maxLine:
			b.WriteString(line + crlf)
			line = " " + w
		default:
			line += " " + w
		}
	}
	b.WriteString(line + crlf)
}

// foldable splits a header's value at the single spaces between words.
func foldable(value string) []string {
	var words []string
	start := 0
	for i := 1; i+1 < len(value); i++ {
		if value[i] == ' ' && value[i-1] != ' ' && value[i+1] != ' ' {
			words = append(words, value[start:i])
			start = i + 1
		}
	}
	return append(words, value[start:])
}

// A part is one MIME entity: its headers and body, or its parts.
type part struct {
	headers [][2]string
	body    []byte // encoded, lines ending CRLF
	sub     string // multipart subtype, or ""
	parts   []*part
}

// lineBreaks makes every line break of a text LF, which the
// quoted-printable writer turns into CRLF: it loses a line break after a
// lone CR otherwise ("\r\x00\n" came out as "\r\n=00", FuzzMessage).
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func textPart(subtype, text string) *part {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(lineBreaks.Replace(text)))
	w.Close()
	return &part{
		headers: [][2]string{{"Content-Type", "text/" + subtype + "; charset=utf-8"}, {"Content-Transfer-Encoding", "quoted-printable"}},
		body:    b.Bytes(),
	}
}

func attachment(a Attachment) *part {
	typ, params, err := mime.ParseMediaType(a.ContentType)
	if err != nil {
		typ, params = "application/octet-stream", nil
	}
	ct := mime.FormatMediaType(typ, params)
	if needsWords(a.Name) || len(a.Name) > 60 { // words fold; a long quoted name would not
		// Outlook reads the name in encoded words, as it writes it;
		// others read filename* of Content-Disposition (RFC 2231).
		ct += `; name="` + words(a.Name) + `"`
	} else {
		ct += `; name="` + quoted.Replace(a.Name) + `"`
	}
	return &part{
		headers: [][2]string{
			{"Content-Type", ct},
			{"Content-Disposition", disposition(a.Name)},
			{"Content-Transfer-Encoding", "base64"},
		},
		body: base64Lines(a.Data),
	}
}

// disposition is the Content-Disposition of an attachment: its file name
// as RFC 2231 has it, and where that is long, in numbered continuations
// of at most 60 characters (RFC 2231, 3), so that the header folds.
func disposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); len(v) <= 60 {
		return v
	}
	var enc strings.Builder
	enc.WriteString("utf-8''")
	for _, c := range []byte(name) {
		if c > ' ' && c < 0x7f && !strings.ContainsRune(`*'%()<>@,;:\"/[]?=`, rune(c)) {
			enc.WriteByte(c)
		} else {
			fmt.Fprintf(&enc, "%%%02X", c)
		}
	}
	v, out := enc.String(), "attachment"
	for i := 0; v != ""; i++ {
		n := min(60, len(v))
		if j := strings.LastIndexByte(v[:n], '%'); j > 0 && j > n-3 && n < len(v) {
			n = j // never split a %XX
		}
		out += fmt.Sprintf("; filename*%d*=%s", i, v[:n])
		v = v[n:]
	}
	return out
}

// base64Lines encodes data in lines of 76 characters (RFC 2045, 6.8).
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76] + crlf)
		enc = enc[76:]
	}
	b.WriteString(enc + crlf)
	return b.Bytes()
}

func multipartOf(subtype string, parts ...*part) *part {
	return &part{sub: subtype, parts: parts}
}

// write writes the part's headers and body. A multipart's boundary is
// drawn from its content, so that the same message gives the same bytes,
// and is never a line of it.
func (p *part) write(b *bytes.Buffer) {
	if p.sub == "" {
		for _, h := range p.headers {
			header(b, h[0], h[1])
		}
		b.WriteString(crlf)
		b.Write(p.body)
		return
	}
	written := make([][]byte, len(p.parts))
	var all []byte
	for i, q := range p.parts {
		var w bytes.Buffer
		q.write(&w)
		written[i] = w.Bytes()
		all = append(all, written[i]...)
	}
	boundary := boundaryFor(p.sub, all)
	header(b, "Content-Type", "multipart/"+p.sub+`; boundary="`+boundary+`"`)
	b.WriteString(crlf)
	for _, w := range written {
		b.WriteString("--" + boundary + crlf)
		b.Write(w)
		// The line break before a boundary is the boundary's (RFC
		// 2046, 5.1.1): the part keeps its own last one.
		b.WriteString(crlf)
	}
	b.WriteString("--" + boundary + "--" + crlf)
}

// boundaryFor makes a boundary from what it separates: a hash of it,
// hashed again until it occurs nowhere in it.
func boundaryFor(subtype string, content []byte) string {
	sum := sha256.Sum256(content)
	for {
		boundary := fmt.Sprintf("recap-%s-%s", subtype, hex.EncodeToString(sum[:12]))
		if !bytes.Contains(content, []byte(boundary)) {
			return boundary
		}
		sum = sha256.Sum256(sum[:])
	}
}
