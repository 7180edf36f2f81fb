package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/recaptool/recap/internal/eml"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/status"
)

// MailOptions are what a mail adds to the options of the agreement's
// build, whose outputs it attaches.
type MailOptions struct {
	// Template is the mail's template: the recap's (templates.Mail) for
	// BuildMail, a reminder's (templates.Nudge) for BuildNudges.
	Template *template.Template
	// Name is the attachments' name: NAME.pdf and NAME.ics, as recap
	// build names its outputs.
	Name string
	// From is the id of the person of ours the mail is from; "": our
	// first signatory with an e-mail address, else our first person with
	// one.
	From string
	// AsOf is the message's date, and for BuildNudges what is due as of.
	AsOf schema.Date
	// Within is, for BuildNudges, how many days ahead a step is due to be
	// reminded of: DefaultWithin if 0; if negative, only what is due today
	// or overdue.
	Within int
}

// DefaultWithin is how many days before its due date a step is reminded of.
const DefaultWithin = 3

// ErrDraft is what BuildNudges says of a draft: it has no steps to chase.
var ErrDraft = errors.New("a draft: nothing to chase (reminders are for a final recap's steps)")

// ErrFrom is the error of a MailOptions.From that names no person of ours.
var ErrFrom = errors.New("--from")

// A Message is one mail written: the .eml file's bytes, and for a
// reminder the id of the person it is to.
type Message struct {
	To   string // the person's id, for a reminder; "" for the recap's mail
	Data []byte
}

// Mail is what a mail's template sees: the agreement's view, drawn from
// the shared notes as the agreement is (so no template can put anything
// private in a mail), and what the mail says to its readers.
type Mail struct {
	*Recap
	From *Person
	To   []*Person
	Them []*Party // the other side's parties, in the order of the notes
	// Several is set when the other side is more than one party: then
	// each of their steps names whose it is.
	Several bool
	Yours   []*Ask    // their steps, in the order of the sequence
	Ours    []*Action // ours, in that order
	// PDF and Calendar are the attachments' file names; Calendar is ""
	// for a draft, whose dates are not agreed.
	PDF, Calendar string
	AsOf          string // the message's date, "7 Dec 2026"
	Nudge         *Nudge // a reminder's; nil in the recap's mail
}

// An Ask is a step of theirs, with when it is due and what it unlocks.
type Ask struct {
	*Action
	When    string    // "by 1 Dec 2026", "within 14 days of “…” (step 1)", "" if neither
	Unlocks []*Unlock // what waits for it, in the order of the sequence
}

// An Unlock is a step of another party than the Ask's, not done yet, that
// waits for the Ask.
type Unlock struct {
	*Action
	By   *Party // whose step it is
	When string
}

// Nudge is what a reminder is about: the person and their steps due.
type Nudge struct {
	Person *Person
	Due    []*Reminder
}

// A Reminder is a step due or overdue.
type Reminder struct {
	*Ask
	Overdue bool
	// Late says when it is due or how late it is: "due today, 7 Dec
	// 2026", "due on 9 Dec 2026, in 2 days", "overdue since 1 Dec 2026
	// (6 days)".
	Late string
}

// BuildMail writes the recap's mail (an .eml file): to the other side's people
// with an e-mail address, from ours, with the agreement's PDF and, for a
// final recap, its calendar attached, byte for byte what Build makes with
// opt. Problems with addresses are a schema.List.
func BuildMail(in Source, opt Options, mo MailOptions) ([]byte, error) {
	opt.Document = Agreement
	d, err := prepare(in, opt)
	if err != nil {
		return nil, err
	}
	var diags schema.List
	from := sender(in.Notes, d.notes, mo.From, &diags)
	var to []*schema.Person
	for _, p := range d.notes.Parties {
		if !p.Us {
			to = append(to, addressed(in.Notes, p.Persons, &diags)...)
		}
	}
	slices.SortStableFunc(to, func(a, b *schema.Person) int { return rank(a) - rank(b) })
	if len(to) == 0 {
		for _, p := range d.notes.Parties {
			if !p.Us && !slices.ContainsFunc(p.Persons, func(q *schema.Person) bool { return q.Email != "" }) {
				diags = append(diags, in.Notes.Diag(p.Path(), schema.RuleMailRecipient, fmt.Sprintf(
					"no one at %s has an e-mail address to send the recap to: add email = \"name@example.com\" to %s", p.Name, who(p.Persons))))
			}
		}
	}
	if err := errFrom(from, mo.From, diags); err != nil {
		return nil, err
	}
	formats := Formats{FormatPDF, FormatICS}
	if d.notes.Status != schema.Final {
		formats = formats[:1]
	}
	opt.Formats = formats
	outs, err := Build(in, opt)
	if err != nil {
		return nil, err
	}
	m := d.mail(mo, func(a *Action) bool { return a.Done != "" })
	for _, q := range to {
		m.To = append(m.To, m.person(q))
	}
	m.From = m.person(from)
	m.PDF = mo.Name + ".pdf"
	atts := []eml.Attachment{{Name: m.PDF, ContentType: "application/pdf", Data: outs[0].Data}}
	if len(outs) > 1 {
		m.Calendar = mo.Name + ".ics"
		atts = append(atts, eml.Attachment{Name: m.Calendar, ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: outs[1].Data})
	}
	subject := fmt.Sprintf("%s: agreement for signature (revision %d)", d.notes.Title, d.notes.Revision)
	switch {
	case m.Draft:
		subject = fmt.Sprintf("%s: draft for review (revision %d)", d.notes.Title, d.notes.Revision)
	case m.Signed != "":
		subject = fmt.Sprintf("%s: signed agreement (revision %d)", d.notes.Title, d.notes.Revision)
	}
	return d.message(opt.Context, mo, m, from, to, subject, atts)
}

// BuildNudges writes a reminder (an .eml file) to each person of the other
// side with a step due within mo.Within days of mo.AsOf, or overdue:
// none when nothing is. It names each step, its date or lateness, and
// what it unlocks; our steps held back are never named.
func BuildNudges(in Source, opt Options, mo MailOptions) ([]Message, error) {
	opt.Document = Agreement
	d, err := prepare(in, opt)
	if err != nil {
		return nil, err
	}
	if d.notes.Status != schema.Final {
		return nil, ErrDraft
	}
	var diags schema.List
	from := sender(in.Notes, d.notes, mo.From, &diags)
	if err := errFrom(from, mo.From, diags); err != nil {
		return nil, err
	}
	within := mo.Within
	switch {
	case within == 0:
		within = DefaultWithin
	case within < 0:
		within = 0
	}
	rep := status.Of(d.notes, mo.AsOf)
	states := map[string]*status.Action{}
	for _, a := range rep.Actions {
		states[a.ID] = a
	}
	due := map[*schema.Person][]*status.Action{}
	var people []*schema.Person
	for _, a := range rep.Actions {
		if a.Person == nil || a.Ours() {
			continue
		}
		soon := a.State == status.Ready && !a.DueBy.IsZero() && !mo.AsOf.AddDays(within).Before(a.DueBy)
		if a.State != status.Overdue && !soon {
			continue
		}
		if due[a.Person] == nil {
			people = append(people, a.Person)
		}
		due[a.Person] = append(due[a.Person], a)
	}
	var out []Message
	for _, q := range people {
		if len(addressed(in.Notes, []*schema.Person{q}, &diags)) == 0 {
			if q.Email == "" {
				diags = append(diags, in.Notes.Diag(q.Path(), schema.RuleMailRecipient, fmt.Sprintf(
					"%s has %s due but no e-mail address to be reminded at: add email = \"name@example.com\" to `%s`", q.Name, steps(len(due[q])), q.ID)))
			}
			continue
		}
		// As of the reminder's date: what is done then, and nothing of
		// ours held back.
		m := d.mail(mo, func(a *Action) bool {
			st := states[a.ID.Raw()].State
			return st == status.Done || st == status.Held
		})
		m.From, m.To = m.person(from), []*Person{m.person(q)}
		m.Nudge = &Nudge{Person: m.To[0]}
		byID := map[string]*Ask{}
		for _, a := range m.Yours {
			byID[a.ID.Raw()] = a
		}
		m.Yours = nil
		for _, a := range due[q] {
			ask := byID[a.ID]
			m.Yours = append(m.Yours, ask)
			m.Nudge.Due = append(m.Nudge.Due, &Reminder{Ask: ask, Overdue: a.State == status.Overdue, Late: late(a, mo.AsOf)})
		}
		subject := fmt.Sprintf("%s: %s due from you", d.notes.Title, steps(len(due[q])))
		if len(due[q]) == 1 {
			subject = fmt.Sprintf("%s: “%s” %s", d.notes.Title, quoteN(due[q][0].Do, shortQuote), strings.SplitN(m.Nudge.Due[0].Late, ",", 2)[0])
		}
		data, err := d.message(opt.Context, mo, m, from, []*schema.Person{q}, subject, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, Message{To: q.ID, Data: data})
	}
	if len(diags) > 0 {
		diags.Sort()
		return out, diags
	}
	return out, nil
}

// late says when a step is due, or how late it is, as of a date.
func late(a *status.Action, asOf schema.Date) string {
	switch days := asOf.DaysUntil(a.DueBy); {
	case a.State == status.Overdue:
		return fmt.Sprintf("overdue since %s (%s)", a.DueBy.Long(), plural(a.DaysLate, "day"))
	case days == 0:
		return "due today, " + a.DueBy.Long()
	case days == 1:
		return "due tomorrow, " + a.DueBy.Long()
	default:
		return fmt.Sprintf("due on %s, in %s", a.DueBy.Long(), plural(days, "day"))
	}
}

func steps(n int) string { return plural(n, "step") }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// rank orders the people a mail is to: those who sign or negotiate first.
func rank(q *schema.Person) int {
	if q.Signs || q.Negotiates {
		return 0
	}
	return 1
}

// addressed returns the people with an e-mail address, adding a
// diagnostic for each address a mail cannot carry.
func addressed(n *schema.Notes, people []*schema.Person, diags *schema.List) []*schema.Person {
	var out []*schema.Person
	for _, q := range people {
		if q.Email == "" {
			continue
		}
		if err := eml.CheckAddress(q.Email); err != nil {
			*diags = append(*diags, n.Diag(q.Path()+"/email", schema.RuleMailAddress, fmt.Sprintf("the e-mail address of %s, %q, is not one a mail can carry: write it alone, as name@example.com", q.Name, q.Email)))
			continue
		}
		out = append(out, q)
	}
	return out
}

// sender returns the person of ours the mail is from: the one named by
// id, else our first signatory with an e-mail address, else our first
// person with one; nil and a diagnostic, or ErrFrom, if there is none.
func sender(n, shared *schema.Notes, id string, diags *schema.List) *schema.Person {
	var us *schema.Party
	for _, p := range shared.Parties {
		if p.Us {
			us = p
		}
	}
	if us == nil {
		return nil
	}
	ok := addressed(n, us.Persons, diags)
	if id != "" {
		i := slices.IndexFunc(us.Persons, func(q *schema.Person) bool { return q.ID == id })
		switch {
		case i < 0:
			return nil
		case !slices.Contains(ok, us.Persons[i]):
			if us.Persons[i].Email == "" {
				*diags = append(*diags, n.Diag(us.Persons[i].Path(), schema.RuleMailSender, fmt.Sprintf(
					"the mail is to be from %s, who has no e-mail address: add email = \"name@example.com\" to `%s`", us.Persons[i].Name, id)))
			}
			return nil
		}
		return us.Persons[i]
	}
	slices.SortStableFunc(ok, func(a, b *schema.Person) int {
		return boolRank(!a.Signs) - boolRank(!b.Signs)
	})
	if len(ok) == 0 {
		var signers []*schema.Person
		for _, q := range us.Persons {
			if q.Signs {
				signers = append(signers, q)
			}
		}
		if len(signers) == 0 {
			signers = us.Persons
		}
		*diags = append(*diags, n.Diag(us.Path(), schema.RuleMailSender, fmt.Sprintf(
			"no one at %s has an e-mail address to send the mail from: add email = \"name@example.com\" to %s", us.Name, who(signers))))
		return nil
	}
	return ok[0]
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// errFrom is the error of a mail that cannot be written: the diagnostics,
// or ErrFrom when --from names no person of ours.
func errFrom(from *schema.Person, id string, diags schema.List) error {
	if len(diags) > 0 {
		diags.Sort()
		return diags
	}
	if from == nil {
		return fmt.Errorf("%w %q names no person of our party: give the id of one of ours with an e-mail address", ErrFrom, id)
	}
	return nil
}

// who names people by id, for a message saying where to add a key:
// "`dmitri` or `eva`".
func who(ps []*schema.Person) string {
	ids := make([]string, len(ps))
	for i, q := range ps {
		ids[i] = "`" + q.ID + "`"
	}
	switch len(ids) {
	case 0:
		return "a person of it"
	case 1:
		return ids[0]
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

// mail makes the template's view of the document's recap: every step of
// theirs with what it unlocks (what is not done yet), and ours.
func (d *document) mail(mo MailOptions, done func(*Action) bool) *Mail {
	m := &Mail{Recap: d.recap, AsOf: mo.AsOf.Long()}
	for _, p := range d.recap.Parties {
		if !p.Us {
			m.Them = append(m.Them, p)
		}
	}
	m.Several = len(m.Them) > 1
	unlocks := map[*Action][]*Unlock{}
	var all []*Action
	for _, s := range d.recap.Steps {
		for _, a := range s.Actions {
			all = append(all, a)
			if done(a) || a.Owner == nil {
				continue // nothing left to unlock
			}
			for _, w := range a.Waits {
				// What a step unlocks for its party: the next steps
				// of others.
				if w.Owner == nil || w.Owner.Party != a.Owner.Party {
					unlocks[w] = append(unlocks[w], &Unlock{Action: a, By: a.Owner.Party, When: unlockWhen(a)})
				}
			}
		}
	}
	for _, a := range all {
		switch {
		case a.Ours:
			m.Ours = append(m.Ours, a)
		case a.Owner != nil:
			m.Yours = append(m.Yours, &Ask{Action: a, When: when(a), Unlocks: unlocks[a]})
		}
	}
	return m
}

// person finds the view of a person of the notes.
func (m *Mail) person(q *schema.Person) *Person {
	for _, p := range m.Parties {
		for _, v := range p.Persons {
			if v.ID.Raw() == q.ID {
				return v
			}
		}
	}
	return nil
}

// when says when an action is due: done, by a date, or within a time of
// what it waits for.
func when(a *Action) string {
	switch {
	case a.Done != "":
		return "done on " + a.Done
	case a.Due != "":
		return "by " + a.Due
	}
	return a.Within.Raw()
}

// unlockWhen says when a step is due that waits for another not done
// yet: a time given by within runs from what it waits for, which the mail
// has just named; else its date, if it has one of its own.
func unlockWhen(a *Action) string {
	switch {
	case a.Time != "" && (len(a.Waits) > 1 || a.OnSigning):
		return "within " + a.Time + " of the last of what it waits for"
	case a.Time != "":
		return "within " + a.Time
	case a.Due != "":
		return "by " + a.Due
	}
	return ""
}

// message writes the template's Markdown as a mail's text and HTML.
func (d *document) message(ctx context.Context, mo MailOptions, m *Mail, from *schema.Person, to []*schema.Person, subject string, atts []eml.Attachment) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	md, err := markdown(ctx, mo.Template, m)
	if err != nil {
		return nil, err
	}
	langs := LangsOf(d.notes)
	body, err := HTMLBody(md, langs)
	if err != nil {
		return nil, err
	}
	msg := &eml.Message{
		From:        eml.Address{Name: from.Name, Addr: from.Email},
		Subject:     subject,
		Date:        mo.AsOf.Time().Add(12 * time.Hour),
		Draft:       true,
		Language:    langs.doc(),
		Text:        PlainText(md),
		HTML:        mailPage(body, subject, langs.doc()),
		Attachments: atts,
	}
	id := sha256.New()
	fmt.Fprintf(id, "%s\x00%s\x00%s\x00%s", d.recap.Fingerprint, mo.AsOf, subject, from.Email)
	for _, q := range to {
		msg.To = append(msg.To, eml.Address{Name: q.Name, Addr: q.Email})
		fmt.Fprintf(id, "\x00%s", q.Email)
	}
	msg.ID = hex.EncodeToString(id.Sum(nil)[:16]) + "@" + domain(from.Email)
	return msg.Bytes()
}

// domain is the domain of an address, for a Message-ID.
func domain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i+1 < len(addr) {
		return addr[i+1:]
	}
	return "recap.invalid"
}

// mailPage wraps a mail's HTML body in a page with the few styles mail
// programs keep.
func mailPage(body []byte, title, lang string) string {
	return "<!doctype html>\n<html lang=\"" + html.EscapeString(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html.EscapeString(title) + "</title>\n</head>\n" +
		"<body style=\"font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d1d1d; max-width: 42rem;\">\n" +
		string(body) + "</body>\n</html>\n"
}
