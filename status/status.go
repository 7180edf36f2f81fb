// Package status answers, for signed notes and a date, the follow-through
// question: which actions are done, ready, blocked (and by whom) or
// overdue, and which of our actions must not be performed yet.
package status

import (
	"github.com/recaptool/recap/schema"
)

// State is where an action stands on a date.
type State string

const (
	Done    State = "done"    // a done date on or before the date
	Overdue State = "overdue" // not done, due before the date, nothing to wait for
	Blocked State = "blocked" // something it waits for is not done
	Ready   State = "ready"   // nothing to wait for, not overdue
)

// Action is one action's state.
type Action struct {
	*schema.Action
	Step     int // from 1, as in the recap
	State    State
	DaysLate int   // for Overdue: days since the due date
	Waiting  []Dep // for Blocked: what is not done yet
}

// Dep is a condition that is not done: an action, or the signing (Action nil).
type Dep struct {
	Action *schema.Action
}

// Early is one of our actions performed before something it waits for.
type Early struct {
	Action *schema.Action
	Dep    Dep
	DoneOn schema.Date // when the dependency was done; zero if it is not
}

// Report is the state of every action on a date, in sequence order.
type Report struct {
	Notes   *schema.Notes
	AsOf    schema.Date
	Actions []*Action
	Early   []Early
}

// Of computes the report for valid notes as of a date.
func Of(n *schema.Notes, asOf schema.Date) *Report {
	r := &Report{Notes: n, AsOf: asOf}
	byID := n.ActionsByID()
	doneBy := func(d schema.Date) bool { return !d.IsZero() && !asOf.Before(d) }
	for step, actions := range n.Sequence() {
		for _, a := range actions {
			s := &Action{Action: a, Step: step + 1}
			for _, id := range a.If {
				dep, when := Dep{}, n.Signed
				if id != schema.Signing {
					dep.Action = byID[id]
					when = dep.Action.Done
				}
				if !doneBy(when) {
					s.Waiting = append(s.Waiting, dep)
				}
				if a.Ours() && doneBy(a.Done) && (!doneBy(when) || a.Done.Before(when)) && dep.theirs() {
					r.Early = append(r.Early, Early{Action: a, Dep: dep, DoneOn: doneOn(when, doneBy)})
				}
			}
			s.State, s.DaysLate = state(s, asOf, doneBy)
			r.Actions = append(r.Actions, s)
		}
	}
	return r
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
		return Done, 0
	case len(s.Waiting) > 0:
		return Blocked, 0
	case !s.Due.IsZero() && s.Due.Before(asOf):
		return Overdue, s.Due.DaysUntil(asOf)
	}
	return Ready, 0
}

// theirs reports whether the dependency is an action of another party.
// The signing counts as theirs: performing before it is performing before
// they are bound.
func (d Dep) theirs() bool { return d.Action == nil || !d.Action.Ours() }

// Overdue counts the overdue actions.
func (r *Report) Overdue() int {
	n := 0
	for _, a := range r.Actions {
		if a.State == Overdue {
			n++
		}
	}
	return n
}
