package schema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Accepting warnings. An entry of the notes (the top level, a party, a
// person, a third party, an item, an action, an open point, a round) may
// list, in `accept`, the rule ids of warnings recap check gives it that we
// have weighed and accept: "we gave without getting in this round, and
// meant to". Such a warning is reported as accepted: it no longer fails
// check --strict, and the brief shows it as accepted. Errors cannot be
// accepted, and an acceptance nothing needs is itself a warning, so that
// none outlives the warning it was for. `accept` is private.

// entryTables are the arrays of tables whose entries may accept warnings.
var entryTables = []string{"party", "third_party", "item", "action", "open", "round"}

// acceptance is one rule an entry accepts.
type acceptance struct {
	entry, rule string
}

// collectAccepts reads the `accept` lists of the decoded notes, by entry
// path ("" for the top level, "/round/2", "/party/0/person/1"), and refuses
// rule ids that are not those of warnings.
func (c *checker) collectAccepts(raw map[string]any) {
	c.accepts = map[acceptance]string{} // -> the path of its list entry
	c.acceptWhy = map[acceptance]string{}
	c.acceptUsed = map[acceptance]bool{}
	c.acceptRefused = map[acceptance]bool{}
	c.readAccepts("", raw)
	for _, t := range entryTables {
		entries, _ := raw[t].([]map[string]any)
		for i, e := range entries {
			path := "/" + t + "/" + strconv.Itoa(i)
			c.readAccepts(path, e)
			if t == "party" {
				persons, _ := e["person"].([]map[string]any)
				for j, p := range persons {
					c.readAccepts(path+"/person/"+strconv.Itoa(j), p)
				}
			}
		}
	}
}

func (c *checker) readAccepts(entry string, table map[string]any) {
	list, _ := table["accept"].([]any)
	for i, v := range list {
		rule, _ := v.(string)
		why := ""
		if t, ok := v.(map[string]any); ok { // { rule, why }
			rule, _ = t["rule"].(string)
			why, _ = t["why"].(string)
		}
		at := entry + "/accept/" + strconv.Itoa(i)
		if c.bad[at] || c.badTree[entry+"/accept"] {
			continue // the schema has said what is wrong with it
		}
		switch r := LookupRule(rule); {
		case r == nil:
			mean := ""
			if c := Closest(rule, acceptableNames()); c != "" {
				mean = fmt.Sprintf(" (did you mean %q?)", c)
			}
			c.report(at, ruleAccept, "`accept` lists %q, which is no rule of recap's%s: it can list %s (recap rules)", rule, mean, acceptableIDs())
			continue
		case !r.Acceptable():
			why := "is the rule of an error, and errors cannot be accepted"
			if r.Level != AlwaysError {
				why = "is a warning about acceptances, which cannot itself be accepted"
			}
			c.report(at, ruleAccept, "`accept` lists %q, which %s: it can list %s (recap rules)", rule, why, acceptableIDs())
			continue
		}
		c.accepts[acceptance{entry, rule}] = at
		if why != "" {
			c.acceptWhy[acceptance{entry, rule}] = why
		}
	}
}

// entryOf returns the entry a path lies in, as collectAccepts names them.
func entryOf(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) < 2 || !slices.Contains(entryTables, parts[0]) {
		return ""
	}
	entry := "/" + parts[0] + "/" + parts[1]
	if parts[0] == "party" && len(parts) >= 4 && parts[2] == "person" {
		entry += "/person/" + parts[3]
	}
	return entry
}

// accepted reports whether the warning of rule at path is accepted, and
// why, and records that its acceptance was needed.
func (c *checker) accepted(path, rule string) (bool, string) {
	a := acceptance{entryOf(path), rule}
	if _, ok := c.accepts[a]; !ok {
		return false, ""
	}
	c.acceptUsed[a] = true
	return true, c.acceptWhy[a]
}

// refused records that rule gave an error at path, which an acceptance
// there, if any, cannot hide.
func (c *checker) refused(path, rule string) {
	a := acceptance{entryOf(path), rule}
	if _, ok := c.accepts[a]; ok {
		c.acceptRefused[a] = true
	}
}

// unusedAccepts warns of acceptances no warning needed.
func (c *checker) unusedAccepts() {
	for a, at := range c.accepts {
		switch {
		case c.acceptUsed[a]:
		case c.acceptRefused[a] && LookupRule(a.rule).Level == ErrorInFinal && c.final:
			c.report(at, ruleAcceptUnused, "`accept` lists %q, which is a warning in a draft but an error in a final recap, and errors cannot be accepted: settle what it reports, then remove it", a.rule)
		case c.acceptRefused[a]:
			c.report(at, ruleAcceptUnused, "`accept` lists %q, but here it gives an error, which cannot be accepted: settle what it reports, then remove it", a.rule)
		default:
			c.report(at, ruleAcceptUnused, "`accept` lists %q, but %s gives no such warning: remove it", a.rule, describeEntry(a.entry))
		}
	}
}

// acceptableNames lists the ids `accept` may name.
func acceptableNames() []string {
	var ids []string
	for _, r := range registry {
		if r.Acceptable() {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func describeEntry(entry string) string {
	if entry == "" {
		return "the top level"
	}
	return fmt.Sprintf("this entry (%s)", strings.TrimPrefix(entry, "/"))
}
