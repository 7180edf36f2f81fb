// Package render turns checked notes into a recap: Markdown from a template,
// and HTML from that Markdown. The PDF is drawn from the same Markdown by
// package render/pdf.
package render

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/recaptool/recap/mdtext"
	"github.com/recaptool/recap/schema"
)

// Recap is what a template sees. Every user string is a Text, which prints
// escaped; dates are preformatted ("1 Dec 2026").
type Recap struct {
	Title       mdtext.Text
	Date        string
	Place       mdtext.Text
	Summary     mdtext.Text
	Revision    int
	Status      string // "draft" or "final"
	Draft       bool
	Signed      string // when everyone signed, or ""
	Fingerprint string // hex SHA-256 of the notes file
	Version     string // of recap
	Us          *Party
	Parties     []*Party
	Signatories []*Person
	Items       []*Item
	Steps       []*Step
	Open        []*Open
	Rounds      []*Round
	Next        *Next
	// Since lists the changes from an earlier revision (build --since).
	Since *Since
}

// Since is what changed since an earlier revision.
type Since struct {
	Revision int
	Changes  []mdtext.Text
}

// Party is a company at the table.
type Party struct {
	ID          mdtext.Text
	Name        mdtext.Text
	Us          bool
	Persons     []*Person
	Signatories []*Person
}

// Person is someone at the table.
type Person struct {
	ID        mdtext.Text
	Name      mdtext.Text
	Role      mdtext.Text
	Email     mdtext.Text
	Signs     bool
	Party     *Party
	Authority *Authority
	// NeedsAuthority is set for a counterpart signatory whose authority to
	// commit their company nobody has confirmed.
	NeedsAuthority bool
	// Number counts signatories from 1, in the order of the recap.
	Number int
	// Tags are the e-signature tags of a signatory, with --esign; else nil.
	Tags *Tags
}

// Authority says who confirmed a person's authority, when and how.
type Authority struct {
	ConfirmedBy mdtext.Text
	On          string
	How         mdtext.Text
}

// Item is an agreed term.
type Item struct {
	Number int
	ID     mdtext.Text
	Topic  mdtext.Text
	Text   mdtext.Text
	Owner  *Person
}

// Step is a group of actions that can start at the same time: step 1 starts
// at signing, step N once actions of earlier steps are done.
type Step struct {
	Number  int
	Actions []*Action
}

// Action is a commitment in the sequence of performance.
type Action struct {
	ID      mdtext.Text
	Do      mdtext.Text
	Owner   *Person
	Due     string
	Done    string
	Step    int
	Ours    bool
	GoFirst mdtext.Text // why we move first, if we do
	// OnSigning is set if the action waits for the signing of the recap.
	OnSigning bool
	// Waits lists the actions that must be done first.
	Waits []*Action
}

// Open is a point not agreed yet.
type Open struct {
	Text  mdtext.Text
	Owner *Person
	Due   string
}

// Round is one exchange of concessions.
type Round struct {
	Number int
	Date   string
	Gave   []mdtext.Text
	Got    []mdtext.Text
}

// Next is the next meeting.
type Next struct {
	Date  string
	Place mdtext.Text
}

// Fingerprint returns the hex SHA-256 of a notes file's bytes.
func Fingerprint(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

// NewRecap builds the template view of valid notes. src is the notes file
// as read, for the fingerprint; version is recap's own.
func NewRecap(n *schema.Notes, src []byte, version string) *Recap {
	r := &Recap{
		Title:       mdtext.Text(n.Title),
		Date:        date(n.Date),
		Place:       mdtext.Text(n.Place),
		Summary:     mdtext.Text(n.Summary),
		Revision:    n.Revision,
		Status:      n.Status,
		Draft:       n.Status != schema.Final,
		Signed:      date(n.Signed),
		Fingerprint: Fingerprint(src),
		Version:     version,
	}
	persons := r.addParties(n)
	for i, it := range n.Items {
		r.Items = append(r.Items, &Item{Number: i + 1, ID: mdtext.Text(it.ID), Topic: mdtext.Text(it.Topic), Text: mdtext.Text(it.Text), Owner: persons[it.Person]})
	}
	r.addSteps(n, persons)
	for _, o := range n.Open {
		r.Open = append(r.Open, &Open{Text: mdtext.Text(o.Text), Owner: persons[o.Person], Due: date(o.Due)})
	}
	for i, rd := range n.Rounds {
		r.Rounds = append(r.Rounds, &Round{Number: i + 1, Date: date(rd.Date), Gave: texts(rd.Gave), Got: texts(rd.Got)})
	}
	if n.Next != nil {
		r.Next = &Next{Date: date(n.Next.Date), Place: mdtext.Text(n.Next.Place)}
	}
	return r
}

func (r *Recap) addParties(n *schema.Notes) map[*schema.Person]*Person {
	persons := map[*schema.Person]*Person{}
	for _, p := range n.Parties {
		party := &Party{ID: mdtext.Text(p.ID), Name: mdtext.Text(p.Name), Us: p.Us}
		for _, q := range p.Persons {
			person := &Person{
				ID: mdtext.Text(q.ID), Name: mdtext.Text(q.Name), Role: mdtext.Text(q.Role), Email: mdtext.Text(q.Email),
				Signs: q.Signs, Party: party, NeedsAuthority: q.Signs && !p.Us && q.Authority == nil,
			}
			if a := q.Authority; a != nil {
				person.Authority = &Authority{ConfirmedBy: mdtext.Text(a.ConfirmedBy), On: date(a.On), How: mdtext.Text(a.How)}
			}
			persons[q] = person
			party.Persons = append(party.Persons, person)
			if q.Signs {
				person.Number = len(r.Signatories) + 1
				party.Signatories = append(party.Signatories, person)
				r.Signatories = append(r.Signatories, person)
			}
		}
		if p.Us {
			r.Us = party
		}
		r.Parties = append(r.Parties, party)
	}
	return persons
}

func (r *Recap) addSteps(n *schema.Notes, persons map[*schema.Person]*Person) {
	seq := n.Sequence()
	byID := n.ActionsByID()
	actions := map[*schema.Action]*Action{}
	for i, step := range seq {
		s := &Step{Number: i + 1}
		for _, a := range step {
			act := &Action{
				ID: mdtext.Text(a.ID), Do: mdtext.Text(a.Do), Owner: persons[a.Person], Due: date(a.Due), Done: date(a.Done),
				Step: i + 1, Ours: a.Ours(), GoFirst: mdtext.Text(a.GoFirst),
			}
			for _, dep := range a.If {
				if dep == schema.Signing {
					act.OnSigning = true
				} else if d := actions[byID[dep]]; d != nil {
					act.Waits = append(act.Waits, d)
				}
			}
			if !act.Ours {
				act.GoFirst = ""
			}
			actions[a] = act
			s.Actions = append(s.Actions, act)
		}
		r.Steps = append(r.Steps, s)
	}
}

func date(d schema.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Long()
}

func texts(ss []string) []mdtext.Text {
	out := make([]mdtext.Text, len(ss))
	for i, s := range ss {
		out[i] = mdtext.Text(s)
	}
	return out
}
