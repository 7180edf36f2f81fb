package status

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/schema"
)

// Deals is the status of many deals as of one date, merged: every deal's
// lines in one report, most urgent first, each naming its deal, and each
// counterparty's track record across them. It is built one deal at a
// time and keeps of each only its lines, its JSON and its counterparties'
// steps, never its notes. Of a deal given in several revisions (the same
// DealKey), only the newest counts; the others are listed as skipped.
type Deals struct {
	AsOf   schema.Date
	Filter Filter

	deals   []deal
	items   []dealItem
	track   []*tally
	byReg   map[string]*tally
	byName  map[string]*tally
	skipped []Skipped
}

// Skipped is a file that is not in the report, and why.
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

type deal struct {
	file, title   string
	key           string // the deal across revisions
	revision      int
	json          *jsonDeal // nil where the filter leaves the deal out of the lines
	overdue, held int       // actions shown
	parties       []*tally  // its counterparties
	steps         []step    // their steps done or overdue
}

// step is a counterparty's step in a deal that counts in its record.
type step struct {
	t        *tally
	done     bool // else overdue
	daysLate int
	value    *float64
	currency string
}

type dealItem struct {
	item
	deal, seq int
}

// tally is one counterparty, whose record is added up from the deals'
// steps.
type tally struct {
	party, registration string
}

// NewDeals starts a report of many deals as of a date.
func NewDeals(asOf schema.Date, f Filter) *Deals {
	return &Deals{AsOf: asOf, Filter: f, byReg: map[string]*tally{}, byName: map[string]*tally{}}
}

// Add adds a deal's notes, read from file, and returns its report. A
// deal with nothing the filter asks for is left out of the lines (nil),
// but counts in its counterparties' track records.
func (m *Deals) Add(file string, n *schema.Notes) *Report {
	r := Of(n, m.AsOf)
	d := deal{file: file, title: n.Title, key: n.DealKey(), revision: n.Revision}
	m.tallyDeal(r, &d)
	if !m.Filter.keepsDeal(n) {
		m.deals = append(m.deals, d)
		return nil
	}
	r.Filter = m.Filter
	d.json = r.jsonReport()
	d.json.File = file
	for i, it := range r.items() {
		it.parties, it.people = nil, nil // of the notes: not kept
		m.items = append(m.items, dealItem{it, len(m.deals), i})
	}
	for _, a := range r.shown() {
		switch a.State {
		case Overdue:
			d.overdue++
		case Held:
			d.held++
		}
	}
	m.deals = append(m.deals, d)
	return r
}

// Skip reports a file left out of the report.
func (m *Deals) Skip(file, reason string) {
	m.skipped = append(m.skipped, Skipped{file, reason})
}

// newest tells, for each deal, whether it is the newest revision given of
// its deal, and for each that is not, the file of the newest. Revisions
// alike are all the newest: nothing tells which is current.
func (m *Deals) newest() (newest []bool, newer []int) {
	top := map[string]int{} // key -> index of its newest deal
	for i, d := range m.deals {
		if j, ok := top[d.key]; !ok || d.revision > m.deals[j].revision {
			top[d.key] = i
		}
	}
	newest, newer = make([]bool, len(m.deals)), make([]int, len(m.deals))
	for i, d := range m.deals {
		newer[i] = top[d.key]
		newest[i] = d.revision == m.deals[newer[i]].revision
	}
	return newest, newer
}

// listed are the deals whose lines the report shows.
func (m *Deals) listed() []bool {
	newest, _ := m.newest()
	for i, d := range m.deals {
		newest[i] = newest[i] && d.json != nil
	}
	return newest
}

// Overdue counts the overdue actions shown, in every deal.
func (m *Deals) Overdue() int { return m.sumListed(func(d *deal) int { return d.overdue }) }

// Held counts the held actions shown, in every deal.
func (m *Deals) Held() int { return m.sumListed(func(d *deal) int { return d.held }) }

// sumListed adds up a count of the deals whose lines the report shows.
func (m *Deals) sumListed(count func(*deal) int) (n int) {
	for i, ok := range m.listed() {
		if ok {
			n += count(&m.deals[i])
		}
	}
	return n
}

// Skipped lists the files left out: those skipped, then the older
// revisions of a deal given in a newer one.
func (m *Deals) Skipped() []Skipped {
	out := slices.Clone(m.skipped)
	newest, newer := m.newest()
	for i, d := range m.deals {
		if !newest[i] {
			n := m.deals[newer[i]]
			out = append(out, Skipped{d.file, fmt.Sprintf("revision %d of the same deal as %s (revision %d)", d.revision, n.file, n.revision)})
		}
	}
	return out
}

// tallyDeal records the counterparties of a deal and their steps that
// count in their records.
func (m *Deals) tallyDeal(r *Report, d *deal) {
	for _, p := range r.counterparties() {
		if m.Filter.Party != "" && !partyMatches(p, m.Filter.Party) {
			continue
		}
		t := m.tallyOf(p)
		d.parties = append(d.parties, t)
		for _, a := range r.Actions {
			if a.Person.Party != p || a.State != Done && a.State != Overdue {
				continue
			}
			d.steps = append(d.steps, step{t: t, done: a.State == Done, daysLate: a.DaysLate, value: a.Value, currency: r.Notes.Currency})
		}
	}
}

// tallyOf finds a counterparty's record: the same party is the one with
// the same registration where it has one, else the one with the same
// name (a record found by name takes the registration when it had none).
func (m *Deals) tallyOf(p *schema.Party) *tally {
	reg, name := normalize(p.Registration, true), normalize(p.Name, false)
	t := m.byReg[reg]
	if t == nil {
		if byName := m.byName[name]; byName != nil && (reg == "" || byName.registration == "") {
			t = byName
		}
	}
	if t == nil {
		t = &tally{party: p.Name}
		m.track = append(m.track, t)
	}
	if reg != "" && t.registration == "" {
		t.registration = p.Registration
		m.byReg[reg] = t
	}
	if m.byName[name] == nil {
		m.byName[name] = t
	}
	return t
}

// normalize makes names comparable: case and runs of spaces do not count;
// in a registration, nothing but letters and digits does.
func normalize(s string, registration bool) string {
	if registration {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// sorted are the lines of every deal by section, then most urgent first:
// the earliest date the line turns on (lines without one last), then the
// deal in the order given, then the line's order in its deal.
func (m *Deals) sorted() []dealItem {
	listed := m.listed()
	items := slices.DeleteFunc(slices.Clone(m.items), func(it dealItem) bool { return !listed[it.deal] })
	slices.SortStableFunc(items, func(a, b dealItem) int {
		return cmp.Or(cmp.Compare(a.section, b.section), compareWhen(a.when, b.when), cmp.Compare(a.deal, b.deal), cmp.Compare(a.seq, b.seq))
	})
	return items
}

// compareWhen orders dates, the zero date last.
func compareWhen(a, b schema.Date) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}

// names are the deals' names in lines: their titles, with the file where
// two deals listed share one.
func (m *Deals) names() []string {
	listed := m.listed()
	count := map[string]int{}
	for i, d := range m.deals {
		if listed[i] {
			count[d.title]++
		}
	}
	names := make([]string, len(m.deals))
	for i, d := range m.deals {
		names[i] = d.title
		if count[d.title] > 1 {
			names[i] += " (" + d.file + ")"
		}
	}
	return names
}

// record is a counterparty's track record, for output.
type record struct {
	Party        string             `json:"party"`
	Registration string             `json:"registration"`
	StepsDone    int                `json:"steps_done"`
	OnTime       int                `json:"on_time"`
	MedianLate   int                `json:"median_days_late"`
	Overdue      int                `json:"overdue"`
	OverdueValue *float64           `json:"overdue_value"`
	Currency     string             `json:"currency,omitempty"`
	ByCurrency   map[string]float64 `json:"overdue_by_currency,omitempty"`
}

// records are the track records of the counterparties of the newest
// revisions, the parties overdue on most first, then the latest, then by
// name.
func (m *Deals) records() []record {
	type sums struct {
		in                    bool
		done, onTime, overdue int
		late                  []int              // days late of each step done late
		value                 map[string]float64 // overdue, by currency
	}
	by := map[*tally]*sums{}
	for _, t := range m.track {
		by[t] = &sums{value: map[string]float64{}}
	}
	newest, _ := m.newest()
	for i, d := range m.deals {
		if !newest[i] {
			continue
		}
		for _, t := range d.parties {
			by[t].in = true
		}
		for _, st := range d.steps {
			s := by[st.t]
			switch {
			case st.done && st.daysLate == 0:
				s.done++
				s.onTime++
			case st.done:
				s.done++
				s.late = append(s.late, st.daysLate)
			default:
				s.overdue++
				if st.value != nil {
					s.value[st.currency] += *st.value
				}
			}
		}
	}
	out := make([]record, 0, len(m.track))
	for _, t := range m.track {
		s := by[t]
		if !s.in {
			continue
		}
		r := record{Party: t.party, Registration: t.registration, StepsDone: s.done, OnTime: s.onTime, MedianLate: median(s.late), Overdue: s.overdue}
		switch len(s.value) {
		case 0:
			zero := 0.0
			r.OverdueValue = &zero
		case 1:
			for cur, v := range s.value {
				r.OverdueValue, r.Currency = &v, cur
			}
		default:
			r.ByCurrency = s.value
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b record) int {
		return cmp.Or(cmp.Compare(b.Overdue, a.Overdue), cmp.Compare(b.MedianLate, a.MedianLate), cmp.Compare(a.Party, b.Party))
	})
	return out
}

// median is the median of the days late of the steps done late (the
// mean of the middle two where they are even, rounded down); 0 if none.
func median(days []int) int {
	if len(days) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(days))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Text writes the merged report for a terminal.
func (m *Deals) Text() []byte {
	var b bytes.Buffer
	m.write(&b, false)
	return b.Bytes()
}

// Markdown writes the merged report as a Markdown section.
func (m *Deals) Markdown() []byte {
	var b bytes.Buffer
	m.write(&b, true)
	return b.Bytes()
}

func (m *Deals) write(b *bytes.Buffer, markdown bool) {
	text := func(s string) string { return term.Safe(s) }
	if markdown {
		text = md
	}
	shown := m.sumListed(func(*deal) int { return 1 })
	head := fmt.Sprintf("Status of %s as of %s", schema.Count(shown, "deal", "deals"), m.AsOf.Long())
	if markdown {
		fmt.Fprintf(b, "## %s\n", head)
	} else {
		b.WriteString(head + "\n")
	}
	section := func(title string) {
		if markdown {
			fmt.Fprintf(b, "\n**%s:**\n\n", title)
		} else {
			fmt.Fprintf(b, "\n%s:\n", title)
		}
	}
	bullet := "  "
	if markdown {
		bullet = "- "
	}
	names := m.names()
	items := m.sorted()
	if len(items) == 0 {
		b.WriteString("\nNothing is held, due or blocked.\n")
	}
	for i, it := range items {
		if i == 0 || items[i-1].section != it.section {
			section(sectionTitles[it.section])
		}
		fmt.Fprintf(b, "%s%s\n", bullet, text(names[it.deal]+": "+it.text))
	}
	if recs := m.records(); len(recs) > 0 {
		section("Track record (their steps in these deals)")
		for _, r := range recs {
			fmt.Fprintf(b, "%s%s\n", bullet, text(r.line()))
		}
	}
	if skipped := m.Skipped(); len(skipped) > 0 {
		section("Skipped (not in this report)")
		for _, s := range skipped {
			fmt.Fprintf(b, "%s%s\n", bullet, text(s.File+": "+s.Reason))
		}
	}
}

// line says a track record: "Contoso GmbH (HRB 12345): 5 steps done, 3 on
// time, the late ones a median of 12 days late; 2 overdue now, EUR 60,000".
func (r record) line() string {
	name := r.Party
	if r.Registration != "" {
		name += " (" + r.Registration + ")"
	}
	s := fmt.Sprintf("%s: %s done, %d on time", name, schema.Count(r.StepsDone, "step", "steps"), r.OnTime)
	if r.StepsDone == 0 {
		s = name + ": no step done yet"
	}
	if late := r.StepsDone - r.OnTime; late > 0 {
		s += fmt.Sprintf(", %d late by a median of %s", late, days(r.MedianLate))
	}
	if r.Overdue == 0 {
		return s + "; nothing overdue now"
	}
	s += fmt.Sprintf("; %d overdue now", r.Overdue)
	var values []string
	if r.OverdueValue != nil && *r.OverdueValue > 0 {
		values = append(values, schema.Money(*r.OverdueValue, r.Currency))
	}
	for _, cur := range slices.Sorted(maps.Keys(r.ByCurrency)) {
		values = append(values, schema.Money(r.ByCurrency[cur], cur))
	}
	if len(values) > 0 {
		s += ", worth " + strings.Join(values, " and ")
	}
	return s
}

// JSON writes the merged report for programs: each deal's report as for
// one file, with its file; the track records; the files skipped.
func (m *Deals) JSON() ([]byte, error) {
	out := struct {
		AsOf    string      `json:"as_of"`
		Deals   []*jsonDeal `json:"deals"`
		Track   []record    `json:"track_record"`
		Skipped []Skipped   `json:"skipped"`
	}{AsOf: m.AsOf.String(), Deals: []*jsonDeal{}, Track: m.records(), Skipped: []Skipped{}}
	listed := m.listed()
	for i, d := range m.deals {
		if listed[i] {
			out.Deals = append(out.Deals, d.json)
		}
	}
	out.Skipped = append(out.Skipped, m.Skipped()...)
	return marshal(out)
}
