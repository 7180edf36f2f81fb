package schema

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// resolveFor finds the party each action is performed for: its `for`, or
// with two parties the other one. With three or more, each of our actions
// must name it (rule for-party; that it then waits for that party is
// checked with "if you will, then I will").
func (c *checker) resolveFor(n *Notes, parties map[string]*Party) {
	var counterparts, ids []string
	for _, p := range n.Parties {
		if !p.Us && p.ID != "" {
			counterparts = append(counterparts, p.ID)
		}
		ids = append(ids, p.ID)
	}
	for _, a := range n.Actions {
		if a.Person == nil || c.unsound(a.path, "for", "owner") {
			continue
		}
		own := a.Person.Party
		switch p, ok := parties[a.For]; {
		case a.For == "" && len(n.Parties) == 2:
			for _, q := range n.Parties {
				if q != own {
					a.ForParty = q
				}
			}
		case a.For == "" && a.Ours() && len(n.Parties) > 2:
			c.report(a.path, ruleForParty, "with %d parties, our action `%s` must say which party it is performed for: add for = %q (one of `%s`)",
				len(n.Parties), a.ID, suggestFor(a, n.ActionsByID(), counterparts), strings.Join(counterparts, "`, `"))
		case a.For == "":
		case !ok && n.Person(a.For) != nil:
			q := n.Person(a.For)
			c.report(a.path+"/for", ruleForParty, "`for` names `%s`, a person of %s: it names the party an action is performed for, as in for = %q", a.For, q.Party.Name, q.Party.ID)
		case !ok:
			c.report(a.path+"/for", ruleForParty, "`for` names `%s`, which is not a party id%s", a.For, hint(a.For, ids))
		case p == own:
			c.report(a.path+"/for", ruleForParty, "`%s` is owned by %s and names it in `for`: `for` names the party that receives the action, another one", a.ID, own.Name)
		default:
			a.ForParty = p
		}
	}
}

// suggestFor picks the counterpart an action waits for, else the first.
func suggestFor(a *Action, actions map[string]*Action, counterparts []string) string {
	for _, id := range a.If {
		if d := actions[id]; d != nil && d.Person != nil && !d.Ours() {
			return d.Person.Party.ID
		}
	}
	if len(counterparts) == 0 {
		return ""
	}
	return counterparts[0]
}

// checkIfYouWill requires each of our actions to wait for an action of the
// party it is performed for (with two parties, of the other party) unless
// go_first says why we move first.
func (c *checker) checkIfYouWill(n *Notes, actions map[string]*Action) {
	many := len(n.Parties) > 2
	for _, a := range n.Actions {
		if c.unsound(a.path, "if", "go_first", "owner", "for") || !a.Ours() || strings.TrimSpace(a.GoFirst) != "" || len(a.If) == 0 {
			continue
		}
		if many && a.ForParty != nil {
			p := a.ForParty
			if !waitsFor(a, actions, func(q *Party) bool { return q == p }) {
				c.report(a.path+"/if", ruleForParty, "our action `%s` is performed for %s, but waits for no action of theirs: name one in `if`%s, or give `go_first` with the reason we move first",
					a.ID, p.Name, examples(n, func(d *Action) bool { return d.Person.Party == p }))
			}
			continue
		}
		if !waitsFor(a, actions, func(q *Party) bool { return !q.Us }) {
			c.report(a.path+"/if", ruleIfYouWill,
				"our action `%s` (%s) must wait for an action of the other party: name one of theirs in `if`%s, or give `go_first` with the reason we move first",
				a.ID, a.Person.Name, examples(n, func(d *Action) bool { return !d.Ours() }))
		}
	}
}

// waitsFor reports whether the action waits for an action of a party that
// matches, or may: a reference that is unknown is reported elsewhere.
func waitsFor(a *Action, actions map[string]*Action, match func(*Party) bool) bool {
	for _, dep := range a.If {
		if dep == Signing {
			continue
		}
		d, ok := actions[dep]
		if !ok || d.Person == nil || match(d.Person.Party) {
			return true
		}
	}
	return false
}

// examples names up to three actions that match, as " (e.g. `po`)".
func examples(n *Notes, match func(*Action) bool) string {
	var ids []string
	for _, d := range n.Actions {
		if d.Person != nil && d.ID != "" && match(d) && len(ids) < 3 {
			ids = append(ids, "`"+d.ID+"`")
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return " (e.g. " + strings.Join(ids, ", ") + ")"
}

// checkConsistency applies the rules that hold the notes' own dates and
// keys together.
func (c *checker) checkConsistency(n *Notes) {
	meeting := n.Date
	if !n.Signed.IsZero() && !c.bad["/signed"] {
		if n.Status == Draft && !c.bad["/status"] {
			c.report("/signed", ruleSignedDraft, "`signed` is set, but the recap is a draft, which is not for signature: set status = \"final\" (and `binding`), or remove `signed`")
		}
		if !meeting.IsZero() && n.Signed.Before(meeting) {
			c.report("/signed", ruleSignedEarly, "signed on %s, before the meeting of %s that it records: check both dates", n.Signed, meeting)
		}
	}
	if n.Next != nil && !n.Next.Date.IsZero() && !meeting.IsZero() && n.Next.Date.Before(meeting) {
		c.report("/next/date", ruleNextEarly, "the next meeting, %s, is before this one, %s: check both dates", n.Next.Date, meeting)
	}
	for _, a := range n.Actions {
		if a.GoFirst != "" && a.Person != nil && !a.Ours() && !c.unsound(a.path, "go_first", "owner") {
			c.report(a.path+"/go_first", ruleGoFirstTheirs, "`go_first` records why we move first, but `%s` is owned by %s of %s: remove it, or give the action to one of our people", a.ID, a.Person.Name, a.Person.Party.Name)
		}
		if !a.Due.IsZero() && a.Within != "" && !c.unsound(a.path, "within") {
			c.report(a.path+"/within", ruleDueWithin, "`%s` has both `due` and `within`: give a date, or a time after what it waits for, not both", a.ID)
		}
		c.dueEarly(a.path, a.Due, meeting)
	}
	for _, o := range n.Open {
		c.dueEarly(o.path, o.Due, meeting)
	}
}

func (c *checker) dueEarly(path string, due, meeting Date) {
	if !due.IsZero() && !meeting.IsZero() && due.Before(meeting) {
		c.report(path+"/due", ruleDueEarly, "due %s, before the meeting of %s: check the date", due, meeting)
	}
}

// checkRounds applies the method's fifth rule: small increments, each
// answered. Rounds come oldest first, before the meeting they led to.
func (c *checker) checkRounds(n *Notes) {
	maxStep := DefaultMaxStep
	if n.Limits != nil && n.Limits.MaxStep != nil {
		maxStep = *n.Limits.MaxStep
	}
	items := map[string]*Item{}
	for _, it := range n.Items {
		if it.ID != "" {
			items[it.ID] = it
		}
	}
	previous := map[string]previousMove{} // item id -> our last concession on it
	var latest Date
	for i, r := range n.Rounds {
		switch {
		case r.Date.IsZero():
		case !n.Date.IsZero() && n.Date.Before(r.Date):
			c.report(r.path+"/date", ruleRoundOrder, "round %d is dated %s, after the meeting of %s: rounds record the negotiation that led to it", i+1, r.Date, n.Date)
		case r.Date.Before(latest):
			c.report(r.path+"/date", ruleRoundOrder, "round %d is dated %s, before an earlier round (%s): list the rounds oldest first", i+1, r.Date, latest)
		}
		if latest.Before(r.Date) {
			latest = r.Date
		}
		if c.unsound(r.path, "gave", "got") {
			continue
		}
		switch {
		case len(r.Gave) > 0 && len(r.Got) == 0:
			c.report(r.path, ruleOneSidedRound, "in the round of %s we gave something and got nothing in return", r.Date)
		case len(r.Gave) > len(r.Got):
			c.report(r.path, ruleLopsidedRound, "in the round of %s we gave %s and got %d: trade one for one, in small steps", r.Date, Count(len(r.Gave), "thing", "things"), len(r.Got))
		}
		c.checkConcessions(r, items, maxStep, previous)
		for j, g := range r.Got {
			c.checkItem(g, fmt.Sprintf("%s/got/%d", r.path, j), items)
		}
	}
}

type previousMove struct {
	size float64
	date Date
}

// checkConcessions warns where one of our concessions moves a number too
// far at once, or further than our previous one on the same item.
func (c *checker) checkConcessions(r *Round, items map[string]*Item, maxStep float64, previous map[string]previousMove) {
	for j, g := range r.Gave {
		path := fmt.Sprintf("%s/gave/%d", r.path, j)
		c.checkItem(g, path, items)
		if g.From == nil || g.To == nil {
			continue
		}
		from, to := *g.From, *g.To
		size := math.Abs(to - from)
		what := fmt.Sprintf("our concession %q moved its number", g.Text)
		if it := items[g.Item]; it != nil {
			what = "we moved " + cmp.Or(it.Topic, "`"+it.ID+"`")
		}
		if rel := relative(from, to); rel > maxStep+1e-9 {
			ft := Amounts(from, to)
			c.report(path, ruleBigStep, "%s from %s to %s in one concession (%s), more than limits.max_step (%s): concede in smaller steps",
				what, ft[0], ft[1], percent(rel), percent(maxStep))
		}
		if g.Item == "" || items[g.Item] == nil {
			continue
		}
		if p, ok := previous[g.Item]; ok && size > p.size+1e-9*math.Max(1, p.size) {
			c.report(path, ruleGrowingStep, "%s by %s, more than our previous concession on it (%s, in the round of %s): each concession should be smaller than the last",
				what, Amounts(size, p.size)[0], Amounts(size, p.size)[1], p.date)
		}
		previous[g.Item] = previousMove{size, r.Date}
	}
}

// relative is how far a number moved, as a fraction of where it started;
// any move from 0 is infinitely far.
func relative(from, to float64) float64 {
	switch {
	case from == to:
		return 0
	case from == 0:
		return math.Inf(1)
	}
	return math.Abs(to-from) / math.Abs(from)
}

func percent(f float64) string {
	if math.IsInf(f, 1) {
		return "a move from 0"
	}
	return strings.TrimSuffix(strconv.FormatFloat(100*f, 'f', 1, 64), ".0") + " %"
}

// checkItem reports a concession's `item` that names no item.
func (c *checker) checkItem(g Concession, path string, items map[string]*Item) {
	if g.Item == "" || items[g.Item] != nil {
		return
	}
	ids := make([]string, 0, len(items))
	for id := range items {
		ids = append(ids, id)
	}
	c.report(path+"/item", ruleItemUnknown, "`item` names `%s`, which is not an item id%s", g.Item, hint(g.Item, ids))
}

// firstRound is the date of the earliest round, or zero.
func firstRound(n *Notes) Date {
	var first Date
	for _, r := range n.Rounds {
		if !r.Date.IsZero() && (first.IsZero() || r.Date.Before(first)) {
			first = r.Date
		}
	}
	return first
}

// checkAuthorityLate applies the method's fourth rule in time: authority is
// confirmed before negotiating, so by the first round (or, with none, by
// the meeting).
func (c *checker) checkAuthorityLate(n *Notes) {
	by, what := n.Date, "the meeting"
	if first := firstRound(n); !first.IsZero() {
		by, what = first, "the first round"
	}
	if by.IsZero() {
		return
	}
	for _, p := range n.Parties {
		if p.Us {
			continue
		}
		for _, q := range p.Persons {
			if a := q.Authority; a != nil && !a.On.IsZero() && by.Before(a.On) && !c.unsound(q.path, "authority") {
				c.report(q.path+"/authority/on", ruleAuthorityLate, "the authority of %s was confirmed on %s, after %s (%s): confirm it before negotiating, and record when", q.Name, a.On, what, by)
			}
		}
	}
}
