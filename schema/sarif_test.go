package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/needs"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema is the SARIF 2.1.0 JSON Schema, as the npm package
// @microsoft/jest-sarif carries it (CI installs it, on NODE_PATH).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	var path string
	for _, dir := range filepath.SplitList(os.Getenv("NODE_PATH")) {
		p := filepath.Join(dir, "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json")
		if _, err := os.Stat(p); err == nil {
			path = p
		}
	}
	if path == "" {
		needs.Missing(t, "the SARIF schema is not installed (npm install @microsoft/jest-sarif; NODE_PATH)")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSARIF: check's SARIF log is valid SARIF 2.1.0, by its schema, and
// says what the diagnostics say: rule, level, file, line, column; an
// accepted warning is suppressed.
func TestSARIF(t *testing.T) {
	schema := sarifSchema(t)
	src, err := os.ReadFile("testdata/check/accept.txtar")
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Split(strings.Split(string(src), "-- notes.toml --\n")[1], "-- diagnostics --")[0]
	_, diags := Load("dir with space/notes.toml", []byte(notes))
	for _, l := range []List{diags, nil} {
		out, err := l.SARIF("test")
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(v); err != nil {
			t.Fatalf("not valid SARIF 2.1.0: %v\n%s", err, out)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID    string
					Level     string
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine, StartColumn int }
						}
					}
					Suppressions []struct{ Kind string }
				}
			}
		}
		if err := json.Unmarshal(out, &log); err != nil {
			t.Fatal(err)
		}
		results := log.Runs[0].Results
		if len(results) != len(l) {
			t.Fatalf("%d results for %d diagnostics", len(results), len(l))
		}
		for i, d := range l {
			r := results[i]
			loc := r.Locations[0].PhysicalLocation
			level := map[Severity]string{Error: "error", Warning: "warning", Accepted: "warning"}[d.Severity]
			if r.RuleID != d.Rule || r.Level != level || loc.ArtifactLocation.URI != "dir%20with%20space/notes.toml" ||
				loc.Region.StartLine != d.Line || loc.Region.StartColumn != d.Col || (len(r.Suppressions) == 1) != (d.Severity == Accepted) {
				t.Errorf("result %d = %+v for %v", i, r, d)
			}
		}
	}
}

// TestSARIFRules: the log describes every rule of the registry, each with
// a short and a full description and help, and names an absolute file
// by a file:// URI, as code scanning asks.
func TestSARIFRules(t *testing.T) {
	_, diags := Load("/home/ana/deals/the deal.toml", []byte("title = 1\n"))
	out, err := diags.SARIF("v1.2.0")
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string
					Rules   []struct {
						ID                                      string
						ShortDescription, FullDescription, Help struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleIndex int
				RuleID    string
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Version != "v1.2.0" || len(run.Tool.Driver.Rules) != len(Rules()) {
		t.Fatalf("version %q, %d rules of %d", run.Tool.Driver.Version, len(run.Tool.Driver.Rules), len(Rules()))
	}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID != Rules()[i].ID || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" {
			t.Errorf("rule %d: %+v", i, r)
		}
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result of %s points at rule %d", r.RuleID, r.RuleIndex)
		}
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "file:///home/ana/deals/the%20deal.toml" {
			t.Errorf("URI %q", uri)
		}
	}
}
