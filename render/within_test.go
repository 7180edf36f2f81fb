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

// TestWithin: the agreement's schedule prints what a time runs from,
// naming the obligation and its step, and the computed date once it is
// known.
func TestWithin(t *testing.T) {
	tests := []struct {
		name, signed, done string
		want               []string
	}{
		{"nothing known", "", "", []string{
			"| 2 | Ship | Northwind (Ana Souza) | within 14 days of “Order” (step 1) | Step 1 |",
			"| 1 | Send the packing list | Northwind (Ana Souza) | within 1 week of the signing | Signing |",
		}},
		{"signed, order done", `status = "final"` + "\nbinding = \"binding\"\nsigned = 2026-11-26", "done = 2026-12-03", []string{
			"| 1 | Order | Contoso GmbH (Dmitri Ivanov) | *(done 3 Dec 2026)* | Signing |",
			"| 2 | Ship | Northwind (Ana Souza) | within 14 days of “Order” (step 1): 17 Dec 2026 | Step 1 |",
			"| 1 | Send the packing list | Northwind (Ana Souza) | within 1 week of the signing: 3 Dec 2026 | Signing |",
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
