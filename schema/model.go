package schema

import (
	"slices"
	"strings"
)

// Signing is the reserved condition met when every signatory has signed.
const Signing = "signing"

// Action kinds. A claim (an invoice, a notice, a request for what they
// owe) gives nothing away: the rules about what we deliver do not apply to
// it.
const (
	Deliver = "deliver"
	Claim   = "claim"
)

// Status values.
const (
	Draft = "draft"
	Final = "final"
)

// Binding values: whether the agreement binds once signed.
const (
	Binding           = "binding"
	SubjectToContract = "subject-to-contract"
)

// Notes is one decoded notes file. Defaults are applied: Revision is at
// least 1 and Status is Draft or Final. Fields marked private never reach
// the agreement (see Shared).
type Notes struct {
	Title        string
	Date         Date
	Place        string
	Summary      string
	Revision     int
	Signed       Date
	Status       string
	Binding      string // "", Binding or SubjectToContract
	GoverningLaw string
	Currency     string
	Lang         string  // BCP 47; "" for English
	Limits       *Limits // private
	Parties      []*Party
	ThirdParties []*ThirdParty
	Items        []*Item
	Actions      []*Action
	Open         []*Open
	Rounds       []*Round // private
	Next         *Next

	file string     // the notes file's name, for diagnostics
	pos  *positions // where each key stands
}

// DealKey names the deal across its revisions: its title and its
// parties' ids, which a new revision keeps. Calendars give its events
// UIDs from it, and a status of many deals reports only the newest
// revision of each.
func (n *Notes) DealKey() string {
	ids := make([]string, len(n.Parties))
	for i, p := range n.Parties {
		ids[i] = p.ID
	}
	slices.Sort(ids)
	return "recap\x00" + n.Title + "\x00" + strings.Join(ids, "\x00")
}

// Diag makes a diagnostic of rule about the value at a path of the notes,
// such as "/status" or "/item/0/text": for rules applied after Load, at
// build. Its severity is the rule's in these notes.
func (n *Notes) Diag(path string, rule *Rule, message string) Diagnostic {
	sev := rule.severity(n.Status == Final)
	return Diagnostic{File: n.file, Pos: n.pos.lookup(path), Severity: sev, Rule: rule.ID, Message: message, Path: path}
}

// A Text is a text field of the notes and where it stands.
type Text struct {
	Path, Key, Value string
}

// Texts lists the text fields of the notes that the agreement prints, with
// their paths, in file order.
func (n *Notes) Texts() []Text {
	var out []Text
	add := func(path, key, v string) {
		if v != "" {
			out = append(out, Text{path + "/" + key, key, v})
		}
	}
	s := Shared(n)
	for _, kv := range [][2]string{{"title", s.Title}, {"place", s.Place}, {"summary", s.Summary}, {"governing_law", s.GoverningLaw}, {"currency", s.Currency}} {
		add("", kv[0], kv[1])
	}
	for _, p := range s.Parties {
		add(p.path, "name", p.Name)
		add(p.path, "short", p.Short)
		add(p.path, "address", p.Address)
		add(p.path, "registration", p.Registration)
		for _, q := range p.Persons {
			add(q.path, "name", q.Name)
			add(q.path, "role", q.Role)
			add(q.path, "email", q.Email)
		}
	}
	for _, t := range s.ThirdParties {
		add(t.path, "name", t.Name)
		add(t.path, "role", t.Role)
	}
	for _, it := range s.Items {
		add(it.path, "topic", it.Topic)
		add(it.path, "text", it.Text)
	}
	for _, a := range s.Actions {
		add(a.path, "do", a.Do)
	}
	for _, o := range s.Open {
		add(o.path, "text", o.Text)
	}
	if s.Next != nil {
		add("/next", "place", s.Next.Place)
	}
	return out
}

// Limits are our own limits for the negotiation: private.
type Limits struct {
	MaxExposure     *float64 // nil: no limit
	MaxStep         *float64 // nil: the default, DefaultMaxStep
	AuthorityMaxAge string   // "": the default, DefaultAuthorityMaxAge
	path            string
}

// DefaultAuthorityMaxAge is how old a confirmation of authority may be at
// the first round when limits.authority_max_age is not set.
const DefaultAuthorityMaxAge = "365d"

// DefaultMaxStep is the largest concession, as a fraction of where the
// number started, that gives no warning when limits.max_step is not set.
const DefaultMaxStep = 0.10

// A Party is a company at the table.
type Party struct {
	ID           string
	Name         string
	Short        string // the short name the agreement uses; "" for Name
	Us           bool
	Address      string
	Registration string
	Lang         string // BCP 47, where it differs from the notes'
	Note         string // private
	Persons      []*Person
	path         string
	// signsUnsure is set when a person's `signs`, or a person, is
	// structurally wrong: whether the party has a signatory is unknown.
	signsUnsure bool
}

// A Person speaks, owns points and possibly signs for a party.
type Person struct {
	ID         string
	Name       string
	Role       string
	Email      string
	Signs      bool
	Negotiates bool
	Signed     Date   // when this signatory signed
	ReportsTo  string // private: the id of the person of the same party they report to
	Lang       string // BCP 47, where it differs from the party's
	Authority  *Authority
	Private    bool
	Note       string // private
	Party      *Party
	path       string
}

// Authority records who confirmed that a person may commit their company.
type Authority struct {
	ConfirmedBy string // the id of a person of the same party, or of a third party
	On          Date
	How         string   // private
	Evidence    string   // private
	Limit       *float64 // private: the most they may commit their party to, in currency
	// By is the person who confirmed it, or nil; Third the third party.
	By    *Person
	Third *ThirdParty
}

// A ThirdParty is outside the parties, such as a registry or a notary,
// and can confirm authority.
type ThirdParty struct {
	ID      string
	Name    string
	Role    string
	ActsFor string // the id of the party it acts for (an agent, a lawyer); "" if independent
	Note    string // private
	path    string
}

// An Item is an agreed term.
type Item struct {
	Floor   *float64 // private: our walk-away value, in the unit of its concessions
	ID      string
	Topic   string
	Text    string
	Owner   string
	Person  *Person // resolved Owner; nil if unknown
	Note    string  // private
	Private bool
	path    string
}

// An Action is a commitment, performed once everything in If is done.
type Action struct {
	ID     string
	Owner  string
	Person *Person // resolved Owner; nil if unknown
	Do     string
	If     []string // "signing" or action ids
	Due    Date     // as written; see DueDates for when it is due
	Within string   // "14d" or "2w": due that long after its If is done
	For    string   // the id of the party it is performed for
	// ForParty is the party it is performed for: For resolved or, with
	// two parties, the other party of the owner's; nil if unknown.
	ForParty *Party
	GoFirst  string // private: why we move first
	Kind     string // Deliver or Claim
	Done     Date
	Value    *float64 // private: its worth to the party receiving it
	Note     string   // private
	Private  bool
	path     string
}

// Open is a point not agreed yet.
type Open struct {
	Text    string
	Owner   string
	Person  *Person
	Due     Date
	Note    string // private
	Private bool
	path    string
}

// A Round is one exchange of concessions: private.
type Round struct {
	With []string // private: the counterpart people who negotiated in it
	Date Date
	Gave []Concession
	Got  []Concession
	path string
}

// A Concession is one entry of a round: text, and optionally the item it
// moves and the number it moved from and to.
type Concession struct {
	Text     string
	Item     string
	From, To *float64
	Prose    bool // written as text alone, not as a table
}

// Next is the next meeting.
type Next struct {
	Date  Date
	Place string
}

// Us returns our party, or nil if there is not exactly one.
func (n *Notes) Us() *Party {
	var us *Party
	for _, p := range n.Parties {
		if p.Us {
			if us != nil {
				return nil
			}
			us = p
		}
	}
	return us
}

// Signatories returns everyone who signs, in file order.
func (n *Notes) Signatories() []*Person {
	var out []*Person
	for _, p := range n.Parties {
		for _, q := range p.Persons {
			if q.Signs {
				out = append(out, q)
			}
		}
	}
	return out
}

// Person returns the person with the id, or nil.
func (n *Notes) Person(id string) *Person {
	for _, p := range n.Parties {
		for _, q := range p.Persons {
			if q.ID == id {
				return q
			}
		}
	}
	return nil
}

// Language returns the language of the person's name: theirs, else their
// party's, else the notes'.
func (n *Notes) Language(p *Person) string {
	switch {
	case p.Lang != "":
		return p.Lang
	case p.Party != nil && p.Party.Lang != "":
		return p.Party.Lang
	}
	return n.Lang
}

// Path is where the person stands in the notes, for Notes.Diag:
// "/party/1/person/0".
func (p *Person) Path() string { return p.path }

// Ours reports whether the person belongs to our party.
func (p *Person) Ours() bool { return p != nil && p.Party != nil && p.Party.Us }

// Ours reports whether the action's owner is one of our people.
func (a *Action) Ours() bool { return a.Person.Ours() }

// Path is where the party stands in the notes, for Notes.Diag: "/party/1".
func (p *Party) Path() string { return p.path }

// ShortName is the name the agreement uses for the party after
// introducing it.
func (p *Party) ShortName() string {
	if p.Short != "" {
		return p.Short
	}
	return p.Name
}
