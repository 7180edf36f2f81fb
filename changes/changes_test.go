package changes

import (
	"os"
	"strings"
	"testing"

	"github.com/recaptool/recap/schema"
)

func load(t *testing.T, src string) *schema.Notes {
	t.Helper()
	n, diags := schema.Load("n.toml", []byte(src))
	if diags.Errors() > 0 {
		t.Fatalf("%v\n%s", diags, src)
	}
	return n
}

// supply returns the supply example, and a function that returns it with
// each OLD, NEW pair replaced.
func supply(t *testing.T) ([]byte, func(pairs ...string) string) {
	t.Helper()
	base, err := os.ReadFile("../examples/supply.toml")
	if err != nil {
		t.Fatal(err)
	}
	return base, func(pairs ...string) string { return strings.NewReplacer(pairs...).Replace(string(base)) }
}

func TestBetween(t *testing.T) {
	base, edit := supply(t)
	tests := []struct {
		name string
		new  string
		want []string
	}{
		{"unchanged", string(base), nil},
		{"comments and layout only", "# reissued\n" + strings.ReplaceAll(string(base), "  [[party.person]]", "[[party.person]]"), nil},
		{"status and revision", edit(`status   = "final"`, `status   = "draft"`, "revision = 3", "revision = 4"),
			[]string{"status: changed from final to draft", "revision: changed from 3 to 4"}},
		{"item text", edit("Unit price EUR 12.40", "Unit price EUR 12.10"),
			[]string{`the term “Price” (price): wording changed from "Unit price EUR 12.40 for orders of 5,000 units or more, fixed until 2027-06-30." to "Unit price EUR 12.10 for orders of 5,000 units or more, fixed until 2027-06-30."`}},
		{"item owner", edit("each later one within 14 days of payment for the one before.\"\nowner = \"dmitri\"", "each later one within 14 days of payment for the one before.\"\nowner = \"eva\""),
			[]string{"the term “Volume” (volume): owner changed from Дмитрий Иванов (Contoso) to Eva Klein (Contoso)"}},
		{"due moved", edit("due   = 2026-12-18", "due   = 2026-12-20"),
			[]string{"weakened: the step “Confirm receipt and incoming inspection of the first lot” (receipt): due date moved from 18 Dec 2026 to 20 Dec 2026 (+2 days)", "the step “Invoice the first lot” (invoice): due date moved from 18 Dec 2026 to 20 Dec 2026 (+2 days)"}},
		{"within", edit(`within = "14d"                # due`, `within = "2w"                # due`),
			[]string{`the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): due within changed from 14 days to 2 weeks`}},
		{"due moved earlier", edit("due   = 2026-12-01", "due   = 2026-11-30"),
			[]string{"the step “Issue a purchase order for the first 5,000 units” (po): due date moved from 1 Dec 2026 to 30 Nov 2026 (-1 day)"}},
		{"condition added and removed", edit(`if    = ["invoice", "receipt"]`, `if    = ["invoice", "ship"]`),
			[]string{"the step “Pay the first invoice” (pay): now also waits for the step “Ship the first 5,000 units to the Hamburg warehouse” (ship)", "the step “Pay the first invoice” (pay): no longer waits for the step “Confirm receipt and incoming inspection of the first lot” (receipt)"}},
		{"action added", string(base) + "\n[[action]]\nid = \"audit\"\nowner = \"eva\"\ndo = \"Audit the first lot\"\nif = \"ship\"\ndue = 2027-01-10\n",
			[]string{`the step “Audit the first lot” (audit): added, by Eva Klein (Contoso), due 10 Jan 2027`}},
		{"action removed", edit("[[action]]\nid    = \"pay\"", "[[action]]\nid    = \"pay1\"", `if     = "pay"`, `if     = "pay1"`),
			[]string{`the step “Pay the first invoice” (pay1): added, by Eva Klein (Contoso), due 30 Jan 2027`, "the step “Ship the second 5,000 units to the Hamburg warehouse” (ship2): now also waits for the step “Pay the first invoice” (pay1)", "the step “Ship the second 5,000 units to the Hamburg warehouse” (ship2): no longer waits for the step “Pay the first invoice” (pay)", `the step “Pay the first invoice” (pay): removed (owner Eva Klein (Contoso))`}},
		{"authority changed", edit(`how = "phone call with Eva Klein"`, `how = "signed letter"`),
			[]string{"Дмитрий Иванов (dmitri): authority changed from confirmed by Eva Klein (Contoso) on 5 Nov 2026, by phone call with Eva Klein, evidence: call note of 5 Nov 2026 in the deal folder to confirmed by Eva Klein (Contoso) on 5 Nov 2026, by signed letter, evidence: call note of 5 Nov 2026 in the deal folder"}},
		{"authority added", edit("  role = \"Chief Financial Officer\"", "  role = \"Chief Financial Officer\"\n  negotiates = true\n  authority = { confirmed_by = \"karl\", on = 2026-11-04 }\n\n  [[party.person]]\n  id   = \"karl\"\n  name = \"Karl Brandt\"\n  role = \"Managing Director\""),
			[]string{"Eva Klein (eva): now negotiates", "Eva Klein (eva): authority added: confirmed by Karl Brandt (Contoso) on 4 Nov 2026", "Karl Brandt (karl): added: Karl Brandt, Contoso GmbH"}},
		{"binding and law", edit(`binding  = "binding"`, `binding  = "subject-to-contract"`, `governing_law = "Laws of England and Wales"`, `governing_law = "Laws of Scotland"`),
			[]string{`binding: changed from "binding" to "subject-to-contract"`, `governing law: changed from "Laws of England and Wales" to "Laws of Scotland"`}},
		{"address", edit("Hafenstraße 12", "Hafenstraße 14"),
			[]string{`the party Contoso GmbH (contoso): address changed from "Hafenstraße 12, 20457 Hamburg, Germany" to "Hafenstraße 14, 20457 Hamburg, Germany"`}},
		{"private parts", edit("12.40 is our floor.", "12.30 is our floor.", "value  = 62000                # private", "value  = 61000                # private"),
			[]string{`the term “Price” (price): note changed from "Their first ask was 11.80; 12.40 is our floor." to "Their first ask was 11.80; 12.30 is our floor."`, "the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): value changed from 62000 to 61000"}},
		{"done recorded", edit("due   = 2026-12-01", "due   = 2026-12-01\ndone  = 2026-12-02", "revision = 3", "revision = 3\nsigned = 2026-11-26"),
			[]string{"signing: signed date set to 26 Nov 2026", "the step “Issue a purchase order for the first 5,000 units” (po): done date set to 2 Dec 2026"}},
		{"open point and round", strings.Replace(string(base), `binding  = "binding"`, `binding  = "subject-to-contract"`, 1) + "\n[[open]]\ntext = \"Exclusivity for Austria\"\nowner = \"dmitri\"\n",
			[]string{`binding: changed from "binding" to "subject-to-contract"`, `weakened: open point: added: "Exclusivity for Austria" (owner Дмитрий Иванов (Contoso))`}},
		{"next meeting", edit("date  = 2027-01-12", "date  = 2027-01-19"),
			[]string{"next meeting: date moved from 12 Jan 2027 to 19 Jan 2027 (+7 days)"}},
	}
	old := load(t, string(base))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range Between(old, load(t, tt.new)) {
				got = append(got, c.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestWeakened: each kind of change that weakens our position is marked,
// and its mirror (the same change the other way, or on the other side's
// action) is not; the agreement's changes never carry the mark.
func TestWeakened(t *testing.T) {
	base, edit := supply(t)
	tests := []struct {
		name     string
		new      string
		weakened []string // the changes marked, as Subject: Text
	}{
		{"condition removed from ours", edit("if     = \"po\"                 # if Contoso issues the purchase order, then we ship", "if     = \"signing\"\ngo_first = \"a trial\""),
			[]string{"the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): no longer waits for the step “Issue a purchase order for the first 5,000 units” (po)", "the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): why we move first added: \"a trial\""}},
		{"condition removed from theirs", edit(`if    = ["invoice", "receipt"]`, `if    = ["invoice"]`), nil},
		{"their due date later", edit("due   = 2026-12-01", "due   = 2026-12-02"),
			[]string{"the step “Issue a purchase order for the first 5,000 units” (po): due date moved from 1 Dec 2026 to 2 Dec 2026 (+1 day)"}},
		{"their due date earlier", edit("due   = 2026-12-01", "due   = 2026-11-30"), nil},
		{"our due date earlier", edit(`within = "14d"                # due 14 days after the order: a late order moves our date`, "due    = 2026-12-10", "due   = 2026-12-01", "due   = 2026-11-30"),
			[]string{"the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): due date set to 10 Dec 2026"}},
		{"our within shorter", edit(`within = "14d"                # due`, `within = "10d"                # due`),
			[]string{"the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): due within changed from 14 days to 10 days"}},
		{"our within longer", edit(`within = "14d"                # due`, `within = "15d"                # due`), nil},
		{"our within the same time", edit(`within = "14d"                # due`, `within = "2w"                # due`), nil},
		{"their value lower", edit("due   = 2027-01-30\nvalue = 62000", "due   = 2027-01-30\nvalue = 60000"),
			[]string{"the step “Pay the first invoice” (pay): value changed from 62000 to 60000"}},
		{"our value higher", edit("value  = 62000                # private", "value  = 64000                # private"),
			[]string{"the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): value changed from 62000 to 64000"}},
		{"our value lower", edit("value  = 62000                # private", "value  = 60000                # private"), nil},
		{"authority dated later", edit("on = 2026-11-05", "on = 2026-11-06"),
			[]string{"Дмитрий Иванов (dmitri): authority changed from confirmed by Eva Klein (Contoso) on 5 Nov 2026, by phone call with Eva Klein, evidence: call note of 5 Nov 2026 in the deal folder to confirmed by Eva Klein (Contoso) on 6 Nov 2026, by phone call with Eva Klein, evidence: call note of 5 Nov 2026 in the deal folder"}},
		{"open point added to a final", strings.Replace(string(base), `binding  = "binding"`, `binding  = "subject-to-contract"`, 1) + "\n[[open]]\ntext = \"Exclusivity\"\nowner = \"dmitri\"\n",
			[]string{`open point: added: "Exclusivity" (owner Дмитрий Иванов (Contoso))`}},
	}
	old := load(t, string(base))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := load(t, tt.new)
			var got []string
			for _, c := range Weakened(Between(old, n)) {
				got = append(got, c.Subject+": "+c.Text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.weakened, "\n") {
				t.Errorf("weakened:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.weakened, "\n"))
			}
			for _, c := range Agreed(old, n) {
				if c.Weakened || strings.HasPrefix(c.String(), "weakened") {
					t.Errorf("the agreement's change %q is marked", c)
				}
			}
		})
	}
}

// TestCompareWithin: a later `within` of theirs and an earlier one of
// ours weaken us; the same time written another way is neither.
func TestCompareWithin(t *testing.T) {
	tests := []struct {
		old, new        string
		longer, shorter bool
	}{
		{"14d", "2w", false, false},
		{"14d", "15d", true, false},
		{"1m", "30d", false, true},
		{"1m", "31d", false, false},
		{"12m", "1y", false, false},
		{"1y", "364d", false, true},
		{"2w", "1m", true, false},
		{"", "14d", false, false},
		{"14d", "fortnight", false, false},
	}
	for _, tt := range tests {
		longer, shorter := compareWithin(tt.old, tt.new)
		if longer != tt.longer || shorter != tt.shorter {
			t.Errorf("compareWithin(%q, %q) = %v, %v; want %v, %v", tt.old, tt.new, longer, shorter, tt.longer, tt.shorter)
		}
	}
}
