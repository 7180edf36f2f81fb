package schema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/gen"
)

func genNotes(actions int, cycle bool) []byte {
	return gen.Notes(gen.Options{Actions: actions, Cycle: cycle})
}

// methodNotes are notes that every rule of the method has work in: values
// on all actions, limits, and rounds with concessions on items.
func methodNotes(actions int) []byte {
	return gen.Notes(gen.Options{Actions: actions, Items: max(actions/10, 1), Method: true})
}

func TestLongChain(t *testing.T) {
	for name, src := range map[string][]byte{"plain": genNotes(20000, false), "method": methodNotes(20000)} {
		n, diags := Load("chain.toml", src)
		if len(diags) != 0 || len(n.Actions) != 20000 || name == "method" && len(n.Rounds) != 2000 {
			t.Fatalf("%s: got %d actions, %d rounds and %d diagnostics: %.300v", name, len(n.Actions), len(n.Rounds), len(diags), diags)
		}
	}
}

func TestLongCycle(t *testing.T) {
	_, diags := Load("cycle.toml", genNotes(20000, true))
	if len(diags) != 1 || diags[0].Rule != "if-cycle" {
		t.Fatalf("want one cycle error, got %.300v", diags)
	}
	if !strings.HasSuffix(diags[0].Message, "a0 -> a19999 -> a19998") && !strings.Contains(diags[0].Message, "a0 -> a19999 -> a19998 -> ") {
		t.Errorf("cycle not spelled out from its first action: %.200s", diags[0].Message)
	}
	if got := strings.Count(diags[0].Message, "->"); got != 20000 {
		t.Errorf("cycle has %d arrows, want 20000", got)
	}
}

// BenchmarkLoad measures recap check: decode, the schema and every rule.
// The method notes give the rules on rounds, values and limits their work.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10, 1000, 20000} {
		for _, notes := range []struct {
			name string
			src  []byte
		}{{"plain", genNotes(n, false)}, {"method", methodNotes(n)}} {
			src := notes.src
			b.Run(fmt.Sprintf("notes=%s/actions=%d", notes.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, diags := Load("x.toml", src); len(diags) != 0 {
						b.Fatal(diags)
					}
				}
			})
		}
	}
}
