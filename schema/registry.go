package schema

import (
	"fmt"
	"slices"
	"strings"
)

// A Rule is one check recap makes of notes, declared once, here, in the
// manner of go/analysis's Analyzer: every diagnostic names the Rule that
// gave it, and what users read about rules (recap rules, docs/rules.md,
// SARIF's rule descriptors, what `accept` may list) is drawn from these
// declarations. A diagnostic can only be made from a declared Rule, so an
// id cannot be reported without being documented.
type Rule struct {
	// ID is the stable id diagnostics carry ("if-cycle").
	ID string
	// Level says when the rule's diagnostics are errors.
	Level Level
	// Escalates, if set, says when a warning rule gives an error instead
	// (and that error cannot be accepted).
	Escalates string
	// Unacceptable marks a warning that `accept` cannot list either.
	Unacceptable bool
	// Stage says when the rule applies: when notes are checked, or when a
	// document is built, since it depends on the command's flags.
	Stage Stage
	// Summary says in one line what the rule finds.
	Summary string
	// Help says why it matters and what to write instead.
	Help string
}

// Level is how severe a rule's diagnostics are.
type Level int

const (
	// AlwaysError rules give errors, which `accept` cannot list.
	AlwaysError Level = iota
	// AlwaysWarning rules give warnings, which `accept` may list.
	AlwaysWarning
	// ErrorInFinal rules give errors in a final recap and warnings in a
	// draft, where they may be accepted.
	ErrorInFinal
)

func (l Level) String() string {
	switch l {
	case AlwaysWarning:
		return "warning"
	case ErrorInFinal:
		return "error in a final recap, warning in a draft"
	}
	return "error"
}

// MarshalText names a Level in JSON: "error", "warning" or "final-error".
func (l Level) MarshalText() ([]byte, error) {
	if l == ErrorInFinal {
		return []byte("final-error"), nil
	}
	return []byte(l.String()), nil
}

// Stage is when a rule applies.
type Stage int

const (
	// AtCheck rules judge the notes themselves (recap check, and every
	// command that reads notes).
	AtCheck Stage = iota
	// AtBuild rules judge notes together with a build's flags (--esign,
	// --since, --template).
	AtBuild
)

func (s Stage) String() string {
	if s == AtBuild {
		return "build"
	}
	return "check"
}

// MarshalText names a Stage in JSON: "check" or "build".
func (s Stage) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Acceptable reports whether `accept` may list the rule: whether it ever
// gives a warning, and is not a warning about acceptances.
func (r *Rule) Acceptable() bool { return r.Level != AlwaysError && !r.Unacceptable }

// severity is the severity of the rule's diagnostics in a recap of the
// given finality.
func (r *Rule) severity(final bool) Severity {
	if r.Level == AlwaysError || r.Level == ErrorInFinal && final {
		return Error
	}
	return Warning
}

// registry holds every rule, in the order declared below.
var registry []*Rule

func declare(r Rule) *Rule {
	p := &r
	registry = append(registry, p)
	return p
}

// Rules returns every rule recap has, in the order of docs/rules.md.
func Rules() []*Rule { return slices.Clone(registry) }

// LookupRule returns the rule with the given id, or nil.
func LookupRule(id string) *Rule {
	i := slices.IndexFunc(registry, func(r *Rule) bool { return r.ID == id })
	if i < 0 {
		return nil
	}
	return registry[i]
}

// acceptableIDs lists the ids `accept` may name, for messages.
func acceptableIDs() string {
	ids := acceptableNames()
	slices.Sort(ids)
	return strings.Join(ids, ", ")
}

// The file itself.
var (
	ruleSize = declare(Rule{ID: "size", Summary: "the file is over 8 MiB",
		Help: "Notes files are a few kilobytes; a larger file is most likely not a notes file (a PDF, an archive, a disk image given by mistake). recap reads no further, so that a wrong argument cannot use up memory."})
	ruleEncoding = declare(Rule{ID: "encoding", Summary: "the file is not UTF-8 text",
		Help: "TOML is UTF-8. Save the file as UTF-8 (every editor can), or check that the argument is the notes file and not a PDF or a document in another format."})
	ruleNesting = declare(Rule{ID: "nesting", Summary: "tables and arrays nested over 64 levels deep, counting each part of a dotted key or table header as a level",
		Help: "Notes need three or four levels. The limit bounds the work of every later stage on hostile input; a file that reaches it was not written by hand."})
	ruleSyntax = declare(Rule{ID: "syntax", Summary: "not TOML 1.0",
		Help: "The file is not valid TOML 1.0. The message says what the parser expected where. TOML 1.1's additions (a trailing comma or a newline in an inline table, the \\e and \\x escapes, a time without seconds) are refused too, with what to write instead, since Taplo, Python's tomllib and most editors refuse them."})
)

// Structure, as the JSON Schema has it.
var (
	ruleUnknownKey = declare(Rule{ID: "unknown-key", Summary: "a key the format does not have",
		Help: "Keys are case-sensitive and spelled as in the notes format; the message names the nearest key there is. A misspelt key is an error rather than ignored, so that nothing you wrote is silently left out of the agreement."})
	ruleType = declare(Rule{ID: "type", Summary: "a value of the wrong type",
		Help: "Each key takes one TOML type: text in quotes, a number, true or false, a date written without quotes (2026-11-24), a list in [ ], a table. The message names the type the key takes."})
	ruleDate = declare(Rule{ID: "date", Summary: "a date that is not a local date",
		Help: "Dates are TOML local dates, written without quotes and without a time: due = 2026-12-01. A date with a time or an offset is refused, because a deadline in the notes is a day, the same for both sides."})
	ruleRequired = declare(Rule{ID: "required", Summary: "a required key is missing",
		Help: "The notes format says which keys each table needs: a title and date at the top, an id and name for each party and person, an id, owner, do and if (or go_first) for each action. Add the key the message names."})
	ruleEmpty = declare(Rule{ID: "empty", Summary: "empty or blank text",
		Help: "A text that the documents print must say something: an empty name, action or term would print as a blank the other side could fill in."})
	ruleEnum = declare(Rule{ID: "enum", Summary: "a value that is not one of the values the key takes",
		Help: "Some keys take one of a few words (status is \"draft\" or \"final\"; binding is \"binding\" or \"subject-to-contract\"). The message lists them and the nearest one."})
	ruleRange = declare(Rule{ID: "range", Summary: "a number outside its range",
		Help: "A revision is from 1 to 1,000,000; values and limits are not negative, and limits.max_step is a fraction, at most 1. The message gives the bound."})
	rulePattern = declare(Rule{ID: "pattern", Summary: "a value not written in its form",
		Help: "Some texts have a form: `within` is a number of days, weeks, months or years (\"14d\", \"2w\", \"3m\", \"1y\"), `lang` a language tag (\"en\", \"zh-Hans\"), an `accept` entry a rule id (\"one-sided-round\"). The message shows the form."})
	ruleTooFew = declare(Rule{ID: "too-few", Summary: "under two parties, a party without people, an empty `if`",
		Help: "A deal has at least two parties, each with at least one person; an `if` that lists nothing waits for nothing: remove it, or name what the action waits for."})
)

// Who is who.
var (
	ruleUsParty = declare(Rule{ID: "us-party", Summary: "not exactly one party with `us = true`",
		Help: "The notes are ours: exactly one party, the one that keeps them, has us = true. Which side is ours decides the method's rules (whose action waits for whose) and what the brief says."})
	ruleDuplicateID = declare(Rule{ID: "duplicate-id", Summary: "an id used twice",
		Help: "Parties, persons, third parties, items and actions share one namespace of ids, so that an owner, an `if` or a `confirmed_by` names one thing only."})
	ruleReservedID = declare(Rule{ID: "reserved-id", Summary: "`signing` used as an id",
		Help: "`signing` stands for the signing of the recap, which an action may wait for (if = [\"signing\"]); choose another id."})
	ruleOwner = declare(Rule{ID: "owner", Summary: "an owner that is not a person",
		Help: "Every agreed point has a named owner: `owner` is the id of a person of one of the parties (not a party, not a third party). The message names the nearest id."})
)

// The order of actions.
var (
	ruleIfUnknown = declare(Rule{ID: "if-unknown", Summary: "`if` names no action",
		Help: "`if` lists the ids of the actions this one waits for, or \"signing\". The message names the nearest id."})
	ruleIfSelf = declare(Rule{ID: "if-self", Summary: "an action waits for itself",
		Help: "An action that waits for itself can never start. Name what must be done before it, or \"signing\"."})
	ruleIfCycle = declare(Rule{ID: "if-cycle", Summary: "actions wait for each other in a cycle",
		Help: "Actions that wait for each other in a cycle can none of them start. The message lists the cycle; one of its waits is wrong."})
	ruleIfYouWill = declare(Rule{ID: "if-you-will", Summary: "our action waits for none of theirs",
		Help: "The method: \"if you will, then I will\". Each of our actions waits for something of substance the other side must do first, named in `if`. Where we deliberately move first, say why in `go_first`; the brief lists what we risk by it."})
	ruleForParty = declare(Rule{ID: "for-party", Summary: "with three or more parties, our action without `for`, or not waiting for that party; `for` naming no party, or the owner's own",
		Help: "With three or more parties, each of our actions says whom it is performed for (`for`, a party id), and waits for something that party does. `for` names another party than the owner's."})
	ruleGoFirstTheirs = declare(Rule{ID: "go-first-theirs", Summary: "`go_first` on an action not ours",
		Help: "`go_first` records why we move first; the other side's actions need no reason from us. Remove it, or give the action to one of our people."})
	ruleDueWithin = declare(Rule{ID: "due-within", Summary: "both `due` and `within`",
		Help: "An action is due on a date (`due`) or a time after what it waits for (`within`), not both."})
	ruleDueOrder = declare(Rule{ID: "due-order", Summary: "due before what it waits for",
		Help: "An action cannot be due before an action it waits for: one of the two dates, or the wait, is wrong."})
	rulePrivateNeeded = declare(Rule{ID: "private-needed", Summary: "a private entry the agreement needs",
		Help: "The agreement holds only what is shared. A shared action cannot wait for a private one, nor name a private person as owner or confirmer: make both shared, or both private."})
	ruleItemUnknown = declare(Rule{ID: "item-unknown", Summary: "a concession's `item` is not an item id",
		Help: "A concession in a round names the [[item]] it moves by id, so that recap can follow each item's moves. The message names the nearest id."})
)

// Authority: the counterpart may commit, confirmed independently and
// before negotiating.
var (
	ruleAuthorityMissing = declare(Rule{ID: "authority-missing", Level: ErrorInFinal, Summary: "a counterpart who signs or negotiates without a recorded authority",
		Help: "Confirm, independently and before negotiating, that the person across the table may commit their party: record in `authority` who confirmed it (a person of their party or a [[third_party]], by id) and when. A draft may still lack it; a final recap may not."})
	ruleAuthorityUnknown = declare(Rule{ID: "authority-unknown", Summary: "`confirmed_by` is free text (the first edition's form), an unknown id, or a person of another party",
		Help: "Since the second edition of the notes format, `confirmed_by` names who confirmed by id: a person of the same party, or a [[third_party]] (a registry, a notary). Free text from the first edition is refused with the id to write."})
	ruleAuthorityOurs = declare(Rule{ID: "authority-ours", Summary: "`confirmed_by` names one of our people",
		Help: "Authority is confirmed independently of us: by someone of their party or a third party, never by our own people."})
	ruleAuthoritySelf = declare(Rule{ID: "authority-self", Level: ErrorInFinal, Summary: "authority confirmed by the person themself",
		Help: "A person's own word is not confirmation of their authority: it must come from someone else of their party, or a [[third_party]]."})
	ruleAuthorityLate = declare(Rule{ID: "authority-late", Level: ErrorInFinal, Summary: "authority confirmed after the first round, or with no rounds after the meeting",
		Help: "Authority is confirmed before negotiating: its date (`on`) is before the first round, or, with no rounds, before the meeting. A confirmation that came later protects nothing that was conceded before it."})
	ruleAuthoritySubordinate = declare(Rule{ID: "authority-subordinate", Level: ErrorInFinal, Summary: "the confirmer reports, directly or through others, to the person confirmed",
		Help: "Someone who reports to a person (`reports_to`) cannot independently confirm that person's authority: they would say what their superior tells them. Have it confirmed by someone they report to, or by a [[third_party]] such as the commercial register."})
	ruleAuthorityCircular = declare(Rule{ID: "authority-circular", Level: ErrorInFinal, Summary: "confirmations of authority form a cycle",
		Help: "A confirmed by B and B confirmed by A confirms neither: each vouches for the other. Break the cycle with a confirmation from outside it: a superior, or a [[third_party]]."})
	ruleAuthorityLimit = declare(Rule{ID: "authority-limit", Level: ErrorInFinal, Summary: "a party's actions are worth more than its person's `authority.limit`",
		Help: "A person may commit their party up to a limit (`authority.limit`, as the evidence says: \"up to EUR 50,000\"). A deal worth more needs someone with a higher limit to sign, or the limit confirmed higher."})
	ruleAuthorityStale = declare(Rule{ID: "authority-stale", Level: AlwaysWarning, Summary: "authority confirmed more than `limits.authority_max_age` before the first round",
		Help: "People change jobs and powers are revoked: a confirmation from years ago says little about today. Confirm it again before negotiating, or set `limits.authority_max_age` (default 365d) to what you accept."})
	ruleNegotiatorUnconfirmed = declare(Rule{ID: "negotiator-unconfirmed", Level: ErrorInFinal, Summary: "someone named in a round's `with` has no confirmed authority",
		Help: "Whoever we negotiate with must be able to commit their party: mark them `negotiates = true` (or `signs = true`) and record their `authority`. Concessions made to someone who cannot commit bind only us."})
	ruleNoSignatory = declare(Rule{ID: "no-signatory", Level: ErrorInFinal, Summary: "a party without a signatory",
		Help: "A final recap is for signature: each party has a person with signs = true, whose block the agreement prints."})
	ruleBindingMissing = declare(Rule{ID: "binding-missing", Summary: "a final recap that does not say whether it binds",
		Help: "A final recap says whether it binds once signed (binding = \"binding\") or a contract signed later does (binding = \"subject-to-contract\"); the agreement prints which."})
)

// Dates.
var (
	ruleSignedOrder = declare(Rule{ID: "signed-order", Summary: "a signatory's `signed` after the recap's `signed`, or before the meeting",
		Help: "The top-level `signed` is when the last signatory signed, so no one signed after it; and no one signs a recap before the meeting it records."})
	ruleSignedDraft = declare(Rule{ID: "signed-draft", Summary: "`signed` in a draft",
		Help: "A draft is not for signature: set status = \"final\" (and `binding`) once it is agreed, or remove `signed`."})
	ruleSignedEarly = declare(Rule{ID: "signed-early", Summary: "signed before the meeting",
		Help: "A recap records a meeting, so it is signed on or after the meeting's date: one of the two dates is wrong."})
	ruleRoundOrder = declare(Rule{ID: "round-order", Summary: "rounds out of date order, or after the meeting",
		Help: "Rounds record the negotiation that led to the meeting: list them oldest first, each on or before the meeting's date."})
	ruleNextEarly = declare(Rule{ID: "next-early", Summary: "the next meeting before this one",
		Help: "The next meeting's date is after this meeting's: one of the two dates is wrong."})
)

// The `accept` lists themselves.
var (
	ruleAccept = declare(Rule{ID: "accept", Summary: "`accept` lists what is not the rule of a warning",
		Help: "`accept` lists the ids of warnings weighed and accepted on that entry. An error cannot be accepted, and an id that is no rule's is a mistake; `recap rules` lists the rules and which may be accepted."})
	ruleAcceptUnused = declare(Rule{ID: "accept-unused", Level: AlwaysWarning, Unacceptable: true, Summary: "`accept` lists a warning the entry does not give",
		Help: "An acceptance no warning needs is removed, so that none outlives the warning it was written for and hides a later one. This warning cannot itself be accepted."})
)

// The method's warnings: accepted where weighed.
var (
	ruleOneSidedRound = declare(Rule{ID: "one-sided-round", Level: AlwaysWarning, Summary: "a round in which we gave and got nothing",
		Help: "Concessions are traded, never given: each round records what we gave and what we got for it. Where giving was deliberate, accept the warning on the round."})
	ruleLopsidedRound = declare(Rule{ID: "lopsided-round", Level: AlwaysWarning, Summary: "a round in which we gave more things than we got (and got something)",
		Help: "Trade one for one, in small steps: a round that gives three things for one teaches the other side that waiting pays."})
	ruleBigStep = declare(Rule{ID: "big-step", Level: AlwaysWarning, Summary: "our concession moves a number by more than `limits.max_step`",
		Help: "Concessions are small increments: a large move in one step leaves nothing to trade later. Set `limits.max_step` to the largest step you allow, or split the move over rounds."})
	ruleGrowingStep = declare(Rule{ID: "growing-step", Level: AlwaysWarning, Summary: "our concession on an item larger than our previous one on it",
		Help: "Each concession on an item should be smaller than the last, so that the other side sees the end approach; a growing one invites them to ask for more."})
	ruleExposure = declare(Rule{ID: "exposure", Level: AlwaysWarning, Summary: "delivered beyond received by more than `limits.max_exposure`",
		Help: "After each step of the sequence, what we have delivered less what we have received is what we stand to lose if they stop. Keep it within `limits.max_exposure`: split a delivery, or ask for a payment before it."})
	ruleDueEarly = declare(Rule{ID: "due-early", Level: AlwaysWarning, Summary: "a due date before the meeting",
		Help: "A due date before the meeting that agreed it is most likely a typing error."})
	ruleDoneEarly = declare(Rule{ID: "done-early", Level: AlwaysWarning, Summary: "done before what it waits for",
		Help: "We performed an action before the action it waits for was done: the leverage the order gave us was spent. Accept it where that was agreed. A claim (kind = \"claim\": an invoice, a notice) spends no leverage and gives no warning."})
	ruleOpenFinal = declare(Rule{ID: "open-final", Level: AlwaysWarning, Escalates: "an error in a final recap with binding = \"binding\"", Summary: "shared open points in a final recap",
		Help: "A final agreement has nothing left open; the agreement prints a shared open point as open. Settle it, make it an action, or keep it private. A binding agreement with its terms still open is an error."})
	rulePlaceholder = declare(Rule{ID: "placeholder", Level: ErrorInFinal, Summary: "shared text holding TBD, TBC, TODO, FIXME, XXX or ???",
		Help: "A placeholder in a final agreement is a term not agreed, signed as if it were. Write what was agreed, or make it an open point (in a draft) until it is."})
	ruleNoCounterAction = declare(Rule{ID: "no-counter-action", Level: ErrorInFinal, Summary: "a party we deliver to owns no action; a final recap with no action",
		Help: "If you will, then I will: a party we perform for owes something in return, recorded as an action of theirs, so that ours can wait for it and their performance can be followed. A final recap whose obligations are only prose cannot be sequenced or followed through."})
	ruleDueMissing = declare(Rule{ID: "due-missing", Level: ErrorInFinal, Summary: "an action of the other side with neither `due` nor `within`",
		Help: "An obligation without a date can never be late, so it cannot be chased. Give `due` (a date) or `within` (a time after what it waits for)."})
	ruleGoFirstWithIf = declare(Rule{ID: "go-first-with-if", Level: AlwaysWarning, Summary: "`go_first` on an action that also waits for the party it is performed for",
		Help: "`go_first` says we move before they do; an action that waits for them does not. One of the two is wrong: remove `go_first`, or the wait."})
	ruleUnpaidEnd = declare(Rule{ID: "unpaid-end", Level: AlwaysWarning, Summary: "at the end of the sequence we have delivered to a party more than we receive from it",
		Help: "When everything agreed is done, what we delivered should be matched by what we received. A gap at the end is given away: add what they owe in return, or check the values."})
	ruleExposureUnbounded = declare(Rule{ID: "exposure-unbounded", Level: AlwaysWarning, Summary: "no `limits.max_exposure`, and at some step all we deliver is out with nothing received",
		Help: "If everything we deliver is out before anything comes back, the whole deal is at risk if they stop. Set `limits.max_exposure` to what we can afford to lose, and sequence payments before deliveries."})
	ruleVagueGet = declare(Rule{ID: "vague-get", Level: AlwaysWarning, Summary: "a `got` entry that names nothing we can hold them to",
		Help: "\"Goodwill\", \"TBD\" or \"nothing\" is not something we got: a concession is traded for something they do or give. The words recap treats as empty: nothing, none, n/a, tbd, goodwill, good will, to be discussed, ?, and text starting \"they will consider\"."})
	ruleProseMove = declare(Rule{ID: "prose-move", Level: AlwaysWarning, Summary: "a `gave` entry in prose that moves a number (\"from 30 to 90 days\")",
		Help: "Write a concession that moves a number as a table, { text, item, from, to }, so that its size is checked against `limits.max_step` and against our earlier moves."})
	ruleNoGlyph = declare(Rule{ID: "no-glyph", Level: AlwaysWarning, Escalates: "an error for the name of a final recap's signatory",
		Summary: "characters that no font recap can use has",
		Help:    "The PDF would print such characters as empty boxes. Install a font that has them (for Chinese, say, Debian's fonts-noto-cjk), or give a folder of fonts with --font-path. A signatory's name in a final recap cannot show an empty box."})
	ruleSchemaStale = declare(Rule{ID: "schema-stale", Level: AlwaysWarning, Summary: "the schema file the #:schema line names is missing, or not this recap's",
		Help: "Editors check notes against the file the first line names (#:schema ./recap.schema.json). After an upgrade of recap, that copy still holds the old rules, and nothing else says so. Refresh it: recap schema > recap.schema.json."})
	ruleUnprintable = declare(Rule{ID: "unprintable", Level: AlwaysWarning, Summary: "a control character or bidirectional control in a text",
		Help: "Control characters print as nothing, and bidirectional controls can make text read differently from how it is stored (the Trojan Source attack); the PDF shows each as \uFFFD."})
)

// Rules of a build, which depend on the command's flags.
var (
	// RuleESignDraft refuses e-signature tags on a draft.
	RuleESignDraft = declare(Rule{ID: "esign-draft", Stage: AtBuild, Summary: "`--esign` on a draft",
		Help: "A draft is not for signature and carries no e-signature tags: build it without --esign, or set status = \"final\" once it is agreed."})
	// RuleESignCollision refuses shared text that an e-signature service
	// would read as one of its tags.
	RuleESignCollision = declare(Rule{ID: "esign-collision", Stage: AtBuild, Summary: "shared text holds a tag of the chosen e-signature service",
		Help: "The service would turn such text into a field of its own, on a page both sides sign. Reword the text, or build without --esign."})
	// RuleRevisionOrder refuses a --since that is not an earlier revision.
	RuleRevisionOrder = declare(Rule{ID: "revision-order", Stage: AtBuild, Summary: "`--since` names no earlier revision: a later one, or the same while the shared content changed",
		Help: "--since takes an earlier revision of the same notes. When what the other side reads changes, the revision number goes up, so both sides can tell versions apart."})
	// RuleSignatureMissing refuses a final agreement whose PDF would lack
	// a signatory's signature field.
	RuleSignatureMissing = declare(Rule{ID: "signature-missing", Stage: AtBuild, Summary: "a final agreement's PDF without a signature field for each signatory",
		Help: "A final agreement is for signature: its PDF carries a signature block and field for each signatory. A template of your own must keep the default's signature section (`recap template agreement` shows it: <!-- pdf:signature NAME --> for each signatory)."})
	// RuleMailRecipient refuses a mail with no one to send it to.
	RuleMailRecipient = declare(Rule{ID: "mail-recipient", Stage: AtBuild, Summary: "`recap mail`: no one of the other side to send it to has an `email`",
		Help: "The recap's mail goes to the other side's people who have an e-mail address, signatories and negotiators first; a reminder (--nudge) to the person whose step is due. Add email = \"name@example.com\" to the person: it is shared, and the agreement prints it."})
	// RuleMailSender refuses a mail that no one of ours can send.
	RuleMailSender = declare(Rule{ID: "mail-sender", Stage: AtBuild, Summary: "`recap mail`: no one of ours to send it from has an `email`",
		Help: "The mail is from our first signatory with an e-mail address (--from ID to choose another of our people). Add email = \"name@example.com\" to them."})
	// RuleMailAddress refuses an e-mail address a mail cannot carry.
	RuleMailAddress = declare(Rule{ID: "mail-address", Stage: AtBuild, Summary: "`recap mail`: an `email` that is not an e-mail address",
		Help: "A mail program could not send to it. Write the address alone, as name@example.com: no name, no angle brackets, no spaces."})
	// RuleOutputSize refuses a document over 64 MiB of Markdown.
	RuleOutputSize = declare(Rule{ID: "output-size", Stage: AtBuild, Summary: "the template would write more than 64 MiB of Markdown",
		Help: "A template that repeats a long text for every action can make a document no one could read or sign; recap stops at 64 MiB."})
)

// RulesMarkdown writes the rules as docs/rules.md has them: a table of
// all, then each rule's help under a heading of its id (SARIF's helpUri
// points there).
func RulesMarkdown() []byte {
	var b strings.Builder
	b.WriteString(`# Rule ids

<!-- Made by "recap rules --format markdown" from schema/registry.go; edit there. -->

Each diagnostic carries a stable rule id (` + "`rule`" + ` in ` + "`recap check --format json`" + `, ` + "`ruleId`" + ` in SARIF).
` + "`recap rules`" + ` prints this list, and ` + "`recap rules --format json`" + ` the same for editors
and scripts. A warning weighed and accepted is listed in ` + "`accept`" + ` on the entry
that gives it (the column *accept*); an error cannot be accepted.

Rules marked *build* apply when a document is built, since they depend on the
command's flags; the others whenever notes are read.

| rule | severity | accept | what |
|---|---|---|---|
`)
	for _, r := range registry {
		sev := r.Level.String()
		if r.Escalates != "" {
			sev += "; " + r.Escalates + ": error"
		}
		if r.Stage == AtBuild {
			sev += " (build)"
		}
		acc := "no"
		if r.Acceptable() {
			acc = "yes"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, sev, acc, mdCell(r.Summary))
	}
	for _, r := range registry {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", r.ID, r.Help)
	}
	b.WriteString(`
Every rule applied at check has a case under ` + "`schema/testdata/check/`" + ` that gives
it (` + "`TestRulesCovered`" + `), and every rule applied at build one in
` + "`render.TestBuildRules`" + `.
`)
	return []byte(b.String())
}

// mdCell escapes the one character a table cell cannot hold.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
