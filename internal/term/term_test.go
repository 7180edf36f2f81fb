package term

import "testing"

func TestSafe(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"plain", "Ana Souza", "Ana Souza"},
		{"scripts", "Дмитрий 王小明 محمد", "Дмитрий 王小明 محمد"},
		{"escape sequence", "a\x1b[8mhidden", `a\x1b[8mhidden`},
		{"carriage return", "fake\rverified", `fake\rverified`},
		{"newline and tab", "a\nb\tc", `a\nb\tc`},
		{"bell and DEL", "\a\x7f", `\a\x7f`},
		{"C1", "\u009b31m", `\u009b31m`},
		{"bidi override", "evil\u202egnp.exe", `evil\u202egnp.exe`},
		{"bidi isolate", "\u2068x\u2069", `\u2068x\u2069`},
		{"zero-width space stays", "zero\u200bwidth", "zero\u200bwidth"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Safe(tt.in); got != tt.want {
				t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
