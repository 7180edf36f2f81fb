// Command recap checks negotiation notes written in TOML and turns them into
// the documents of a deal: the agreement both sides sign (Markdown, and a
// PDF ready for signature) and the brief our side keeps.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// gcPercent is the garbage collector's GOGC unless the environment sets
// one: a recap builds in milliseconds and exits, and at Go's default of 100
// a short build spends a sixth of its time in collections that free
// nothing it would need again. Peak memory grows by about a fifth.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}
