package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
)

// Peak is where the exposure is worst, for the brief's cover.
type Peak struct {
	Step  int
	Gap   string // "EUR 100,000"
	Limit string // "EUR 60,000", or "" without a limit
	Over  bool   // over the limit
}

// exposureRows are the brief's exposure table, step by step: the values,
// the actions behind them, and every step over our limit marked.
func (r *Recap) addExposure(n *schema.Notes) {
	es := n.Exposures()
	if es == nil {
		return
	}
	var limit *float64
	if n.Limits != nil {
		limit = n.Limits.MaxExposure
	}
	largest := schema.Largest(es)
	seq := n.Sequence()
	for i, e := range es {
		row := &Exposure{
			Step: e.Step, Delivered: nonzero(e.Delivered, n.Currency), Received: nonzero(e.Received, n.Currency),
			TotalDelivered: schema.Money(e.TotalDelivered, n.Currency), TotalReceived: schema.Money(e.TotalReceived, n.Currency),
			Gap: schema.Money(e.Peak(), n.Currency), Largest: i == largest && e.Peak() > 0,
			OverLimit: limit != nil && e.Peak() > *limit,
		}
		for _, a := range seq[i] {
			if a.Value == nil {
				continue
			}
			what := mdtext.Text(fmt.Sprintf("“%s” %s", quote(a.Do), schema.Money(*a.Value, n.Currency)))
			switch {
			case a.Delivers():
				row.Deliveries = append(row.Deliveries, what)
			case a.Receives():
				row.Receipts = append(row.Receipts, what)
			}
		}
		r.Exposure = append(r.Exposure, row)
	}
	if e := es[largest]; e.Peak() > 0 {
		r.Peak = &Peak{Step: e.Step, Gap: schema.Money(e.Peak(), n.Currency), Limit: money(limit, n.Currency), Over: limit != nil && e.Peak() > *limit}
	}
}

// Trajectory is where concessions took a term's number.
type Trajectory struct {
	Move mdtext.Text // "Price 13.00 → 12.70 → 12.40 in two rounds, −4.6 %"
	// Floor says where it stands against item.floor: "at our floor", "our
	// floor is 12.20", "past our floor of 12.40" (PastFloor); or "".
	Floor     string
	PastFloor bool
}

// addTrajectories says, for each item whose number concessions moved,
// where it went: "Price 13.00 → 12.70 → 12.40 in two rounds, −4.6 %; at
// our floor". A number that is itself a percentage (its term speaks of %)
// moves in points.
func (r *Recap) addTrajectories(n *schema.Notes) {
	for _, it := range n.Items {
		var values []float64
		rounds := 0
		for _, rd := range n.Rounds {
			moved := false
			for _, c := range append(append([]schema.Concession{}, rd.Gave...), rd.Got...) {
				if c.Item != it.ID || c.From == nil || c.To == nil {
					continue
				}
				if len(values) == 0 {
					values = append(values, *c.From)
				}
				values = append(values, *c.To)
				moved = true
			}
			if moved {
				rounds++
			}
		}
		if len(values) < 2 {
			continue
		}
		name := cmpOr(it.Topic, quote(it.Text))
		amounts := schema.Amounts(values...)
		first, last := values[0], values[len(values)-1]
		s := fmt.Sprintf("%s %s in %s", name, strings.Join(amounts, " → "), countWords(rounds, "round", "rounds"))
		if move := moveWords(it, first, last); move != "" {
			s += ", " + move
		}
		t := &Trajectory{Move: mdtext.Text(s)}
		if f := it.Floor; f != nil {
			floor := schema.Amounts(append(values, *f)...)[len(values)]
			switch {
			case last == *f:
				t.Floor = "at our floor"
			case (first >= *f) == (last > *f):
				t.Floor = "our floor is " + floor
			default:
				t.Floor, t.PastFloor = "past our floor of "+floor, true
			}
		}
		r.Trajectories = append(r.Trajectories, t)
	}
}

// moveWords says how far a number moved: in points where the term's
// number is a percentage, else as a percentage of where it started.
func moveWords(it *schema.Item, from, to float64) string {
	if percentage(it, from, to) {
		p := to - from
		unit := "points"
		if math.Abs(p) == 1 {
			unit = "point"
		}
		return strings.Replace(fmt.Sprintf("%+g %s", p, unit), "-", "−", 1)
	}
	if from == 0 {
		return ""
	}
	return strings.Replace(fmt.Sprintf("%+.1f %%", 100*(to-from)/math.Abs(from)), "-", "−", 1)
}

// percentage reports whether an item's number is a percentage: its term
// says "%" or "percent", and the number stays within 0 to 100.
func percentage(it *schema.Item, from, to float64) bool {
	text := strings.ToLower(it.Topic + " " + it.Text)
	return (strings.Contains(text, "%") || strings.Contains(text, "percent")) && from >= 0 && from <= 100 && to >= 0 && to <= 100
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// countWords writes small counts in words: "two rounds".
func countWords(n int, one, many string) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	w := strconv.Itoa(n)
	if n < len(words) {
		w = words[n]
	}
	if n == 1 {
		return w + " " + one
	}
	return w + " " + many
}

// entryWords says which entry of the notes a path is in, in words, for
// the brief's warnings: "the step “Ship the first lot” (step 2)".
func (r *Recap) entryWords(n *schema.Notes, path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	index := func(i int, length int) (int, bool) {
		if i >= len(parts) {
			return 0, false
		}
		k, err := strconv.Atoi(parts[i])
		return k, err == nil && k >= 0 && k < length
	}
	switch parts[0] {
	case "action":
		if i, ok := index(1, len(n.Actions)); ok {
			a := n.Actions[i]
			for _, s := range r.Steps {
				for _, act := range s.Actions {
					if act.ID.Raw() == a.ID {
						return fmt.Sprintf("the step “%s” (step %d)", quote(a.Do), s.Number)
					}
				}
			}
			return fmt.Sprintf("the step “%s”", quote(a.Do))
		}
		return "the sequence of performance"
	case "item":
		if i, ok := index(1, len(n.Items)); ok {
			it := n.Items[i]
			return fmt.Sprintf("the term “%s” (%d.%d)", cmpOr(it.Topic, quote(it.Text)), r.Num.Terms, i+1)
		}
		return "the agreed terms"
	case "round":
		if i, ok := index(1, len(n.Rounds)); ok {
			return fmt.Sprintf("round %d", i+1)
		}
		return "the negotiation history"
	case "party":
		if i, ok := index(1, len(n.Parties)); ok {
			p := n.Parties[i]
			if len(parts) > 2 && parts[2] == "person" {
				if j, ok := index(3, len(p.Persons)); ok {
					return fmt.Sprintf("%s (%s)", p.Persons[j].Name, cmpOr(p.Short, p.Name))
				}
			}
			return p.Name
		}
		return "the parties"
	case "open":
		if i, ok := index(1, len(n.Open)); ok {
			return fmt.Sprintf("the open point “%s”", quote(n.Open[i].Text))
		}
		return "the open points"
	case "third_party":
		if i, ok := index(1, len(n.ThirdParties)); ok {
			return n.ThirdParties[i].Name
		}
	case "limits":
		return "our limits"
	case "next":
		return "the next meeting"
	case "":
		return "the recap"
	}
	return "the recap's " + strings.ReplaceAll(parts[0], "_", " ")
}
