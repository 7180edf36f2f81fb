package pdf

import (
	"github.com/recaptool/recap/internal/shape"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "one two three", 100, []string{"one two three"}},
		{"wraps at spaces", "one two three", 15, []string{"one two", "three"}},
		{"drops edge spaces", "  one   two  ", 100, []string{"one   two"}},
		{"hard break", "one\ntwo", 100, []string{"one", "two"}},
		{"empty", "", 100, []string{""}},
		{"breaks a long word", "0123456789", 8, []string{"0123", "4567", "89"}}, // a digit is 1.96 mm at 10 pt
		{"narrower than a rune", "abc", 0.1, []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := breakLines(newEnv(Options{}), []span{{text: tt.text}}, tt.width, 10)
			var got []string
			for _, l := range lines {
				got = append(got, lineText(l))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func lineText(l line) string {
	var b strings.Builder
	for _, f := range l.frags {
		b.WriteString(f.text)
	}
	return b.String()
}

// FuzzBreakLines: lines fit (or hold one rune), and no text is lost.
func FuzzBreakLines(f *testing.F) {
	f.Add("one two three", 20.0)
	f.Add("Дмитрий Иванов ελένη", 5.0)
	f.Add(strings.Repeat("x", 500), 30.0)
	f.Add("王小明田中健一 \u2068محمد العتيبي 2024 Ltd\u2069 דוד כהן (ok)", 12.0)
	f.Add("राजेश कुमार สมชายใจดีกรรมการผู้จัดการ Nguyễn Thị Hương e\u0301", 8.0)
	f.Add(strings.Repeat("长长的中文句子", 40), 25.0)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if !utf8.ValidString(text) || width < 0 || width > 1000 || width != width {
			t.Skip()
		}
		text, _ = Scrub(text)
		var got strings.Builder
		for _, l := range breakLines(newEnv(Options{}), []span{{text: text}, {text: text, st: bold}}, width, 10) {
			if l.w > width+1e-6 && graphemes(lineText(l)) > 1 {
				t.Fatalf("line %q is %.2f mm, wider than %.2f", lineText(l), l.w, width)
			}
			got.WriteString(lineText(l))
		}
		squash := func(s string) string {
			return strings.Join(strings.Fields(strings.NewReplacer("\u2068", "", "\u2069", "").Replace(s)), "")
		}
		if squash(got.String()) != squash(text+text) {
			t.Fatalf("text lost: %q -> %q", text, got.String())
		}
	})
}

// graphemes counts the grapheme clusters of s: a line holding one may be
// wider than its box.
func graphemes(s string) int {
	n := 0
	for _, b := range shape.Graphemes([]rune(s)) {
		if b {
			n++
		}
	}
	return n
}

func TestAppendNum(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "0.00"}, {1, "1.00"}, {12.345, "12.35"}, {12.344, "12.34"}, {0.005, "0.01"},
		{-3.5, "-3.50"}, {-0.004, "0.00"}, {841.89, "841.89"}, {1e6 + 0.5, "1000000.50"},
	} {
		if got := string(appendNum(nil, tt.v)); got != tt.want {
			t.Errorf("appendNum(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	for v := -1000.0; v < 1000; v += 0.37 { // agrees with %.2f but at exact halves
		got, want := string(appendNum(nil, v)), strconv.FormatFloat(v, 'f', 2, 64)
		if got != want && want != "-0.00" {
			if d, _ := strconv.ParseFloat(got, 64); math.Abs(d-v) > 0.005+1e-9 {
				t.Fatalf("appendNum(%v) = %s, off by more than half a hundredth", v, got)
			}
		}
	}
}
