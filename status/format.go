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
	fmt.Fprintf(&b, "%s\nas of %s, %s\n", term.Safe(r.Notes.Title), r.AsOf.Long(), r.signedText())
	if e := r.exposureText(); e != "" {
		fmt.Fprintf(&b, "\n%s\n", term.Safe(e))
	}
	sections := r.sections()
	if len(sections) == 0 {
		b.WriteString("\nNothing is blocked or overdue.\n")
	}
	for _, s := range sections {
		fmt.Fprintf(&b, "\n%s:\n", s.title)
		for _, line := range s.lines {
			fmt.Fprintf(&b, "  %s\n", term.Safe(line))
		}
	}
	b.WriteString("\nAll actions, in sequence:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  step\taction\tstate\tdue\tdone\towner")
	for _, a := range r.Actions {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", a.Step, term.Safe(a.ID), term.Safe(a.describe()), orDash(a.DueBy), orDash(a.doneDate()), term.Safe(who(a.Action)))
	}
	tw.Flush()
	return b.Bytes()
}

// Markdown writes the report as a Markdown section.
func (r *Report) Markdown() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## Status as of %s\n\n%s, %s.\n", r.AsOf.Long(), md(r.Notes.Title), r.signedText())
	if e := r.exposureText(); e != "" {
		fmt.Fprintf(&b, "\n%s\n", md(e))
	}
	sections := r.sections()
	if len(sections) == 0 {
		b.WriteString("\nNothing is blocked or overdue.\n")
	}
	for _, s := range sections {
		fmt.Fprintf(&b, "\n**%s:**\n\n", s.title)
		for _, line := range s.lines {
			fmt.Fprintf(&b, "- %s\n", md(line))
		}
	}
	b.WriteString("\n| Step | Action | State | Due | Done | Owner |\n|---|---|---|---|---|---|\n")
	for _, a := range r.Actions {
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
func (r *Report) JSON() ([]byte, error) {
	type action struct {
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
	}
	type exposure struct {
		Delivered float64 `json:"delivered"`
		Received  float64 `json:"received"`
		Gap       float64 `json:"gap"`
		Currency  string  `json:"currency,omitempty"`
	}
	type early struct {
		ID     string `json:"id"`
		Before string `json:"before"`
		DoneOn string `json:"dependency_done,omitempty"`
	}
	out := struct {
		Title    string    `json:"title"`
		AsOf     string    `json:"as_of"`
		Signed   string    `json:"signed,omitempty"`
		Overdue  int       `json:"overdue"`
		Actions  []action  `json:"actions"`
		Early    []early   `json:"performed_early"`
		Exposure *exposure `json:"exposure,omitempty"`
	}{Title: r.Notes.Title, AsOf: r.AsOf.String(), Signed: dateOrEmpty(r.Notes.Signed), Overdue: r.Overdue(), Actions: []action{}, Early: []early{}}
	if e := r.Exposure; e != nil {
		out.Exposure = &exposure{e.Delivered, e.Received, e.Delivered - e.Received, r.Notes.Currency}
	}
	for _, a := range r.Actions {
		j := action{ID: a.ID, Status: a.State, Step: a.Step, Do: a.Do, Owner: a.Person.Name, Party: a.Person.Party.Name,
			Ours: a.Ours(), Due: dateOrEmpty(a.DueBy), Done: dateOrEmpty(a.doneDate()), DaysLate: a.DaysLate}
		for _, d := range a.Waiting {
			j.Waiting = append(j.Waiting, d.id())
		}
		for _, d := range a.LateDeps {
			j.LateDeps = append(j.LateDeps, d.ID)
		}
		out.Actions = append(out.Actions, j)
	}
	for _, e := range r.Early {
		out.Early = append(out.Early, early{ID: e.Action.ID, Before: e.Dep.id(), DoneOn: dateOrEmpty(e.DoneOn)})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	return append(b, '\n'), err
}

type section struct {
	title string
	lines []string
}

// sections are the parts of the report that call for action, most urgent
// first; empty ones are left out.
func (r *Report) sections() []section {
	var blocked, theirLate, ourLate, early []string
	for _, a := range r.Actions {
		switch {
		case a.State == Blocked && a.Delivers(): // a claim gives nothing away: never held back
			blocked = append(blocked, fmt.Sprintf("%s (%s): %s; waits for %s", a.ID, a.Person.Name, a.Do, r.waitingText(a)))
		case a.State == Overdue && a.Ours():
			ourLate = append(ourLate, fmt.Sprintf("%s (%s): %s; due %s, %s late%s", a.ID, a.Person.Name, a.Do, a.DueBy.Long(), days(a.DaysLate), a.because()))
		case a.State == Overdue:
			theirLate = append(theirLate, fmt.Sprintf("%s (%s): %s; due %s, %s late%s", a.ID, who(a.Action), a.Do, a.DueBy.Long(), days(a.DaysLate), a.because()))
		}
	}
	for _, e := range r.Early {
		when := "is not done"
		if !e.DoneOn.IsZero() {
			when = "was done only on " + e.DoneOn.Long()
		}
		early = append(early, fmt.Sprintf("%s was performed on %s, but %s %s", e.Action.ID, e.Action.Done.Long(), r.depText(e.Dep), when))
	}
	var out []section
	for _, s := range []section{
		{"Do not perform yet (our actions that are blocked)", blocked},
		{"Overdue on their side", theirLate},
		{"Overdue on our side", ourLate},
		{"Warning: we performed before they did", early},
	} {
		if len(s.lines) > 0 {
			out = append(out, s)
		}
	}
	return out
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

// exposureText says what has changed hands, or "" when nothing has a value.
func (r *Report) exposureText() string {
	e := r.Exposure
	if e == nil {
		return ""
	}
	cur := r.Notes.Currency
	gap := e.Delivered - e.Received
	if e.Delivered == 0 && e.Received == 0 {
		return "Exposure: nothing of value has changed hands yet."
	}
	where := "even"
	switch {
	case gap > 0:
		where = schema.Money(gap, cur) + " ahead of them"
	case gap < 0:
		where = schema.Money(-gap, cur) + " behind them"
	}
	return fmt.Sprintf("Exposure: we have delivered %s and received %s: %s.", schema.Money(e.Delivered, cur), schema.Money(e.Received, cur), where)
}

func (r *Report) signedText() string {
	if r.Notes.Signed.IsZero() {
		return "not signed yet"
	}
	if r.AsOf.Before(r.Notes.Signed) {
		return "to be signed on " + r.Notes.Signed.Long()
	}
	return "signed on " + r.Notes.Signed.Long()
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
