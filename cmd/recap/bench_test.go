package main

import (
	"flag"
	"github.com/recaptool/recap/render"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkRebuild measures a watch rebuild of each example after a save,
// from reading the notes to the outputs written, with what a running watch
// keeps warm (template, glyph widths). It reports the median and the worst.
func BenchmarkRebuild(b *testing.B) {
	for _, name := range []string{"supply", "three-party", "draft"} {
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			notes, err := os.ReadFile("../../examples/" + name + ".toml")
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(dir, name+".toml")
			if err := os.WriteFile(path, notes, 0o644); err != nil {
				b.Fatal(err)
			}
			w := &watchCmd{buildCmd: buildCmd{doc: render.Agreement}}
			w.flags(flag.NewFlagSet("watch", flag.ContinueOnError)) // the defaults
			opt, err := w.options(&env{stdout: io.Discard, stderr: io.Discard}, render.Agreement, "")
			if err != nil {
				b.Fatal(err)
			}
			s, err := newSession(&env{stdout: io.Discard, stderr: io.Discard}, &w.buildCmd, opt, []string{path})
			if err != nil {
				b.Fatal(err)
			}
			defer s.fsw.Close()
			s.rebuild(path) // warm up, as the first build of a watch does
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				s.rebuild(path)
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-worst")
		})
	}
}
