package schema

// Signing is the reserved condition met when every signatory has signed.
const Signing = "signing"

// Status values.
const (
	Draft = "draft"
	Final = "final"
)

// Notes is one decoded notes file. Defaults are applied: Revision is at
// least 1 and Status is Draft or Final.
type Notes struct {
	Title    string
	Date     Date
	Place    string
	Summary  string
	Revision int
	Signed   Date
	Status   string
	Parties  []*Party
	Items    []*Item
	Actions  []*Action
	Open     []*Open
	Rounds   []*Round
	Next     *Next
}

// A Party is a company at the table.
type Party struct {
	ID      string
	Name    string
	Us      bool
	Persons []*Person
	path    string
	// signsUnsure is set when a person's `signs`, or a person, is
	// structurally wrong: whether the party has a signatory is unknown.
	signsUnsure bool
}

// A Person speaks, owns points and possibly signs for a party.
type Person struct {
	ID        string
	Name      string
	Role      string
	Email     string
	Signs     bool
	Authority *Authority
	Party     *Party
	path      string
}

// Authority records who confirmed that a person may commit their company.
type Authority struct {
	ConfirmedBy string
	On          Date
	How         string
}

// An Item is an agreed term.
type Item struct {
	ID     string
	Topic  string
	Text   string
	Owner  string
	Person *Person // resolved Owner; nil if unknown
	path   string
}

// An Action is a commitment, performed once everything in If is done.
type Action struct {
	ID      string
	Owner   string
	Person  *Person // resolved Owner; nil if unknown
	Do      string
	If      []string // "signing" or action ids
	Due     Date
	GoFirst string
	Done    Date
	path    string
}

// Open is a point not agreed yet.
type Open struct {
	Text   string
	Owner  string
	Person *Person
	Due    Date
	path   string
}

// A Round is one exchange of concessions.
type Round struct {
	Date Date
	Gave []string
	Got  []string
	path string
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

// Ours reports whether the person belongs to our party.
func (p *Person) Ours() bool { return p != nil && p.Party != nil && p.Party.Us }

// Ours reports whether the action's owner is one of our people.
func (a *Action) Ours() bool { return a.Person.Ours() }
