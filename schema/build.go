package schema

import (
	"math"
	"slices"
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
		Title:        t.str("title"),
		Date:         t.date("date"),
		Place:        t.str("place"),
		Summary:      t.str("summary"),
		Revision:     t.integer("revision", 1),
		Signed:       t.date("signed"),
		Status:       t.str("status"),
		Binding:      t.enum("binding", Binding, SubjectToContract),
		GoverningLaw: t.str("governing_law"),
		Currency:     t.str("currency"),
		Lang:         t.str("lang"),
	}
	if n.Status != Final {
		n.Status = Draft
	}
	if lt, ok := t.sub("limits"); ok {
		n.Limits = &Limits{MaxExposure: lt.number("max_exposure"), MaxStep: lt.number("max_step"), AuthorityMaxAge: lt.str("authority_max_age"), path: lt.path}
	}
	for _, pt := range t.tables("party") {
		n.Parties = append(n.Parties, pt.party())
	}
	for _, tt := range t.tables("third_party") {
		n.ThirdParties = append(n.ThirdParties, &ThirdParty{ID: tt.str("id"), Name: tt.str("name"), Role: tt.str("role"), ActsFor: tt.str("acts_for"), Note: tt.str("note"), path: tt.path})
	}
	for _, it := range t.tables("item") {
		n.Items = append(n.Items, &Item{
			ID: it.str("id"), Topic: it.str("topic"), Text: it.str("text"), Owner: it.str("owner"), Floor: it.number("floor"),
			Note: it.str("note"), Private: it.boolean("private"), path: it.path,
		})
	}
	for _, at := range t.tables("action") {
		n.Actions = append(n.Actions, &Action{
			ID: at.str("id"), Owner: at.str("owner"), Do: at.str("do"), If: at.strs("if"),
			Due: at.date("due"), Within: at.str("within"), For: at.str("for"), GoFirst: at.str("go_first"), Done: at.date("done"), Value: at.number("value"),
			Kind: at.enum("kind", Deliver, Claim),
			Note: at.str("note"), Private: at.boolean("private"), path: at.path,
		})
	}
	for _, ot := range t.tables("open") {
		n.Open = append(n.Open, &Open{
			Text: ot.str("text"), Owner: ot.str("owner"), Due: ot.date("due"),
			Note: ot.str("note"), Private: ot.boolean("private"), path: ot.path,
		})
	}
	for _, rt := range t.tables("round") {
		n.Rounds = append(n.Rounds, &Round{Date: rt.date("date"), Gave: rt.concessions("gave"), Got: rt.concessions("got"), With: rt.strs("with"), path: rt.path})
	}
	if nt, ok := t.sub("next"); ok {
		n.Next = &Next{Date: nt.date("date"), Place: nt.str("place")}
	}
	return n
}

func (t table) party() *Party {
	p := &Party{
		ID: t.str("id"), Name: t.str("name"), Short: t.str("short"), Us: t.boolean("us"),
		Address: t.str("address"), Registration: t.str("registration"), Lang: t.str("lang"), Note: t.str("note"), path: t.path,
	}
	for _, qt := range t.tables("person") {
		q := &Person{
			ID: qt.str("id"), Name: qt.str("name"), Role: qt.str("role"), Email: qt.str("email"),
			Signs: qt.boolean("signs"), Negotiates: qt.boolean("negotiates"), Lang: qt.str("lang"), Private: qt.boolean("private"),
			Signed: qt.date("signed"), ReportsTo: qt.str("reports_to"),
			Note: qt.str("note"), Party: p, path: qt.path,
		}
		if at, ok := qt.sub("authority"); ok {
			q.Authority = &Authority{ConfirmedBy: at.str("confirmed_by"), On: at.date("on"), How: at.str("how"), Evidence: at.str("evidence"), Limit: at.number("limit")}
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
		t.c.structural(t.at(key), ruleType, format, key)
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

// enum reads a string that must be one of values; anything else is "".
func (t table) enum(key string, values ...string) string {
	v := t.str(key)
	if slices.Contains(values, v) {
		return v
	}
	return ""
}

// number reads a number, an integer or a float, or nil.
func (t table) number(key string) *float64 {
	var f float64
	switch v := t.m[key].(type) {
	case int64:
		f = float64(v)
	case float64:
		f = v
	default:
		return nil
	}
	return &f
}

// concessions reads a round's gave or got: a string, or an array of
// strings and tables { text, item, from, to }.
func (t table) concessions(key string) []Concession {
	var out []Concession
	add := func(x any, path string) {
		switch x := x.(type) {
		case string:
			out = append(out, Concession{Text: x, Prose: true})
		case map[string]any:
			c := table{t.c, x, path}
			out = append(out, Concession{Text: c.str("text"), Item: c.str("item"), From: c.number("from"), To: c.number("to")})
		}
	}
	v := t.m[key]
	if s, ok := v.(string); ok {
		add(s, t.at(key))
	}
	for i, x := range elements(v) {
		add(x, t.at(key)+"/"+strconv.Itoa(i))
	}
	return out
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
