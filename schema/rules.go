package schema

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// checkRules applies the rules the JSON Schema cannot express. A rule
// does not judge a value the schema found wrong (see unsound): the schema
// has reported it, and a second message about it would only mislead.
func (c *checker) checkRules(n *Notes) {
	c.checkIDs(n)
	c.checkUs(n)
	persons, parties := index(n)
	c.resolveOwners(n, persons, parties)
	actions := n.ActionsByID()
	c.checkIfs(n, actions)
	c.checkCycles(n, actions)
	if n.Us() != nil { // which side is ours decides these
		c.resolveFor(n, parties)
		c.checkIfYouWill(n, actions)
		c.checkAuthority(n)
		c.checkExposure(n)
	}
	c.checkConsistency(n)
	c.checkDue(n, actions)
	c.checkRounds(n)
	c.checkDone(n, actions)
	c.checkPrivate(n, actions)
	if n.Status == Final {
		if n.Binding == "" && !c.unsound("", "binding") {
			c.report("/status", ruleBindingMissing, "a final recap must say whether it binds: add binding = \"binding\" (it binds once signed) or binding = \"subject-to-contract\" (a contract, signed later, binds)")
		}
		for _, o := range n.Open {
			switch {
			case o.Private: // the agreement does not show a private one
			case n.Binding == Binding:
				c.escalate(o.path, ruleOpenFinal, "this point is still open in a final, binding agreement: both sides would sign terms not agreed; settle it (write it as an item or an action), or keep the recap a draft")
			default:
				c.report(o.path, ruleOpenFinal, "status is \"final\" but this point is still open; the agreement prints it as open")
			}
		}
	}
	c.checkPlaceholders(n)
	c.checkSignedOrder(n)
	if us := n.Us(); us != nil {
		c.checkCounterActions(n, us)
	}
}

// placeholderWords are the words that stand for a term not written yet.
var placeholderWords = []string{"TBD", "TBC", "TODO", "FIXME", "XXX", "???"}

// checkPlaceholders reports shared text holding a placeholder as a word:
// an error in a final recap.
func (c *checker) checkPlaceholders(n *Notes) {
	for _, t := range n.Texts() {
		if w := placeholderIn(t.Value); w != "" {
			c.report(t.Path, rulePlaceholder, "`%s` holds the placeholder %q: write what was agreed%s", t.Key, w, map[bool]string{true: ", or keep the point open until it is", false: " before the recap is final"}[n.Status == Draft])
		}
	}
}

// placeholderIn returns the first placeholder that stands as a word in s.
func placeholderIn(s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '?'
	})
	for _, f := range fields {
		for _, w := range placeholderWords {
			if f == w || w == "???" && strings.Count(f, "?") == len(f) && len(f) >= 3 {
				return w
			}
		}
	}
	return ""
}

// checkSignedOrder holds each signatory's `signed` between the meeting
// and the recap's `signed`.
func (c *checker) checkSignedOrder(n *Notes) {
	for _, p := range n.Parties {
		for _, q := range p.Persons {
			if q.Signed.IsZero() || c.unsound(q.path, "signed") {
				continue
			}
			switch {
			case !n.Date.IsZero() && q.Signed.Before(n.Date):
				c.report(q.path+"/signed", ruleSignedOrder, "%s signed on %s, before the meeting of %s that the recap records: check both dates", q.Name, q.Signed, n.Date)
			case !n.Signed.IsZero() && !c.bad["/signed"] && n.Signed.Before(q.Signed):
				c.report(q.path+"/signed", ruleSignedOrder, "%s signed on %s, after the recap's `signed` (%s), which is when the last signatory signed: check both dates", q.Name, q.Signed, n.Signed)
			}
		}
	}
}

// unsound reports whether any of the keys of the table at path, or what
// they hold, has a structural error.
func (c *checker) unsound(path string, keys ...string) bool {
	for _, k := range keys {
		if c.badTree[path+"/"+k] {
			return true
		}
	}
	return false
}

func index(n *Notes) (map[string]*Person, map[string]*Party) {
	persons, parties := map[string]*Person{}, map[string]*Party{}
	for _, p := range n.Parties {
		parties[p.ID] = p
		for _, q := range p.Persons {
			if _, dup := persons[q.ID]; !dup {
				persons[q.ID] = q
			}
		}
	}
	return persons, parties
}

// checkIDs enforces one namespace of unique ids, with "signing" reserved.
func (c *checker) checkIDs(n *Notes) {
	seen := map[string]string{} // id -> path of its first use
	use := func(id, path string) {
		if id == "" {
			return
		}
		if id == Signing {
			c.report(path+"/id", ruleReservedID, "`signing` is reserved for the signing of the recap; choose another id")
			return
		}
		if first, dup := seen[id]; dup {
			c.report(path+"/id", ruleDuplicateID, "duplicate id `%s`: already used at line %d; ids of parties, persons, third parties, items and actions must all differ", id, c.pos.lookup(first).Line)
			return
		}
		seen[id] = path + "/id"
	}
	for _, p := range n.Parties {
		use(p.ID, p.path)
		for _, q := range p.Persons {
			use(q.ID, q.path)
		}
	}
	for _, t := range n.ThirdParties {
		use(t.ID, t.path)
	}
	for _, it := range n.Items {
		use(it.ID, it.path)
	}
	for _, a := range n.Actions {
		use(a.ID, a.path)
	}
}

func (c *checker) checkUs(n *Notes) {
	if len(n.Parties) == 0 {
		return
	}
	var us []*Party
	for _, p := range n.Parties {
		if c.bad[p.path+"/us"] {
			return // its type error is the problem to fix
		}
		if p.Us {
			us = append(us, p)
		}
	}
	switch {
	case len(us) == 0:
		c.report(n.Parties[0].path, ruleUsParty, "no party has `us = true`: mark the party that keeps these notes")
	case len(us) > 1:
		for _, p := range us[1:] {
			c.report(p.path+"/us", ruleUsParty, "more than one party has `us = true` (`%s` already has it): exactly one party keeps these notes", us[0].ID)
		}
	}
}

func (c *checker) resolveOwners(n *Notes, persons map[string]*Person, parties map[string]*Party) {
	ids := make([]string, 0, len(persons))
	for id := range persons {
		ids = append(ids, id)
	}
	resolve := func(owner, path string) *Person {
		if owner == "" {
			return nil
		}
		if q, ok := persons[owner]; ok {
			return q
		}
		if p, ok := parties[owner]; ok {
			var names []string
			for _, q := range p.Persons {
				names = append(names, "`"+q.ID+"`")
			}
			c.report(path+"/owner", ruleOwner, "owner `%s` is a party, not a person: name who owns it (%s)", owner, strings.Join(names, ", "))
			return nil
		}
		c.report(path+"/owner", ruleOwner, "owner `%s` is not a person id%s", owner, hint(owner, ids))
		return nil
	}
	for _, it := range n.Items {
		it.Person = resolve(it.Owner, it.path)
	}
	for _, a := range n.Actions {
		a.Person = resolve(a.Owner, a.path)
	}
	for _, o := range n.Open {
		o.Person = resolve(o.Owner, o.path)
	}
}

// ifPath is the path of the i-th entry of an action's if, which may be a
// single string.
func (a *Action) ifPath(i int) string {
	if len(a.If) == 1 {
		return a.path + "/if"
	}
	return fmt.Sprintf("%s/if/%d", a.path, i)
}

func (c *checker) checkIfs(n *Notes, actions map[string]*Action) {
	ids := make([]string, 0, len(actions)+1)
	for id := range actions {
		ids = append(ids, id)
	}
	ids = append(ids, Signing)
	for _, a := range n.Actions {
		for i, dep := range a.If {
			switch _, ok := actions[dep]; {
			case dep == Signing || dep == "":
			case dep == a.ID:
				c.report(a.ifPath(i), ruleIfSelf, "action `%s` waits for itself; name what must be done before it, or \"signing\"", a.ID)
			case !ok:
				c.report(a.ifPath(i), ruleIfUnknown, "`if` names `%s`, which is not an action id%s", dep, hint(dep, ids))
			}
		}
	}
}

// checkDue requires a due date to come no earlier than the due dates of
// what the action waits for (computed, for those given `within`). An
// action given `within` is due after them by its nature.
func (c *checker) checkDue(n *Notes, actions map[string]*Action) {
	dues := n.DueDates(Date{})
	for _, a := range n.Actions {
		if a.Due.IsZero() {
			continue
		}
		for _, dep := range a.If {
			d, ok := actions[dep]
			if due := dues[d]; ok && d != a && !due.IsZero() && a.Due.Before(due) {
				c.report(a.path+"/due", ruleDueOrder, "`%s` is due %s, before `%s` (due %s) which it waits for", a.ID, a.Due, d.ID, due)
			}
		}
	}
}

// checkDone warns where an action was done before what it waits for.
func (c *checker) checkDone(n *Notes, actions map[string]*Action) {
	for _, a := range n.Actions {
		if a.Done.IsZero() || a.Kind == Claim { // a claim spends no leverage
			continue
		}
		for _, dep := range a.If {
			what, when, theirs := "the signing", n.Signed, false
			if dep == Signing && c.bad["/signed"] {
				continue
			}
			if dep != Signing {
				d, ok := actions[dep]
				if !ok || d == a || c.unsound(d.path, "done") {
					continue
				}
				what, when, theirs = "`"+d.ID+"`", d.Done, d.Person != nil && !d.Ours()
				if d.Person != nil {
					what += " (" + d.Person.Party.Name + ")"
				}
			}
			if !when.IsZero() && !a.Done.Before(when) {
				continue
			}
			state := "is not done"
			if !when.IsZero() {
				state = "was done only on " + when.String()
			}
			lead := fmt.Sprintf("`%s` is marked done on %s, but", a.ID, a.Done)
			if a.Ours() && theirs {
				lead = fmt.Sprintf("we performed `%s` on %s before they did:", a.ID, a.Done)
			}
			c.report(a.path+"/done", ruleDoneEarly, "%s %s, which it waits for, %s", lead, what, state)
		}
	}
}

// checkPrintable warns about characters the PDF cannot print as they are:
// it shows U+FFFD instead (see pdf.Scrub). Almost all notes have none, so
// a first pass only looks; the second, which names where, runs if needed.
func (c *checker) checkPrintable(raw map[string]any, signatories map[string]string) {
	if !c.allPrintable(raw) {
		c.signatories = signatories
		c.checkValue(raw, "")
	}
}

// signatoryNames are the paths of the names of a final recap's
// signatories, and the names: a name to be signed cannot show an empty
// box.
func signatoryNames(n *Notes) map[string]string {
	if n.Status != Final {
		return nil
	}
	out := map[string]string{}
	for _, p := range n.Parties {
		for _, q := range p.Persons {
			if q.Signs {
				out[q.path+"/name"] = q.Name
			}
		}
	}
	return out
}

func (c *checker) allPrintable(v any) bool {
	switch v := v.(type) {
	case string:
		return c.printable(v)
	case map[string]any:
		for _, x := range v {
			if !c.allPrintable(x) {
				return false
			}
		}
	case []map[string]any:
		for _, x := range v {
			if !c.allPrintable(x) {
				return false
			}
		}
	case []any:
		for _, x := range v {
			if !c.allPrintable(x) {
				return false
			}
		}
	}
	return true
}

// printable reports whether checkString would find nothing in s.
func (c *checker) printable(s string) bool {
	for _, r := range s {
		if isControl(r) || isBidiControl(r) || !isLayout(r) && c.opt.Printable != nil && !c.opt.Printable(r) {
			return false
		}
	}
	return true
}

func (c *checker) checkValue(v any, path string) {
	switch v := v.(type) {
	case string:
		c.checkString(v, path)
	case map[string]any:
		for k, x := range v {
			c.checkValue(x, path+"/"+escapeToken(k))
		}
	case []map[string]any:
		for i, x := range v {
			c.checkValue(x, fmt.Sprintf("%s/%d", path, i))
		}
	case []any:
		for i, x := range v {
			c.checkValue(x, fmt.Sprintf("%s/%d", path, i))
		}
	}
}

// checkString reports the first control character and the first bidi
// control of s, and every character no font has.
func (c *checker) checkString(s, path string) {
	var control, bidi bool
	var missing []rune
	for _, r := range s {
		switch {
		case isControl(r) && !control:
			control = true
			c.report(path, ruleUnprintable, "%s contains the control character U+%04X; the PDF shows it as \uFFFD", keyNameOf(path), r)
		case isBidiControl(r) && !bidi:
			bidi = true
			c.report(path, ruleUnprintable, "%s contains the bidirectional control U+%04X, which can make text read differently from how it is stored; the PDF shows it as \uFFFD", keyNameOf(path), r)
		case !isControl(r) && !isBidiControl(r) && !isLayout(r) && c.opt.Printable != nil && !c.opt.Printable(r) && !slices.Contains(missing, r):
			missing = append(missing, r)
		}
	}
	if name, ok := c.signatories[path]; ok && len(missing) > 0 {
		c.escalate(path, ruleNoGlyph, "signatory %s's name holds %s, which no font recap can use has, and a final agreement to sign cannot show empty boxes in a name: install a font that has %s%s, or give a folder of fonts with --font-path",
			name, runeList(missing), plural(len(missing), "it", "them"), fontHint(missing))
		return
	}
	if len(missing) > 0 {
		c.report(path, ruleNoGlyph, "%s contains %s, which no font recap can use has; the PDF prints %s: install a font that has %s%s, or give a folder of fonts with --font-path",
			keyNameOf(path), runeList(missing), plural(len(missing), "it as an empty box", "them as empty boxes"), plural(len(missing), "it", "them"), fontHint(missing))
	}
}

// runeList names runes as 北 (U+5317), 京 (U+4EAC) and 😀 (U+1F600).
func runeList(rs []rune) string {
	q := make([]string, len(rs))
	for i, r := range rs {
		q[i] = fmt.Sprintf("%c (U+%04X)", r, r)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// fontHint names a font family for the script of the first rune, where
// one is well known.
func fontHint(rs []rune) string {
	switch r := rs[0]; {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
		return " (Noto Sans CJK, say: Debian's fonts-noto-cjk)"
	case r > 0xFFFF && unicode.Is(unicode.So, r):
		return " (a font of such symbols, such as Noto Emoji)"
	}
	return " (a Noto font for its script, say)"
}

// isControl reports a control character the outputs cannot show. Line
// ends (\n, and \r alone or before \n) print as line breaks, and tabs
// as spaces.
func isControl(r rune) bool {
	return r < 0x20 && !isLayout(r) || r >= 0x7F && r < 0xA0
}

func isLayout(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }

// isBidiControl reports a bidi control the PDF shows as U+FFFD. The
// first-strong isolate and its end (U+2068, U+2069) are kept: recap puts
// them around values itself, and they cannot reorder what they hold.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r == 0x2066 || r == 0x2067 || r == 0x200E || r == 0x200F
}

var tokenUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

func keyNameOf(path string) string {
	var toks []string
	for _, t := range strings.Split(path, "/")[1:] {
		toks = append(toks, tokenUnescaper.Replace(t))
	}
	return keyName(toks)
}
