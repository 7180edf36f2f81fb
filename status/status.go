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
	Step     int         // from 1, as in the recap
	State    State       //
	DueBy    schema.Date // when it is due: `due`, or computed from `within`; zero if not known yet
	DaysLate int         // for Overdue: days since the due date; for Done: days done after it
	Waiting  []Dep       // for Blocked: what is not done yet
	// LateDeps are what it waits for that was done late, for an action
	// that is late itself: the lateness that made it late.
	LateDeps []*Action
	deps     []*Action // the actions it waits for
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
}

// Exposure is what has changed hands by the report's date: the values of
// our actions done, and of theirs done for us.
type Exposure struct {
	Delivered, Received float64
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
	r.Exposure = exposure(r)
	return r
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
		case a.Receives():
			e.Received += *a.Value
		}
	}
	if !valued {
		return nil
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
	case len(s.Waiting) > 0:
		return Blocked, 0
	case !s.DueBy.IsZero() && s.DueBy.Before(asOf):
		return Overdue, s.DueBy.DaysUntil(asOf)
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
