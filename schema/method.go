package schema

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
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
		if c.unsound(a.path, "if", "go_first", "owner", "for", "kind") || !a.Delivers() || strings.TrimSpace(a.GoFirst) != "" || len(a.If) == 0 {
			continue // a claim gives nothing away: it may wait for anything
		}
		if many && a.ForParty != nil {
			p := a.ForParty
			if !waitsFor(a, actions, func(q *Party) bool { return q == p }) {
				c.report(a.path+"/if", ruleForParty, "our action `%s` is performed for %s, but waits for no action of theirs: name one in `if`%s, or give `go_first` with the reason we move first",
					a.ID, p.Name, examples(n, a, actions, func(d *Action) bool { return d.Person.Party == p }))
			}
			continue
		}
		if !waitsFor(a, actions, func(q *Party) bool { return !q.Us }) {
			c.report(a.path+"/if", ruleIfYouWill,
				"our action `%s` (%s) must wait for an action of the other party: name one of theirs in `if`%s, or give `go_first` with the reason we move first",
				a.ID, a.Person.Name, examples(n, a, actions, func(d *Action) bool { return !d.Ours() }))
		}
	}
}

// waitsOn reports whether d waits for a, directly or through others.
// free holds actions known not to: a search that finds a stops, so every
// action it marked before waits on a or is free; one that does not marks
// only free ones. Searches sharing free visit each action once in all.
func waitsOn(d, a *Action, actions map[string]*Action, free map[*Action]bool) bool {
	if d == a {
		return false
	}
	var stack []*Action
	seen := map[*Action]bool{}
	push := func(x *Action) {
		if x != nil && !free[x] && !seen[x] {
			seen[x] = true
			stack = append(stack, x)
		}
	}
	push(d)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == a {
			return true
		}
		for _, id := range x.If {
			push(actions[id])
		}
	}
	for x := range seen {
		free[x] = true
	}
	return false
}

// checkCounterActions applies "if you will, then I will" in substance:
// every party we deliver to owns an action of its own, every action of
// theirs has a date, and `go_first` is not given where our action waits
// for them anyway.
func (c *checker) checkCounterActions(n *Notes, us *Party) {
	if len(n.Actions) == 0 && n.Status == Final && !c.unsound("", "action") {
		c.report("/status", ruleNoCounterAction, "a final recap with no [[action]]: its obligations are only prose, and nothing can be sequenced or followed through; record who does what, when, and what it waits for")
		return
	}
	owes := map[*Party][]*Action{} // party -> our deliveries to it
	owns := map[*Party]bool{}
	var order []*Party
	for _, a := range n.Actions {
		if a.Person == nil {
			continue
		}
		owns[a.Person.Party] = true
		if a.Delivers() && a.ForParty != nil {
			if owes[a.ForParty] == nil {
				order = append(order, a.ForParty)
			}
			owes[a.ForParty] = append(owes[a.ForParty], a)
		}
	}
	for _, p := range order {
		if owns[p] {
			continue
		}
		ours := owes[p]
		more := ""
		if len(ours) > 1 {
			more = fmt.Sprintf(" and %s", Count(len(ours)-1, "more", "more"))
		}
		c.report(ours[0].path, ruleNoCounterAction, "we deliver to %s (`%s`%s), but %s owns no action: record what they do in return as an action of theirs (owner one of their people), and make ours wait for it",
			p.Name, ours[0].ID, more, p.Name)
	}
	for _, a := range n.Actions {
		if a.Person == nil || a.Ours() || c.unsound(a.path, "due", "within", "owner") {
			continue
		}
		if a.Due.IsZero() && a.Within == "" && a.Done.IsZero() {
			c.report(a.path, ruleDueMissing, "`%s` (%s) has no date: give `due` or `within`, or it can never be late", a.ID, a.Person.Party.ShortName())
		}
	}
	actions := n.ActionsByID()
	for _, a := range n.Actions {
		if strings.TrimSpace(a.GoFirst) == "" || !a.Ours() || c.unsound(a.path, "go_first", "if", "for") {
			continue
		}
		for _, id := range a.If {
			d := actions[id]
			if d != nil && d.Person != nil && !d.Ours() && (a.ForParty == nil || d.Person.Party == a.ForParty) {
				c.report(a.path+"/go_first", ruleGoFirstWithIf, "`%s` has `go_first`, but also waits for `%s` of %s, the party it is performed for: we do not move first; remove `go_first`, or the wait", a.ID, d.ID, d.Person.Party.ShortName())
				break
			}
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

// examples names up to three actions that match, as " (e.g. `po`)", and
// that a may wait for: none that waits for a, directly or through others
// (following the suggestion would make a cycle).
func examples(n *Notes, a *Action, actions map[string]*Action, match func(*Action) bool) string {
	var ids []string
	free := map[*Action]bool{} // actions known not to wait on a, shared by the searches
	for _, d := range n.Actions {
		if d.Person != nil && d.ID != "" && match(d) && len(ids) < 3 && !waitsOn(d, a, actions, free) {
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

// checkConcessions warns where our concessions in a round move an
// item's number too far (the moves on one item in one round count
// together, from the first `from` to the last `to`), or further than our
// previous round's on it; where a number's move is written as prose, so
// that it cannot be checked; and where what we got names nothing.
func (c *checker) checkConcessions(r *Round, items map[string]*Item, maxStep float64, previous map[string]previousMove) {
	type move struct {
		from, to float64
		path     string
		n        int
	}
	moves := map[string]*move{}
	var order []string
	for j, g := range r.Gave {
		path := fmt.Sprintf("%s/gave/%d", r.path, j)
		c.checkItem(g, path, items)
		if g.Prose && proseMove.MatchString(g.Text) {
			c.report(path, ruleProseMove, "%q moves a number, written as text: write it as a table, { text = %q, item = \"…\", from = …, to = … }, so that its size is checked", g.Text, g.Text)
		}
		if g.From == nil || g.To == nil {
			continue
		}
		if it := items[g.Item]; g.Item != "" && it != nil {
			m := moves[g.Item]
			if m == nil {
				m = &move{from: *g.From}
				moves[g.Item] = m
				order = append(order, g.Item)
			}
			m.to, m.path, m.n = *g.To, path, m.n+1
			continue
		}
		if rel := relative(*g.From, *g.To); rel > maxStep+1e-9 {
			ft := Amounts(*g.From, *g.To)
			c.report(path, ruleBigStep, "our concession %q moved its number from %s to %s in one concession (%s), more than limits.max_step (%s): concede in smaller steps",
				g.Text, ft[0], ft[1], percent(rel), percent(maxStep))
		}
	}
	for _, id := range order {
		m, it := moves[id], items[id]
		what := "we moved " + cmp.Or(it.Topic, "`"+it.ID+"`")
		in := "in one concession"
		if m.n > 1 {
			in = fmt.Sprintf("in %d concessions in this round, which count together", m.n)
		}
		if rel := relative(m.from, m.to); rel > maxStep+1e-9 {
			ft := Amounts(m.from, m.to)
			c.report(m.path, ruleBigStep, "%s from %s to %s %s (%s), more than limits.max_step (%s): concede in smaller steps, over rounds",
				what, ft[0], ft[1], in, percent(rel), percent(maxStep))
		}
		size := math.Abs(m.to - m.from)
		if p, ok := previous[id]; ok && size > p.size+1e-9*math.Max(1, p.size) {
			c.report(m.path, ruleGrowingStep, "%s by %s, more than our previous concession on it (%s, in the round of %s): each concession should be smaller than the last",
				what, Amounts(size, p.size)[0], Amounts(size, p.size)[1], p.date)
		}
		previous[id] = previousMove{size, r.Date}
	}
	for j, g := range r.Got {
		if g.Item == "" && vague(g.Text) {
			c.report(fmt.Sprintf("%s/got/%d", r.path, j), ruleVagueGet, "we got %q, which names nothing we can hold them to: write what they do or give in return, or accept that we gave this round for nothing", g.Text)
		}
	}
}

// proseMove finds a move between two numbers written in words: "from 30
// to 90 days", "13.00 -> 12.40", "13.00 → 12.40".
var proseMove = regexp.MustCompile(`(?i)\bfrom\b\D{0,24}\d[\d.,]*\D{0,24}?\bto\b\D{0,24}\d|\d[\d.,]*\s*(?:->|→|=>|⟶)\s*\D{0,6}\d`)

// vagueWords are what, ignoring case and surrounding punctuation, a `got`
// entry may not be: they name nothing we can hold the other side to.
var vagueWords = []string{"nothing", "none", "n/a", "tbd", "goodwill", "good will", "to be discussed"}

// vague reports whether a `got` text names nothing.
func vague(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" || strings.Trim(t, "?") == "" {
		return true
	}
	t = strings.ToLower(strings.TrimFunc(t, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }))
	return slices.Contains(vagueWords, strings.Join(strings.Fields(t), " ")) || strings.HasPrefix(t, "they will consider")
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
