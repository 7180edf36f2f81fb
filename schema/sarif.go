package schema

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"slices"
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
			Level        string        `json:"level"`
			Message      text          `json:"message"`
			Locations    []location    `json:"locations"`
			Suppressions []suppression `json:"suppressions,omitempty"`
		}
		rule struct {
			ID      string `json:"id"`
			HelpURI string `json:"helpUri"`
		}
	)
	var results []result
	var ruleIDs []string
	for _, d := range l {
		r := result{
			RuleID:  d.Rule,
			Level:   "error",
			Message: text{d.Message},
			Locations: []location{{physical{
				ArtifactLocation: artifact{fileURI(d.File)},
				Region:           region{max(d.Line, 1), max(d.Col, 1)},
			}}},
		}
		if d.Severity != Error {
			r.Level = "warning"
		}
		if d.Severity == Accepted {
			r.Suppressions = []suppression{{"inSource", "accepted in the notes (accept)"}}
		}
		results = append(results, r)
		ruleIDs = append(ruleIDs, d.Rule)
	}
	slices.Sort(ruleIDs)
	rules := []rule{}
	for _, id := range slices.Compact(ruleIDs) {
		rules = append(rules, rule{id, "https://github.com/recaptool/recap/blob/main/docs/rules.md"})
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

// fileURI writes a file name as a relative URI reference: forward
// slashes, each segment escaped.
func fileURI(name string) string {
	segs := strings.Split(filepath.ToSlash(name), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
