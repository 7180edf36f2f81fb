package schema

import (
	"runtime"
	"strings"
	"testing"
)

// TestTooDeep: every level counts, a dotted key's or header's parts as
// much as brackets and braces; what is in strings and comments does not.
func TestTooDeep(t *testing.T) {
	deep := func(open string, n int) string { return strings.Repeat(open, n) }
	dots := func(n int) string { return "k" + strings.Repeat(".k", n-1) }
	for _, tt := range []struct {
		name string
		src  string
		at   int // offset of the first level too deep, or -1
	}{
		{"flat", "a = 1\nb = [1, 2]\n[t]\nc = {d = 1}\n", -1},
		{"arrays at the limit", "x = " + deep("[", 64) + deep("]", 64), -1}, // x is a level, its array the same one
		{"arrays past it", "x = " + deep("[", 65) + deep("]", 65), 4 + 64},
		{"dotted key at the limit", dots(64) + " = 1", -1},
		{"dotted key past it", dots(65) + " = 1", 128},
		{"quoted parts count", strings.Repeat(`"k".`, 64) + `"k" = 1`, 256},
		{"dots in quotes do not", `"` + strings.Repeat(".", 500) + `" = 1`, -1},
		{"dotted header past it", "[" + dots(65) + "]\nx = 1", 0},
		{"array of tables past it", "[[" + dots(65) + "]]\nx = 1", 0},
		{"header and key add up", "[" + dots(40) + "]\n" + dots(25) + " = 1", 80 + 2 + 48},
		{"inline tables and dotted keys", "a = " + deep("{b.c = ", 32) + "1" + deep("}", 32), 4 + 31*7 + 3}, // the 32nd c is 65 deep
		{"floats are not keys", "x = 1.5\ny = 2026-11-24T10:00:00.5Z\n", -1},
		{"in a comment", "# " + dots(100) + "\nx = 1", -1},
		{"in a multi-line string", `x = """` + "\n" + dots(100) + ` = 1"""`, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tooDeep([]byte(tt.src)); got != tt.at {
				t.Errorf("tooDeep = %d, want %d", got, tt.at)
			}
		})
	}
}

// TestTOML10: the syntax TOML 1.1 added, which the decoder takes but
// Taplo, Python's tomllib and most editors refuse, is reported where it
// stands; what TOML 1.0 allows is not.
func TestTOML10(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		at        int // -1: nothing found
		msg       string
	}{
		{"trailing comma", "x = {a = 1, b = 2,}\n", 18, "a comma before the `}`"},
		{"trailing comma and spaces", "x = {a = 1,  }\n", 13, "a comma before the `}`"},
		{"trailing comma in an array is fine", "x = [1, 2,]\ny = {a = [1,]}\n", -1, ""},
		{"newline in an inline table", "x = {a = 1,\n b = 2}\n", 11, "goes on to the next line"},
		{"newline in an array in an inline table is fine", "x = {a = [1,\n2]}\n", -1, ""},
		{"comma in a string is fine", "x = {a = \",}\"}\n", -1, ""},
		{"escape e", "x = \"a\\eb\"\n", 6, "`\\e` in a string"},
		{"escape x", "x = \"\\x41\"\n", 5, "`\\x` in a string"},
		{"escaped backslash then e is fine", "x = \"\\\\e\"\n", -1, ""},
		{"literal strings have no escapes", "x = 'a\\eb'\n", -1, ""},
		{"time without seconds", "x = 10:30\n", 4, "write 10:30:00"},
		{"datetime without seconds", "x = 2026-11-24T10:30\n", 15, "a time without seconds"},
		{"times with seconds and offsets are fine", "x = 10:30:00\ny = 2026-11-24T10:30:00+01:00\nz = 2026-11-24 10:30:00.5-05:30\n", -1, ""},
		{"a colon in a key or string is fine", "\"a:b\" = \"10:30\"\n", -1, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := prescan([]byte(tt.src))
			switch {
			case tt.at < 0 && f != nil:
				t.Errorf("found %+v", f)
			case tt.at >= 0 && (f == nil || f.at != tt.at || f.rule != ruleSyntax || !strings.Contains(f.msg, tt.msg)):
				t.Errorf("found %+v, want at %d %q", f, tt.at, tt.msg)
			}
		})
	}
}

// TestNestingBounded: files made to nest deep are refused before they are
// decoded, with work in proportion to their size: a 20 kB dotted key
// 10,000 parts deep once took 9 s and 1.8 GB.
func TestNestingBounded(t *testing.T) {
	for _, src := range []string{
		"k" + strings.Repeat(".k", 9999) + " = 1\n",
		"[k" + strings.Repeat(".k", 9999) + "]\nx = 1\n",
		"a = " + strings.Repeat("{k = ", 10000) + "1" + strings.Repeat("}", 10000) + "\n",
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, diags := Load("deep.toml", []byte(src))
		runtime.ReadMemStats(&after)
		if len(diags) != 1 || diags[0].Rule != "nesting" {
			t.Errorf("%.20q…: %v, want one nesting diagnostic", src, diags)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(20*len(src)+1<<20) {
			t.Errorf("%.20q…: %d bytes allocated for a %d-byte file", src, alloc, len(src))
		}
	}
}
