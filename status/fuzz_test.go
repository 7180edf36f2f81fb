package status

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/schema"
)

// FuzzStatus: for any valid notes, date and filter, every action has one
// of the five states; a held action is one of our deliveries for a party
// overdue on something; a filter only takes lines away; the report of
// the deal among many has the same lines, each naming the deal; the JSON
// is valid.
func FuzzStatus(f *testing.F) {
	files, _ := filepath.Glob("../examples/*.toml")
	more, _ := filepath.Glob("testdata/*.toml")
	for _, file := range append(files, more...) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, 40, "contoso", "", 7)
	}
	f.Fuzz(func(t *testing.T, src []byte, days int, party, person string, within int) {
		n, diags := schema.Load("f.toml", src)
		if diags.Errors() > 0 {
			return
		}
		asOf := n.Date.AddDays(days % 1000)
		r := Of(n, asOf)
		for _, a := range r.Actions {
			if !slices.Contains([]State{Done, Overdue, Blocked, Ready, Held}, a.State) {
				t.Fatalf("%s: state %q", a.ID, a.State)
			}
			if a.State == Held {
				if !a.Ours() || !a.Delivers() || len(a.HeldBecause) == 0 {
					t.Fatalf("%s held, but ours %v, delivers %v, because %d", a.ID, a.Ours(), a.Delivers(), len(a.HeldBecause))
				}
				for _, d := range a.HeldBecause {
					if d.State != Overdue || d.Person.Party != a.ForParty {
						t.Fatalf("%s held because of %s, %s, of %s", a.ID, d.ID, d.State, d.Person.Party.Name)
					}
				}
			}
		}
		all := lines(r.Sections())
		r.Filter = Filter{Party: party, Person: person}
		if within >= 0 {
			r.Filter.DueBy = asOf.AddDays(within % 400)
		}
		for _, l := range lines(r.Sections()) {
			if !slices.Contains(all, l) {
				t.Fatalf("the filter added %q", l)
			}
		}
		if _, err := r.JSON(); err != nil {
			t.Fatal(err)
		}
		r.Text()
		r.Markdown()
		m := NewDeals(asOf, Filter{})
		m.Add("f.toml", n)
		text := string(m.Text())
		for _, l := range all {
			if !strings.Contains(text, "  "+term.Safe(n.Title+": "+l)+"\n") {
				t.Fatalf("the merged report lacks %q", l)
			}
		}
		j, err := m.JSON()
		if err != nil || !json.Valid(j) {
			t.Fatalf("JSON: %v", err)
		}
	})
}

func lines(sections []Section) []string {
	var out []string
	for _, s := range sections {
		out = append(out, s.Lines...)
	}
	return out
}
