package schema

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Shared returns the notes as the other side receives them: a copy with
// nothing private in it: no rounds, limits, go_first reasons (see
// GoFirstWithheld), notes, authority how and evidence, action values, and
// no entry marked private. Check has made sure that nothing shared needs
// what is left out.
func Shared(n *Notes) *Notes {
	s := &Notes{
		Title: n.Title, Date: n.Date, Place: n.Place, Summary: n.Summary, Revision: n.Revision,
		Signed: n.Signed, Status: n.Status, Binding: n.Binding, GoverningLaw: n.GoverningLaw, Currency: n.Currency, Lang: n.Lang,
		file: n.file, pos: n.pos,
	}
	persons := map[*Person]*Person{}
	parties := map[*Party]*Party{}
	thirds := map[*ThirdParty]*ThirdParty{}
	for _, t := range n.ThirdParties {
		c := &ThirdParty{ID: t.ID, Name: t.Name, Role: t.Role, ActsFor: t.ActsFor, path: t.path}
		thirds[t] = c
		s.ThirdParties = append(s.ThirdParties, c)
	}
	for _, p := range n.Parties {
		party := &Party{ID: p.ID, Name: p.Name, Short: p.Short, Us: p.Us, Address: p.Address, Registration: p.Registration, Lang: p.Lang, path: p.path}
		parties[p] = party
		for _, q := range p.Persons {
			if q.Private {
				continue
			}
			c := &Person{ID: q.ID, Name: q.Name, Role: q.Role, Email: q.Email, Signs: q.Signs, Negotiates: q.Negotiates, Signed: q.Signed, Lang: q.Lang, Party: party, path: q.path}
			if a := q.Authority; a != nil {
				c.Authority = &Authority{ConfirmedBy: a.ConfirmedBy, On: a.On}
			}
			persons[q] = c
			party.Persons = append(party.Persons, c)
		}
		s.Parties = append(s.Parties, party)
	}
	for q, c := range persons { // confirmers are resolved once every person is copied
		if a := q.Authority; a != nil {
			c.Authority.By, c.Authority.Third = persons[a.By], thirds[a.Third]
		}
	}
	for _, it := range n.Items {
		if !it.Private {
			s.Items = append(s.Items, &Item{ID: it.ID, Topic: it.Topic, Text: it.Text, Owner: it.Owner, Person: persons[it.Person], path: it.path})
		}
	}
	for _, a := range n.Actions {
		if !a.Private {
			c := &Action{
				ID: a.ID, Owner: a.Owner, Person: persons[a.Person], Do: a.Do, If: a.If, Due: a.Due, Within: a.Within,
				For: a.For, ForParty: parties[a.ForParty], Done: a.Done, Kind: a.Kind, path: a.path,
			}
			if a.GoFirst != "" {
				c.GoFirst = GoFirstWithheld
			}
			s.Actions = append(s.Actions, c)
		}
	}
	for _, o := range n.Open {
		if !o.Private {
			s.Open = append(s.Open, &Open{Text: o.Text, Owner: o.Owner, Person: persons[o.Person], Due: o.Due, path: o.path})
		}
	}
	if n.Next != nil {
		s.Next = &Next{Date: n.Next.Date, Place: n.Next.Place}
	}
	return s
}

// GoFirstWithheld stands in the shared notes for the reason we move first:
// the fact is shared (the sequence shows it, and the notes stay valid),
// the reason is not.
const GoFirstWithheld = "(reason withheld)"

// SharedNotes returns the shared notes as a notes file: Encode(Shared(n)).
func SharedNotes(n *Notes) []byte { return Encode(Shared(n)) }

// Terms returns the shared notes without what the notes record after the
// agreement (the signing date, done dates): the terms both sides agreed,
// which the fingerprint and recap verify compare (notes format, third
// edition, "Verify after signing"). Recording that it was signed, or that
// a step was done, leaves them as they were.
func Terms(n *Notes) []byte {
	s := Shared(n)
	s.Signed = Date{}
	for _, a := range s.Actions {
		a.Done = Date{} // Shared's own copy
	}
	return Encode(s)
}

// Encode writes notes as canonical TOML (fixed key order, no comments, one
// spacing): for shared notes, a notes file that builds the same agreement.
// It writes the shared fields only, so that nothing private can reach it
// even from notes that still hold some.
func Encode(s *Notes) []byte {
	var e encoder
	e.str("title", s.Title)
	e.date("date", s.Date)
	e.str("place", s.Place)
	e.str("summary", s.Summary)
	e.line("revision = " + strconv.Itoa(s.Revision))
	e.date("signed", s.Signed)
	e.str("status", s.Status)
	e.str("binding", s.Binding)
	e.str("governing_law", s.GoverningLaw)
	e.str("currency", s.Currency)
	e.str("lang", s.Lang)
	for _, p := range s.Parties {
		e.header("[[party]]")
		e.str("id", p.ID)
		e.str("name", p.Name)
		e.str("short", p.Short)
		e.flag("us", p.Us)
		e.str("address", p.Address)
		e.str("registration", p.Registration)
		e.str("lang", p.Lang)
		for _, q := range p.Persons {
			e.header("[[party.person]]")
			e.str("id", q.ID)
			e.str("name", q.Name)
			e.str("role", q.Role)
			e.str("email", q.Email)
			e.flag("signs", q.Signs)
			e.flag("negotiates", q.Negotiates)
			e.date("signed", q.Signed)
			e.str("lang", q.Lang)
			if a := q.Authority; a != nil {
				e.line("authority = { confirmed_by = " + quote(a.ConfirmedBy) + ", on = " + a.On.String() + " }")
			}
		}
	}
	for _, t := range s.ThirdParties {
		e.header("[[third_party]]")
		e.str("id", t.ID)
		e.str("name", t.Name)
		e.str("role", t.Role)
		e.str("acts_for", t.ActsFor)
	}
	for _, it := range s.Items {
		e.header("[[item]]")
		e.str("id", it.ID)
		e.str("topic", it.Topic)
		e.str("text", it.Text)
		e.str("owner", it.Owner)
	}
	for _, a := range s.Actions {
		e.header("[[action]]")
		e.str("id", a.ID)
		e.str("owner", a.Owner)
		e.str("do", a.Do)
		e.strs("if", a.If)
		e.date("due", a.Due)
		e.str("within", a.Within)
		e.str("for", a.For)
		e.str("kind", a.Kind)
		e.str("go_first", a.GoFirst)
		e.date("done", a.Done)
	}
	for _, o := range s.Open {
		e.header("[[open]]")
		e.str("text", o.Text)
		e.str("owner", o.Owner)
		e.date("due", o.Due)
	}
	if s.Next != nil {
		e.header("[next]")
		e.date("date", s.Next.Date)
		e.str("place", s.Next.Place)
	}
	return e.b.Bytes()
}

// encoder writes TOML, one key per line, tables after a blank line.
type encoder struct{ b bytes.Buffer }

func (e *encoder) line(s string) {
	e.b.WriteString(s)
	e.b.WriteByte('\n')
}

func (e *encoder) header(h string) {
	e.b.WriteByte('\n')
	e.line(h)
}

func (e *encoder) str(key, v string) {
	if v != "" {
		e.line(key + " = " + quote(v))
	}
}

func (e *encoder) date(key string, d Date) {
	if !d.IsZero() {
		e.line(key + " = " + d.String())
	}
}

func (e *encoder) flag(key string, v bool) {
	if v {
		e.line(key + " = true")
	}
}

func (e *encoder) strs(key string, vs []string) {
	q := make([]byte, 0, 16*len(vs))
	q = append(q, '[')
	for i, v := range vs {
		if i > 0 {
			q = append(q, ", "...)
		}
		q = append(q, quote(v)...)
	}
	e.line(key + " = " + string(append(q, ']')))
}

// quote writes s as a TOML basic string that decodes to s exactly.
func quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r < 0x20 || r == 0x7F:
			b = fmt.Appendf(b, `\u%04X`, r)
		case r == utf8.RuneError:
			b = append(b, `\uFFFD`...) // notes are valid UTF-8: this is U+FFFD itself
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(append(b, '"'))
}
