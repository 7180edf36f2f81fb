package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/creachadair/jrpc2"
	"github.com/creachadair/jrpc2/channel"
	"github.com/recaptool/recap/internal/gen"
	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/lsp"
)

// buildRecap builds the recap binary once for benchmarks that time it as
// users run it.
func buildRecap(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "recap")
	if out, err := exec.Command(needs.Tool(b, "go"), "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkLSPEdit is what an editor waits for after an edit, through the
// real `recap lsp`: from sending the new text to receiving its
// diagnostics. BenchmarkCheckCommand is `recap check` as a command on the
// same file, process start included: the edit must take less.
func BenchmarkLSPEdit(b *testing.B) {
	bin := buildRecap(b)
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			src := string(gen.Notes(gen.Options{Actions: n, Items: max(n/10, 1)}))
			cmd := exec.Command(bin, "lsp", "--no-system-fonts")
			in, _ := cmd.StdinPipe()
			out, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			defer func() { cmd.Process.Kill(); cmd.Wait() }()
			diags := make(chan int, 4)
			c := jrpc2.NewClient(channel.LSP(out, in), &jrpc2.ClientOptions{OnNotify: func(req *jrpc2.Request) {
				var p lsp.PublishDiagnosticsParams
				if req.UnmarshalParams(&p) == nil {
					diags <- p.Version
				}
			}})
			defer c.Close()
			ctx := context.Background()
			if err := c.CallResult(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, new(lsp.InitializeResult)); err != nil {
				b.Fatal(err)
			}
			version := 1
			doc := map[string]any{"uri": "file:///bench.toml", "version": version, "text": src, "languageId": "toml"}
			c.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": doc})
			for v := range diags {
				if v == version {
					break
				}
			}
			for b.Loop() {
				version++
				c.Notify(ctx, "textDocument/didChange", map[string]any{
					"textDocument":   map[string]any{"uri": "file:///bench.toml", "version": version},
					"contentChanges": []map[string]any{{"text": src + fmt.Sprintf("# edit %d\n", version)}},
				})
				for v := range diags {
					if v == version {
						break
					}
				}
			}
		})
	}
}

func BenchmarkCheckCommand(b *testing.B) {
	bin := buildRecap(b)
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "bench.toml")
			if err := os.WriteFile(file, gen.Notes(gen.Options{Actions: n, Items: max(n/10, 1)}), 0o644); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if out, err := exec.Command(bin, "check", "--no-system-fonts", file).CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}
