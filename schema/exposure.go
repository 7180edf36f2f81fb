package schema

import (
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

// Gap is how far what we have delivered exceeds what we have received; it
// is negative while we are ahead.
func (e Exposure) Gap() float64 { return e.TotalDelivered - e.TotalReceived }

// Delivers reports whether the action's value counts as delivered by us.
func (a *Action) Delivers() bool { return a.Ours() }

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

// Largest returns the index of the step with the largest gap, the first
// of equals, or -1 for none.
func Largest(es []Exposure) int {
	best := -1
	for i, e := range es {
		if best < 0 || e.Gap() > es[best].Gap() {
			best = i
		}
	}
	return best
}

// checkExposure warns at the first step where what we have delivered
// exceeds what we have received by more than limits.max_exposure.
func (c *checker) checkExposure(n *Notes) {
	if n.Limits == nil || n.Limits.MaxExposure == nil || c.unsound(n.Limits.path, "max_exposure") {
		return
	}
	limit := *n.Limits.MaxExposure
	steps := n.Sequence()
	es := n.Exposures()
	for i, e := range es {
		if e.Gap() <= limit {
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
		c.report(at, ruleExposure, "after step %d we have delivered %s and received %s: %s ahead of them, more than limits.max_exposure (%s)%s; make something of theirs come earlier, or split what we deliver",
			e.Step, Money(e.TotalDelivered, n.Currency), Money(e.TotalReceived, n.Currency), Money(e.Gap(), n.Currency), Money(limit, n.Currency), worstText(worst, e, n.Currency))
		return
	}
}

func worstText(worst, first Exposure, currency string) string {
	if worst.Step == first.Step {
		return ""
	}
	return "; the gap is largest after step " + strconv.Itoa(worst.Step) + ", " + Money(worst.Gap(), currency)
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
