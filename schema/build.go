package schema

import (
	"math"
	"strconv"
	"time"
)

// build maps the decoded document onto Notes. Values of the wrong type
// are skipped: the schema has reported them, and the rules leave alone
// what depends on them (see checker.unsound). What the schema cannot see,
// because dates reach it as strings, is reported here.
func (c *checker) build(raw map[string]any) *Notes {
	t := table{c, raw, ""}
	n := &Notes{
		Title:    t.str("title"),
		Date:     t.date("date"),
		Place:    t.str("place"),
		Summary:  t.str("summary"),
		Revision: t.integer("revision", 1),
		Signed:   t.date("signed"),
		Status:   t.str("status"),
	}
	if n.Status != Final {
		n.Status = Draft
	}
	for _, pt := range t.tables("party") {
		n.Parties = append(n.Parties, pt.party())
	}
	for _, it := range t.tables("item") {
		n.Items = append(n.Items, &Item{ID: it.str("id"), Topic: it.str("topic"), Text: it.str("text"), Owner: it.str("owner"), path: it.path})
	}
	for _, at := range t.tables("action") {
		a := &Action{
			ID: at.str("id"), Owner: at.str("owner"), Do: at.str("do"), If: at.strs("if"),
			Due: at.date("due"), GoFirst: at.str("go_first"), Done: at.date("done"), path: at.path,
		}
		n.Actions = append(n.Actions, a)
	}
	for _, ot := range t.tables("open") {
		n.Open = append(n.Open, &Open{Text: ot.str("text"), Owner: ot.str("owner"), Due: ot.date("due"), path: ot.path})
	}
	for _, rt := range t.tables("round") {
		r := &Round{Date: rt.date("date"), Gave: rt.strs("gave"), Got: rt.strs("got"), path: rt.path}
		n.Rounds = append(n.Rounds, r)
	}
	if nt, ok := t.sub("next"); ok {
		n.Next = &Next{Date: nt.date("date"), Place: nt.str("place")}
	}
	return n
}

func (t table) party() *Party {
	p := &Party{ID: t.str("id"), Name: t.str("name"), Us: t.boolean("us"), path: t.path}
	for _, qt := range t.tables("person") {
		q := &Person{
			ID: qt.str("id"), Name: qt.str("name"), Role: qt.str("role"), Email: qt.str("email"),
			Signs: qt.boolean("signs"), Party: p, path: qt.path,
		}
		if at, ok := qt.sub("authority"); ok {
			q.Authority = &Authority{ConfirmedBy: at.str("confirmed_by"), On: at.date("on"), How: at.str("how")}
		}
		p.Persons = append(p.Persons, q)
		p.signsUnsure = p.signsUnsure || t.c.bad[qt.at("signs")]
	}
	if persons, ok := t.m["person"].([]any); ok { // inline: entries may not be tables
		for _, q := range persons {
			_, isTable := q.(map[string]any)
			p.signsUnsure = p.signsUnsure || !isTable
		}
	}
	return p
}

// table is one decoded TOML table and its path.
type table struct {
	c    *checker
	m    map[string]any
	path string
}

func (t table) at(key string) string { return t.path + "/" + escapeToken(key) }

func (t table) str(key string) string {
	switch v := t.m[key].(type) {
	case string:
		return v
	case time.Time:
		t.wrongKind(key, "`%s` must be text in quotes, not a date")
	}
	return ""
}

func (t table) date(key string) Date {
	switch v := t.m[key].(type) {
	case time.Time:
		if v.Location().String() == "date-local" {
			return DateOf(v)
		}
	case string:
		t.wrongKind(key, "`%s` must be a TOML date, written without quotes, like 2026-11-24")
	}
	return Date{}
}

// wrongKind reports a date where text belongs, or text where a date
// does: the schema sees dates as strings and cannot tell them apart.
func (t table) wrongKind(key, format string) {
	if !t.c.bad[t.at(key)] {
		t.c.structural(t.at(key), "type", format, key)
	}
}

// integer reads a whole number in the schema's range: JSON Schema counts
// 2.0 as an integer, so recap does too.
func (t table) integer(key string, def int) int {
	switch v := t.m[key].(type) {
	case int64:
		if v >= 1 && v <= 1000000 {
			return int(v)
		}
	case float64:
		if v >= 1 && v <= 1000000 && v == math.Trunc(v) {
			return int(v)
		}
	}
	return def
}

func (t table) boolean(key string) bool {
	v, _ := t.m[key].(bool)
	return v
}

// strs reads a string or an array of strings.
func (t table) strs(key string) []string {
	switch v := t.m[key].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// tables reads an array of tables, from [[key]] headers or an inline array.
func (t table) tables(key string) []table {
	var out []table
	add := func(i int, m map[string]any) {
		out = append(out, table{t.c, m, t.at(key) + "/" + strconv.Itoa(i)})
	}
	switch v := t.m[key].(type) {
	case []map[string]any:
		for i, m := range v {
			add(i, m)
		}
	case []any:
		for i, x := range v {
			if m, ok := x.(map[string]any); ok {
				add(i, m)
			}
		}
	}
	return out
}

func (t table) sub(key string) (table, bool) {
	m, ok := t.m[key].(map[string]any)
	return table{t.c, m, t.at(key)}, ok
}
