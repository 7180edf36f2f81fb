package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/render"
)

var verifyCommand = command{
	name:    "verify",
	args:    "[--template FILE] [--font-path DIR]... [--no-system-fonts] DOCUMENT.pdf [NOTES.toml]",
	summary: "check that a PDF is exactly what recap made from its notes",
	help: `
Verify checks that DOCUMENT.pdf, an agreement or a brief, is byte for byte
the PDF this version of recap makes from the notes embedded in it, by
rebuilding it and comparing. With NOTES.toml it also checks that the PDF
was made from these notes: for a brief, that NOTES.toml is the file it
embeds; for an agreement, that the shared part of NOTES.toml is the shared
notes it embeds, so a private edit since still verifies. It prints one
line: "verified" and what, or why not: the PDF was altered or rewritten by
another tool, the notes differ, there are no embedded notes, or another
recap version or template made it (give that template with --template).

A signed PDF verifies too: signing tools (mutool sign, pdfsig -sign, a PDF
reader) append a revision per signature after recap's bytes. Verify checks
recap's bytes as above, then that each later revision only fills one of
the agreement's signature fields; it names the fields signed, and refuses
a revision that changes anything else ("altered after signing: revision N
..."). It does not check who signed or their certificates: pdfsig or a PDF
reader does that.

What this proves, and what it does not: see "Trust" in the README. It is
not a cryptographic signature of a person.

Exit status: 0 when verified, 1 when not, 2 for usage or file errors.`,
	new: func() runner { return new(verifyCmd) },
}

// maxPDF bounds the PDF verify reads: about three times the largest
// recap recap makes (its Markdown stops at 64 MiB, which makes a PDF of
// about 90 MB).
const maxPDF = 256 << 20

// readPDF reads the PDF to verify, refusing at once, unread, one larger
// than maxPDF.
func readPDF(name string) ([]byte, error) {
	f, fi, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > maxPDF {
		return nil, &exitError{code: exitInvalid, msg: fmt.Sprintf("%s: not verified: it is %d MiB, and no recap is larger than %d MiB", name, fi.Size()>>20, maxPDF>>20)}
	}
	return io.ReadAll(io.LimitReader(f, maxPDF+1))
}

type verifyCmd struct {
	template string
	fonts    fontFlags
}

func (c *verifyCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.template, "template", "", "the template `FILE` the PDF was built with, if not the default")
	c.fonts.register(fs)
}

func (c *verifyCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return usageErrorf("verify: give a PDF, and optionally the notes file")
	}
	if strings.HasSuffix(args[0], ".toml") {
		return usageErrorf("verify: %s is a notes file; give the PDF first, then the notes: recap verify DOCUMENT.pdf %s", args[0], args[0])
	}
	file, err := readPDF(args[0])
	if err != nil {
		return err
	}
	opt := render.VerifyOptions{Version: version(), Defaults: map[render.Document]*template.Template{}, Fonts: c.fonts.set()}
	for doc := range defaultTemplates {
		if opt.Defaults[doc], _, err = loadTemplate(doc, ""); err != nil {
			return err
		}
	}
	if c.template != "" {
		if opt.Template, opt.TemplateHash, err = loadTemplate(render.Agreement, c.template); err != nil {
			return err
		}
	}
	if len(args) == 2 {
		if opt.Notes, err = readNotes(args[1]); err != nil {
			return err
		}
		opt.NotesName = args[1]
	}
	v, err := render.Verify(file, opt)
	if errors.Is(err, render.ErrNotVerified) {
		return &exitError{code: exitInvalid, msg: fmt.Sprintf("%s: %v", args[0], err)}
	}
	if err != nil {
		return err
	}
	what := "the embedded " + v.Name
	if len(args) == 2 {
		what = args[1]
		if v.Document == render.Agreement {
			what += " (its shared notes)"
		}
	}
	signed := ""
	if n := len(v.Signatures); n > 0 {
		var fields []string
		for _, s := range v.Signatures {
			fields = append(fields, fmt.Sprintf("%q by %q", s.Field, s.Signer))
		}
		what := "signature, each of the bytes before it: field"
		if n > 1 {
			what = "signatures, each of the bytes before it: fields"
		}
		signed = fmt.Sprintf("; then %d %s %s, and nothing else changed (whether to trust the signers' certificates is for pdfsig or a PDF reader to say)", n, what, strings.Join(fields, ", "))
	}
	by := "recap " + v.MadeBy
	if v.MadeBy != version() {
		by += ", rebuilt to the same bytes by recap " + version()
	}
	if v.Since != "" {
		signed += "; since then, " + args[1] + " records: " + v.Since
	}
	line := fmt.Sprintf("%s: verified: the %s made by %s from %s (SHA-256 %s)%s", args[0], v.Document, by, what, v.Fingerprint[:16]+"…", signed)
	_, err = fmt.Fprintln(e.stdout, term.Safe(line))
	return err
}
