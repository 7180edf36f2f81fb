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
	if !strings.HasSuffix(diags[0].Message, "a0 -> a19999 -> a19998") && !strings.Contains(diags[0].Message, "a0 -> a19999 -> a19998 -> ") {
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
