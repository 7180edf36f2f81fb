package schema

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF writes the diagnostics as a SARIF 2.1.0 log, the format code
// scanning tools read (GitHub's, GitLab's, editors'): one run of the tool
// recap, a result per diagnostic, at its file, line and column (counted in
// code points, as recap counts them). An accepted warning is a warning
// suppressed in the source, with the reason.
func (l List) SARIF(version string) ([]byte, error) {
	type (
		text struct {
			Text string `json:"text"`
		}
		artifact struct {
			URI string `json:"uri"`
		}
		region struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
		}
		physical struct {
			ArtifactLocation artifact `json:"artifactLocation"`
			Region           region   `json:"region"`
		}
		location struct {
			PhysicalLocation physical `json:"physicalLocation"`
		}
		suppression struct {
			Kind          string `json:"kind"`
			Justification string `json:"justification"`
		}
		result struct {
			RuleID       string        `json:"ruleId"`
			RuleIndex    int           `json:"ruleIndex"`
			Level        string        `json:"level"`
			Message      text          `json:"message"`
			Locations    []location    `json:"locations"`
			Suppressions []suppression `json:"suppressions,omitempty"`
		}
		configuration struct {
			Level string `json:"level"`
		}
		rule struct {
			ID                   string        `json:"id"`
			ShortDescription     text          `json:"shortDescription"`
			FullDescription      text          `json:"fullDescription"`
			Help                 text          `json:"help"`
			HelpURI              string        `json:"helpUri"`
			DefaultConfiguration configuration `json:"defaultConfiguration"`
		}
	)
	// Every rule of the registry, in its order, described from it, so
	// that code scanning knows each rule before it first fires.
	rules := []rule{}
	index := map[string]int{}
	for _, r := range registry {
		index[r.ID] = len(rules)
		desc := rule{ID: r.ID, HelpURI: rulesDoc + "#" + r.ID, DefaultConfiguration: configuration{"error"},
			ShortDescription: text{r.Summary}, FullDescription: text{r.Help}, Help: text{r.Help}}
		if r.Level != AlwaysError {
			desc.DefaultConfiguration.Level = "warning"
		}
		rules = append(rules, desc)
	}
	var results []result
	for _, d := range l {
		r := result{
			RuleID:    d.Rule,
			RuleIndex: index[d.Rule],
			Level:     "error",
			Message:   text{d.Message},
			Locations: []location{{physical{
				ArtifactLocation: artifact{fileURI(d.File)},
				Region:           region{max(d.Line, 1), max(d.Col, 1)},
			}}},
		}
		if d.Severity != Error {
			r.Level = "warning"
		}
		if d.Severity == Accepted {
			why := "accepted in the notes (accept)"
			if d.Why != "" {
				why = "accepted in the notes (accept): " + d.Why
			}
			r.Suppressions = []suppression{{"inSource", why}}
		}
		results = append(results, r)
	}
	if results == nil {
		results = []result{}
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "recap", "version": version, "informationUri": "https://github.com/recaptool/recap", "rules": rules,
			}},
			"columnKind": "unicodeCodePoints",
			"results":    results,
		}},
	}
	b, err := json.MarshalIndent(log, "", "  ")
	return append(b, '\n'), err
}

// rulesDoc is where each rule is explained, at an anchor of its id.
const rulesDoc = "https://github.com/recaptool/recap/blob/main/docs/rules.md"

// fileURI writes a file name as a URI: a relative reference for a
// relative name (forward slashes, each segment escaped), a file:// URI for
// an absolute one, as SARIF asks of an absolute path.
func fileURI(name string) string {
	slashed := filepath.ToSlash(name)
	segs := strings.Split(slashed, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	ref := strings.Join(segs, "/")
	switch {
	case filepath.IsAbs(name) && strings.HasPrefix(slashed, "/"):
		return "file://" + ref
	case filepath.IsAbs(name): // C:/dir/notes.toml
		return "file:///" + ref
	}
	return ref
}
