package schema

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Exposure is where we stand after one step of the sequence of
// performance: what changes hands in it, and the running totals.
type Exposure struct {
	Step                int     // from 1
	Delivered, Received float64 // the values of this step's actions, ours and theirs for us
	TotalDelivered      float64 // by us, up to and including this step
	TotalReceived       float64 // by us, up to and including this step
}

// Gap is how far what we have delivered exceeds what we have received by
// the end of the step; it is negative while we are ahead.
func (e Exposure) Gap() float64 { return e.TotalDelivered - e.TotalReceived }

// Peak is the worst case within the step: everything of ours in it
// delivered, nothing of theirs in it received yet (an action of ours that
// waits for one of theirs stands in a later step).
func (e Exposure) Peak() float64 { return e.TotalDelivered - (e.TotalReceived - e.Received) }

// Delivers reports whether the action's value counts as delivered by us:
// one of ours that gives something away, not a claim.
func (a *Action) Delivers() bool { return a.Ours() && a.Kind != Claim }

// Receives reports whether the action's value counts as received by us: an
// action of another party, performed for us (or for nobody named).
func (a *Action) Receives() bool {
	return a.Person != nil && !a.Ours() && (a.ForParty == nil || a.ForParty.Us)
}

// Exposures walks the sequence of performance step by step, or returns
// nil when no action has a value. Within a step, whatever is performed
// counts as done by its end.
func (n *Notes) Exposures() []Exposure {
	valued := false
	for _, a := range n.Actions {
		valued = valued || a.Value != nil
	}
	if !valued {
		return nil
	}
	var out []Exposure
	var e Exposure
	for i, step := range n.Sequence() {
		e.Step, e.Delivered, e.Received = i+1, 0, 0
		for _, a := range step {
			v := valueOf(a)
			switch {
			case a.Delivers():
				e.Delivered += v
			case a.Receives():
				e.Received += v
			}
		}
		e.TotalDelivered += e.Delivered
		e.TotalReceived += e.Received
		out = append(out, e)
	}
	return out
}

func valueOf(a *Action) float64 {
	if a.Value == nil {
		return 0
	}
	return *a.Value
}

// Largest returns the index of the step with the largest worst-case gap
// (Peak), the first of equals, or -1 for none.
func Largest(es []Exposure) int {
	best := -1
	for i, e := range es {
		if best < 0 || e.Peak() > es[best].Peak() {
			best = i
		}
	}
	return best
}

// checkExposure warns at the first step where what we have delivered
// exceeds what we have received by more than limits.max_exposure, in the
// worst case (Peak); where no limit is set and at some step everything we
// deliver is out with nothing received; and where, at the end, we have
// delivered to a party more than we receive from it.
func (c *checker) checkExposure(n *Notes) {
	es := n.Exposures()
	if es == nil {
		return
	}
	steps := n.Sequence()
	c.checkUnpaidEnd(n, steps)
	if n.Limits == nil || n.Limits.MaxExposure == nil {
		c.checkUnbounded(n, es, steps)
		return
	}
	if c.unsound(n.Limits.path, "max_exposure") {
		return
	}
	limit := *n.Limits.MaxExposure
	for i, e := range es {
		if e.Peak() <= limit {
			continue
		}
		at := n.Limits.path + "/max_exposure"
		for _, a := range steps[i] {
			if a.Delivers() && a.Value != nil {
				at = a.path + "/value"
				break
			}
		}
		worst := es[Largest(es)]
		received := e.TotalReceived - e.Received
		c.report(at, ruleExposure, "in step %d we may have delivered %s while we have received %s (what they give in the same step may come after ours): %s ahead of them, more than limits.max_exposure (%s)%s; make something of theirs come earlier, or split what we deliver",
			e.Step, Money(e.TotalDelivered, n.Currency), Money(received, n.Currency), Money(e.Peak(), n.Currency), Money(limit, n.Currency), worstText(worst, e, n.Currency))
		return
	}
}

func worstText(worst, first Exposure, currency string) string {
	if worst.Step == first.Step {
		return ""
	}
	return "; the gap is largest in step " + strconv.Itoa(worst.Step) + ", " + Money(worst.Peak(), currency)
}

// checkUnbounded warns where no limit is set and at some step everything
// we deliver in the whole deal is out while nothing has been received.
func (c *checker) checkUnbounded(n *Notes, es []Exposure, steps [][]*Action) {
	total := es[len(es)-1].TotalDelivered
	if total <= 0 {
		return
	}
	for i, e := range es {
		if e.TotalDelivered >= total && e.TotalReceived-e.Received <= 0 {
			at := "/"
			for _, a := range steps[i] {
				if a.Delivers() && a.Value != nil {
					at = a.path + "/value"
				}
			}
			c.report(at, ruleExposureUnbounded, "by step %d everything we deliver (%s) may be out while nothing of theirs has come in, and no limits.max_exposure is set: set it to what we can afford to lose, and make something of theirs come before our deliveries",
				e.Step, Money(total, n.Currency))
			return
		}
	}
}

// checkUnpaidEnd warns, per party, where at the end of the sequence what
// we deliver to it exceeds what we receive from it.
func (c *checker) checkUnpaidEnd(n *Notes, steps [][]*Action) {
	delivered, received := map[*Party]float64{}, map[*Party]float64{}
	last := map[*Party]*Action{}
	stepOf := map[*Party]int{}
	var order []*Party
	for i, step := range steps {
		for _, a := range step {
			switch {
			case a.Delivers() && a.ForParty != nil:
				if _, ok := delivered[a.ForParty]; !ok {
					order = append(order, a.ForParty)
				}
				delivered[a.ForParty] += valueOf(a)
				if a.Value != nil {
					last[a.ForParty] = a
				}
			case a.Receives() && a.Person != nil:
				received[a.Person.Party] += valueOf(a)
				stepOf[a.Person.Party] = i + 1
			}
		}
	}
	for _, p := range order {
		gap := delivered[p] - received[p]
		if gap <= 0 || last[p] == nil {
			continue
		}
		after := "nothing of theirs comes in"
		if s := stepOf[p]; s > 0 {
			after = fmt.Sprintf("nothing of theirs follows step %d", s)
		}
		c.report(last[p].path+"/value", ruleUnpaidEnd, "%s: at the end we have delivered to %s %s more than we receive (%s against %s); add what they owe in return, or check the values",
			after, p.ShortName(), Money(gap, n.Currency), Money(delivered[p], n.Currency), Money(received[p], n.Currency))
	}
}

// Money writes an amount with the notes' currency: "EUR 62,000".
func Money(v float64, currency string) string {
	return strings.TrimSpace(currency + " " + Amount(v))
}

// Amount writes a number as people read it: thousands separated, and two
// decimals if it has a fraction: "62,000", "12.40", "−3.50".
func Amount(v float64) string { return Amounts(v)[0] }

// Amounts writes numbers alike: all with two decimals if one of them has a
// fraction, so that "13.00 → 12.70" does not read "13 → 12.70".
func Amounts(vs ...float64) []string {
	cents := false
	for _, v := range vs {
		cents = cents || !strings.HasSuffix(strconv.FormatFloat(v, 'f', 2, 64), ".00")
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = amount(v, cents)
	}
	return out
}

func amount(v float64, cents bool) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && s != "0.00" {
		b.WriteString("−")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if cents {
		b.WriteString("." + frac)
	}
	return b.String()
}
