package lsp

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/creachadair/jrpc2"
	"github.com/creachadair/jrpc2/channel"
	"github.com/recaptool/recap/schema"
)

// pipeClient serves a client over pipes, in this process.
func pipeClient(t testing.TB, diags chan<- PublishDiagnosticsParams) (*jrpc2.Client, chan error) {
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Serve(context.Background(), sr, sw, Options{Check: func(name string, src []byte) schema.List {
			_, d := schema.Load(name, src)
			return d
		}})
	}()
	c := jrpc2.NewClient(channel.LSP(cr, cw), &jrpc2.ClientOptions{OnNotify: func(req *jrpc2.Request) {
		var p PublishDiagnosticsParams
		if req.UnmarshalParams(&p) == nil {
			diags <- p
		}
	}})
	return c, done
}

func TestServeOpen(t *testing.T) {
	diags := make(chan PublishDiagnosticsParams, 10)
	c, _ := pipeClient(t, diags)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var init InitializeResult
	if err := c.CallResult(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, &init); err != nil {
		t.Fatal(err)
	}
	if err := c.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///x.toml", "version": 1, "text": "title = 1\n"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-diags:
		t.Logf("%+v", p)
	case <-ctx.Done():
		t.Fatal("no diagnostics")
	}
}
