package schema

import (
	"fmt"
	"strings"
	"testing"
)

// genNotes makes a valid notes file whose actions form one long chain,
// alternating between the parties; with cycle, the first waits for the last.
func genNotes(actions int, cycle bool) []byte {
	var b strings.Builder
	b.WriteString(`title = "Scale"
date = 2026-11-24
[[party]]
id = "us"
name = "Us"
us = true
person = [{ id = "a", name = "A", signs = true }]
[[party]]
id = "them"
name = "Them"
person = [{ id = "b", name = "B", signs = true, authority = { confirmed_by = "C", on = 2026-11-01 } }]
`)
	for i := range actions {
		owner, dep := "b", "signing"
		if i%2 == 1 {
			owner = "a"
		}
		if i > 0 {
			dep = fmt.Sprintf("s%d", i-1)
		} else if cycle {
			dep = fmt.Sprintf("s%d", actions-1)
		}
		fmt.Fprintf(&b, "[[action]]\nid = \"s%d\"\nowner = %q\ndo = \"Step %d\"\nif = %q\n", i, owner, i, dep)
	}
	return []byte(b.String())
}

func TestLongChain(t *testing.T) {
	n, diags := Load("chain.toml", genNotes(20000, false))
	if len(diags) != 0 || len(n.Actions) != 20000 {
		t.Fatalf("got %d actions and %d diagnostics: %.300v", len(n.Actions), len(diags), diags)
	}
}

func TestLongCycle(t *testing.T) {
	_, diags := Load("cycle.toml", genNotes(20000, true))
	if len(diags) != 1 || diags[0].Rule != "if-cycle" {
		t.Fatalf("want one cycle error, got %.300v", diags)
	}
	if !strings.HasSuffix(diags[0].Message, "s0 -> s19999 -> s19998") && !strings.Contains(diags[0].Message, "s0 -> s19999 -> s19998 -> ") {
		t.Errorf("cycle not spelled out from its first action: %.200s", diags[0].Message)
	}
	if got := strings.Count(diags[0].Message, "->"); got != 20000 {
		t.Errorf("cycle has %d arrows, want 20000", got)
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10, 1000, 20000} {
		src := genNotes(n, false)
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, diags := Load("x.toml", src); len(diags) != 0 {
					b.Fatal(diags)
				}
			}
		})
	}
}
