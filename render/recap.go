// Package render turns checked notes into the documents of a deal: the
// agreement both sides sign, drawn from the shared notes only, and the
// brief our side keeps. Each is Markdown from a template, HTML and PDF
// from that Markdown (the PDF by package render/pdf), and the agreement
// also a calendar.
package render

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/recaptool/recap/internal/shape"
	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/status"
)

// Recap is what a template sees. Every user string is a Text, which prints
// escaped; dates are preformatted ("1 Dec 2026"). For the agreement it is
// made from the shared notes, so the private fields are empty: no template
// can print what the agreement must not hold.
type Recap struct {
	Title        mdtext.Text
	Date         string
	Place        mdtext.Text
	Summary      mdtext.Text
	Revision     int
	Status       string // "draft" or "final"
	Draft        bool
	Signed       string      // when everyone signed, or ""
	Binding      string      // whether it binds, in plain words, or ""
	GoverningLaw mdtext.Text // or ""
	Fingerprint  string      // hex SHA-256 of what the document stands for: the agreement's terms (schema.Terms), the brief's notes file
	Version      string      // of recap
	Us           *Party
	Parties      []*Party
	ThirdParties []*ThirdParty
	Signatories  []*Person
	Items        []*Item
	Steps        []*Step
	// Reciprocal is set when every party does something in the sequence:
	// only then does it say "if you will, then I will".
	Reciprocal bool
	Open       []*Open
	Next       *Next
	// Num numbers the agreement's sections, so that terms (1.1) and
	// clauses can be cited: 0 for a section the recap has not.
	Num Numbers
	// ForColumn is set where the schedule says whom each obligation is
	// for: with three parties or more.
	ForColumn bool
	// Contacts are the people at the table who do not sign.
	Contacts []*Person
	// Since lists the changes from an earlier revision (--since).
	Since *Since

	// Brief is set in the brief; the fields after it are the brief's only.
	Brief bool
	// ForSignature is set in a final agreement: it gets signature fields.
	ForSignature bool
	// Agreement is the fingerprint of the agreement's shared notes.
	Agreement string
	Rounds    []*Round
	Warnings  []mdtext.Message // check's warnings, saying the entry in words: "On the step “Ship” (step 2): …"
	Limits    *Limits          // our limits, or nil
	Exposure  []*Exposure      // step by step, when actions have values
	Peak      *Peak            // where the exposure is worst, if anything is delivered ahead
	// Trajectories say where concessions took each item's number.
	Trajectories []*Trajectory
	Moves        *Moves // a final recap's next moves, or nil
}

// Moves is the brief's "Next moves": what `recap status` says of a final
// recap, as of a date, drawn from the same model (status.Report).
type Moves struct {
	AsOf string // "13 Jan 2027"
	// Recorded is set when AsOf is the last date the notes record, not
	// a date asked for.
	Recorded bool
	Signed   string // "signed on 3 Dec 2026", "not signed yet"
	Sections []*MoveSection
}

// MoveSection is one part of the next moves: "Hold", "Their move"...
type MoveSection struct {
	Title string
	Lines []mdtext.Text
}

// Numbers are the numbers of the agreement's sections, in its order:
// agreed terms, the sequence of performance, open points, the next
// meeting, binding effect and governing law.
type Numbers struct {
	Terms, Sequence, Open, Next, Binding int
}

// Exposure is where we stand after one step of the sequence, in words.
type Exposure struct {
	Step                          int
	Delivered, Received           string // in this step, "EUR 62,000", or "" for nothing
	TotalDelivered, TotalReceived string
	Gap                           string // delivered minus received so far, at the step's worst (schema.Exposure.Peak)
	Largest                       bool   // the step with the largest gap
	OverLimit                     bool   // its gap is over limits.max_exposure
	// Deliveries and Receipts are the actions behind the step's values:
	// “Ship lot 1” EUR 50,000.
	Deliveries, Receipts []mdtext.Text
}

// Limits are our own limits for the negotiation, in words.
type Limits struct {
	MaxExposure string // "EUR 70,000", or "" with no limit
	MaxStep     string // "10 %"
}

// ThirdParty is someone outside the parties, such as a registry, named
// because they confirmed someone's authority.
type ThirdParty struct {
	Name mdtext.Text
	Role mdtext.Text
	Note mdtext.Text
}

// Since is what changed since an earlier revision.
type Since struct {
	Revision int
	Changes  []mdtext.Text
}

// Party is a company at the table.
type Party struct {
	ID   mdtext.Text
	Name mdtext.Text
	// Short is the short name the agreement uses once the recital has
	// introduced the party: `short`, or the name.
	Short        mdtext.Text
	Us           bool
	Address      mdtext.Text
	Registration mdtext.Text
	Note         mdtext.Text
	Persons      []*Person
	Signatories  []*Person
}

// Person is someone at the table.
type Person struct {
	ID         mdtext.Text
	Name       mdtext.Text
	Role       mdtext.Text
	Email      mdtext.Text
	Signs      bool
	Negotiates bool
	Private    bool
	Note       mdtext.Text
	Party      *Party
	Authority  *Authority
	// NeedsAuthority is set for a counterpart who signs or negotiates and
	// whose authority to commit their company nobody has confirmed.
	NeedsAuthority bool
	// Number counts signatories from 1, in the order of the recap.
	Number int
	// Tags are the e-signature tags of a signatory, with --esign; else nil.
	Tags *Tags
	// RowStart and RowEnd place a signatory's block in the rows of two
	// the signature blocks stand in: the first of a row, the last.
	RowStart, RowEnd bool
}

// Authority says who confirmed a person's authority, and when; how and on
// what evidence, in the brief.
type Authority struct {
	By       mdtext.Text // the person's or third party's name
	Role     mdtext.Text // their role, or ""
	Of       mdtext.Text // a third party's name is By; a person's party, by its short name, here
	On       string
	How      mdtext.Text
	Evidence mdtext.Text
}

// Item is an agreed term.
type Item struct {
	Number  int
	ID      mdtext.Text
	Topic   mdtext.Text
	Text    mdtext.Text
	Owner   *Person
	Note    mdtext.Text
	Private bool
}

// Step is a group of actions that can start at the same time: step 1 starts
// at signing, step N once actions of earlier steps are done.
type Step struct {
	Number  int
	Actions []*Action
}

// Action is a commitment in the sequence of performance.
type Action struct {
	ID mdtext.Text
	Do mdtext.Text
	// Quote is what an action that waits for this one quotes of it: Do,
	// cut to at most quoteLength characters. (Quoting Do whole let one long
	// text, waited for by many, make the recap as long as their product.)
	Quote mdtext.Text
	Owner *Person
	Due   string
	Done  string
	Step  int
	Ours  bool
	// Within says when an action given `within` is due, naming what it
	// runs from: "within 14 days of “Issue a purchase order” (step 1)".
	Within mdtext.Text
	// Time is the time `within` gives, "14 days", or "".
	Time    string
	GoFirst mdtext.Text // the brief: why we move first, if we do
	Value   string      // the brief: its worth, "EUR 62,000", or ""
	Note    mdtext.Text
	Private bool
	// OnSigning is set if the action waits for the signing of the recap.
	OnSigning bool
	// Starts says when it can start: "Signing", "Step 1", "Signing and
	// steps 1 and 2".
	Starts string
	// For is the party it is performed for, where there are three parties
	// or more (with two, it is the other one); else nil.
	For *Party
	// Waits lists the actions that must be done first.
	Waits []*Action
}

// Open is a point not agreed yet.
type Open struct {
	Text    mdtext.Text
	Owner   *Person
	Due     string
	Note    mdtext.Text
	Private bool
}

// Round is one exchange of concessions: the brief's ledger.
type Round struct {
	Number int
	Date   string
	Gave   []*Concession
	Got    []*Concession
}

// Concession is one entry of a round.
type Concession struct {
	Text mdtext.Text
	// Move says how a number moved, "Price 13 → 12.40, -4.6 %", or "".
	Move mdtext.Text
}

// Next is the next meeting.
type Next struct {
	Date  string
	Place mdtext.Text
}

// Fingerprint returns the hex SHA-256 of a notes file's bytes.
func Fingerprint(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

// bindingWords states the binding value in plain words.
var bindingWords = map[string]string{
	schema.Binding:           "This recap is a binding agreement.",
	schema.SubjectToContract: "This recap records the terms agreed; it binds only once a contract is signed.",
}

// NewRecap builds the template view of valid notes. fingerprint is the
// SHA-256 of the notes the document embeds; version is recap's own.
func NewRecap(n *schema.Notes, fingerprint, version string) *Recap {
	r := &Recap{
		Title:        mdtext.Text(n.Title),
		Date:         date(n.Date),
		Place:        mdtext.Text(n.Place),
		Summary:      mdtext.Text(n.Summary),
		Revision:     n.Revision,
		Status:       n.Status,
		Draft:        n.Status != schema.Final,
		Signed:       date(n.Signed),
		Binding:      bindingWords[n.Binding],
		GoverningLaw: mdtext.Text(n.GoverningLaw),
		Fingerprint:  fingerprint,
		Version:      version,
	}
	persons := r.addParties(n)
	for _, t := range n.ThirdParties {
		r.ThirdParties = append(r.ThirdParties, &ThirdParty{Name: mdtext.Text(t.Name), Role: mdtext.Text(t.Role), Note: mdtext.Text(t.Note)})
	}
	for i, it := range n.Items {
		r.Items = append(r.Items, &Item{
			Number: i + 1, ID: mdtext.Text(it.ID), Topic: mdtext.Text(it.Topic), Text: mdtext.Text(it.Text),
			Owner: persons[it.Person], Note: mdtext.Text(it.Note), Private: it.Private,
		})
	}
	r.addSteps(n, persons)
	for _, o := range n.Open {
		r.Open = append(r.Open, &Open{Text: mdtext.Text(o.Text), Owner: persons[o.Person], Due: date(o.Due), Note: mdtext.Text(o.Note), Private: o.Private})
	}
	if n.Next != nil {
		r.Next = &Next{Date: date(n.Next.Date), Place: mdtext.Text(n.Next.Place)}
	}
	if r.Draft {
		r.Binding = draftWords // a draft never says it binds
	}
	r.number()
	r.ForColumn = len(r.Parties) > 2
	for _, p := range r.Parties {
		for _, q := range p.Persons {
			if !q.Signs {
				r.Contacts = append(r.Contacts, q)
			}
		}
	}
	for i, q := range r.Signatories {
		q.RowStart, q.RowEnd = i%2 == 0, i%2 == 1 || i == len(r.Signatories)-1
	}
	return r
}

// draftWords is what a draft says of its binding effect, whatever
// `binding` says.
const draftWords = "This recap is a draft: it binds no one. Only a final revision, once signed, can."

// number numbers the sections the recap has, in the agreement's order.
func (r *Recap) number() {
	n := 0
	next := func(has bool) int {
		if !has {
			return 0
		}
		n++
		return n
	}
	r.Num = Numbers{
		Terms:    next(len(r.Items) > 0),
		Sequence: next(len(r.Steps) > 0),
		Open:     next(len(r.Open) > 0),
		Next:     next(r.Next != nil),
		Binding:  next(true),
	}
}

// addBrief adds what only the brief shows: the ledger and the warnings.
func (r *Recap) addBrief(n *schema.Notes, agreement string, diags schema.List) {
	r.Brief, r.Agreement = true, agreement
	items := map[string]*schema.Item{}
	for _, it := range n.Items {
		items[it.ID] = it
	}
	for i, rd := range n.Rounds {
		r.Rounds = append(r.Rounds, &Round{Number: i + 1, Date: date(rd.Date), Gave: concessions(rd.Gave, items), Got: concessions(rd.Got, items)})
	}
	if l := n.Limits; l != nil {
		step := schema.DefaultMaxStep
		if l.MaxStep != nil {
			step = *l.MaxStep
		}
		r.Limits = &Limits{MaxExposure: money(l.MaxExposure, n.Currency), MaxStep: schema.Amount(100*step) + " %"}
	}
	r.addExposure(n)
	r.addTrajectories(n)
	for _, d := range diags {
		switch d.Severity {
		case schema.Warning:
			r.Warnings = append(r.Warnings, mdtext.Message(fmt.Sprintf("On %s: %s", r.entryWords(n, d.Path), d.Message)))
		case schema.Accepted:
			why := "no reason recorded"
			if d.Why != "" {
				why = "because " + d.Why
			}
			r.Warnings = append(r.Warnings, mdtext.Message(fmt.Sprintf("On %s (accepted, %s): %s", r.entryWords(n, d.Path), why, d.Message)))
		}
	}
}

// addMoves adds a final recap's next moves as of a date (zero: the last
// the notes record).
func (r *Recap) addMoves(n *schema.Notes, asOf schema.Date) {
	if n.Status != schema.Final {
		return
	}
	recorded := asOf.IsZero()
	if recorded {
		asOf = status.LastRecorded(n)
	}
	s := status.Of(n, asOf)
	r.Moves = &Moves{AsOf: asOf.Long(), Recorded: recorded, Signed: s.SignedText()}
	for _, sec := range s.Sections() {
		ms := &MoveSection{Title: sec.Title}
		for _, line := range sec.Lines {
			ms.Lines = append(ms.Lines, mdtext.Text(line))
		}
		r.Moves.Sections = append(r.Moves.Sections, ms)
	}
}

func (r *Recap) addParties(n *schema.Notes) map[*schema.Person]*Person {
	persons := map[*schema.Person]*Person{}
	// A value in a language of its own stands in an isolate, whatever its
	// script, so that the PDF and the HTML say its language (LangsOf).
	doc := LangsOf(n).doc()
	value := func(s, lang string) mdtext.Text {
		if lang != "" && lang != doc {
			return mdtext.Tagged(s)
		}
		return mdtext.Text(s)
	}
	for _, p := range n.Parties {
		party := &Party{
			ID: mdtext.Text(p.ID), Name: value(p.Name, p.Lang), Short: value(cmp.Or(p.Short, p.Name), p.Lang), Us: p.Us,
			Address: value(p.Address, p.Lang), Registration: value(p.Registration, p.Lang), Note: mdtext.Text(p.Note),
		}
		for _, q := range p.Persons {
			lang := n.Language(q)
			person := &Person{
				ID: mdtext.Text(q.ID), Name: value(q.Name, lang), Role: value(q.Role, lang), Email: mdtext.Text(q.Email),
				Signs: q.Signs, Negotiates: q.Negotiates, Private: q.Private, Note: mdtext.Text(q.Note), Party: party,
				NeedsAuthority: (q.Signs || q.Negotiates) && !p.Us && q.Authority == nil,
			}
			if a := q.Authority; a != nil {
				person.Authority = authority(n, a, value)
			}
			persons[q] = person
			party.Persons = append(party.Persons, person)
			if q.Signs {
				person.Number = len(r.Signatories) + 1
				party.Signatories = append(party.Signatories, person)
				r.Signatories = append(r.Signatories, person)
			}
		}
		if p.Us {
			r.Us = party
		}
		r.Parties = append(r.Parties, party)
	}
	return persons
}

func authority(n *schema.Notes, a *schema.Authority, value func(s, lang string) mdtext.Text) *Authority {
	out := &Authority{On: date(a.On), How: mdtext.Text(a.How), Evidence: mdtext.Text(a.Evidence)}
	switch {
	case a.By != nil:
		lang := n.Language(a.By)
		out.By, out.Role, out.Of = value(a.By.Name, lang), value(a.By.Role, lang), value(cmp.Or(a.By.Party.Short, a.By.Party.Name), a.By.Party.Lang)
	case a.Third != nil:
		out.By, out.Role = mdtext.Text(a.Third.Name), mdtext.Text(a.Third.Role)
	}
	return out
}

func (r *Recap) addSteps(n *schema.Notes, persons map[*schema.Person]*Person) {
	parties := map[*schema.Party]*Party{}
	for q, p := range persons {
		parties[q.Party] = p.Party
	}
	seq := n.Sequence()
	byID := n.ActionsByID()
	dues := n.DueDates(schema.Date{})
	actions := map[*schema.Action]*Action{}
	for i, step := range seq {
		s := &Step{Number: i + 1}
		for _, a := range step {
			act := &Action{
				ID: mdtext.Text(a.ID), Do: mdtext.Text(a.Do), Quote: mdtext.Text(quote(a.Do)), Owner: persons[a.Person], Due: date(dues[a]), Done: date(a.Done),
				Within: within(a, byID, actions), Step: i + 1, Ours: a.Ours(), Value: money(a.Value, n.Currency),
				Note: mdtext.Text(a.Note), Private: a.Private,
			}
			if dur, ok := a.WithinDuration(); ok {
				act.Time = dur.Words()
			}
			if act.Ours && a.GoFirst != schema.GoFirstWithheld {
				act.GoFirst = mdtext.Text(a.GoFirst)
			}
			for _, dep := range a.If {
				if dep == schema.Signing {
					act.OnSigning = true
				} else if d := actions[byID[dep]]; d != nil {
					act.Waits = append(act.Waits, d)
				}
			}
			act.Starts = starts(act)
			if len(n.Parties) > 2 && a.ForParty != nil {
				act.For = parties[a.ForParty]
			}
			actions[a] = act
			s.Actions = append(s.Actions, act)
		}
		r.Steps = append(r.Steps, s)
	}
	acts := map[*schema.Party]bool{}
	for _, a := range n.Actions {
		if a.Person != nil {
			acts[a.Person.Party] = true
		}
	}
	r.Reciprocal = len(n.Parties) > 0
	for _, p := range n.Parties {
		r.Reciprocal = r.Reciprocal && acts[p]
	}
}

// quoteLength is how many characters of a text another quotes at most;
// shortQuote, in a column of the schedule.
const (
	quoteLength = 80
	shortQuote  = 40
)

// quote cuts s to at most quoteLength characters (quoteN).
func quote(s string) string { return quoteN(s, quoteLength) }

// quoteN cuts s to at most n characters, between grapheme clusters, at a
// space if one is near the end, and marks the cut with an ellipsis.
func quoteN(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	starts := shape.Graphemes(r[:n+1])
	cut := n
	for !starts[cut] {
		cut--
	}
	for i := cut; i > n*3/4; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ") + "…"
}

// within says when an action given `within` is due, naming what it runs
// from: the latest step it waits for, "within 14 days of “Issue a
// purchase order” (step 1)", "within 3 weeks of the later of “A” and “B”
// (step 1)", or the signing.
func within(a *schema.Action, byID map[string]*schema.Action, actions map[*schema.Action]*Action) mdtext.Text {
	dur, ok := a.WithinDuration()
	if !ok || !a.Due.IsZero() {
		return ""
	}
	var last []*Action
	for _, id := range a.If {
		d := actions[byID[id]]
		switch {
		case d == nil:
		case len(last) == 0 || d.Step > last[0].Step:
			last = []*Action{d}
		case d.Step == last[0].Step:
			last = append(last, d)
		}
	}
	if len(last) == 0 {
		return mdtext.Text(fmt.Sprintf("within %s of the signing", dur.Words()))
	}
	quoted := make([]string, len(last))
	for i, d := range last {
		quoted[i] = "“" + quoteN(d.Do.Raw(), shortQuote) + "”"
	}
	of := quoted[0]
	if len(quoted) > 1 {
		of = "the later of " + strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
	}
	return mdtext.Text(fmt.Sprintf("within %s of %s (step %d)", dur.Words(), of, last[0].Step))
}

// starts says when an action can start: "Signing", "Step 1", "Signing
// and steps 1 and 2".
func starts(a *Action) string {
	var steps []int
	for _, w := range a.Waits {
		if !slices.Contains(steps, w.Step) {
			steps = append(steps, w.Step)
		}
	}
	slices.Sort(steps)
	var parts []string
	if a.OnSigning {
		parts = append(parts, "signing")
	}
	if len(steps) > 0 {
		words := make([]string, len(steps))
		for i, st := range steps {
			words[i] = fmt.Sprint(st)
		}
		if len(steps) == 1 {
			parts = append(parts, "step "+words[0])
		} else {
			parts = append(parts, "steps "+strings.Join(words[:len(words)-1], ", ")+" and "+words[len(words)-1])
		}
	}
	s := strings.Join(parts, " and ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// concessions shows a round's entries, with how far each moved a number.
func concessions(cs []schema.Concession, items map[string]*schema.Item) []*Concession {
	out := make([]*Concession, len(cs))
	for i, c := range cs {
		out[i] = &Concession{Text: mdtext.Text(c.Text)}
		if c.From == nil || c.To == nil {
			continue
		}
		what := c.Item
		if it := items[c.Item]; it != nil && it.Topic != "" {
			what = it.Topic
		}
		ft := schema.Amounts(*c.From, *c.To)
		move := strings.TrimSpace(what + " " + ft[0] + " → " + ft[1])
		if *c.From != 0 {
			move += ", " + strings.Replace(fmt.Sprintf("%+.1f %%", 100*(*c.To-*c.From)/math.Abs(*c.From)), "-", "−", 1)
		}
		out[i].Move = mdtext.Text(move)
	}
	return out
}

// nonzero writes an amount, or "" for none.
func nonzero(v float64, currency string) string {
	if v == 0 {
		return ""
	}
	return schema.Money(v, currency)
}

// money writes a value with its currency, "EUR 62,000", or "".
func money(v *float64, currency string) string {
	if v == nil {
		return ""
	}
	return schema.Money(*v, currency)
}

func date(d schema.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Long()
}
