package status

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
)

// Text writes the report for a terminal: what matters first, then every
// action in sequence order.
func (r *Report) Text() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nas of %s, %s\n", term.Safe(r.Notes.Title), r.AsOf.Long(), r.SignedText())
	sections := r.Sections()
	if len(sections) == 0 {
		b.WriteString("\nNothing is held, due or blocked.\n")
	}
	for _, s := range sections {
		fmt.Fprintf(&b, "\n%s:\n", s.Title)
		for _, line := range s.Lines {
			fmt.Fprintf(&b, "  %s\n", term.Safe(line))
		}
	}
	b.WriteString("\nAll actions, in sequence:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  step\taction\tstate\tdue\tdone\towner")
	for _, a := range r.shown() {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", a.Step, term.Safe(a.ID), term.Safe(a.describe()), orDash(a.DueBy), orDash(a.doneDate()), term.Safe(who(a.Action)))
	}
	tw.Flush()
	return b.Bytes()
}

// Markdown writes the report as a Markdown section.
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## Status as of %s\n\n%s, %s.\n", r.AsOf.Long(), md(r.Notes.Title), r.SignedText())
	sections := r.Sections()
	if len(sections) == 0 {
		b.WriteString("\nNothing is held, due or blocked.\n")
	}
	for _, s := range sections {
		fmt.Fprintf(&b, "\n**%s:**\n\n", s.Title)
		for _, line := range s.Lines {
			fmt.Fprintf(&b, "- %s\n", md(line))
		}
	}
	b.WriteString("\n| Step | Action | State | Due | Done | Owner |\n|---|---|---|---|---|---|\n")
	for _, a := range r.shown() {
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", a.Step, md(a.ID+": "+a.Do),
			md(a.describe()), orDash(a.DueBy), orDash(a.doneDate()), md(who(a.Action)))
	}
	return b.Bytes()
}

// md writes user text into the Markdown report: escaped for Markdown, and
// for the terminal it is printed on.
func md(s string) string { return mdtext.Escape(term.Safe(s)) }

// JSON writes the report for programs: every action with at least its id
// and status.
func (r *Report) JSON() ([]byte, error) { return marshal(r.jsonReport()) }

func marshal(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return append(b, '\n'), err
}

type jsonAction struct {
	ID       string   `json:"id"`
	Status   State    `json:"status"`
	Step     int      `json:"step"`
	Do       string   `json:"do"`
	Owner    string   `json:"owner"`
	Party    string   `json:"party"`
	Ours     bool     `json:"ours"`
	Due      string   `json:"due,omitempty"`
	Done     string   `json:"done,omitempty"`
	DaysLate int      `json:"days_late,omitempty"`
	Waiting  []string `json:"waiting_for,omitempty"`
	LateDeps []string `json:"late_because,omitempty"`
	Held     []string `json:"held_because,omitempty"`
}

type jsonWhatIf struct {
	ID       string  `json:"id"`
	GapAfter float64 `json:"gap_after"`
}

type jsonExposure struct {
	Delivered float64      `json:"delivered"`
	Received  float64      `json:"received"`
	Gap       float64      `json:"gap"`
	Limit     *float64     `json:"limit,omitempty"`
	OpenSince string       `json:"open_since,omitempty"`
	WhatIf    []jsonWhatIf `json:"what_if"`
	Currency  string       `json:"currency,omitempty"`
}

type jsonEarly struct {
	ID     string `json:"id"`
	Before string `json:"before"`
	DoneOn string `json:"dependency_done,omitempty"`
}

// jsonDeal is one deal's report; File is set where there are many.
type jsonDeal struct {
	File     string        `json:"file,omitempty"`
	Title    string        `json:"title"`
	AsOf     string        `json:"as_of"`
	Signed   string        `json:"signed,omitempty"`
	Overdue  int           `json:"overdue"`
	Actions  []jsonAction  `json:"actions"`
	Early    []jsonEarly   `json:"performed_early"`
	Exposure *jsonExposure `json:"exposure,omitempty"`
	Missing  []string      `json:"signatures_missing"`
}

func (r *Report) jsonReport() *jsonDeal {
	out := &jsonDeal{Title: r.Notes.Title, AsOf: r.AsOf.String(), Signed: dateOrEmpty(r.Notes.Signed), Overdue: r.Overdue(), Actions: []jsonAction{}, Early: []jsonEarly{}, Missing: []string{}}
	if m := r.signaturesMissing(); m != nil {
		out.Missing = m
	}
	if e := r.Exposure; e != nil {
		out.Exposure = &jsonExposure{Delivered: e.Delivered, Received: e.Received, Gap: e.Gap(), Limit: e.Limit, OpenSince: dateOrEmpty(e.OpenSince), WhatIf: []jsonWhatIf{}, Currency: r.Notes.Currency}
		for _, w := range e.WhatIf {
			out.Exposure.WhatIf = append(out.Exposure.WhatIf, jsonWhatIf{w.Action.ID, w.GapAfter})
		}
	}
	for _, a := range r.shown() {
		j := jsonAction{ID: a.ID, Status: a.State, Step: a.Step, Do: a.Do, Owner: a.Person.Name, Party: a.Person.Party.Name,
			Ours: a.Ours(), Due: dateOrEmpty(a.DueBy), Done: dateOrEmpty(a.doneDate()), DaysLate: a.DaysLate}
		for _, d := range a.Waiting {
			j.Waiting = append(j.Waiting, d.id())
		}
		for _, d := range a.LateDeps {
			j.LateDeps = append(j.LateDeps, d.ID)
		}
		for _, d := range a.HeldBecause {
			j.Held = append(j.Held, d.ID)
		}
		out.Actions = append(out.Actions, j)
	}
	for _, e := range r.Early {
		out.Early = append(out.Early, jsonEarly{ID: e.Action.ID, Before: e.Dep.id(), DoneOn: dateOrEmpty(e.DoneOn)})
	}
	return out
}

// The sections of a report that call for action, in the order the notes
// format gives (Follow-through, as leverage): what to hold, whose move it
// is, what not to do yet, whose signature is missing, how exposed we are,
// open points due, what was performed before the signing and before what
// it waited for.
const (
	secHold = iota
	secTheirs
	secOurs
	secBlocked
	secSignatures
	secExposure
	secOpen
	secBeforeSigning
	secEarly
	numSections
)

var sectionTitles = [numSections]string{
	"Hold (ours to deliver, but they are late)",
	"Their move",
	"Our move",
	"Do not perform yet (our deliveries that wait for theirs)",
	"Signatures",
	"Exposure",
	"Open points due",
	"Performed before the signing",
	"Warning: we performed before they did",
}

// item is one line of a section, with what the filters and the ordering
// of many deals need: the date it turns on, and whom it concerns.
type item struct {
	section int
	text    string
	// when is the date the line turns on: a due date, the date of what
	// they are late on, the day a gap opened; zero when it has none.
	when schema.Date
	// undated lines (signatures, exposure) describe today: a due-date
	// filter keeps them.
	undated bool
	parties []*schema.Party  // whom it concerns: the owner's party, and the party it is for
	people  []*schema.Person // its owner, or the signatories it is about
	whole   bool             // it is about the deal as a whole (the exposure)
}

// Section is a part of the report that calls for action: "Hold", "Their
// move", and so on, with its lines.
type Section struct {
	Title string
	Lines []string
}

// Sections are the parts of the report that call for action, in the
// order of the notes format, empty ones left out. The lines are plain
// text with the notes' text in them, to be escaped where they go.
func (r *Report) Sections() []Section {
	var lines [numSections][]string
	for _, it := range r.items() {
		lines[it.section] = append(lines[it.section], it.text)
	}
	var out []Section
	for i, l := range lines {
		if len(l) > 0 {
			out = append(out, Section{sectionTitles[i], l})
		}
	}
	return out
}

// items are the lines of the report that call for action, in sections
// order, kept by the report's filter.
func (r *Report) items() []item {
	var out []item
	add := func(it item) {
		if r.Filter.keeps(it, r.AsOf) {
			out = append(out, it)
		}
	}
	counter := r.counterparties()
	act := func(sec int, a *Action, text string, when schema.Date) {
		it := item{section: sec, text: text, when: when, parties: []*schema.Party{a.Person.Party}, people: []*schema.Person{a.Person}}
		if a.ForParty != nil && a.ForParty != a.Person.Party {
			it.parties = append(it.parties, a.ForParty)
		}
		add(it)
	}
	for _, sec := range []int{secHold, secTheirs, secOurs, secBlocked} {
		for _, a := range r.Actions {
			switch {
			case sec == secHold && a.State == Held:
				act(sec, a, fmt.Sprintf("%s (%s): %s; %s", a.ID, a.Person.Name, a.Do, heldText(a)), earliestDue(a.HeldBecause))
			case sec == secBlocked && a.State == Blocked && a.Delivers(): // a claim gives nothing away: never held back
				act(sec, a, fmt.Sprintf("%s (%s): %s; waits for %s", a.ID, a.Person.Name, a.Do, r.waitingText(a)), a.DueBy)
			case sec == secOurs && (a.State == Ready || a.State == Overdue) && a.Ours():
				act(sec, a, fmt.Sprintf("%s (%s): %s; %s%s", a.ID, a.Person.Name, a.Do, r.when(a), a.because()), a.DueBy)
			case sec == secTheirs && (a.State == Ready || a.State == Overdue) && !a.Ours():
				act(sec, a, fmt.Sprintf("%s (%s): %s; %s%s", a.ID, who(a.Action), a.Do, r.when(a), a.because()), a.DueBy)
			}
		}
	}
	missing := r.signatoriesMissing()
	for _, line := range r.signatureLines() {
		it := item{section: secSignatures, text: line, undated: true, people: missing}
		for _, q := range missing {
			it.parties = append(it.parties, q.Party)
		}
		add(it)
	}
	var opened schema.Date
	if r.Exposure != nil && r.Exposure.Gap() > 0 {
		opened = r.Exposure.OpenSince
	}
	for _, line := range r.exposureLines() {
		add(item{section: secExposure, text: line, when: opened, undated: true, whole: true, parties: counter})
	}
	for _, o := range r.Notes.Open {
		if o.Due.IsZero() {
			continue
		}
		it := item{section: secOpen, text: r.openLine(o), when: o.Due}
		if o.Person != nil {
			it.parties, it.people = []*schema.Party{o.Person.Party}, []*schema.Person{o.Person}
		}
		add(it)
	}
	for _, a := range r.Actions {
		if a.State == Done && (r.Notes.Signed.IsZero() || a.Done.Before(r.Notes.Signed)) {
			act(secBeforeSigning, a, fmt.Sprintf("%s (%s): %s; done %s, before the recap was signed", a.ID, who(a.Action), a.Do, a.Done.Long()), a.Done)
		}
	}
	for _, e := range r.Early {
		when := "is not done"
		if !e.DoneOn.IsZero() {
			when = "was done only on " + e.DoneOn.Long()
		}
		it := item{section: secEarly, when: e.Action.Done, text: fmt.Sprintf("%s was performed on %s, but %s %s", e.Action.ID, e.Action.Done.Long(), r.depText(e.Dep), when),
			parties: []*schema.Party{e.Action.Person.Party}, people: []*schema.Person{e.Action.Person}}
		if e.Dep.Action != nil {
			it.parties = append(it.parties, e.Dep.Action.Person.Party)
		}
		add(it)
	}
	return out
}

// counterparties are the parties of the deal other than us.
func (r *Report) counterparties() []*schema.Party {
	var out []*schema.Party
	for _, p := range r.Notes.Parties {
		if !p.Us {
			out = append(out, p)
		}
	}
	return out
}

// heldText says why an action is held: "Contoso GmbH is 27 days late on
// pay1".
func heldText(a *Action) string {
	parts := make([]string, len(a.HeldBecause))
	for i, d := range a.HeldBecause {
		parts[i] = fmt.Sprintf("%s late on %s", days(d.DaysLate), d.ID)
	}
	return fmt.Sprintf("%s is %s", a.ForParty.Name, strings.Join(parts, " and "))
}

// when says an action's date from the report's: days left, or late.
func (r *Report) when(a *Action) string {
	switch {
	case a.DueBy.IsZero():
		return "no date"
	case a.State == Overdue:
		return fmt.Sprintf("due %s, %s late", a.DueBy.Long(), days(a.DaysLate))
	case a.DueBy == r.AsOf:
		return fmt.Sprintf("due %s, today", a.DueBy.Long())
	}
	return fmt.Sprintf("due %s, %s left", a.DueBy.Long(), days(r.AsOf.DaysUntil(a.DueBy)))
}

// signatoriesMissing lists the signatories of a final recap who have not
// signed by the report's date, where the recap is not signed yet.
func (r *Report) signatoriesMissing() []*schema.Person {
	n := r.Notes
	if n.Status != schema.Final || !n.Signed.IsZero() && !r.AsOf.Before(n.Signed) {
		return nil
	}
	var out []*schema.Person
	for _, q := range n.Signatories() {
		if q.Signed.IsZero() || r.AsOf.Before(q.Signed) {
			out = append(out, q)
		}
	}
	return out
}

// signaturesMissing names the signatories missing, for the JSON; nil when
// none is.
func (r *Report) signaturesMissing() []string {
	var names []string
	for _, q := range r.signatoriesMissing() {
		names = append(names, q.Name)
	}
	return names
}

// earliestDue is the earliest due date of actions (all of them dated).
func earliestDue(actions []*Action) schema.Date {
	var d schema.Date
	for _, a := range actions {
		if d.IsZero() || a.DueBy.Before(d) {
			d = a.DueBy
		}
	}
	return d
}

// signatureLines says whose signature a final recap still lacks, and that
// its schedule is stale once a fixed due date has passed unsigned.
func (r *Report) signatureLines() []string {
	missing := r.signaturesMissing()
	if missing == nil {
		return nil
	}
	lines := []string{"not signed yet: missing the signature of " + inWords(missing)}
	var passed []string
	for _, a := range r.Actions {
		if !a.Due.IsZero() && a.Due.Before(r.AsOf) {
			passed = append(passed, fmt.Sprintf("%s (due %s)", a.ID, a.Due.Long()))
		}
	}
	if len(passed) > 0 {
		lines = append(lines, "the schedule is stale: "+strings.Join(passed, ", ")+" fell due before the recap was signed; agree new dates")
	}
	return lines
}

// exposureLines say what has changed hands, the gap now, since when,
// against our limit, and what each ready delivery would make it.
func (r *Report) exposureLines() []string {
	e := r.Exposure
	if e == nil {
		return nil
	}
	cur := r.Notes.Currency
	var lines []string
	gap := e.Gap()
	switch {
	case e.Delivered == 0 && e.Received == 0:
		lines = append(lines, "nothing of value has changed hands yet")
	default:
		where := standing(gap, cur)
		if gap > 0 && !e.OpenSince.IsZero() {
			where += fmt.Sprintf(", since %s (%s)", e.OpenSince.Long(), days(e.OpenSince.DaysUntil(r.AsOf)))
		}
		lines = append(lines, fmt.Sprintf("we have delivered %s and received %s: %s", schema.Money(e.Delivered, cur), schema.Money(e.Received, cur), where))
	}
	if e.Limit != nil {
		state := "within it"
		if gap > *e.Limit {
			state = "over it"
		}
		lines[0] += fmt.Sprintf("; our limit is %s, %s", schema.Money(*e.Limit, cur), state)
	}
	for _, w := range e.WhatIf {
		line := fmt.Sprintf("performing %s now takes the gap from %s to %s", w.Action.ID, schema.Money(gap, cur), schema.Money(w.GapAfter, cur))
		if gap < 0 || w.GapAfter < 0 { // no negative amounts: say who is ahead
			line = fmt.Sprintf("performing %s now takes us from %s to %s", w.Action.ID, standing(gap, cur), standing(w.GapAfter, cur))
		}
		if e.Limit != nil && w.GapAfter > *e.Limit {
			line += fmt.Sprintf(", over our limit of %s", schema.Money(*e.Limit, cur))
		}
		lines = append(lines, line)
	}
	return lines
}

// standing says a gap in words: what we have delivered beyond what we
// received ("EUR 5,000 ahead of them"), or the reverse.
func standing(gap float64, cur string) string {
	switch {
	case gap > 0:
		return schema.Money(gap, cur) + " ahead of them"
	case gap < 0:
		return schema.Money(-gap, cur) + " behind them"
	}
	return "even"
}

// openLine says an open point with a due date: whose, and how long until
// or since.
func (r *Report) openLine(o *schema.Open) string {
	owner := o.Owner
	if o.Person != nil {
		owner = o.Person.Name + ", " + o.Person.Party.Name
	}
	when := fmt.Sprintf("due %s", o.Due.Long())
	switch late := o.Due.DaysUntil(r.AsOf); {
	case late > 0:
		when += fmt.Sprintf(", %s late", days(late))
	case late == 0:
		when += ", today"
	default:
		when += fmt.Sprintf(", %s left", days(-late))
	}
	return fmt.Sprintf("%s (%s): %s", o.Text, owner, when)
}

func (r *Report) waitingText(a *Action) string {
	parts := make([]string, len(a.Waiting))
	for i, d := range a.Waiting {
		parts[i] = r.depText(d)
	}
	return strings.Join(parts, " and ")
}

// depText names a dependency and whose it is.
func (r *Report) depText(d Dep) string {
	if d.Action == nil {
		return "the signing of the recap"
	}
	s := fmt.Sprintf("%s (%s", d.Action.ID, who(d.Action.Action))
	if !d.Action.DueBy.IsZero() {
		s += ", due " + d.Action.DueBy.Long()
	}
	return s + ")"
}

func (d Dep) id() string {
	if d.Action == nil {
		return schema.Signing
	}
	return d.Action.ID
}

// doneDate is the done date if it is on or before the report's date: a
// later one has not happened yet, as of then.
func (a *Action) doneDate() schema.Date {
	if a.State == Done {
		return a.Done
	}
	return schema.Date{}
}

// describe is the state with what it is waiting for or how late.
func (a *Action) describe() string {
	switch a.State {
	case Held:
		return "held: " + heldText(a)
	case Overdue:
		return fmt.Sprintf("overdue, %s late", days(a.DaysLate))
	case Done:
		if a.DaysLate > 0 {
			return fmt.Sprintf("done, %s late", days(a.DaysLate))
		}
	case Blocked:
		ids := make([]string, len(a.Waiting))
		for i, d := range a.Waiting {
			ids[i] = d.id()
		}
		return "blocked by " + strings.Join(ids, ", ")
	}
	return string(a.State)
}

// because names the lateness of others that made the action late.
func (a *Action) because() string {
	var s strings.Builder
	for _, d := range a.LateDeps {
		fmt.Fprintf(&s, "; %s, which it waits for, was done %s late (%s, %s)", d.ID, days(d.DaysLate), d.Done.Long(), who(d.Action))
	}
	return s.String()
}

// SignedText says whether and when the recap was signed, as of the
// report's date: "signed on 3 Dec 2026", "not signed yet".
func (r *Report) SignedText() string {
	if r.Notes.Signed.IsZero() {
		return "not signed yet"
	}
	if r.AsOf.Before(r.Notes.Signed) {
		return "to be signed on " + r.Notes.Signed.Long()
	}
	return "signed on " + r.Notes.Signed.Long()
}

// inWords joins names as a sentence does: "A", "A and B", "A, B and C".
func inWords(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func who(a *schema.Action) string { return a.Person.Name + ", " + a.Person.Party.Name }

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func orDash(d schema.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.Long()
}

func dateOrEmpty(d schema.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
