package schema

import (
	"fmt"
	"strings"
	"testing"
)

// TestBOMAndCRLF: notes saved with a byte order mark or Windows line
// endings (Notepad writes both) are reported at the same lines and
// columns as the same notes without, on line 1 and after it.
func TestBOMAndCRLF(t *testing.T) {
	const notes = `titel = "Supply deal"
date  = 2026-11-24

[[party]]
id   = "north"
name = "Northwind"
us   = true
  [[party.person]]
  id    = "ana"
  name  = "Ana Souza"
  sings = true
`
	_, want := Load("n.toml", []byte(notes))
	if len(want) < 2 || want[0].Pos != (Pos{1, 1}) {
		t.Fatalf("the notes give %v; want errors from 1:1 on", want)
	}
	crlf := strings.ReplaceAll(notes, "\n", "\r\n")
	for name, src := range map[string]string{"BOM": "\ufeff" + notes, "CRLF": crlf, "BOM and CRLF": "\ufeff" + crlf} {
		_, got := Load("n.toml", []byte(src))
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s:\n%v\nwant\n%v", name, got, want)
		}
	}
}
