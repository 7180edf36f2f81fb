package schema

import (
	"fmt"
	"slices"
	"strings"
)

// checkPrivate enforces that the agreement, which leaves out every private
// entry, never needs one: a shared action cannot wait for a private one,
// and a private person cannot sign, own a shared entry, confirm a shared
// person's authority, or be the last shared person of their party.
func (c *checker) checkPrivate(n *Notes, actions map[string]*Action) {
	waiting := map[*Action][]string{}
	for _, a := range n.Actions {
		if a.Private {
			continue
		}
		for _, dep := range a.If {
			if d, ok := actions[dep]; ok && d.Private && !slices.Contains(waiting[d], a.ID) {
				waiting[d] = append(waiting[d], a.ID)
			}
		}
	}
	for _, d := range n.Actions {
		if ids := waiting[d]; len(ids) > 0 && !c.unsound(d.path, "private") {
			c.report(d.path+"/private", rulePrivateNeeded, "action `%s` is private, but %s, which the agreement holds, %s for it: make `%s` shared, or %s private too",
				d.ID, ticks(ids), plural(len(ids), "waits", "wait"), d.ID, plural(len(ids), "that action", "those actions"))
		}
	}
	needed := map[*Person][]string{}
	need := func(q *Person, why string) {
		if q != nil && q.Private {
			needed[q] = append(needed[q], why)
		}
	}
	for _, p := range n.Parties {
		shared := 0
		for _, q := range p.Persons {
			if q.Signs {
				need(q, "they sign it")
			}
			if !q.Private {
				shared++
				if a := q.Authority; a != nil && a.By != nil {
					need(a.By, fmt.Sprintf("they confirm the authority of `%s`", q.ID))
				}
			}
		}
		if shared == 0 && len(p.Persons) > 0 {
			need(p.Persons[0], fmt.Sprintf("%s needs at least one person in it", p.Name))
		}
	}
	for _, it := range n.Items {
		if !it.Private {
			need(it.Person, fmt.Sprintf("they own the term %q", short(it.Text)))
		}
	}
	for _, a := range n.Actions {
		if !a.Private {
			need(a.Person, fmt.Sprintf("they own the action `%s`", a.ID))
		}
	}
	for _, o := range n.Open {
		if !o.Private {
			need(o.Person, fmt.Sprintf("they own the open point %q", short(o.Text)))
		}
	}
	for _, p := range n.Parties {
		for _, q := range p.Persons {
			if why := needed[q]; len(why) > 0 && !c.unsound(q.path, "private") {
				c.report(q.path+"/private", rulePrivateNeeded, "person `%s` is private, but the agreement needs them: %s; make them shared, or what needs them private", q.ID, strings.Join(why, "; "))
			}
		}
	}
}

// ticks lists ids as `a`, `b` and `c`.
func ticks(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = "`" + id + "`"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count says how many of a thing there are, in the singular for one: "1
// error", "2 errors".
func Count(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }

// short quotes at most the first 40 characters of a text.
func short(s string) string {
	r := []rune(s)
	if len(r) <= 40 {
		return s
	}
	return string(r[:40]) + "…"
}
