package shape

import (
	"bufio"
	"bytes"
	"golang.org/x/image/font/gofont/goregular"
	"os"
	"strconv"
	"strings"
	"testing"
)

// readCases reads the test cases of a Unicode conformance file: its lines
// that are not comments.
func readCases(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if len(out) < 100 {
		t.Fatalf("%s: only %d cases", name, len(out))
	}
	return out
}

func codePoints(t *testing.T, field string) []rune {
	var out []rune
	for _, h := range strings.Fields(field) {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rune(v))
	}
	return out
}

// TestBidiCharacterTest: Levels gives the resolved level of every
// character that rule X9 keeps, for Unicode's test cases of left-to-right
// paragraphs (a sample of BidiCharacterTest.txt).
func TestBidiCharacterTest(t *testing.T) {
	failed := 0
	cases := readCases(t, "BidiCharacterTest-sample.txt")
	for _, c := range cases {
		f := strings.Split(c, ";")
		text := codePoints(t, f[0])
		got := Levels(text)
		for i, want := range strings.Fields(f[3]) {
			if want == "x" {
				continue
			}
			if w, _ := strconv.Atoi(want); int(got[i]) != w {
				if failed < 10 {
					t.Errorf("%s: rune %d at level %d, want %d", f[0], i, got[i], w)
				}
				failed++
				break
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d cases fail", failed, len(cases))
	}
}

// TestLevelsOfIsolates: the levels are each rune's own, not their run's:
// what follows an isolate is at the paragraph's level again. (The bidi
// package cuts runs only where the direction changes; see resolvedLevels.)
func TestLevelsOfIsolates(t *testing.T) {
	text := []rune("Ana: \u2068شركة 2024 Ltd\u2069 pays.")
	levels := Levels(text)
	want := map[int]uint8{0: 0, 6: 1, 11: 2, 16: 2, 19: 0, 21: 0}
	for i, lv := range want {
		if levels[i] != lv {
			t.Errorf("%q is at level %d, want %d", text[i], levels[i], lv)
		}
	}
}

// parseBreaks reads a line of LineBreakTest.txt or GraphemeBreakTest.txt:
// runes between × (no break) and ÷ (a break).
func parseBreaks(t *testing.T, line string) (text []rune, breaks []bool) {
	line, _, _ = strings.Cut(line, "#")
	for _, tok := range strings.Fields(line) {
		switch tok {
		case "×":
			breaks = append(breaks, false)
		case "÷":
			breaks = append(breaks, true)
		default:
			text = append(text, codePoints(t, tok)...)
		}
	}
	return text, breaks
}

// TestLineBreakTest: LineBreaks finds the break opportunities of UAX #14
// in Unicode's test cases (a sample of LineBreakTest.txt).
func TestLineBreakTest(t *testing.T) {
	testBreaks(t, "LineBreakTest-sample.txt", LineBreaks)
}

// TestGraphemeBreakTest: Graphemes finds the clusters of UAX #29 in
// Unicode's test cases (a sample of GraphemeBreakTest.txt).
func TestGraphemeBreakTest(t *testing.T) {
	testBreaks(t, "GraphemeBreakTest-sample.txt", Graphemes)
}

// testBreaks checks, for each case of a file, whether find says there is
// a boundary before each rune but the first, as the case does.
func testBreaks(t *testing.T, file string, find func([]rune) []bool) {
	failed := 0
	cases := readCases(t, file)
	for _, c := range cases {
		text, want := parseBreaks(t, c)
		got := find(text)
		for i := 1; i < len(text); i++ {
			if got[i] != want[i] {
				if failed < 10 {
					t.Errorf("%s: boundary before rune %d is %v, want %v", c[:strings.Index(c, "#")], i, got[i], want[i])
				}
				failed++
				break
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d cases fail", failed, len(cases))
	}
}

// FuzzParse: any bytes, as a font folder can hold them, through the path
// --font-path fonts take (Parse, then Open when a face is chosen): an
// error, never a panic or an allocation a table's record made up.
func FuzzParse(f *testing.F) {
	f.Add(goregular.TTF)
	f.Add(goregular.TTF[:len(goregular.TTF)/3])
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fonts, err := Parse(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, ft := range fonts {
			ft.Covers([]rune("Aé北"))
			ft.Open()
		}
	})
}
