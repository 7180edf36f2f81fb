package lsp

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/recaptool/recap/internal/gen"
)

// BenchmarkDiagnostics measures what an editor waits for after an edit:
// from sending the whole new text (didChange) to receiving its
// diagnostics, at 10 and 1,000 actions. Compare with `recap check` as a
// command on the same file (the closing notes of issue 29).
func BenchmarkDiagnostics(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			src := string(gen.Notes(gen.Options{Actions: n, Items: max(n/10, 1)}))
			diags := make(chan PublishDiagnosticsParams, 4)
			c, _ := pipeClient(b, diags)
			ctx := context.Background()
			if err := c.CallResult(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, new(InitializeResult)); err != nil {
				b.Fatal(err)
			}
			version := 0
			send := func(method string) {
				version++
				doc := map[string]any{"uri": "file:///bench.toml", "version": version}
				params := map[string]any{"textDocument": doc, "contentChanges": []map[string]any{{"text": src + fmt.Sprintf("# edit %d\n", version)}}}
				if method == "textDocument/didOpen" {
					doc["text"], doc["languageId"] = src, "toml"
					params = map[string]any{"textDocument": doc}
				}
				if err := c.Notify(ctx, method, params); err != nil {
					b.Fatal(err)
				}
				for p := range diags {
					if p.Version == version {
						return
					}
				}
			}
			send("textDocument/didOpen")
			for b.Loop() {
				send("textDocument/didChange")
			}
			_ = time.Second
		})
	}
}
