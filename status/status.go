// Package status answers, for signed notes and a date, the follow-through
// question: which actions are done, ready, blocked (and by whom) or
// overdue, and which of our actions must not be performed yet.
package status

import (
	"slices"

	"github.com/recaptool/recap/schema"
)

// State is where an action stands on a date.
type State string

const (
	Done    State = "done"    // a done date on or before the date
	Overdue State = "overdue" // not done, due before the date, nothing to wait for but its own party's steps
	Blocked State = "blocked" // something it waits for is not done
	Ready   State = "ready"   // nothing to wait for, not overdue
	Held    State = "held"    // one of our deliveries, ready or late, for a party overdue on something
)

// Action is one action's state.
type Action struct {
	*schema.Action
	Step     int         // from 1, as in the recap
	State    State       //
	DueBy    schema.Date // when it is due: `due`, or computed from `within`; zero if not known yet
	DaysLate int         // for Overdue: days since the due date; for Done: days done after it
	Waiting  []Dep       // for Blocked: what is not done yet
	// LateDeps are what it waits for that was done late, for an action
	// that is late itself: the lateness that made it late.
	LateDeps []*Action
	// HeldBecause are the overdue actions of the party a held action is
	// for.
	HeldBecause []*Action
	deps        []*Action // the actions it waits for
}

// Dep is a condition that is not done: an action, or the signing (Action nil).
type Dep struct {
	Action *Action
}

// Early is one of our actions performed before something it waits for.
type Early struct {
	Action *schema.Action
	Dep    Dep
	DoneOn schema.Date // when the dependency was done; zero if it is not
}

// Report is the state of every action on a date, in sequence order.
type Report struct {
	Notes    *schema.Notes
	AsOf     schema.Date
	Actions  []*Action
	Early    []Early
	Exposure *Exposure // nil when no action has a value
	// Filter narrows what the report shows (its lines, its list of
	// actions); the states, holds and exposure are those of the whole
	// deal.
	Filter Filter
}

// shown are the actions the filter keeps, in sequence order.
func (r *Report) shown() []*Action {
	if r.Filter.IsZero() {
		return r.Actions
	}
	var out []*Action
	for _, a := range r.Actions {
		if r.Filter.keepsAction(a) {
			out = append(out, a)
		}
	}
	return out
}

// Exposure is what has changed hands by the report's date: the values of
// our actions done, and of theirs done for us; since when the gap has been
// open; and what each of our ready deliveries would do to it.
type Exposure struct {
	Delivered, Received float64
	Limit               *float64    // limits.max_exposure, if set
	OpenSince           schema.Date // since when we have been ahead, while we are; zero otherwise
	WhatIf              []WhatIf    // our ready deliveries with a value, in sequence order
}

// Gap is how far what we have delivered is ahead of what we have received.
func (e *Exposure) Gap() float64 { return e.Delivered - e.Received }

// WhatIf is what performing one of our ready deliveries now would make
// the gap.
type WhatIf struct {
	Action   *Action
	GapAfter float64
}

// Of computes the report for valid notes as of a date.
func Of(n *schema.Notes, asOf schema.Date) *Report {
	r := &Report{Notes: n, AsOf: asOf}
	dues, byID := n.DueDates(asOf), n.ActionsByID()
	doneBy := func(d schema.Date) bool { return !d.IsZero() && !asOf.Before(d) }
	states := map[*schema.Action]*Action{}
	for step, actions := range n.Sequence() {
		for _, a := range actions {
			s := &Action{Action: a, Step: step + 1, DueBy: dues[a]}
			for _, id := range a.If {
				dep, when := Dep{}, n.Signed
				if id != schema.Signing {
					dep.Action = states[byID[id]]
					when = dep.Action.Done
					s.deps = append(s.deps, dep.Action)
				}
				if !doneBy(when) {
					s.Waiting = append(s.Waiting, dep)
				}
				if a.Delivers() && doneBy(a.Done) && (!doneBy(when) || a.Done.Before(when)) && dep.theirs() {
					r.Early = append(r.Early, Early{Action: a, Dep: dep, DoneOn: doneOn(when, doneBy)})
				}
			}
			s.State, s.DaysLate = state(s, asOf, doneBy)
			if s.DaysLate > 0 {
				s.LateDeps = lateDeps(s)
			}
			states[a] = s
			r.Actions = append(r.Actions, s)
		}
	}
	r.hold()
	r.Exposure = exposure(r)
	return r
}

// hold holds our deliveries, ready or late, for a party that is overdue on
// anything in the deal: performing them would deliver into its default.
// A claim gives nothing away and is never held.
func (r *Report) hold() {
	late := map[*schema.Party][]*Action{}
	for _, a := range r.Actions {
		if a.State == Overdue && !a.Ours() {
			late[a.Person.Party] = append(late[a.Person.Party], a)
		}
	}
	for _, a := range r.Actions {
		if (a.State == Ready || a.State == Overdue) && a.Delivers() && a.ForParty != nil && len(late[a.ForParty]) > 0 {
			a.State, a.DaysLate, a.LateDeps, a.HeldBecause = Held, 0, nil, late[a.ForParty]
		}
	}
}

// LastRecorded is the latest date the notes record: the meeting, the
// signing, a signature, an action done. A document that shows the status
// without being told a date shows it as of then, so that it is the same
// whenever it is built.
func LastRecorded(n *schema.Notes) schema.Date {
	last := n.Date
	later := func(d schema.Date) {
		if last.Before(d) {
			last = d
		}
	}
	later(n.Signed)
	for _, q := range n.Signatories() {
		later(q.Signed)
	}
	for _, a := range n.Actions {
		later(a.Done)
	}
	return last
}

// Open returns whether an action is open (not done by the report's date)
// and kept by the filter: what a calendar of the report shows.
func (r *Report) Open() func(*schema.Action) bool {
	open := map[*schema.Action]bool{}
	for _, a := range r.shown() {
		if a.State != Done {
			open[a.Action] = true
		}
	}
	return func(a *schema.Action) bool { return open[a] }
}

// Held counts the held actions.
func (r *Report) Held() int { return r.count(Held) }

// count counts the actions in a state that the filter keeps.
func (r *Report) count(s State) int {
	n := 0
	for _, a := range r.shown() {
		if a.State == s {
			n++
		}
	}
	return n
}

// lateDeps lists what the action waits for that was done late: the cause
// of its own lateness, if its due date was fixed. With `within` its date
// has moved with theirs, and their lateness explains nothing.
func lateDeps(s *Action) []*Action {
	if _, ok := s.WithinDuration(); ok && s.Due.IsZero() {
		return nil
	}
	var late []*Action
	for _, d := range s.deps {
		if d.State == Done && d.DaysLate > 0 {
			late = append(late, d)
		}
	}
	return late
}

func exposure(r *Report) *Exposure {
	var e Exposure
	valued := false
	type event struct {
		on    schema.Date
		delta float64
	}
	var events []event
	for _, a := range r.Actions {
		if a.Value == nil {
			continue
		}
		valued = true
		if a.State != Done {
			continue
		}
		switch {
		case a.Delivers():
			e.Delivered += *a.Value
			events = append(events, event{a.Done, *a.Value})
		case a.Receives():
			e.Received += *a.Value
			events = append(events, event{a.Done, -*a.Value})
		}
	}
	if !valued {
		return nil
	}
	if l := r.Notes.Limits; l != nil {
		e.Limit = l.MaxExposure
	}
	// Since when we have been ahead: the day the gap last became positive,
	// each day's deliveries and receipts taken together.
	slices.SortStableFunc(events, func(a, b event) int { return a.on.Compare(b.on) })
	gap := 0.0
	for i := 0; i < len(events); {
		day, before := events[i].on, gap
		for ; i < len(events) && events[i].on == day; i++ {
			gap += events[i].delta
		}
		switch {
		case gap > 0 && before <= 0:
			e.OpenSince = day
		case gap <= 0:
			e.OpenSince = schema.Date{}
		}
	}
	for _, a := range r.Actions {
		if a.State == Ready && a.Delivers() && a.Value != nil {
			e.WhatIf = append(e.WhatIf, WhatIf{a, e.Gap() + *a.Value})
		}
	}
	return &e
}

func doneOn(d schema.Date, doneBy func(schema.Date) bool) schema.Date {
	if doneBy(d) {
		return d
	}
	return schema.Date{}
}

func state(s *Action, asOf schema.Date, doneBy func(schema.Date) bool) (State, int) {
	switch {
	case doneBy(s.Done):
		if !s.DueBy.IsZero() && s.DueBy.Before(s.Done) {
			return Done, s.DueBy.DaysUntil(s.Done)
		}
		return Done, 0
	case len(s.Waiting) > 0 && !s.Ours() && !s.DueBy.IsZero() && s.DueBy.Before(asOf) && ownDelay(s):
		return Overdue, s.DueBy.DaysUntil(asOf) // their own delay does not excuse them
	case len(s.Waiting) > 0:
		return Blocked, 0
	case !s.DueBy.IsZero() && s.DueBy.Before(asOf):
		return Overdue, s.DueBy.DaysUntil(asOf)
	}
	return Ready, 0
}

// ownDelay reports whether everything the action still waits for is a
// step of its own party.
func ownDelay(s *Action) bool {
	for _, d := range s.Waiting {
		if d.Action == nil || d.Action.Person.Party != s.Person.Party {
			return false
		}
	}
	return true
}

// theirs reports whether the dependency is an action of another party.
// The signing counts as theirs: performing before it is performing before
// they are bound.
func (d Dep) theirs() bool { return d.Action == nil || !d.Action.Ours() }

// Overdue counts the overdue actions.
func (r *Report) Overdue() int { return r.count(Overdue) }
