// Package gen makes valid notes files of any size, for tests and
// benchmarks: a chain of actions alternating between the two parties.
package gen

import (
	"fmt"
	"strings"
)

// Options shape the notes.
type Options struct {
	Actions int
	Items   int
	Cycle   bool // the first action waits for the last: invalid notes
	// Method adds what the method's rules weigh: a value on every action,
	// our limits, and a round per ten actions with a concession on an item.
	Method bool
	// Signatories above two are more people of ours who sign.
	Signatories int
}

// Notes returns a notes file: two parties with one signatory each (more
// of ours with Signatories), Items
// agreed terms, and Actions chained actions, each waiting for the one
// before (the first for the signing).
func Notes(o Options) []byte {
	var b strings.Builder
	b.WriteString(`title = "Benchmark deal"
date = 2026-11-24
status = "final"
binding = "binding"
`)
	if o.Method {
		b.WriteString("currency = \"EUR\"\n[limits]\nmax_exposure = 1e12\nmax_step = 0.10\n")
	}
	b.WriteString(`[[party]]
id = "us"
name = "Northwind Traders Ltd"
us = true
person = [{ id = "ana", name = "Ana Souza", role = "Head of Sales", signs = true }`)
	for i := 3; i <= o.Signatories; i++ {
		fmt.Fprintf(&b, `, { id = "s%d", name = "Signatory %d", signs = true }`, i, i)
	}
	b.WriteString(`]
[[party]]
id = "them"
name = "Contoso GmbH"
person = [
  { id = "dmitri", name = "Дмитрий Иванов", role = "Procurement Director", signs = true, authority = { confirmed_by = "eva", on = 2026-11-20 } },
  { id = "eva", name = "Eva Klein", role = "Chief Financial Officer" },
]
`)
	for i := range o.Items {
		if o.Method {
			fmt.Fprintf(&b, "[[item]]\nid = \"t%d\"\n", i)
		} else {
			b.WriteString("[[item]]\n")
		}
		fmt.Fprintf(&b, "topic = \"Term %d\"\ntext = \"Unit price EUR 12.40 for orders of 5,000 units or more, fixed until 2027-06-30, clause %d.\"\nowner = \"ana\"\n", i, i)
	}
	for i := range o.Actions {
		owner, dep := "dmitri", "signing"
		if i%2 == 1 {
			owner = "ana"
		}
		if i > 0 {
			dep = fmt.Sprintf("a%d", i-1)
		} else if o.Cycle {
			dep = fmt.Sprintf("a%d", o.Actions-1)
		}
		fmt.Fprintf(&b, "[[action]]\nid = \"a%d\"\nowner = %q\ndo = \"Deliver lot %d of the sensor modules to the Hamburg warehouse\"\nif = %q\ndue = 2026-12-01\n", i, owner, i, dep)
		if o.Method {
			b.WriteString("value = 1000\n")
		}
	}
	for r := 0; o.Method && o.Items > 0 && r < o.Actions/10; r++ { // each concession smaller than the one before
		fmt.Fprintf(&b, "[[round]]\ndate = 2026-11-20\ngave = [{ text = \"Term %d moved\", item = \"t%d\", from = 100, to = %g }]\ngot = [\"Lot %d confirmed\"]\n",
			r%o.Items, r%o.Items, 100-1/float64(r+1), r)
	}
	return []byte(b.String())
}
