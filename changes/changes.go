// Package changes lists what changed between two revisions of notes,
// semantically: an item's text or owner, actions added or removed, due
// dates moved, conditions, authority, third parties, status and revision.
package changes

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/recaptool/recap/schema"
)

// Change is one difference, in words.
type Change struct {
	Kind    string // stable: "status", "revision", "item", "action", "due", "condition", "authority", …
	Subject string // what changed, as a reader knows it: `the step “Ship the goods” (ship)`, `the term “Price” (price)`, "status"
	Text    string // how: "due date moved from 1 Dec 2026 to 5 Dec 2026 (+4 days)"
	// Weakened is set where the change weakens our position: a condition
	// removed from one of our actions, or go_first added to one; a due
	// date of theirs later or one of ours earlier; a value of theirs lower
	// or of ours higher; a confirmation of authority removed or dated
	// later; an open point added to a final recap.
	Weakened bool
	// Ref is the term or step the change is about, for a document that
	// cites it by its number; zero for other changes.
	Ref Ref
}

// A Ref is a term or a step of one of the two revisions: the new one's,
// or the old one's where it was removed.
type Ref struct {
	Kind  string // "item" or "action"; "" for none
	Index int    // the term's place among the items, from 0
	ID    string // the step's action id
	Old   bool   // of the old revision: removed since
}

// Weakened returns the changes that weaken our position.
func Weakened(cs []Change) []Change {
	var out []Change
	for _, c := range cs {
		if c.Weakened {
			out = append(out, c)
		}
	}
	return out
}

func (c Change) String() string {
	if c.Weakened {
		return "weakened: " + c.Subject + ": " + c.Text
	}
	return c.Subject + ": " + c.Text
}

// Between returns the changes from old to new, in a stable order: the
// header first, then parties, items, actions, open points, rounds and the
// next meeting, each in the new file's order, removals after. Its
// subjects name entries with their ids: it is for our eyes (the brief,
// recap diff --brief).
func Between(old, new *schema.Notes) []Change { return between(old, new, true) }

// Agreed returns the changes of what the other side reads: those between
// the shared notes of old and new, each entry named in words, with no id
// of the notes (ids are ours: they may say what we think).
func Agreed(old, new *schema.Notes) []Change {
	cs := between(schema.Shared(old), schema.Shared(new), false)
	for i := range cs {
		cs[i].Weakened = false // our judgement, not for their eyes
	}
	return cs
}

func between(old, new *schema.Notes, ids bool) []Change {
	d := differ{ids: ids}
	d.header(old, new)
	d.parties(old, new)
	d.thirdParties(old, new)
	d.items(old, new)
	d.actions(old, new)
	d.open(old, new)
	d.rounds(old, new)
	d.next(old, new)
	return d.out
}

type differ struct {
	out []Change
	ids bool // subjects name ids
	ref Ref  // what the changes added now are about
}

// named is name, with its id where subjects name ids: "Ana Souza (ana)".
func (d *differ) named(name, id string) string {
	if !d.ids || id == "" {
		return name
	}
	return name + " (" + id + ")"
}

func (d *differ) add(kind, subject, format string, args ...any) {
	d.out = append(d.out, Change{Kind: kind, Subject: subject, Text: fmt.Sprintf(format, args...), Ref: d.ref})
}

// weakens marks the changes added since n (len(d.out) before them) as
// weakening our position, if it does.
func (d *differ) weakens(n int, does bool) {
	for i := n; i < len(d.out) && does; i++ {
		d.out[i].Weakened = true
	}
}

// text reports a changed text field; field is "" where the subject says
// which it is ("title").
func (d *differ) text(kind, subject, field, old, new string) {
	if field != "" {
		field += " "
	}
	switch {
	case old == new:
	case old == "":
		d.add(kind, subject, "%sadded: %q", field, new)
	case new == "":
		d.add(kind, subject, "%sremoved (was %q)", field, old)
	default:
		d.add(kind, subject, "%schanged from %q to %q", field, old, new)
	}
}

// within reports a changed `within`, in words ("2 months").
func (d *differ) within(subject, old, new string) {
	words := func(s string) string {
		if dur, ok := schema.ParseDuration(s); ok {
			return dur.Words()
		}
		return strconv.Quote(s)
	}
	switch {
	case old == new:
	case old == "":
		d.add("due", subject, "due within added: %s", words(new))
	case new == "":
		d.add("due", subject, "due within removed (was %s)", words(old))
	default:
		d.add("due", subject, "due within changed from %s to %s", words(old), words(new))
	}
}

// compareWithin says whether the time `within` gives got longer or
// shorter; a month counts as January's 31 days, a year as 365.
func compareWithin(old, new string) (longer, shorter bool) {
	o, ok1 := schema.ParseDuration(old)
	n, ok2 := schema.ParseDuration(new)
	if !ok1 || !ok2 {
		return false, false
	}
	ref := schema.Date{Year: 2001, Month: time.January, Day: 1}
	od, nd := ref.DaysUntil(o.After(ref)), ref.DaysUntil(n.After(ref))
	return nd > od, nd < od
}

// date reports a changed date field; moved dates say by how many days.
func (d *differ) date(kind, subject, field string, old, new schema.Date) {
	switch {
	case old == new:
	case old.IsZero():
		d.add(kind, subject, "%s set to %s", field, new.Long())
	case new.IsZero():
		d.add(kind, subject, "%s removed (was %s)", field, old.Long())
	default:
		d.add(kind, subject, "%s moved from %s to %s (%s)", field, old.Long(), new.Long(), signedDays(old.DaysUntil(new)))
	}
}

func signedDays(n int) string {
	unit := "days"
	if n == 1 || n == -1 {
		unit = "day"
	}
	return fmt.Sprintf("%+d %s", n, unit)
}

func (d *differ) header(old, new *schema.Notes) {
	if old.Status != new.Status {
		d.add("status", "status", "changed from %s to %s", old.Status, new.Status)
	}
	if old.Revision != new.Revision {
		d.add("revision", "revision", "changed from %d to %d", old.Revision, new.Revision)
	}
	d.text("header", "title", "", old.Title, new.Title)
	d.date("header", "meeting", "date", old.Date, new.Date)
	d.text("header", "meeting", "place", old.Place, new.Place)
	d.text("header", "summary", "", old.Summary, new.Summary)
	d.date("signed", "signing", "signed date", old.Signed, new.Signed)
	d.text("header", "binding", "", old.Binding, new.Binding)
	d.text("header", "governing law", "", old.GoverningLaw, new.GoverningLaw)
	d.text("header", "currency", "", old.Currency, new.Currency)
	d.text("header", "language", "", old.Lang, new.Lang)
}

// byID lists what changed in a list of entries matched by id: each entry
// of new added (added) or as it was (changed), in new's order, then those
// of old gone from new.
func byID[T any](d *differ, kind string, old, new []T, id, subject func(T) string, added func(string, T), changed func(string, T, T)) {
	oldByID, newByID := index(old, id), index(new, id)
	for _, e := range new {
		if o, ok := oldByID[id(e)]; ok {
			changed(subject(e), o, e)
		} else {
			added(subject(e), e)
		}
	}
	for _, e := range old {
		if _, ok := newByID[id(e)]; !ok {
			d.add(kind, subject(e), "removed")
		}
	}
}

func (d *differ) parties(old, new *schema.Notes) {
	byID(d, "party", old.Parties, new.Parties, func(p *schema.Party) string { return p.ID },
		func(p *schema.Party) string { return d.named("the party "+p.Name, p.ID) },
		func(subject string, p *schema.Party) { d.add("party", subject, "added: %s", p.Name) },
		func(subject string, o, p *schema.Party) {
			d.text("party", subject, "name", o.Name, p.Name)
			d.text("party", subject, "short name", o.Short, p.Short)
			d.text("party", subject, "address", o.Address, p.Address)
			d.text("party", subject, "registration", o.Registration, p.Registration)
			d.text("party", subject, "language", o.Lang, p.Lang)
			d.text("party", subject, "note", o.Note, p.Note)
			d.persons(o, p)
		})
}

func (d *differ) persons(old, new *schema.Party) {
	byID(d, "person", old.Persons, new.Persons, func(q *schema.Person) string { return q.ID },
		func(q *schema.Person) string { return d.named(q.Name, q.ID) },
		func(subject string, q *schema.Person) {
			d.add("person", subject, "added: %s, %s", q.Name, new.Name)
			d.authority(subject, nil, q.Authority)
		},
		func(subject string, o, q *schema.Person) {
			d.text("person", subject, "name", o.Name, q.Name)
			d.text("person", subject, "role", o.Role, q.Role)
			d.text("person", subject, "email", o.Email, q.Email)
			d.flag("person", subject, "signs", o.Signs, q.Signs)
			d.flag("person", subject, "negotiates", o.Negotiates, q.Negotiates)
			d.date("person", subject, "signed date", o.Signed, q.Signed)
			d.text("person", subject, "reports to", o.ReportsTo, q.ReportsTo)
			d.text("person", subject, "language", o.Lang, q.Lang)
			d.flag("person", subject, "private", o.Private, q.Private)
			d.text("person", subject, "note", o.Note, q.Note)
			d.authority(subject, o.Authority, q.Authority)
		})
}

// thirdParties reports third parties (a registry, a notary) added,
// changed or removed: the agreement names them where they confirmed an
// authority.
func (d *differ) thirdParties(old, new *schema.Notes) {
	byID(d, "third_party", old.ThirdParties, new.ThirdParties, func(t *schema.ThirdParty) string { return t.ID },
		func(t *schema.ThirdParty) string { return d.named("the third party "+t.Name, t.ID) },
		func(subject string, t *schema.ThirdParty) { d.add("third_party", subject, "added: %s", t.Name) },
		func(subject string, o, t *schema.ThirdParty) {
			d.text("third_party", subject, "name", o.Name, t.Name)
			d.text("third_party", subject, "role", o.Role, t.Role)
			d.text("third_party", subject, "acts for", o.ActsFor, t.ActsFor)
			d.text("third_party", subject, "note", o.Note, t.Note)
		})
}

// step names an action as a reader knows it: what is done, quoted (at
// most 60 characters), and its id where subjects name ids.
func (d *differ) step(a *schema.Action) string {
	return d.named("the step “"+short(a.Do)+"”", a.ID)
}

// waitFor names what an action waits for: the signing, or another step.
func (d *differ) waitFor(n *schema.Notes, id string) string {
	if id == schema.Signing {
		return "the signing"
	}
	if a := n.ActionsByID()[id]; a != nil {
		return d.step(a)
	}
	return d.named("another step", id)
}

// party names the party an action says it is performed for, "" if it
// does not say.
func (d *differ) party(a *schema.Action) string {
	if a.For == "" || a.ForParty == nil {
		return a.For
	}
	return d.named(shortName(a.ForParty), a.ForParty.ID)
}

// short cuts a text to at most 60 characters, with an ellipsis: at the
// last space if there is one in the last quarter, so that no name or word
// is cut in the middle, and never before a combining mark.
func short(s string) string {
	r := []rune(s)
	if len(r) <= 60 {
		return s
	}
	cut := 59
	for i := cut; i > 45; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	for cut > 1 && unicode.Is(unicode.M, r[cut]) {
		cut--
	}
	return strings.TrimSpace(string(r[:cut])) + "…"
}

// flags says a yes-or-no field changed in words: "now signs", "no longer
// signs"; private: "now private", "now shared".
var flags = map[string][2]string{
	"signs":      {"no longer signs", "now signs"},
	"negotiates": {"no longer negotiates", "now negotiates"},
	"private":    {"now shared", "now private"},
}

func (d *differ) flag(kind, subject, field string, old, new bool) {
	if old != new {
		words := flags[field]
		if new {
			d.add(kind, subject, "%s", words[1])
		} else {
			d.add(kind, subject, "%s", words[0])
		}
	}
}

func (d *differ) authority(subject string, old, new *schema.Authority) {
	describe := func(a *schema.Authority) string {
		by := a.ConfirmedBy
		switch {
		case a.By != nil:
			by = owner(a.By)
		case a.Third != nil:
			by = a.Third.Name
		}
		s := fmt.Sprintf("confirmed by %s on %s", by, a.On.Long())
		if a.How != "" {
			s += ", by " + a.How
		}
		if a.Evidence != "" {
			s += ", evidence: " + a.Evidence
		}
		return s
	}
	n := len(d.out)
	switch {
	case old == nil && new == nil:
	case old == nil:
		d.add("authority", subject, "authority added: %s", describe(new))
	case new == nil:
		d.add("authority", subject, "authority removed (was %s)", describe(old))
		d.weakens(n, true)
	case old.ConfirmedBy != new.ConfirmedBy || old.On != new.On || old.How != new.How || old.Evidence != new.Evidence:
		d.add("authority", subject, "authority changed from %s to %s", describe(old), describe(new))
		d.weakens(n, old.On.Before(new.On))
	}
}

// items match by id, else by topic, else by position among the unmatched.
func (d *differ) items(old, new *schema.Notes) {
	key := func(it *schema.Item, i int) string {
		switch {
		case it.ID != "":
			return "id:" + it.ID
		case it.Topic != "":
			return "topic:" + it.Topic
		}
		return fmt.Sprintf("#%d", i+1)
	}
	name := func(it *schema.Item, i int) string {
		what := fmt.Sprintf("agreed term %d", i+1)
		if it.Topic != "" {
			what = "the term “" + it.Topic + "”"
		}
		return d.named(what, it.ID)
	}
	oldByKey := map[string]*schema.Item{}
	for i, it := range old.Items {
		oldByKey[key(it, i)] = it
	}
	seen := map[string]bool{}
	defer func() { d.ref = Ref{} }()
	for i, it := range new.Items {
		d.ref = Ref{Kind: "item", Index: i}
		k, subject := key(it, i), name(it, i)
		seen[k] = true
		o, ok := oldByKey[k]
		if !ok {
			d.add("item", subject, "added: %q (owner %s)", it.Text, owner(it.Person))
			continue
		}
		d.text("item", subject, "wording", o.Text, it.Text)
		d.text("item", subject, "topic", o.Topic, it.Topic)
		d.text("item", subject, "note", o.Note, it.Note)
		d.flag("item", subject, "private", o.Private, it.Private)
		if o.Owner != it.Owner {
			d.add("item", subject, "owner changed from %s to %s", owner(o.Person), owner(it.Person))
		}
	}
	for i, it := range old.Items {
		if !seen[key(it, i)] {
			d.ref = Ref{Kind: "item", Index: i, Old: true}
			d.add("item", name(it, i), "removed (was %q)", it.Text)
		}
	}
}

func (d *differ) actions(old, new *schema.Notes) {
	oldActions := index(old.Actions, func(a *schema.Action) string { return a.ID })
	newActions := index(new.Actions, func(a *schema.Action) string { return a.ID })
	defer func() { d.ref = Ref{} }()
	for _, a := range new.Actions {
		d.ref = Ref{Kind: "action", ID: a.ID}
		subject := d.step(a)
		o, ok := oldActions[a.ID]
		if !ok {
			d.add("action", subject, "added, by %s%s", owner(a.Person), dueText(a.Due))
			continue
		}
		d.text("action", subject, "what is done", o.Do, a.Do)
		d.text("action", subject, "kind", o.Kind, a.Kind)
		if o.Owner != a.Owner {
			d.add("action", subject, "owner changed from %s to %s", owner(o.Person), owner(a.Person))
		}
		n := len(d.out)
		d.date("due", subject, "due date", o.Due, a.Due)
		later := !o.Due.IsZero() && (a.Due.IsZero() || o.Due.Before(a.Due))
		earlier := !a.Due.IsZero() && (o.Due.IsZero() || a.Due.Before(o.Due))
		d.weakens(n, a.Ours() && earlier || !a.Ours() && later)
		n = len(d.out)
		d.within(subject, o.Within, a.Within)
		longer, shorter := compareWithin(o.Within, a.Within)
		d.weakens(n, a.Ours() && shorter || !a.Ours() && longer)
		d.text("action", subject, "performed for", d.party(o), d.party(a))
		for _, c := range a.If {
			if !slices.Contains(o.If, c) {
				d.add("condition", subject, "now also waits for %s", d.waitFor(new, c))
			}
		}
		// A condition removed weakens our action only where it now waits
		// for fewer of their steps than before: one of theirs renamed or
		// replaced by another is not.
		removed, added := gates(old, o, a.If), gates(new, a, o.If)
		for _, c := range o.If {
			if !slices.Contains(a.If, c) {
				n := len(d.out)
				d.add("condition", subject, "no longer waits for %s", d.waitFor(old, c))
				d.weakens(n, a.Ours() && removed > added)
			}
		}
		n = len(d.out)
		d.text("action", subject, "why we move first", o.GoFirst, a.GoFirst)
		d.weakens(n, a.Ours() && o.GoFirst == "" && a.GoFirst != "")
		d.date("done", subject, "done date", o.Done, a.Done)
		if !sameNumber(o.Value, a.Value) {
			n := len(d.out)
			d.add("action", subject, "value changed from %s to %s", number(o.Value), number(a.Value))
			higher := valueOf(a.Value) > valueOf(o.Value)
			d.weakens(n, a.Ours() && higher || !a.Ours() && !higher)
		}
		d.text("action", subject, "note", o.Note, a.Note)
		d.flag("action", subject, "private", o.Private, a.Private)
	}
	for _, a := range old.Actions {
		if _, ok := newActions[a.ID]; !ok {
			d.ref = Ref{Kind: "action", ID: a.ID, Old: true}
			d.add("action", d.step(a), "removed (owner %s)", owner(a.Person))
		}
	}
}

func (d *differ) open(old, new *schema.Notes) {
	oldOpen := index(old.Open, func(o *schema.Open) string { return o.Text })
	newOpen := index(new.Open, func(o *schema.Open) string { return o.Text })
	for _, o := range new.Open {
		prev, ok := oldOpen[o.Text]
		if !ok {
			n := len(d.out)
			d.add("open", "open point", "added: %q (owner %s)", o.Text, owner(o.Person))
			d.weakens(n, new.Status == schema.Final && !o.Private)
			continue
		}
		if prev.Owner != o.Owner {
			d.add("open", fmt.Sprintf("open point %q", o.Text), "owner changed from %s to %s", owner(prev.Person), owner(o.Person))
		}
		d.date("open", fmt.Sprintf("open point %q", o.Text), "due date", prev.Due, o.Due)
		d.text("open", fmt.Sprintf("open point %q", o.Text), "note", prev.Note, o.Note)
		d.flag("open", fmt.Sprintf("open point %q", o.Text), "private", prev.Private, o.Private)
	}
	for _, o := range old.Open {
		if _, ok := newOpen[o.Text]; !ok {
			d.add("open", "open point", "closed or removed: %q", o.Text)
		}
	}
}

func (d *differ) rounds(old, new *schema.Notes) {
	for i := len(old.Rounds); i < len(new.Rounds); i++ {
		r := new.Rounds[i]
		d.add("round", fmt.Sprintf("round %d", i+1), "added (%s): we gave %s; we got %s", r.Date.Long(), list(r.Gave), list(r.Got))
	}
	for i := len(new.Rounds); i < len(old.Rounds); i++ {
		d.add("round", fmt.Sprintf("round %d", i+1), "removed")
	}
	for i := range min(len(old.Rounds), len(new.Rounds)) {
		o, n := old.Rounds[i], new.Rounds[i]
		if o.Date != n.Date || !sameConcessions(o.Gave, n.Gave) || !sameConcessions(o.Got, n.Got) {
			d.add("round", fmt.Sprintf("round %d", i+1), "changed: we gave %s; we got %s", list(n.Gave), list(n.Got))
		}
	}
}

func (d *differ) next(old, new *schema.Notes) {
	var od, nd schema.Date
	var op, np string
	if old.Next != nil {
		od, op = old.Next.Date, old.Next.Place
	}
	if new.Next != nil {
		nd, np = new.Next.Date, new.Next.Place
	}
	d.date("next", "next meeting", "date", od, nd)
	d.text("next", "next meeting", "place", op, np)
}

func index[T any](xs []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(xs))
	for _, x := range xs {
		if _, dup := m[key(x)]; !dup {
			m[key(x)] = x
		}
	}
	return m
}

func owner(p *schema.Person) string {
	if p == nil {
		return "nobody"
	}
	return p.Name + " (" + shortName(p.Party) + ")"
}

// shortName is the name a party goes by after the agreement's recital:
// its short name, or its name.
func shortName(p *schema.Party) string {
	if p.Short != "" {
		return p.Short
	}
	return p.Name
}

func dueText(d schema.Date) string {
	if d.IsZero() {
		return ""
	}
	return ", due " + d.Long()
}

func list(cs []schema.Concession) string {
	if len(cs) == 0 {
		return "nothing"
	}
	q := make([]string, len(cs))
	for i, c := range cs {
		q[i] = fmt.Sprintf("%q", c.Text)
	}
	return strings.Join(q, ", ")
}

func sameConcessions(a, b []schema.Concession) bool {
	return slices.EqualFunc(a, b, func(x, y schema.Concession) bool {
		return x.Text == y.Text && x.Item == y.Item && sameNumber(x.From, y.From) && sameNumber(x.To, y.To)
	})
}

func number(v *float64) string {
	if v == nil {
		return "none"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func sameNumber(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func valueOf(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}

// gates counts the conditions of action a, in notes n, not in others, that
// hold it back for the other side: actions not ours (the signing, which
// both sides do, is no step of theirs).
func gates(n *schema.Notes, a *schema.Action, others []string) int {
	byID := n.ActionsByID()
	count := 0
	for _, c := range a.If {
		if slices.Contains(others, c) {
			continue
		}
		if d := byID[c]; d != nil && !d.Ours() {
			count++
		}
	}
	return count
}
