package schema

import (
	"fmt"
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
	for _, t := range n.ThirdParties {
		if t.ID != "" {
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
