package schema

import "strconv"

// WithinDays returns the days of the action's `within`, or 0 if it has
// none (or the schema refused it).
func (a *Action) WithinDays() int {
	if len(a.Within) < 2 {
		return 0
	}
	n, err := strconv.Atoi(a.Within[:len(a.Within)-1])
	if err != nil || n < 1 {
		return 0
	}
	switch a.Within[len(a.Within)-1] {
	case 'd':
		return n
	case 'w':
		return 7 * n
	}
	return 0
}

// DueDates returns when each action is due: its `due`, or for `within`
// N days after the last of its `if` is done (`signing`: after `signed`),
// and before that N days after the latest due date among those not done
// yet. Done dates after asOf have not happened yet; a zero asOf counts
// them all. An action is missing from the map when no date is known: it
// has neither key, or something it waits for has no date yet (the
// signing, before `signed`, has none). Actions caught in a cycle are
// missing too.
func (n *Notes) DueDates(asOf Date) map[*Action]Date {
	due := make(map[*Action]Date, len(n.Actions))
	byID := n.ActionsByID()
	done := func(d Date) bool { return !d.IsZero() && (asOf.IsZero() || !asOf.Before(d)) }
	for _, step := range n.Sequence() { // what an action waits for comes first
		for _, a := range step {
			if days := a.WithinDays(); days > 0 && a.Due.IsZero() {
				if start, ok := n.start(a, byID, due, done); ok {
					due[a] = start.AddDays(days)
				}
			} else if !a.Due.IsZero() {
				due[a] = a.Due
			}
		}
	}
	return due
}

// start is when the last of what a waits for is done, or expected: a done
// date, else a due date; ok is false while one of them has neither.
func (n *Notes) start(a *Action, byID map[string]*Action, due map[*Action]Date, done func(Date) bool) (Date, bool) {
	var last Date
	for _, id := range a.If {
		var when Date
		if id == Signing {
			if !done(n.Signed) {
				return Date{}, false
			}
			when = n.Signed
		} else {
			d := byID[id]
			if d == nil {
				return Date{}, false
			}
			if done(d.Done) {
				when = d.Done
			} else if when = due[d]; when.IsZero() {
				return Date{}, false
			}
		}
		if last.Before(when) {
			last = when
		}
	}
	return last, !last.IsZero()
}
