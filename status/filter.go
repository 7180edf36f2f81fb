package status

import (
	"strings"

	"github.com/recaptool/recap/schema"
)

// Filter narrows a report to what concerns a party or a person, or what
// is due soon. The zero Filter keeps everything.
type Filter struct {
	// Party keeps what concerns a party whose name (or short name, or
	// registration) contains it, ignoring case: an action owned by it or
	// performed for it, an open point it owns, a signature it owes, the
	// exposure of a deal it is a party to.
	Party string
	// Person keeps what a person whose name contains it, ignoring case,
	// owns or must sign.
	Person string
	// DueBy keeps, when set, what is due on or before it, or late: a line
	// without a date (the signatures and the exposure, which describe
	// the day of the report) stays, an action without one goes, and so
	// do actions done.
	DueBy schema.Date
}

// IsZero reports whether the filter keeps everything.
func (f Filter) IsZero() bool { return f == Filter{} }

// keeps reports whether the filter keeps a line of the report.
func (f Filter) keeps(it item, asOf schema.Date) bool {
	if f.Party != "" && !anyParty(it.parties, f.Party) {
		return false
	}
	if f.Person != "" && !it.whole && !anyPerson(it.people, f.Person) {
		return false
	}
	if !f.DueBy.IsZero() && !it.undated && (it.when.IsZero() || f.DueBy.Before(it.when)) && it.section != secHold {
		return false
	}
	return true
}

// keepsAction reports whether the filter keeps an action of the full list
// (the table, the JSON, the calendar).
func (f Filter) keepsAction(a *Action) bool {
	parties := []*schema.Party{a.Person.Party}
	if a.ForParty != nil {
		parties = append(parties, a.ForParty)
	}
	switch {
	case f.Party != "" && !anyParty(parties, f.Party):
		return false
	case f.Person != "" && !contains(a.Person.Name, f.Person):
		return false
	case !f.DueBy.IsZero():
		return a.State == Held || a.State == Overdue || a.State != Done && !a.DueBy.IsZero() && !f.DueBy.Before(a.DueBy)
	}
	return true
}

// keepsDeal reports whether a deal has anything the filter could keep:
// a party, or a person, that it names.
func (f Filter) keepsDeal(n *schema.Notes) bool {
	party, person := f.Party == "", f.Person == ""
	for _, p := range n.Parties {
		party = party || partyMatches(p, f.Party)
		for _, q := range p.Persons {
			person = person || contains(q.Name, f.Person)
		}
	}
	return party && person
}

func anyParty(parties []*schema.Party, text string) bool {
	for _, p := range parties {
		if partyMatches(p, text) {
			return true
		}
	}
	return false
}

func anyPerson(people []*schema.Person, text string) bool {
	for _, q := range people {
		if contains(q.Name, text) {
			return true
		}
	}
	return false
}

func partyMatches(p *schema.Party, text string) bool {
	return contains(p.Name, text) || contains(p.Short, text) || contains(p.Registration, text)
}

// contains reports whether s contains sub, ignoring case.
func contains(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
