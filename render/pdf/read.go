package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf16"
)

// What ReadAttachment reads of the objects appendUpdate writes.
var (
	fileSpecRe = regexp.MustCompile(`/UF <([0-9A-F]*)> .*/EF << /F (\d+) 0 R`)
	embeddedRe = regexp.MustCompile(`^<< /Type /EmbeddedFile /Subtype \S+ /Filter /FlateDecode /Length (\d+) /Params << /Size (\d+) `)
)

// ErrNoAttachment means the PDF holds no attachment that Render wrote.
var ErrNoAttachment = errors.New("no embedded file")

// ReadAttachment returns the name and bytes of the file that Render
// embedded last. It reads only the structure Render writes; a PDF that
// another tool rewrote may well not be readable, which is what a caller
// checking integrity wants to learn.
func ReadAttachment(pdf []byte) (name string, data []byte, err error) {
	i := bytes.LastIndex(pdf, []byte("<< /Type /Filespec "))
	if i < 0 {
		return "", nil, ErrNoAttachment
	}
	spec := pdf[i:]
	if end := bytes.Index(spec, []byte("\nendobj")); end >= 0 {
		spec = spec[:end]
	}
	m := fileSpecRe.FindSubmatch(spec)
	if m == nil {
		return "", nil, ErrNoAttachment
	}
	name, err = hexText(m[1])
	if err != nil {
		return "", nil, err
	}
	num, _ := strconv.Atoi(string(m[2]))
	body, err := lastObject(pdf, num)
	if err != nil {
		return "", nil, err
	}
	lm := embeddedRe.FindSubmatch(body)
	if lm == nil {
		return "", nil, ErrNoAttachment
	}
	length, _ := strconv.Atoi(string(lm[1]))
	size, _ := strconv.Atoi(string(lm[2]))
	start := bytes.Index(body, []byte(">>\nstream\n"))
	if start < 0 || start+len(">>\nstream\n")+length > len(body) {
		return "", nil, ErrNoAttachment
	}
	zr, err := zlib.NewReader(bytes.NewReader(body[start+len(">>\nstream\n"):][:length]))
	if err != nil {
		return "", nil, fmt.Errorf("embedded file: %w", err)
	}
	data, err = io.ReadAll(io.LimitReader(zr, int64(size)+1))
	if err != nil || len(data) != size {
		return "", nil, fmt.Errorf("embedded file: damaged")
	}
	return name, data, nil
}

// lastObject returns the body of the newest object num, found by its
// header; it is what the last incremental update defines.
func lastObject(pdf []byte, num int) ([]byte, error) {
	head := []byte(fmt.Sprintf("\n%d 0 obj\n", num))
	i := bytes.LastIndex(pdf, head)
	if i < 0 {
		return nil, ErrNoAttachment
	}
	return pdf[i+len(head):], nil
}

// ReadInfo returns an entry of the document information dictionary, such
// as "Keywords" or "Creator", as text.
func ReadInfo(pdf []byte, key string) (string, error) {
	m := infoRe.FindAllSubmatch(pdf, -1)
	if m == nil {
		return "", errors.New("no document information")
	}
	num, _ := strconv.Atoi(string(m[len(m)-1][1]))
	body, err := lastObject(pdf, num)
	if err != nil {
		return "", err
	}
	if end := bytes.Index(body, []byte("\nendobj")); end >= 0 {
		body = body[:end]
	}
	i := bytes.Index(body, []byte("/"+key+" ("))
	if i < 0 {
		return "", nil
	}
	lit := body[i+len(key)+2:]
	raw := unescapeLiteral(lit[:literalLen(lit)])
	if bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) && len(raw)%2 == 0 {
		u := make([]uint16, 0, len(raw)/2)
		for j := 2; j+1 < len(raw); j += 2 {
			u = append(u, uint16(raw[j])<<8|uint16(raw[j+1]))
		}
		return string(utf16.Decode(u)), nil
	}
	return string(raw), nil
}

// unescapeLiteral decodes a PDF literal string, parentheses included.
func unescapeLiteral(lit []byte) []byte {
	if len(lit) < 2 {
		return nil
	}
	lit = lit[1 : len(lit)-1]
	var out []byte
	for i := 0; i < len(lit); i++ {
		c := lit[i]
		if c != '\\' || i+1 == len(lit) {
			out = append(out, c)
			continue
		}
		i++
		switch e := lit[i]; e {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case '\n':
		default:
			if e >= '0' && e <= '7' {
				v, n := 0, 0
				for n < 3 && i < len(lit) && lit[i] >= '0' && lit[i] <= '7' {
					v = v*8 + int(lit[i]-'0')
					i++
					n++
				}
				i--
				out = append(out, byte(v))
			} else {
				out = append(out, e)
			}
		}
	}
	return out
}

func hexText(h []byte) (string, error) {
	if len(h)%4 != 0 || !bytes.HasPrefix(h, []byte("FEFF")) {
		return "", ErrNoAttachment
	}
	var u []uint16
	for i := 4; i < len(h); i += 4 {
		v, err := strconv.ParseUint(string(h[i:i+4]), 16, 16)
		if err != nil {
			return "", ErrNoAttachment
		}
		u = append(u, uint16(v))
	}
	return string(utf16.Decode(u)), nil
}
