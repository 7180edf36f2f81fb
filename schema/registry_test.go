package schema

import (
	gold "github.com/recaptool/recap/internal/golden"
	"regexp"
	"testing"
)

// TestRegistry checks the declarations themselves: ids unique and in
// their form, every rule explained.
func TestRegistry(t *testing.T) {
	id := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %q declared twice", r.ID)
		}
		seen[r.ID] = true
		if !id.MatchString(r.ID) {
			t.Errorf("rule id %q is not lower-case words joined by hyphens", r.ID)
		}
		if r.Summary == "" || r.Help == "" {
			t.Errorf("rule %q has no summary or no help", r.ID)
		}
		if LookupRule(r.ID) != r {
			t.Errorf("LookupRule(%q) does not find it", r.ID)
		}
		if r.Escalates != "" && r.Level != AlwaysWarning {
			t.Errorf("rule %q escalates, but is not a warning", r.ID)
		}
		if r.Stage == AtBuild && r.Acceptable() {
			t.Errorf("rule %q applies at build, where no acceptance is read, but could be accepted", r.ID)
		}
	}
	if LookupRule("made-up") != nil {
		t.Error("LookupRule found a rule that is not declared")
	}
}

func TestRuleSeverity(t *testing.T) {
	for _, tt := range []struct {
		level      Level
		final      bool
		want       Severity
		acceptable bool
	}{
		{AlwaysError, false, Error, false},
		{AlwaysError, true, Error, false},
		{AlwaysWarning, false, Warning, true},
		{AlwaysWarning, true, Warning, true},
		{ErrorInFinal, false, Warning, true},
		{ErrorInFinal, true, Error, true},
	} {
		r := &Rule{Level: tt.level}
		if got := r.severity(tt.final); got != tt.want || r.Acceptable() != tt.acceptable {
			t.Errorf("%v, final %v: severity %v, acceptable %v; want %v, %v", tt.level, tt.final, got, r.Acceptable(), tt.want, tt.acceptable)
		}
	}
}

// TestRulesDoc keeps docs/rules.md what the registry says (go test
// -update rewrites it).
func TestRulesDoc(t *testing.T) {
	gold.Check(t, "../docs/rules.md", RulesMarkdown(), *update)
}
