package mdtext

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/recaptool/recap/render/pdf"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is untouched", "Unit price EUR 12.40, fixed until 2027-06-30 (net).", "Unit price EUR 12.40, fixed until 2027-06-30 (net)."},
		{"emphasis", "*bold* and _it_", `\*bold\* and \_it\_`},
		{"link", "[click](http://x)", `\[click\](http://x)`},
		{"html", "<script>alert(1)</script>", `\<script>alert(1)\</script>`},
		{"code", "`rm -rf`", "\\`rm -rf\\`"},
		{"table pipe", "a | b", `a \| b`},
		{"heading", "# Title", `\# Title`},
		{"list", "- item", `\- item`},
		{"plus list", "+ item", `\+ item`},
		{"ordered list", "1. first", `1\. first`},
		{"ordered paren", "12) first", `12\) first`},
		{"number mid-text", "Section 1. applies", "Section 1. applies"},
		{"quote", "> quoted", `\> quoted`},
		{"setext", "===", `\===`},
		{"entity", "&amp; &#65; AT&T", `\&amp; \&\#65; AT&T`},
		{"newline", "line one\nline two", "line one<br>line two"},
		{"crlf", "a\r\nb\rc", "a<br>b<br>c"},
		{"edge spaces", "  indented  ", "&#32;&#32;indented&#32;&#32;"},
		{"tab", "\tcode", "&#9;code"},
		{"only spaces", "   ", "&#32;&#32;&#32;"},
		{"template braces", "{{.Secret}}", "{{.Secret}}"},
		{"strikethrough", "~~no~~", `\~\~no\~\~`},
		{"backslash", `C:\path\`, `C:\\path\\`},
		{"cyrillic", "Дмитрий Иванов", "Дмитрий Иванов"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// contexts are the places templates put text; %s marks the spot.
var contexts = []struct{ name, md, open, close string }{
	{"paragraph", "x%sx\n", "<p>x", "x</p>"},
	{"heading", "## x%sx\n", "<h2>x", "x</h2>"},
	{"list item", "- x%sx\n", "<ul>\n<li>x", "x</li>\n</ul>"},
	{"bold", "**x%sx**\n", "<p><strong>x", "x</strong></p>"},
	{"table cell", "| a | b |\n|---|---|\n| x%sx | c |\n", "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x", "x</td>\n<td>c</td>\n</tr>\n</tbody>\n</table>"},
	{"start of paragraph", "%s\n", "<p>", "</p>"},
}

// roundTrip renders escaped text in a context and returns the text a
// reader would see, or ok=false if the structure around it broke.
func roundTrip(s, md, open, close string) (string, bool) {
	var b bytes.Buffer
	if err := pdf.Markdown.Convert([]byte(strings.Replace(md, "%s", Escape(s), 1)), &b); err != nil {
		return "", false
	}
	out := strings.TrimSpace(b.String())
	if !strings.HasPrefix(out, open) || !strings.HasSuffix(out, close) {
		return out, false
	}
	inner := out[len(open) : len(out)-len(close)]
	inner = strings.ReplaceAll(inner, "<br>", "\n")
	if strings.Contains(inner, "<") {
		return inner, false // a tag came from user text
	}
	return html.UnescapeString(inner), true
}

// normalize gives what a renderer can show of s: line ends as \n, and
// no NUL (CommonMark turns it into U+FFFD).
func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

func checkRoundTrip(t *testing.T, s string) {
	t.Helper()
	for _, c := range contexts {
		want := normalize(s)
		if c.name == "start of paragraph" {
			if strings.TrimSpace(s) == "" {
				continue // an empty paragraph is no paragraph
			}
		}
		got, ok := roundTrip(s, c.md, c.open, c.close)
		if !ok || got != want {
			t.Errorf("%s: %q shows as %q (structure kept: %v)", c.name, s, got, ok)
		}
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{
		"*a* _b_ **c** __d__ `e` ~f~", "[x](y) ![i](j) <http://a> <b>", "# h\n## h2\n- l\n1. n\n> q",
		"a | b || c", "&amp; &#x41; &nbsp; &", "\\*not\\*", "  lead\ttab  ", "===\n---\n***",
		"line\nbreak\r\nwin", "{{.X}} {{template \"y\"}}", "<!-- c --> <?php ?>", "1986. A year",
		"Ελένη Παπαδοπούλου – Дмитрий", "x\\", "\\", "|", "-", "#", "1)", "    code",
		"a  b   c", "www.example.com http://x.y", "[^1]: note", "- [ ] task",
	} {
		checkRoundTrip(t, s)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"*a*", "[x](y)", "<b>", "# h", "a|b", "&amp;", "  x  ", "1. x", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\v\f") {
			t.Skip() // notes are UTF-8; control characters are scrubbed before rendering
		}
		checkRoundTrip(t, s)
	})
}

// TestIsolate: text in a script other than Latin, Greek or Cyrillic is
// isolated; anything else is left as it is, so that Latin notes keep
// their bytes.
func TestIsolate(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Ana Souza", "Ana Souza"},
		{"Дмитрий Иванов", "Дмитрий Иванов"},
		{"Ελένη", "Ελένη"},
		{"Nguyễn Thị Hương", "Nguyễn Thị Hương"},
		{"12,400 € ✓ —", "12,400 € ✓ —"},
		{"דוד כהן", "\u2068דוד כהן\u2069"},
		{"Payment to شركة", "\u2068Payment to شركة\u2069"},
		{"王小明", "\u2068王小明\u2069"},
		{"राजेश", "\u2068राजेश\u2069"},
	} {
		if got := Isolate(tt.in); got != tt.want {
			t.Errorf("Isolate(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, want := Text(tt.in).String(), Isolate(Escape(tt.in)); got != want {
			t.Errorf("Text(%q).String() = %q, want %q", tt.in, got, want)
		}
	}
}

// TestTagged: a value in a language of its own stands in an isolate in
// any script, escaped inside it, once; Raw gives it as typed.
func TestTagged(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Ελένη *Π*", "\u2068Ελένη \\*Π\\*\u2069"},
		{"محمد", "\u2068محمد\u2069"},
		{"", ""},
	} {
		v := Tagged(tt.in)
		if got := v.String(); got != tt.want {
			t.Errorf("Tagged(%q) prints %q, want %q", tt.in, got, tt.want)
		}
		if v.Raw() != tt.in {
			t.Errorf("Tagged(%q).Raw() = %q", tt.in, v.Raw())
		}
	}
	if got := Text("Ελένη").String(); got != "Ελένη" {
		t.Errorf("Greek without a language of its own prints %q, in an isolate", got)
	}
}

// TestMessage: a message's quoted parts print in code face, as typed,
// and the rest as Text does; unpaired backticks print as typed.
func TestMessage(t *testing.T) {
	tests := []struct{ msg, html string }{
		{"party `a` has no signatory: set `signs = true` on the person", "party <code>a</code> has no signatory: set <code>signs = true</code> on the person"},
		{"`*x*` and *y* and `<b>` and `a\\_b`", "<code>*x*</code> and *y* and <code>&lt;b&gt;</code> and <code>a\\_b</code>"},
		{"the id `a`b` is odd", "the id `a`b` is odd"},
		{"- `x` [y](z) <!-- c -->", "- <code>x</code> [y](z) &lt;!-- c --&gt;"},
		{"empty `` quote", "empty `` quote"},
		{"no quotes at all", "no quotes at all"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := pdf.Markdown.Convert([]byte("- "+Message(tt.msg).String()+"\n"), &b); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(b.String()), "<ul>\n<li>"), "</li>\n</ul>")
		if got != tt.html {
			t.Errorf("%q renders as %q, want %q", tt.msg, got, tt.html)
		}
	}
}

// FuzzMessageQuotes: whatever a message quotes, it renders as one list item with
// no tag but <code>, and shows its characters, backticks aside where they
// pair (spaces aside: a code span trims one at each end).
func FuzzMessageQuotes(f *testing.F) {
	for _, s := range []string{"party `a` has no signatory: set `signs = true`", "`*x*` and *y*", "odd ` one", "`<b>` <i>", "- `x`", "``", "` `"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\v\f\r\n") {
			t.Skip() // one line of text, as a diagnostic's message is
		}
		var b bytes.Buffer
		if err := pdf.Markdown.Convert([]byte("- "+Message(s).String()+"\n"), &b); err != nil {
			t.Fatal(err)
		}
		out := strings.TrimSpace(b.String())
		if !strings.HasPrefix(out, "<ul>\n<li>") || !strings.HasSuffix(out, "</li>\n</ul>") {
			t.Fatalf("%q renders as %q: not one list item", s, out)
		}
		inner := strings.NewReplacer("<code>", "", "</code>", "").Replace(out[len("<ul>\n<li>") : len(out)-len("</li>\n</ul>")])
		if strings.Contains(inner, "<") {
			t.Fatalf("%q renders as %q: a tag came from the text", s, out)
		}
		want := s
		if strings.Count(s, "`")%2 == 0 && !strings.Contains(s, "``") {
			want = strings.ReplaceAll(s, "`", "")
		}
		squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got := html.UnescapeString(inner); squeeze(got) != squeeze(Isolate(want)) {
			t.Fatalf("%q shows as %q, want %q", s, got, want)
		}
	})
}
