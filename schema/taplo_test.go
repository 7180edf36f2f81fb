package schema

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/needs"
)

// TestTaploAgrees: Taplo, the TOML language server editors use, reads
// notes files with recap's JSON Schema (recap schema) and agrees with
// recap check on what is wrong: the examples pass both; each broken file
// fails both. (Taplo reads a TOML date as the text it writes, so no JSON
// Schema keyword tells date = "2026-11-24" from date = 2026-11-24 there:
// that one recap alone reports; see docs/notes-format.md.)
func TestTaploAgrees(t *testing.T) {
	taplo := needs.Tool(t, "taplo")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "recap.schema.json"), JSONSchema, 0o644); err != nil {
		t.Fatal(err)
	}
	valid, err := os.ReadFile("../examples/supply.toml")
	if err != nil {
		t.Fatal(err)
	}
	body := string(valid[strings.IndexByte(string(valid), '\n')+1:]) // without its #:schema line
	auth := `evidence = "call note of 5 Nov 2026 in the deal folder" }`
	cases := []struct {
		name, src string
		ok        bool
	}{
		{"valid", body, true},
		{"trailing comma in an inline table", strings.Replace(body, auth, strings.TrimSuffix(auth, " }")+", }", 1), false},
		{"inline table on two lines", strings.Replace(body, auth, "\n  "+auth, 1), false},
		{"escape e", strings.Replace(body, `"Supply of SX-200 sensor modules"`, `"Supply \e"`, 1), false},
		{"time without seconds", strings.Replace(body, "date     = 2026-11-24", "date     = 2026-11-24T10:30", 1), false},
		{"unknown key", strings.Replace(body, "binding  =", "bindingg =", 1), false},
		{"wrong type", strings.Replace(body, "revision = 3", `revision = "3"`, 1), false},
		{"not a date", strings.Replace(body, "date     = 2026-11-24", `date     = "24 Nov 2026"`, 1), false},
	}
	// Taplo takes seconds to start: it checks every file at once, and
	// names those it refuses.
	var paths []string
	for i, tt := range cases {
		if tt.src == body && tt.name != "valid" {
			t.Fatalf("%s: the edit did not apply", tt.name)
		}
		path := filepath.Join(dir, fmt.Sprintf("case%d.toml", i))
		if err := os.WriteFile(path, []byte("#:schema ./recap.schema.json\n"+tt.src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	out, _ := exec.Command(taplo, append([]string{"check"}, paths...)...).CombinedOutput()
	for i, tt := range cases {
		refused := strings.Contains(string(out), `path="`+paths[i]+`"`)
		if refused == tt.ok {
			t.Errorf("%s: Taplo refuses it: %v, want %v", tt.name, refused, !tt.ok)
		}
		_, diags := Load("notes.toml", []byte(tt.src))
		if recapOK := diags.Errors() == 0; recapOK != tt.ok {
			t.Errorf("%s: recap check finds no error: %v, want %v: %v", tt.name, recapOK, tt.ok, diags)
		}
	}
	if t.Failed() {
		t.Logf("taplo check said:\n%s", out)
	}
}
