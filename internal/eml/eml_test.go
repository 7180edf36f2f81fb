package eml

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// parsed is a message as Go's own readers (net/mail, mime, mime/multipart)
// read it back.
type parsed struct {
	from     *mail.Address
	to       []*mail.Address
	subject  string
	text     string
	html     string
	files    map[string][]byte
	encoding map[string]string // each leaf part's Content-Transfer-Encoding, by type
}

func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 || bytes.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d is over 998 bytes or holds a bare CR or LF: %q", i+1, line)
		}
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var p parsed
	if p.from, err = mail.ParseAddress(m.Header.Get("From")); err != nil {
		t.Fatalf("From: %v", err)
	}
	if p.to, err = mail.ParseAddressList(m.Header.Get("To")); err != nil {
		t.Fatalf("To %q: %v", m.Header.Get("To"), err)
	}
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		t.Fatalf("Subject: %v", err)
	}
	p.files, p.encoding = map[string][]byte{}, map[string]string{}
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		typ, params, err := mime.ParseMediaType(mail.Header(h).Get("Content-Type"))
		if err != nil {
			t.Fatalf("Content-Type %q: %v", mail.Header(h).Get("Content-Type"), err)
		}
		if strings.HasPrefix(typ, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				part, err := r.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(part.Header, part)
			}
		}
		enc := mail.Header(h).Get("Content-Transfer-Encoding")
		p.encoding[typ] = enc
		var data []byte
		switch enc {
		case "quoted-printable":
			data, err = io.ReadAll(quotedprintable.NewReader(body))
		case "base64":
			data, err = io.ReadAll(base64Reader(body))
		default:
			t.Fatalf("%s: Content-Transfer-Encoding %q", typ, enc)
		}
		if err != nil {
			t.Fatal(err)
		}
		_, disp, err := mime.ParseMediaType(mail.Header(h).Get("Content-Disposition"))
		switch {
		case err == nil && disp["filename"] != "":
			p.files[disp["filename"]] = data
		case typ == "text/plain":
			p.text = string(data)
		case typ == "text/html":
			p.html = string(data)
		}
	}
	walk(m.Header, m.Body)
	return p
}

func message() *Message {
	return &Message{
		From:    Address{"Ana Souza", "ana@example.com"},
		To:      []Address{{"Дмитрий Иванов", "d@example.com"}},
		Subject: "Supply",
		Date:    time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC),
		ID:      "abc@example.com",
		Draft:   true,
		Text:    "Dear Дмитрий,\n\nthe recap.\n",
		HTML:    "<p>Dear Дмитрий,</p>\n",
	}
}

// TestHeaders: names and subjects in any script, with quotes, with what
// would break a header line or read as an encoded word, come back as
// written through Go's readers; long ones are folded.
func TestHeaders(t *testing.T) {
	for _, tt := range []struct{ name, text string }{
		{"ascii", "Ana Souza"},
		{"cyrillic", "Дмитрий Иванов"},
		{"greek", "Ελένη Παπαδοπούλου"},
		{"arabic", "ليلى حداد"},
		{"hebrew", "יעל כהן"},
		{"devanagari", "अनन्या शर्मा"},
		{"han", "李伟"},
		{"quotes", `Li "the boss" Wei\`},
		{"specials", "Souza, Ana <ana@evil.example>"},
		{"encoded word lookalike", "=?utf-8?q?evil?="},
		{"line break", "Ana\r\nBcc: evil@example.com"},
		{"runs of spaces", "  Ana   Souza "},
		{"long", strings.Repeat("Sehr langer Name ", 20)},
		{"long word", strings.Repeat("x", 300)},
		{"long non-ascii", strings.Repeat("Поставка датчиков ", 30)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := message()
			m.From.Name, m.Subject = tt.text, tt.text
			m.To = append(m.To, Address{tt.text, "x@example.com"})
			raw, err := m.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			p := parse(t, raw)
			if p.from.Name != tt.text || p.to[1].Name != tt.text || p.to[1].Address != "x@example.com" || len(p.to) != 2 {
				t.Errorf("From %q, To %q, want %q", p.from.Name, p.to, tt.text)
			}
			if p.subject != tt.text {
				t.Errorf("Subject %q, want %q", p.subject, tt.text)
			}
			head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
			for _, l := range strings.Split(string(head), "\r\n") {
				if len(l) > maxLine && strings.Contains(strings.TrimSpace(l), " ") {
					t.Errorf("a header line of %d characters could have been folded: %q", len(l), l)
				}
			}
			if bytes.Contains(head, []byte("\r\nBcc:")) {
				t.Errorf("a name made a header of its own:\n%s", head)
			}
		})
	}
}

// TestAddresses refuses what is not an address alone.
func TestAddresses(t *testing.T) {
	for _, addr := range []string{"", "ana", "Ana <ana@example.com>", "ana@example.com, bob@example.com", "ana@example.com\r\nBcc: x@y.z", "ana @example.com"} {
		m := message()
		m.To[0].Addr = addr
		if _, err := m.Bytes(); err == nil {
			t.Errorf("%q taken for an address", addr)
		}
	}
	m := message()
	m.To = nil
	if _, err := m.Bytes(); err == nil {
		t.Error("a message to no one written")
	}
}

// TestParts: both bodies and the attachments come back as given, the
// attachments byte for byte and under their names in any script; the
// same message gives the same bytes; a boundary is never a line of what
// it separates.
func TestParts(t *testing.T) {
	m := message()
	pdf := append([]byte("%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 500)...)
	m.Attachments = []Attachment{
		{Name: "合同 Договор.pdf", ContentType: "application/pdf", Data: pdf},
		{Name: `supply "final".ics`, ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")},
	}
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, raw)
	if crlfToLF(p.text) != m.Text || crlfToLF(p.html) != m.HTML {
		t.Errorf("bodies %q, %q; want %q, %q", p.text, p.html, m.Text, m.HTML)
	}
	for _, a := range m.Attachments {
		if !bytes.Equal(p.files[a.Name], a.Data) {
			t.Errorf("%q: %d bytes back, want %d", a.Name, len(p.files[a.Name]), len(a.Data))
		}
	}
	again, _ := m.Bytes()
	if !bytes.Equal(raw, again) {
		t.Error("the same message gave other bytes")
	}
	// A body that holds the boundary its hash would give gets another.
	m.Text = string(raw)
	raw2, _ := m.Bytes()
	if p2 := parse(t, raw2); crlfToLF(p2.text) != crlfToLF(m.Text) {
		t.Error("a body holding a whole message did not come back")
	}
}

func base64Reader(r io.Reader) io.Reader { return base64.NewDecoder(base64.StdEncoding, r) }

// crlfToLF makes every line break LF: quoted-printable text has CRLF
// ones (RFC 2045, 6.7), and Go's writer of it takes a lone CR for one too.
func crlfToLF(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// FuzzMessage: whatever the names, subject, bodies and attachment, the
// message is one Go's readers parse, with no line over 998 bytes, and
// every part of it comes back as given.
func FuzzMessage(f *testing.F) {
	f.Add("Ana Souza", "Дмитрий Иванов", "Supply: revision 3", "Dear all,\n\nsee attached.\n", "<p>x</p>", "supply.pdf", []byte("%PDF"))
	f.Add(`"quoted" \ name`, "=?utf-8?b?x?=", strings.Repeat("long subject ", 40), "a\rb\r\nc\nd", "", "合同.pdf", []byte{0, 0xff})
	f.Add("", " ", "  ", "", "", "-", []byte(nil))
	f.Fuzz(func(t *testing.T, from, to, subject, text, html, file string, data []byte) {
		if !utf8.ValidString(from + to + subject + text + html + file) {
			t.Skip("headers and bodies are UTF-8")
		}
		m := message()
		m.From.Name, m.To[0].Name, m.Subject, m.Text, m.HTML = from, to, subject, text, html
		m.Attachments = []Attachment{{Name: file, ContentType: "application/pdf", Data: data}}
		raw, err := m.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		p := parse(t, raw)
		if p.from.Name != from || p.to[0].Name != to || p.subject != subject {
			t.Errorf("From %q To %q Subject %q; want %q %q %q", p.from.Name, p.to[0].Name, p.subject, from, to, subject)
		}
		if crlfToLF(p.text) != crlfToLF(text) || html != "" && crlfToLF(p.html) != crlfToLF(html) {
			t.Errorf("text %q, want %q", p.text, text)
		}
		if file != "" && !bytes.Equal(p.files[file], data) {
			t.Errorf("attachment %q: %q, want %q (files %q)", file, p.files[file], data, keys(p.files))
		}
	})
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestLongFileName: a long attachment name, in any script, is written in
// RFC 2231 continuations and encoded words that fold to lines of at most
// 78 characters, and reads back whole (FuzzMessage found one line of
// 1,000 characters: filename* had no place to fold).
func TestLongFileName(t *testing.T) {
	for _, name := range []string{
		strings.Repeat("合同", 40) + ".pdf",
		strings.Repeat("a", 200) + ".pdf",
		strings.Repeat("Договор поставки ", 12) + ".pdf",
		strings.Repeat("%'*;\"x", 30) + ".pdf",
	} {
		m := message()
		m.Attachments = []Attachment{{Name: name, ContentType: "application/pdf", Data: []byte("%PDF-1.7")}}
		raw, err := m.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 78 && !strings.HasPrefix(line, "JVBER") {
				t.Errorf("%.20s…: line %d is %d characters: %q", name, i+1, len(line), line)
			}
		}
		if got := parse(t, raw).files[name]; string(got) != "%PDF-1.7" {
			t.Errorf("%.20s…: the attachment does not read back by its name", name)
		}
	}
}
