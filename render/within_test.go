package render

import (
	"strings"
	"testing"
)

// withinNotes are notes whose actions are due relative to others: their
// order has no date, so what waits for it has none either, until the
// order is done; our packing list is due from the signing.
func withinNotes(signed, done string) []byte {
	return []byte(`title = "Within"
date = 2026-11-24
` + signed + `
[[party]]
id = "north"
name = "Northwind"
us = true
person = [{ id = "ana", name = "Ana Souza", signs = true }]
[[party]]
id = "contoso"
name = "Contoso GmbH"
person = [{ id = "dmitri", name = "Dmitri Ivanov", signs = true, authority = { confirmed_by = "eva", on = 2026-11-05 } }, { id = "eva", name = "Eva Klein" }]
[[action]]
id = "po"
owner = "dmitri"
do = "Order"
if = "signing"
` + done + `
[[action]]
id = "ship"
owner = "ana"
do = "Ship"
if = "po"
within = "14d"
[[action]]
id = "pack"
owner = "ana"
do = "Send the packing list"
if = "signing"
within = "1w"
go_first = "It costs us nothing"
`)
}

// TestWithin: the agreement prints the computed date once it is known, and
// where it is not, what the time runs from.
func TestWithin(t *testing.T) {
	tests := []struct {
		name, signed, done string
		want               []string
	}{
		{"nothing known", "", "", []string{
			"- **Ship**: Ana Souza, Northwind, within 14 days of step 1.",
			"- **Send the packing list**: Ana Souza, Northwind, within 1 week of the signing.",
		}},
		{"signed, order done", `status = "final"` + "\nbinding = \"binding\"\nsigned = 2026-11-26", "done = 2026-12-03", []string{
			"- **Order**: Dmitri Ivanov, Contoso GmbH (done 3 Dec 2026).",
			"- **Ship**: Ana Souza, Northwind, by 17 Dec 2026, within 14 days of step 1.",
			"- **Send the packing list**: Ana Souza, Northwind, by 3 Dec 2026, within 1 week of the signing.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := string(build(t, withinNotes(tt.signed, tt.done), FormatMD)[FormatMD])
			for _, w := range tt.want {
				if !strings.Contains(md, w+"\n") {
					t.Errorf("no line %q in\n%s", w, md)
				}
			}
		})
	}
}
