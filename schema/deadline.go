package schema

import (
	"strconv"
	"strings"
	"time"
)

// A Duration is a time written "Nd", "Nw", "Nm" or "Ny": N days, weeks,
// calendar months or years.
type Duration struct {
	N    int
	Unit byte // 'd', 'w', 'm' or 'y'
}

// ParseDuration reads a duration; ok is false where s is not one.
func ParseDuration(s string) (d Duration, ok bool) {
	if len(s) < 2 || len(s) > 5 {
		return Duration{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	unit := s[len(s)-1]
	if err != nil || n < 1 || s[0] == '0' || s[0] == '+' || !strings.ContainsRune("dwmy", rune(unit)) {
		return Duration{}, false
	}
	return Duration{n, unit}, true
}

// After returns the day d after the date: for months, the same day
// number N months later, or that month's last day where it has no such
// day (31 Jan + 1m is 28 or 29 Feb); years likewise.
func (d Duration) After(from Date) Date {
	switch d.Unit {
	case 'd':
		return from.AddDays(d.N)
	case 'w':
		return from.AddDays(7 * d.N)
	}
	months := d.N
	if d.Unit == 'y' {
		months = 12 * d.N
	}
	y, m := from.Year, int(from.Month)-1+months
	y, m = y+m/12, m%12
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return Date{y, time.Month(m + 1), min(from.Day, last)}
}

// Words says the duration for people: "14 days", "1 week", "12 months".
func (d Duration) Words() string {
	unit := map[byte]string{'d': "day", 'w': "week", 'm': "month", 'y': "year"}[d.Unit]
	if d.N != 1 {
		unit += "s"
	}
	return strconv.Itoa(d.N) + " " + unit
}

// WithinDuration returns the action's `within`, if it has one the schema
// accepts.
func (a *Action) WithinDuration() (Duration, bool) { return ParseDuration(a.Within) }

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
			if dur, ok := a.WithinDuration(); ok && a.Due.IsZero() {
				if start, ok := n.start(a, byID, due, done); ok {
					due[a] = dur.After(start)
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
