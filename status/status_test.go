package status

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gold "github.com/recaptool/recap/internal/golden"
	"github.com/recaptool/recap/schema"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func load(t *testing.T, path string) *schema.Notes {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n, diags := schema.Load(path, src)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	return n
}

func date(t *testing.T, s string) schema.Date {
	d, err := schema.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	gold.Check(t, filepath.Join("testdata", "golden", name), got, *update)
}

// TestGoldenReports pins the text report at the boundary days of the
// follow-through example: before and on the signing, on a due date and the
// day after, on a done date, and later.
func TestGoldenReports(t *testing.T) {
	n := load(t, "../examples/follow-through.toml")
	for _, d := range []string{"2026-11-25", "2026-11-26", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-19", "2027-01-31"} {
		t.Run(d, func(t *testing.T) {
			golden(t, "follow-through-"+d+".txt", Of(n, date(t, d)).Text())
		})
	}
	r := Of(n, date(t, "2026-12-19"))
	golden(t, "follow-through-2026-12-19.md", r.Markdown())
	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "follow-through-2026-12-19.json", j)
}

// TestGoldenLateness pins the reports of notes where their order came 19
// days late: before it, the day after our fixed date, on and after the
// date that moved with it (`within`), and when our packing list came a day
// late.
func TestGoldenLateness(t *testing.T) {
	n := load(t, "testdata/late.toml")
	for _, d := range []string{"2026-12-10", "2026-12-21", "2027-01-03", "2027-01-04", "2027-01-06"} {
		t.Run(d, func(t *testing.T) {
			golden(t, "late-"+d+".txt", Of(n, date(t, d)).Text())
		})
	}
	j, err := Of(n, date(t, "2027-01-06")).JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "late-2027-01-06.json", j)
}

// TestGoldenPrepaid pins the report of a deal where they paid before we
// deliver: the gap is behind them, and what performing our delivery would
// do is said without negative amounts.
func TestGoldenPrepaid(t *testing.T) {
	n := load(t, "testdata/prepaid.toml")
	golden(t, "prepaid-2026-12-07.txt", Of(n, date(t, "2026-12-07")).Text())
}

// TestStates: each action gets exactly one state, with the boundaries of
// the definitions.
func TestStates(t *testing.T) {
	n := load(t, "../examples/follow-through.toml")
	tests := []struct {
		asOf string
		want string // po ship receipt invoice pay
	}{
		{"2026-11-25", "blocked blocked blocked blocked blocked"}, // before the signing
		{"2026-11-26", "ready blocked blocked blocked blocked"},   // signed today
		{"2026-12-01", "ready blocked blocked blocked blocked"},   // due today is not overdue
		{"2026-12-02", "overdue blocked blocked blocked blocked"}, // a day late
		{"2026-12-03", "done ready blocked blocked blocked"},      // done today counts
		{"2026-12-14", "done done ready blocked blocked"},         //
		{"2026-12-16", "done done ready done blocked"},            // we invoiced early
		{"2026-12-19", "done done overdue done blocked"},          //
		{"2027-02-01", "done done overdue done overdue"},          // pay waits only for their own receipt: overdue
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			var got []string
			for _, a := range Of(n, date(t, tt.asOf)).Actions {
				got = append(got, string(a.State))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("states %v, want %s", got, tt.want)
			}
		})
	}
}

func TestEarlyAndLate(t *testing.T) {
	// The example's invoice is a claim, which gives nothing away: made a
	// delivery, it was performed before their receipt.
	src, err := os.ReadFile("../examples/follow-through.toml")
	if err != nil {
		t.Fatal(err)
	}
	if r := Of(load(t, "../examples/follow-through.toml"), date(t, "2026-12-19")); len(r.Early) != 0 {
		t.Errorf("a claim is reported performed early: %+v", r.Early)
	}
	n, diags := schema.Load("early.toml", []byte(strings.Replace(string(src), `kind  = "claim"`, `kind  = "deliver"`, 1)))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	r := Of(n, date(t, "2026-12-19"))
	if len(r.Early) != 1 || r.Early[0].Action.ID != "invoice" || r.Early[0].Dep.Action.ID != "receipt" {
		t.Errorf("early = %+v, want invoice before receipt", r.Early)
	}
	if r.Overdue() != 1 || r.Actions[2].DaysLate != 1 {
		t.Errorf("overdue %d, days late %d", r.Overdue(), r.Actions[2].DaysLate)
	}
	if r := Of(n, date(t, "2026-12-15")); len(r.Early) != 0 {
		t.Errorf("invoice is not done on 15 Dec, yet reported early: %+v", r.Early)
	}
}

// TestGoldenLeverage pins the report where follow-through is leverage
// (testdata/lots.toml): their receipt late; then their payment overdue
// behind their own receipt, our next shipment held rather than due, our
// invoice (a claim) never under "do not perform", the exposure against
// our limit with what shipping now would do, an open point due; and the
// same deal unsigned, with performance recorded and a stale schedule.
func TestGoldenLeverage(t *testing.T) {
	src, err := os.ReadFile("testdata/lots.toml")
	if err != nil {
		t.Fatal(err)
	}
	n := load(t, "testdata/lots.toml")
	for _, d := range []string{"2026-12-17", "2026-12-21", "2027-01-13"} {
		t.Run(d, func(t *testing.T) {
			golden(t, "lots-"+d+".txt", Of(n, date(t, d)).Text())
		})
	}
	r := Of(n, date(t, "2027-01-13"))
	golden(t, "lots-2027-01-13.md", r.Markdown())
	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "lots-2027-01-13.json", j)
	states := map[string]State{}
	for _, a := range r.Actions {
		states[a.ID] = a.State
	}
	if states["pay1"] != Overdue || states["ship2"] != Held || states["invoice1"] != Blocked || r.Held() != 1 {
		t.Errorf("pay1 %s, ship2 %s, invoice1 %s, %d held; want overdue, held, blocked, 1", states["pay1"], states["ship2"], states["invoice1"], r.Held())
	}
	if text := string(r.Text()); strings.Contains(text, "invoice1 (Ana Souza): Invoice lot 1; waits") {
		t.Error("a claim is listed under do not perform")
	}
	unsigned, diags := schema.Load("unsigned.toml", []byte(strings.NewReplacer("signed   = 2026-12-03\n", "", ", signed = 2026-12-03", "").Replace(string(src))))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	u := Of(unsigned, date(t, "2026-12-15"))
	golden(t, "lots-unsigned-2026-12-15.txt", u.Text())
	if got := u.signaturesMissing(); strings.Join(got, ",") != "Dmitri Ivanov" {
		t.Errorf("signatures missing %v, want Dmitri Ivanov", got)
	}
}
