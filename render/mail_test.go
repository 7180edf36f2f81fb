package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	goldenfile "github.com/recaptool/recap/internal/golden"
	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/templates"
)

// read is a message as Python's email package reads it
// (testdata/mail/read.py).
type read struct {
	From, To []struct{ Name, Addr string }
	Subject  string
	Date     string
	ID       string `json:"message_id"`
	Unsent   string
	Language string
	Text     *string
	HTML     *string
	Atts     []struct {
		Name, Type string
		Data       []byte // base64 in JSON
	} `json:"attachments"`
	Defects []string
}

// readMail reads messages with Python's email package, policy default.
func readMail(t *testing.T, msgs ...[]byte) []read {
	t.Helper()
	py := needs.Tool(t, "python3")
	dir := t.TempDir()
	args := []string{"testdata/mail/read.py"}
	for i, m := range msgs {
		p := filepath.Join(dir, fmt.Sprintf("%d.eml", i))
		if err := os.WriteFile(p, m, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command(py, args...).Output()
	if err != nil {
		t.Fatalf("read.py: %v\n%s", err, stderrOf(err))
	}
	var got []read
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("read.py printed %q: %v", out, err)
	}
	for i, r := range got {
		// MIME's text has CRLF line breaks (RFC 2046, 4.1.1), which
		// Python keeps; a mail program shows them as line breaks.
		for _, p := range []*string{r.Text, r.HTML} {
			if p != nil {
				*p = strings.ReplaceAll(*p, "\r\n", "\n")
			}
		}
		if len(r.Defects) > 0 {
			t.Errorf("message %d: Python's email package notes defects: %v", i, r.Defects)
		}
	}
	return got
}

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// ripmime unpacks a message with ripmime, a MIME unpacker of Debian's
// that has nothing in common with Go's or Python's readers, and returns
// the files it wrote by name.
func ripmime(t *testing.T, msg []byte) map[string][]byte {
	t.Helper()
	tool := needs.Tool(t, "ripmime")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.eml")
	if err := os.WriteFile(in, msg, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(tool, "-i", in, "-d", out).CombinedOutput(); err != nil {
		t.Fatalf("ripmime: %v\n%s", err, b)
	}
	files := map[string][]byte{}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

func mailTemplate(t testing.TB, nudge bool) MailOptions {
	t.Helper()
	name, text := "mail.md.tmpl", templates.Mail
	if nudge {
		name, text = "nudge.md.tmpl", templates.Nudge
	}
	tmpl, err := ParseTemplate(name, text)
	if err != nil {
		t.Fatal(err)
	}
	return MailOptions{Template: tmpl}
}

// mailOptions are the build options a mail's attachments are made with.
func mailOptions(t testing.TB) Options {
	return Options{Record: Record{Document: Agreement}, Template: defaultTemplate(t), Version: "test", Fonts: testFonts}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// scriptsNotes are the supply example with people, title and file name
// in six scripts: Arabic, Cyrillic, Greek, Hebrew, Devanagari and Han.
func scriptsNotes(t testing.TB) []byte {
	src := strings.NewReplacer(
		`title    = "Supply of SX-200 sensor modules"`, `title    = "传感器模块供货 — Поставка датчиков"`,
		`name  = "Ana Souza"`, `name  = "ليلى حداد"`,
		`  name = "Eva Klein"`, `  name = "Ελένη Παπαδοπούλου"`+"\n  email = \"eleni@contoso.example\"",
		`  id   = "li"`+"\n  name = \"Li Wei\"", `  id   = "li"`+"\n  name = \"יעל כהן\"",
	).Replace(string(readFile(t, "../examples/supply.toml")))
	return []byte(src + `
[[party.person]]
id    = "ananya"
name  = "अनन्या शर्मा"
role  = "Quality Engineer"
email = "ananya@contoso.example"
`)
}

// TestMailReaders writes the recap's mail of a two-party deal, a
// three-party deal, a draft and a deal in six scripts, and reads each
// back with Python's email package and with ripmime: the headers as
// written, both bodies, and attachments byte for byte what Build writes
// for the same notes and options (--paper, --esign passed through).
func TestMailReaders(t *testing.T) {
	draft := strings.NewReplacer(`status   = "final"`, `status   = "draft"`).Replace(string(readFile(t, "../examples/supply.toml")))
	cases := []struct {
		name    string
		file    string // the notes file's name: the attachments'
		src     []byte
		opt     func(*Options)
		to      []string // "Name <addr>", in order
		subject string
		cal     bool
	}{
		{name: "two parties", file: "supply.toml", src: readFile(t, "../examples/supply.toml"),
			to: []string{"Дмитрий Иванов <d.ivanov@contoso.example>"}, subject: "Supply of SX-200 sensor modules: agreement for signature (revision 3)", cal: true},
		{name: "three parties, letter, docusign", file: "telematics.toml", src: readFile(t, "testdata/deals/telematics.toml"),
			opt: func(o *Options) { o.Paper, o.ESign = "letter", "docusign" },
			to:  []string{"Jonas Petrauskas <it@baltichaulage.example>"}, subject: "", cal: true},
		{name: "draft", file: "draft.toml", src: []byte(draft),
			to: []string{"Дмитрий Иванов <d.ivanov@contoso.example>"}, subject: "Supply of SX-200 sensor modules: draft for review (revision 3)"},
		{name: "six scripts", file: "合同 Договор Σύμβαση.toml", src: scriptsNotes(t),
			to:      []string{"Дмитрий Иванов <d.ivanov@contoso.example>", "Ελένη Παπαδοπούλου <eleni@contoso.example>", "अनन्या शर्मा <ananya@contoso.example>"},
			subject: "传感器模块供货 — Поставка датчиков: agreement for signature (revision 3)", cal: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opt := mailOptions(t)
			if c.opt != nil {
				c.opt(&opt)
			}
			in := source(t, c.file, c.src)
			mo := mailTemplate(t, false)
			mo.Name, mo.AsOf = strings.TrimSuffix(c.file, ".toml"), schema.Date{Year: 2026, Month: 12, Day: 7}
			msg, err := BuildMail(in, opt, mo)
			if err != nil {
				t.Fatal(err)
			}
			want := opt
			want.Formats = Formats{FormatPDF}
			if c.cal {
				want.Formats = append(want.Formats, FormatICS)
			}
			outs, err := Build(in, want)
			if err != nil {
				t.Fatal(err)
			}
			r := readMail(t, msg)[0]
			var to []string
			for _, a := range r.To {
				to = append(to, a.Name+" <"+a.Addr+">")
			}
			if !slices.Equal(to, c.to) {
				t.Errorf("To: %q, want %q", to, c.to)
			}
			if c.subject != "" && r.Subject != c.subject {
				t.Errorf("Subject: %q, want %q", r.Subject, c.subject)
			}
			if len(r.From) != 1 || r.From[0].Addr == "" || r.Unsent != "1" || r.Date != "2026-12-07T12:00:00+00:00" {
				t.Errorf("From %v, X-Unsent %q, Date %q", r.From, r.Unsent, r.Date)
			}
			if r.Text == nil || r.HTML == nil {
				t.Fatalf("a body is missing: text %v, html %v", r.Text != nil, r.HTML != nil)
			}
			if markdownSyntax.MatchString(*r.Text) || !strings.Contains(*r.HTML, "<strong>") {
				t.Errorf("the text body has Markdown in it, or the HTML none:\n%s", *r.Text)
			}
			if len(r.Atts) != len(outs) {
				t.Fatalf("%d attachments, want %d", len(r.Atts), len(outs))
			}
			ripped := ripmime(t, msg)
			for i, o := range outs {
				name := mo.Name + "." + string(o.Format)
				a := r.Atts[i]
				if a.Name != name || !bytes.Equal(a.Data, o.Data) {
					t.Errorf("Python: attachment %q (%d bytes), want %q, byte for byte what build writes (%d bytes)", a.Name, len(a.Data), name, len(o.Data))
				}
				if !bytes.Equal(ripped[name], o.Data) {
					t.Errorf("ripmime: %s is not what build writes (%d bytes, want %d); it wrote %v", name, len(ripped[name]), len(o.Data), keys(ripped))
				}
			}
			// ripmime's text parts are the bodies Python read.
			var texts []string
			for name, b := range ripped {
				if strings.HasPrefix(name, "textfile") && len(b) > 0 {
					// ripmime keeps the line break before the boundary
					texts = append(texts, strings.TrimSuffix(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n"))
				}
			}
			if !slices.Contains(texts, *r.Text) || !slices.Contains(texts, *r.HTML) {
				t.Errorf("ripmime's text parts are not the bodies Python read")
			}
		})
	}
}

// markdownSyntax is what of Markdown a text body must not show: escapes,
// strong emphasis, entities.
var markdownSyntax = regexp.MustCompile(`\\[[:punct:]]|\*\*|&#?[a-zA-Z0-9]+;`)

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestMailGolden pins what the mails say, as Python reads them: the
// recap's mail of a two-party and of a three-party deal, and the
// reminders of the follow-through example at several dates.
func TestMailGolden(t *testing.T) {
	asOf := func(s string) schema.Date {
		d, err := schema.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		golden, file string
		nudge        bool
		asOf         string
		within       int
	}{
		{"supply", "../examples/supply.toml", false, "2026-11-25", 0},
		{"telematics", "testdata/deals/telematics.toml", false, "2026-11-30", 0},
		{"nudge-2026-11-30", "../examples/follow-through.toml", true, "2026-11-30", 0}, // the order due in 1 day
		{"nudge-2026-12-02", "../examples/follow-through.toml", true, "2026-12-02", 0}, // overdue
		{"nudge-2026-12-15", "../examples/follow-through.toml", true, "2026-12-15", 0}, // the receipt due in 3 days
		{"nudge-2026-12-15-within-1", "../examples/follow-through.toml", true, "2026-12-15", 1},
		{"nudge-2027-01-28", "../examples/follow-through.toml", true, "2027-01-28", 0},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			in := source(t, filepath.Base(c.file), readFile(t, c.file))
			mo := mailTemplate(t, c.nudge)
			mo.Name, mo.AsOf, mo.Within = strings.TrimSuffix(filepath.Base(c.file), ".toml"), asOf(c.asOf), c.within
			var msgs [][]byte
			if c.nudge {
				ms, err := BuildNudges(in, mailOptions(t), mo)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range ms {
					msgs = append(msgs, m.Data)
				}
			} else {
				m, err := BuildMail(in, mailOptions(t), mo)
				if err != nil {
					t.Fatal(err)
				}
				msgs = append(msgs, m)
			}
			var b strings.Builder
			if len(msgs) == 0 {
				b.WriteString("(no message: nothing due)\n")
			}
			for i, r := range readMail(t, msgs...) {
				if i > 0 {
					b.WriteString("\n" + strings.Repeat("=", 72) + "\n\n")
				}
				fmt.Fprintf(&b, "From: %s <%s>\n", r.From[0].Name, r.From[0].Addr)
				for _, a := range r.To {
					fmt.Fprintf(&b, "To: %s <%s>\n", a.Name, a.Addr)
				}
				fmt.Fprintf(&b, "Subject: %s\nDate: %s\n", r.Subject, r.Date)
				for _, a := range r.Atts {
					fmt.Fprintf(&b, "Attached: %s (%s)\n", a.Name, a.Type)
				}
				b.WriteString("\n" + *r.Text)
			}
			goldenfile.Check(t, "testdata/mail/"+c.golden+".txt", []byte(b.String()), *update)
		})
	}
}

// TestMailNothingPrivate writes the recap's mail and every reminder of
// the confidentiality notes (planted strings in every private place; a
// private person of each side with an address) and finds none of the
// planted strings in any part of any message, decoded as Python reads
// it, attachments included; nor the step of ours held back.
func TestMailNothingPrivate(t *testing.T) {
	notes, _ := confidentialNotes(t)
	src := strings.NewReplacer(
		`id    = "ana"`, `id    = "ana"`+"\n  email = \"ana@northwind.example\"",
		`id    = "dmitri"`, `id    = "dmitri"`+"\n  email = \"dmitri@contoso.example\"",
		`id      = "qzprivcounterpart"`, `id      = "qzprivcounterpart"`+"\n  email = \"qzprivcounterpartmail@contoso.example\"",
		`status   = "final"`, `status   = "final"`+"\nsigned   = 2026-11-25",
	).Replace(string(notes))
	words := secrets(t, []byte(src))
	in := source(t, "notes.toml", []byte(src))
	var msgs [][]byte
	for _, day := range []int{26, 30} {
		mo := mailTemplate(t, false)
		mo.Name, mo.AsOf = "notes", schema.Date{Year: 2026, Month: 11, Day: day}
		m, err := BuildMail(in, mailOptions(t), mo)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	held := ""
	for _, a := range in.Notes.Actions {
		if a.ID == "ship" {
			held = a.Do
		}
	}
	var nudges int
	for _, day := range []int{1, 2, 10, 20} {
		mo := mailTemplate(t, true)
		mo.Name, mo.AsOf = "notes", schema.Date{Year: 2026, Month: 12, Day: day}
		ms, err := BuildNudges(in, mailOptions(t), mo)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			msgs = append(msgs, m.Data)
			nudges++
			if held != "" && bytes.Contains(m.Data, []byte("Ship")) {
				t.Errorf("a reminder of %d Dec names a step of ours", day)
			}
		}
	}
	if nudges == 0 {
		t.Fatal("no reminder written: the test proves nothing of them")
	}
	for i, r := range readMail(t, msgs...) {
		var parts []string
		for _, a := range append(r.From, r.To...) {
			parts = append(parts, a.Name, a.Addr)
		}
		parts = append(parts, r.Subject, r.ID, *r.Text, *r.HTML)
		for _, a := range r.Atts {
			parts = append(parts, a.Name)
		}
		all := strings.Join(parts, "\n") + "\n" + string(msgs[i])
		for _, w := range words {
			if strings.Contains(strings.ToLower(all), strings.ToLower(w)) {
				t.Errorf("message %d holds the private %q", i, w)
			}
		}
		if i >= 2 && strings.Contains(*r.Text, held) { // the reminders; the recap's mails list every step of ours
			t.Errorf("message %d names the step of ours held back: %q", i, held)
		}
		for _, a := range r.Atts {
			if a.Type == "application/pdf" {
				for _, w := range words {
					if strings.Contains(mutoolText(t, a.Data), w) {
						t.Errorf("message %d's PDF holds the private %q", i, w)
					}
				}
			}
		}
	}
}

// TestMailAddresses: what a mail cannot be written without, and the
// error that says which key to add.
func TestMailAddresses(t *testing.T) {
	supply := string(readFile(t, "../examples/supply.toml"))
	cases := []struct {
		name, src, from string
		rule, message   string // the diagnostic, or "" for ErrFrom
	}{
		{"no address of theirs", strings.Replace(supply, `  email = "d.ivanov@contoso.example"`+"\n", "", 1), "",
			"mail-recipient", "add email = \"name@example.com\" to `dmitri` or `eva`"},
		{"no address of ours", strings.Replace(supply, `  email = "ana.souza@northwind.example"`+"\n", "", 1), "",
			"mail-sender", "add email = \"name@example.com\" to `ana`"},
		{"not an address", strings.Replace(supply, `d.ivanov@contoso.example`, `Dmitri <d.ivanov@contoso.example>`, 1), "",
			"mail-address", "is not one a mail can carry"},
		{"from one of theirs", supply, "dmitri", "", ""},
		{"from no one", supply, "nobody", "", ""},
		{"from one of ours without an address", supply, "li", "mail-sender", "add email = \"name@example.com\" to `li`"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mo := mailTemplate(t, false)
			mo.Name, mo.From = "supply", c.from
			_, err := BuildMail(source(t, "supply.toml", []byte(c.src)), mailOptions(t), mo)
			var diags schema.List
			switch {
			case c.rule == "":
				if !errors.Is(err, ErrFrom) {
					t.Fatalf("got %v, want ErrFrom", err)
				}
			case !errors.As(err, &diags) || len(diags) == 0:
				t.Fatalf("got %v, want a diagnostic of %s", err, c.rule)
			case diags[0].Rule != c.rule || !strings.Contains(diags[0].Message, c.message) || diags[0].Pos.Line == 0:
				t.Errorf("got %v, want %s saying %q at a line", diags[0], c.rule, c.message)
			}
		})
	}
}

// TestMailSameBytes: the same notes, options and date give the same
// bytes; another date another Date and Message-ID.
func TestMailSameBytes(t *testing.T) {
	in := source(t, "supply.toml", readFile(t, "../examples/supply.toml"))
	mo := mailTemplate(t, false)
	mo.Name, mo.AsOf = "supply", schema.Date{Year: 2026, Month: 12, Day: 7}
	a, err := BuildMail(in, mailOptions(t), mo)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := BuildMail(source(t, "supply.toml", readFile(t, "../examples/supply.toml")), mailOptions(t), mo)
	if !bytes.Equal(a, b) {
		t.Errorf("two mails of the same notes differ: %s", goldenfile.FirstDiff(a, b))
	}
	mo.AsOf = mo.AsOf.AddDays(1)
	c, _ := BuildMail(in, mailOptions(t), mo)
	ra, rc := readMail(t, a, c)[0], readMail(t, a, c)[1]
	if ra.ID == rc.ID || ra.Date == rc.Date {
		t.Errorf("mails of two dates share Message-ID %s or Date %s", ra.ID, ra.Date)
	}
}

// TestMailUserTextIsData: what the notes say prints as typed in both
// bodies and the subject; it is never markup or template code.
func TestMailUserTextIsData(t *testing.T) {
	hostile := `<img src=x onerror=alert(1)> **not bold** {{.Title}} \*`
	src := strings.NewReplacer(
		`"Supply of SX-200 sensor modules"`, `'''Supply `+hostile+`'''`,
		`"Issue a purchase order for the first 5,000 units"`, `'''Order `+hostile+`'''`,
	).Replace(string(readFile(t, "../examples/supply.toml")))
	mo := mailTemplate(t, false)
	mo.Name = "supply"
	msg, err := BuildMail(source(t, "supply.toml", []byte(src)), mailOptions(t), mo)
	if err != nil {
		t.Fatal(err)
	}
	r := readMail(t, msg)[0]
	if !strings.Contains(r.Subject, hostile) || !strings.Contains(*r.Text, "Order "+hostile) {
		t.Errorf("the subject or text does not say %q as typed:\n%s\n%s", hostile, r.Subject, *r.Text)
	}
	if strings.Contains(*r.HTML, "<img") || !strings.Contains(*r.HTML, "&lt;img src=x onerror=alert(1)&gt; **not bold** {{.Title}} \\*") {
		t.Errorf("the HTML body does not escape %q:\n%s", hostile, *r.HTML)
	}
}

// FuzzPlainText: user text, escaped into Markdown as templates print it,
// comes out of the mail's text body as typed, but for how its lines are
// wrapped.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"Price", "**not bold** <b> &amp; \\*", "1. not a list", "line one\nline two", "  spaces  ", "# not a heading", "`code`", "[x](y)", "a | b", "- item"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
			t.Skip("notes' texts are UTF-8; control characters are refused (unprintable)")
		}
		got := PlainText([]byte("Text: " + mdtext.Escape(s) + "\n"))
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields("Text: "+s), " ") {
			t.Errorf("%q came out as %q", s, got)
		}
	})
}
