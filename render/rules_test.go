package render

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/recaptool/recap/schema"
)

// TestBuildRules gives each rule applied at build (schema.AtBuild) from a
// real build, and checks that every such rule of the registry has a case:
// a rule added there without one fails here.
func TestBuildRules(t *testing.T) {
	supply, err := os.ReadFile("../examples/supply.toml")
	if err != nil {
		t.Fatal(err)
	}
	draft, err := os.ReadFile("../examples/draft.toml")
	if err != nil {
		t.Fatal(err)
	}
	rev2, err := os.ReadFile("../examples/supply-rev2.toml")
	if err != nil {
		t.Fatal(err)
	}
	repeat, err := ParseTemplate("repeat.tmpl", []byte(`{{range .Steps}}{{range .Actions}}{{range $.Steps}}{{range .Actions}}{{.Do}}{{.Do}}{{.Do}}{{.Do}}{{end}}{{end}}{{end}}{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	tagged := strings.Replace(string(supply), `SX-200`, `[sig|req|signer1] SX-200`, 1)
	unsigned, err := ParseTemplate("unsigned.tmpl", []byte("# {{.Title}}\n{{range .Items}}\n- {{.Text}}\n{{end}}"))
	if err != nil {
		t.Fatal(err)
	}
	noop := func(*Options) {}
	cases := []struct {
		rule *schema.Rule
		src  []byte
		opt  func(*Options)
		mail bool // recap mail's rule: BuildMail
	}{
		{schema.RuleESignDraft, draft, func(o *Options) { o.ESign = Adobe }, false},
		{schema.RuleESignCollision, []byte(tagged), func(o *Options) { o.ESign = Dropbox }, false},
		{schema.RuleRevisionOrder, rev2, func(o *Options) { s := source(t, "supply.toml", supply); o.Since = &s }, false},
		{schema.RuleOutputSize, amplifier(strings.Repeat("clause ", 8000), 2000), func(o *Options) { o.Template = repeat }, false},
		{schema.RuleSignatureMissing, supply, func(o *Options) { o.Template = unsigned; o.Formats = Formats{FormatPDF} }, false},
		{schema.RuleMailRecipient, []byte(strings.Replace(string(supply), `email = "d.ivanov@contoso.example"`, ``, 1)), noop, true},
		{schema.RuleMailSender, []byte(strings.Replace(string(supply), `email = "ana.souza@northwind.example"`, ``, 1)), noop, true},
		{schema.RuleMailAddress, []byte(strings.Replace(string(supply), `d.ivanov@contoso.example`, `d.ivanov@contoso.example, eva@contoso.example`, 1)), noop, true},
	}
	tested := map[*schema.Rule]bool{}
	for _, tt := range cases {
		tested[tt.rule] = true
		t.Run(tt.rule.ID, func(t *testing.T) {
			opt := Options{Template: docTemplate(t, Agreement), Formats: Formats{FormatMD}, Fonts: testFonts}
			tt.opt(&opt)
			_, err := Build(source(t, "notes.toml", tt.src), opt)
			if tt.mail {
				mo := mailTemplate(t, false)
				mo.Name = "notes"
				_, err = BuildMail(source(t, "notes.toml", tt.src), opt, mo)
			}
			var diags schema.List
			if !errors.As(err, &diags) || len(diags) == 0 {
				t.Fatalf("err = %v, want diagnostics of %s", err, tt.rule.ID)
			}
			for _, d := range diags {
				if d.Rule != tt.rule.ID || d.Severity != schema.Error {
					t.Errorf("%s [%s], want errors of %s", d, d.Rule, tt.rule.ID)
				}
			}
		})
	}
	t.Run("all", func(t *testing.T) {
		for _, r := range schema.Rules() {
			if r.Stage == schema.AtBuild && !tested[r] {
				t.Errorf("rule %q applies at build but has no case in TestBuildRules", r.ID)
			}
		}
	})
}

// TestTagIn: shared text is searched for tags as each service reads them:
// in any case, and Acrobat Sign's in any double braces.
func TestTagIn(t *testing.T) {
	for _, tt := range []struct {
		service ESign
		text    string
		want    string
	}{
		{DocuSign, "see /SN1/ here", "/SN1/"},
		{DocuSign, "a/sn/b", ""},
		{Adobe, "price {{!price}}", "{{!price}}"},
		{Adobe, "{{SIG_ES_:signer1:signature}}", "{{SIG_ES_:signer1:signature}}"},
		{Adobe, "{ a } {b}", ""},
		{Dropbox, "[SIG|req|signer1]", "[SIG|req|signer1]"},
	} {
		if got := tagIn(tt.service, tt.text); got != tt.want {
			t.Errorf("%s in %q: %q, want %q", tt.service, tt.text, got, tt.want)
		}
	}
}
