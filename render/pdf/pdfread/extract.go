package pdfread

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Text reads back the text of a PDF that pdf.Render wrote, page by page: the
// strings its content streams show, in the order they are drawn, each code
// as its font's ToUnicode map names it. It is for checking recap's own
// output as a reader would find it (the e-signature tags a service turns
// into fields); it reads only what package pdf writes.
func Text(data []byte) ([]string, error) {
	f, err := readFile(data)
	if err != nil {
		return nil, ErrNotRecap
	}
	kids, _ := f.resolve(f.dict(f.dict(f.trailer["Root"])["Pages"])["Kids"]).(array)
	var out []string
	for _, k := range kids {
		page := f.dict(k)
		fonts := map[name]map[uint16]string{}
		for n, v := range f.dict(f.dict(page["Resources"])["Font"]) {
			fonts[n] = f.toUnicode(f.dict(v))
		}
		s, ok := f.resolve(page["Contents"]).(stream)
		if !ok {
			return nil, ErrNotRecap
		}
		content, err := inflate(s, maxContent)
		if err != nil {
			return nil, err
		}
		text, err := showText(content, fonts)
		if err != nil {
			return nil, err
		}
		out = append(out, text)
	}
	return out, nil
}

// maxContent bounds a page's content stream, inflated.
const maxContent = 64 << 20

// toUnicode reads a Type0 font's ToUnicode map, as embed.go writes it
// (bfchar entries, codes of two bytes).
func (f *file) toUnicode(font dict) map[uint16]string {
	m := map[uint16]string{}
	s, ok := f.resolve(font["ToUnicode"]).(stream)
	if !ok {
		return m
	}
	cmap, err := inflate(s, maxContent)
	if err != nil {
		return m
	}
	for _, section := range bytes.Split(cmap, []byte("beginbfchar")) {
		body, _, _ := bytes.Cut(section, []byte("endbfchar"))
		l := &lexer{b: body}
		for {
			code, err1 := l.value(0)
			text, err2 := l.value(0)
			c, ok1 := code.([]byte)
			t, ok2 := text.([]byte)
			if err1 != nil || err2 != nil || !ok1 || !ok2 || len(c) != 2 {
				break
			}
			m[uint16(c[0])<<8|uint16(c[1])] = utf16BE(t)
		}
	}
	return m
}

func utf16BE(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// showText runs a content stream's text operators: Tf selects a font,
// Tj and TJ show strings (codes of two bytes).
func showText(content []byte, fonts map[name]map[uint16]string) (string, error) {
	var out strings.Builder
	var operands []any
	var font map[uint16]string
	show := func(s []byte) {
		for i := 0; i+1 < len(s); i += 2 {
			out.WriteString(font[uint16(s[i])<<8|uint16(s[i+1])])
		}
	}
	l := &lexer{b: content}
	for {
		l.space()
		if l.i >= len(l.b) {
			return out.String(), nil
		}
		if c := l.b[l.i]; c == '/' || c == '(' || c == '<' || c == '[' || c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' {
			v, err := l.value(0)
			if err != nil {
				return "", err
			}
			operands = append(operands, v)
			continue
		}
		op := string(l.word())
		if op == "" {
			return "", errors.New("pdf: content stream: " + strconv.Quote(string(l.b[l.i:min(l.i+8, len(l.b))])))
		}
		switch op {
		case "Tf":
			if len(operands) == 2 {
				n, _ := operands[0].(name)
				font = fonts[n]
			}
		case "Tj":
			if len(operands) == 1 {
				s, _ := operands[0].([]byte)
				show(s)
			}
		case "TJ":
			if len(operands) == 1 {
				a, _ := operands[0].(array)
				for _, v := range a {
					if s, ok := v.([]byte); ok {
						show(s)
					}
				}
			}
		}
		operands = operands[:0]
	}
}
