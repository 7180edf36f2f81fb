package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/templates"
)

var mailCommand = command{
	name:    "mail",
	args:    "[-o DIR] [--as-of DATE] [--from ID] [--template FILE] [--nudge [--within 3d]] [--paper a4|letter] [--esign docusign|adobe|dropbox] [--since OLD.toml] [--remind 2d] [--font-path DIR]... [--no-system-fonts] NOTES.toml...",
	summary: "write the recap's mail to the other side, or reminders of their steps due",
	help: `
Mail checks each notes file like 'recap check' and, if it has no errors,
writes DIR/NAME.eml: a message that a mail program (Thunderbird, Apple Mail,
Outlook) opens as a draft to send. Nothing is sent. It is to the other
side's people with an e-mail address (those who sign or negotiate first),
from our first signatory with one (--from ID for another of ours), and says
what was agreed, what we need from them (each of their steps with its date
and what it unlocks), what we will do, what is still open and how to check
the attachment. Attached: the agreement's PDF and, for a final recap, its
calendar, byte for byte what 'recap build' writes with the same notes and
flags (--paper, --esign, --since, --remind pass through). A draft's mail
says it is a draft for review and attaches the draft.

--nudge writes instead a reminder to each person of the other side with a
step due within 3 days (--within 5d for another span) or overdue as of
--as-of, DIR/NAME.nudge.ID.eml, each naming the step, its date or
lateness and what it unlocks. Our steps held back are never named. With
nothing due it writes nothing.

Mails are drawn from the shared notes, as the agreement is: nothing private
is in any message. --as-of (default today) is the message's date; the same
notes, flags and --as-of give the same bytes. --template FILE gives the
body's template ('recap template mail', 'recap template nudge').

Exit status: 0 when every mail was written (or nothing was due), 1 when a
file has errors or an address is missing or wrong (the error names the
key to add), 2 for usage errors or files that cannot be read or written.`,
	new: func() runner { return new(mailCmd) },
}

type mailCmd struct {
	build    buildCmd // the agreement's options: paper, e-signature tags, since, reminders, fonts
	template string
	asOf     string
	from     string
	nudge    bool
	within   string
}

func (c *mailCmd) flags(fs *flag.FlagSet) {
	b := &c.build
	b.doc, b.paper, b.diagnostics = render.Agreement, pdf.A4, "text"
	fs.StringVar(&b.outDir, "o", "", "write the messages to `DIR` (default: next to each notes file)")
	fs.StringVar(&c.template, "template", "", "use the mail's template in `FILE` (see 'recap template mail' and 'recap template nudge')")
	fs.StringVar(&c.asOf, "as-of", "", "date the messages, and remind of what is due, as of `DATE` (YYYY-MM-DD; default today)")
	fs.StringVar(&c.from, "from", "", "send from our person `ID` (default: our first signatory with an email)")
	fs.BoolVar(&c.nudge, "nudge", false, "write reminders of the other side's steps due or overdue, one per person")
	fs.StringVar(&c.within, "within", "", "with --nudge, remind of steps due within `DAYS` (3d by default; or weeks, 1w)")
	b.documentFlags(fs) // of the agreement attached
}

func (c *mailCmd) run(ctx context.Context, e *env, files []string) error {
	if len(files) == 0 {
		return usageErrorf("mail: no notes files given")
	}
	if c.within != "" && !c.nudge {
		return usageErrorf("mail: --within says which steps a reminder is for: add --nudge")
	}
	mo := render.MailOptions{From: c.from, AsOf: schema.DateOf(time.Now())}
	if c.asOf != "" {
		d, err := schema.ParseDate(c.asOf)
		if err != nil {
			return usageErrorf("mail: --as-of: %v", err)
		}
		mo.AsOf = d
	}
	if c.within != "" {
		n, err := daysOf(c.within, 0)
		if err != nil {
			return usageErrorf("mail: --within %q: %v", c.within, err)
		}
		mo.Within = max(n, 0)
		if n == 0 {
			mo.Within = -1 // due today or overdue only
		}
	}
	var err error
	if mo.Template, err = loadMailTemplate(c.nudge, c.template); err != nil {
		return err
	}
	opt, err := c.build.options(e, render.Agreement, "")
	if err != nil {
		return err
	}
	if opt.Remind, err = reminder(c.build.remind); err != nil {
		return usageErrorf("mail: --remind %q: %v", c.build.remind, err)
	}
	if c.build.outDir == "-" {
		return usageErrorf("mail: -o takes a folder: a mail is a file of its own, NAME.eml")
	}
	if err := checkOutputNames(files, c.build.outDir); err != nil {
		return err
	}
	if c.build.outDir != "" {
		if err := os.MkdirAll(c.build.outDir, 0o755); err != nil {
			return err
		}
	}
	opt.Context = ctx
	w := new(outputs)
	var results []buildResult
	for _, name := range files {
		if ctx.Err() != nil {
			return interrupted(w.written)
		}
		results = append(results, c.mailFile(ctx, e, w, name, opt, mo))
	}
	return report(e, results, "text")
}

// mailFile writes the mail, or the reminders, of one notes file.
func (c *mailCmd) mailFile(ctx context.Context, e *env, w *outputs, name string, opt render.Options, mo render.MailOptions) buildResult {
	in, res, ok := e.readChecked(name)
	if !ok {
		return res
	}
	var err error
	mo.Name = strings.TrimSuffix(filepath.Base(name), ".toml")
	var msgs []render.Message
	if c.nudge {
		msgs, err = render.BuildNudges(in, opt, mo)
		if errors.Is(err, render.ErrDraft) {
			// Chasing every deal of a folder passes over its drafts.
			fmt.Fprintf(e.stderr, "recap: %s: %v\n", term.Safe(name), err)
			return res
		}
	} else {
		var data []byte
		if data, err = render.BuildMail(in, opt, mo); err == nil {
			msgs = []render.Message{{Data: data}}
		}
	}
	if res.failed(name, err) && res.err != nil {
		return res // reminders come with diagnostics: those written, of people with an address
	}
	outs := make([]render.Output, len(msgs))
	formats := make(render.Formats, len(msgs))
	seen := map[string]bool{}
	for i, m := range msgs {
		formats[i] = "eml"
		if m.To != "" {
			formats[i] = render.Format("nudge." + fileWord(m.To, seen) + ".eml")
		}
		outs[i] = render.Output{Format: formats[i], Data: m.Data}
	}
	if len(outs) > 0 {
		written, err := w.write(ctx, name, c.build.outDir, render.Agreement, outs, formats)
		res.written = written
		if err != nil {
			res.err = err
		}
	}
	return res
}

// fileWord makes a person's id a word of a file name: letters, digits,
// '-', '_' and '.' as they are, anything else '-'; a second id that
// comes to the same word gets a number.
func fileWord(id string, seen map[string]bool) string {
	w := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '-'
	}, id)
	w = strings.Trim(w, ".")
	if w == "" {
		w = "person"
	}
	word := w
	for i := 2; seen[word]; i++ {
		word = fmt.Sprintf("%s-%d", w, i)
	}
	seen[word] = true
	return word
}

// loadMailTemplate parses the template file, or the default of the mail
// or of a reminder.
func loadMailTemplate(nudge bool, file string) (*template.Template, error) {
	if file == "" {
		if nudge {
			return render.ParseTemplate("nudge.md.tmpl", templates.Nudge)
		}
		return render.ParseTemplate("mail.md.tmpl", templates.Mail)
	}
	t, _, err := loadTemplate(render.Agreement, file)
	return t, err
}
