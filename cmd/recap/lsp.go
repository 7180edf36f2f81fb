package main

import (
	"context"
	"errors"
	"flag"
	"io"

	"github.com/recaptool/recap/lsp"
	"github.com/recaptool/recap/schema"
)

var lspCommand = command{
	name:    "lsp",
	args:    "[--font-path DIR]... [--no-system-fonts]",
	summary: "serve editors the Language Server Protocol on standard input and output",
	help: `
Lsp is a language server for notes files: an editor starts it and speaks
the Language Server Protocol with it on standard input and output. It
checks the notes as they are typed, with the same checker as 'recap check'
(errors, warnings, accepted warnings as hints, each with its rule as its
code); goes to where an id is given and finds where it is used (owner, if,
for, confirmed_by, reports_to, acts_for, item, with); completes keys with
their descriptions, ids where an id goes, enum values and bare TOML dates;
describes a key, or who or what an id names, on hover; renames an id
throughout the file; and offers each "did you mean" as a quick fix. The
README says how to set it up in VS Code, Neovim, Helix and Zed.

Exit status: 0 after the client's shutdown and exit, 1 for an exit
without shutdown (as the protocol asks), 2 for arguments.`,
	new: func() runner { return new(lspCmd) },
}

type lspCmd struct {
	fonts fontFlags
}

func (c *lspCmd) flags(fs *flag.FlagSet) { c.fonts.register(fs) }

func (c *lspCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("lsp takes no arguments: an editor starts it and speaks on standard input and output")
	}
	if e.stdin == nil {
		return usageErrorf("lsp: no standard input")
	}
	e.fonts = c.fonts.set()
	err := lsp.Serve(ctx, e.stdin, nopCloser{e.stdout}, lsp.Options{
		Check: func(name string, src []byte) schema.List {
			_, diags := e.loadNotes(name, src)
			diags.Sort()
			return diags
		},
		Version: version(),
	})
	if errors.Is(err, lsp.ErrNoShutdown) {
		return &exitError{code: exitInvalid}
	}
	return err
}

// nopCloser is standard output, which the server must not close.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
