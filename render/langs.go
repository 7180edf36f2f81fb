package render

import "github.com/recaptool/recap/schema"

// Langs are the languages of a document: its own, and those of values
// whose party or person has one of its own (`lang` in the notes). The PDF
// and the HTML say each, and the PDF picks glyph forms by them: Japanese
// or Chinese forms of the same characters.
type Langs struct {
	Doc    string            // BCP 47; "" for English
	Values map[string]string // the text of a value: its language
}

func (l Langs) doc() string {
	if l.Doc == "" {
		return "en"
	}
	return l.Doc
}

// LangsOf reads the languages of notes: a person's name and role are in
// their language, a party's name, address and registration in its own.
// Where two values of different languages have the same text, the first
// one's is kept.
func LangsOf(n *schema.Notes) Langs {
	l := Langs{Doc: n.Lang}
	add := func(text, lang string) {
		if text == "" || lang == "" || lang == l.doc() {
			return
		}
		if l.Values == nil {
			l.Values = map[string]string{}
		}
		if _, ok := l.Values[text]; !ok {
			l.Values[text] = lang
		}
	}
	for _, p := range n.Parties {
		for _, v := range []string{p.Name, p.Address, p.Registration} {
			add(v, p.Lang)
		}
		for _, q := range p.Persons {
			lang := n.Language(q)
			add(q.Name, lang)
			add(q.Role, lang)
		}
	}
	return l
}
