package schema

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// checkAuthority applies the method's fourth rule: each counterpart who
// signs or negotiates was confirmed as able to commit their company by
// another person of their company or by a third party, named by id. The
// first edition took free text; a diagnostic says what to write instead.
func (c *checker) checkAuthority(n *Notes) {
	thirds := map[string]*ThirdParty{}
	for _, t := range n.ThirdParties {
		thirds[t.ID] = t
	}
	for _, p := range n.Parties {
		signs := false
		for _, q := range p.Persons {
			signs = signs || q.Signs
			if c.unsound(q.path, "signs", "negotiates", "authority") {
				continue
			}
			if !p.Us && (q.Signs || q.Negotiates) && q.Authority == nil {
				what := "signatory"
				if !q.Signs {
					what = "negotiator"
				}
				c.report(q.path, ruleAuthorityMissing, "%s %s (`%s`) has no `authority`: record who, other than them, confirmed they may commit %s (a person of %s or a [[third_party]], by id), and when", what, q.Name, q.ID, p.Name, p.Name)
			}
			if q.Authority != nil {
				c.resolveConfirmer(n, q, thirds)
			}
		}
		if !signs && len(p.Persons) > 0 && !p.signsUnsure {
			c.report(p.path, ruleNoSignatory, "party `%s` has no signatory: set `signs = true` on the person who signs for %s", p.ID, p.Name)
		}
	}
	c.checkAuthorityLate(n)
	c.checkReportsTo(n)
	c.checkConfirmations(n)
	c.checkNegotiators(n)
}

// checkReportsTo resolves `reports_to`, `acts_for` and the like: ids of a
// person of the same party, of a party.
func (c *checker) checkReportsTo(n *Notes) {
	for _, p := range n.Parties {
		for _, q := range p.Persons {
			if q.ReportsTo == "" || c.unsound(q.path, "reports_to") {
				continue
			}
			if r := n.Person(q.ReportsTo); r == nil || r.Party != p || r == q {
				var ids []string
				for _, o := range p.Persons {
					if o != q && o.ID != "" {
						ids = append(ids, o.ID)
					}
				}
				c.report(q.path+"/reports_to", ruleAuthorityUnknown, "`reports_to` names `%s`, which is not another person of %s%s", q.ReportsTo, p.Name, hint(q.ReportsTo, ids))
			}
		}
	}
	ids := make([]string, 0, len(n.Parties))
	for _, p := range n.Parties {
		ids = append(ids, p.ID)
	}
	for _, t := range n.ThirdParties {
		if t.ActsFor != "" && !slices.Contains(ids, t.ActsFor) && !c.unsound(t.path, "acts_for") {
			c.report(t.path+"/acts_for", ruleAuthorityUnknown, "`acts_for` names `%s`, which is not a party id%s", t.ActsFor, hint(t.ActsFor, ids))
		}
	}
}

// reportsTo reports whether a reports to b, directly or through others,
// up to maxLine levels up (no organisation has that many; the bound keeps
// a hostile file's check linear).
func (n *Notes) reportsTo(a, b *Person) bool {
	seen := map[*Person]bool{}
	for x := a; x != nil && !seen[x] && len(seen) < maxLine; {
		seen[x] = true
		next := n.Person(x.ReportsTo)
		if next == nil || next.Party != x.Party {
			return false
		}
		if next == b {
			return true
		}
		x = next
	}
	return false
}

// maxLine is how many levels of `reports_to` reportsTo follows.
const maxLine = 64

// checkConfirmations holds each confirmation of authority to what makes
// it worth something: independent of the person confirmed, outside any
// cycle, within the person's limit, and recent.
func (c *checker) checkConfirmations(n *Notes) {
	maxAge := DefaultAuthorityMaxAge
	if n.Limits != nil && n.Limits.AuthorityMaxAge != "" && !c.unsound(n.Limits.path, "authority_max_age") {
		maxAge = n.Limits.AuthorityMaxAge
	}
	age, _ := ParseDuration(maxAge)
	by, what := n.Date, "the meeting"
	if first := firstRound(n); !first.IsZero() {
		by, what = first, "the first round"
	}
	inCycle := map[*Person]bool{}
	for _, p := range n.Parties {
		if p.Us {
			continue
		}
		committed, valued := 0.0, false
		for _, a := range n.Actions {
			if a.Person != nil && a.Person.Party == p && a.Value != nil {
				committed += *a.Value
				valued = true
			}
		}
		for _, q := range p.Persons {
			a := q.Authority
			if a == nil || c.unsound(q.path, "authority") {
				continue
			}
			path := q.path + "/authority"
			if a.By != nil && n.reportsTo(a.By, q) {
				c.report(path+"/confirmed_by", ruleAuthoritySubordinate, "the authority of %s is confirmed by %s, who reports to them (`reports_to`): someone who answers to a person cannot confirm that person's authority; have it confirmed by someone they report to, or by a [[third_party]]", q.Name, a.By.Name)
			}
			if a.By != nil && !inCycle[q] {
				if cycle := confirmationCycle(q); cycle != nil {
					names := make([]string, len(cycle))
					for i, x := range cycle {
						inCycle[x] = true
						names[i] = x.Name
					}
					c.report(path+"/confirmed_by", ruleAuthorityCircular, "confirmations of authority go round in a circle (%s, then %s again): each vouches for the other, which confirms neither; have one of them confirmed from outside it, by a superior or a [[third_party]]", strings.Join(names, " confirmed by "), names[0])
				}
			}
			if a.Limit != nil && valued && committed > *a.Limit && !c.unsound(path, "limit") {
				c.report(path+"/limit", ruleAuthorityLimit, "%s may commit %s up to %s, but its actions here are worth %s: have someone with a higher limit sign, or the limit confirmed higher", q.Name, p.Name, Money(*a.Limit, n.Currency), Money(committed, n.Currency))
			}
			if !a.On.IsZero() && !by.IsZero() && age.N > 0 && age.After(a.On).Before(by) {
				c.report(path+"/on", ruleAuthorityStale, "the authority of %s was confirmed on %s, more than %s before %s (%s): confirm it again before negotiating, or set limits.authority_max_age", q.Name, a.On, age.Words(), what, by)
			}
		}
	}
}

// confirmationCycle returns the people whose confirmations lead from q
// back to q, starting with q, or nil.
func confirmationCycle(q *Person) []*Person {
	var path []*Person
	seen := map[*Person]bool{}
	for x := q; x != nil && x.Authority != nil; x = x.Authority.By {
		if x == q && len(path) > 0 {
			return path
		}
		if seen[x] {
			return nil // a cycle that q only leads into
		}
		seen[x] = true
		path = append(path, x)
	}
	return nil
}

// checkNegotiators holds the people named in a round's `with` to the same
// standard as signatories: a counterpart, whose authority is confirmed.
func (c *checker) checkNegotiators(n *Notes) {
	for _, r := range n.Rounds {
		if c.unsound(r.path, "with") {
			continue
		}
		for i, id := range r.With {
			q := n.Person(id)
			path := fmt.Sprintf("%s/with/%d", r.path, i)
			switch {
			case q == nil || q.Party.Us:
				var ids []string
				for _, p := range n.Parties {
					for _, o := range p.Persons {
						if !p.Us && o.ID != "" {
							ids = append(ids, o.ID)
						}
					}
				}
				c.report(path, ruleNegotiatorUnconfirmed, "`with` names `%s`, who is not a person of the other side%s", id, hint(id, ids))
			case !q.Signs && !q.Negotiates || q.Authority == nil:
				c.report(path, ruleNegotiatorUnconfirmed, "we negotiated with %s (`%s`) in the round of %s, but their authority is not confirmed: set negotiates = true on them and record their `authority`", q.Name, id, r.Date)
			}
		}
	}
}

// resolveConfirmer finds who confirmed q's authority and reports whoever
// cannot: an unknown id or free text, one of our people, q themself.
func (c *checker) resolveConfirmer(n *Notes, q *Person, thirds map[string]*ThirdParty) {
	a := q.Authority
	by := a.ConfirmedBy
	path := q.path + "/authority/confirmed_by"
	if by == "" {
		return // missing or wrong: the schema has said so
	}
	if t, ok := thirds[by]; ok {
		if us := n.Us(); us != nil && t.ActsFor != "" && t.ActsFor == us.ID && !q.Party.Us {
			c.report(path, ruleAuthorityOurs, "`%s` is %s, which acts for us (`acts_for`): the authority of %s must be confirmed independently of us, by someone of %s or by an independent [[third_party]] (a registry, a notary)%s", by, t.Name, q.Name, q.Party.Name, c.confirmers(n, q, ""))
			return
		}
		a.Third = t
		return
	}
	who := n.Person(by)
	switch {
	case who == q:
		c.report(path, ruleAuthoritySelf, "the authority of %s is confirmed by %s themself; it must be confirmed by someone else of %s, or by a [[third_party]]", q.Name, q.Name, q.Party.Name)
	case who != nil && who.Party.Us && !q.Party.Us:
		c.report(path, ruleAuthorityOurs, "`%s` is %s, one of our people: the authority of %s must be confirmed by someone of %s or by a [[third_party]], not by us%s", by, who.Name, q.Name, q.Party.Name, c.confirmers(n, q, ""))
	case who != nil && who.Party == q.Party:
		a.By = who
	case who != nil:
		c.report(path, ruleAuthorityUnknown, "`%s` is %s, of %s: the authority of %s is confirmed by someone of %s or by a [[third_party]]%s", by, who.Name, who.Party.Name, q.Name, q.Party.Name, c.confirmers(n, q, ""))
	case !isIDLike(by):
		c.report(path, ruleAuthorityUnknown, "`confirmed_by` is %q, free text; since the second edition of the notes format it names who confirmed by id: a person of %s or a [[third_party]]%s", by, q.Party.Name, c.confirmers(n, q, by))
	default:
		c.report(path, ruleAuthorityUnknown, "`confirmed_by` names `%s`, which is neither a person of %s nor a [[third_party]]%s", by, q.Party.Name, c.confirmers(n, q, by))
	}
}

// confirmers suggests who could confirm q's authority: the person whose
// name or id the text names, else the ids of q's colleagues and of the
// third parties.
func (c *checker) confirmers(n *Notes, q *Person, text string) string {
	var ids []string
	for _, o := range q.Party.Persons {
		if o != q && o.ID != "" {
			ids = append(ids, o.ID)
			if text != "" && mentions(text, o.Name) {
				return fmt.Sprintf("; write confirmed_by = %q (%s)", o.ID, o.Name)
			}
		}
	}
	us := n.Us()
	for _, t := range n.ThirdParties {
		if t.ID != "" && (us == nil || t.ActsFor != us.ID) {
			ids = append(ids, t.ID)
			if text != "" && mentions(text, t.Name) {
				return fmt.Sprintf("; write confirmed_by = %q (%s)", t.ID, t.Name)
			}
		}
	}
	if text != "" {
		if h := hint(text, ids); strings.HasPrefix(h, "; did you mean") {
			return h
		}
	}
	if len(ids) == 0 {
		return fmt.Sprintf("; add the person who confirmed it to %s, or a [[third_party]]", q.Party.Name)
	}
	known := "; known: `" + strings.Join(ids, "`, `") + "`"
	if text != "" { // a name we do not know: maybe someone outside
		known += "; or add who confirmed it as a [[third_party]] and name its id"
	}
	return known
}

// mentions reports whether text contains name, ignoring case and spacing.
func mentions(text, name string) bool {
	return name != "" && strings.Contains(normalize(text), normalize(name))
}

func normalize(s string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
}

// isIDLike reports whether s could be an id: no spaces or punctuation
// that ids in practice never hold.
func isIDLike(s string) bool {
	return !strings.ContainsAny(s, " ,;()") && strings.TrimSpace(s) == s
}
