package main

import (
	"context"

	"bytes"
	"flag"
	"fmt"
	"github.com/BurntSushi/toml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/recaptool/recap/internal/gen"
	"github.com/recaptool/recap/render"
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
			s.rebuild(path, false) // warm up, as the first build of a watch does
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				s.rebuild(path, false)
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "ms-worst")
		})
	}
}

// BenchmarkWatchSave measures what a user waits for in recap watch: from
// the save of a notes file of 10 actions to the line that says its four
// outputs are written, through the real binary, the save made as editors
// make it (in place, as VS Code and nano do; a temporary file renamed over
// the notes, as vim does). Saves are a quarter of a second apart, as a
// person's are at the least. It reports the median, the 90th percentile
// and the worst; ns/op counts the pause between saves too.
func BenchmarkWatchSave(b *testing.B) {
	notes := gen.Notes(gen.Options{Actions: 10, Items: 1})
	saves := []struct {
		name string
		save func(path string, data []byte) error
	}{
		{"in-place", func(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }},
		{"rename", func(path string, data []byte) error {
			if err := os.WriteFile(path+".swp", data, 0o644); err != nil {
				return err
			}
			return os.Rename(path+".swp", path)
		}},
	}
	for _, s := range saves {
		b.Run(s.name, func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "notes.toml")
			if err := os.WriteFile(path, notes, 0o644); err != nil {
				b.Fatal(err)
			}
			p := startRecap(b, dir, "watch", "notes.toml")
			p.expect(built)
			var times []time.Duration
			for i := 0; b.Loop(); i++ {
				time.Sleep(250 * time.Millisecond)
				data := bytes.Replace(notes, []byte("Benchmark deal"), fmt.Appendf(nil, "Save %d", i), 1)
				start := time.Now()
				if err := s.save(path, data); err != nil {
					b.Fatal(err)
				}
				p.expect(built)
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(times[len(times)/2]), "ms-median")
			b.ReportMetric(ms(times[len(times)*9/10]), "ms-p90")
			b.ReportMetric(ms(times[len(times)-1]), "ms-worst")
			p.interrupt()
		})
	}
}

// BenchmarkStatusDeals measures recap status over a folder of 1,000 deal
// files of 10 actions each, signed, with values and limits, against a Go
// program that only reads the same files and decodes them with
// BurntSushi/toml (the floor of any reader of TOML). It reports both and
// their ratio; the target is within 2.0x.
func BenchmarkStatusDeals(b *testing.B) {
	dir := b.TempDir()
	var files []string
	for i := range 1000 {
		src := gen.Notes(gen.Options{Actions: 10, Items: 1, Method: true})
		src = bytes.Replace(src, []byte(`title = "Benchmark deal"`), fmt.Appendf(nil, "title = \"Deal %d\"\nsigned = 2026-11-25", i), 1)
		name := filepath.Join(dir, fmt.Sprintf("deal-%04d.toml", i))
		if err := os.WriteFile(name, src, 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, name)
	}
	decode := func() {
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				b.Fatal(err)
			}
			var v map[string]any
			if err := toml.Unmarshal(src, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
	status := func() {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"status", "--as-of", "2027-01-13", dir}, nil, &out, io.Discard); err != nil {
			b.Fatal(err)
		}
		if !bytes.HasPrefix(out.Bytes(), []byte("Status of 1000 deals")) {
			b.Fatalf("%.200s", out.Bytes())
		}
	}
	decode() // warm the file cache, and the font set's first use
	status()
	var tDecode, tStatus time.Duration
	for b.Loop() {
		start := time.Now()
		decode()
		tDecode += time.Since(start)
		start = time.Now()
		status()
		tStatus += time.Since(start)
	}
	b.ReportMetric(float64(tDecode.Milliseconds())/float64(b.N), "ms-decode")
	b.ReportMetric(float64(tStatus.Milliseconds())/float64(b.N), "ms-status")
	b.ReportMetric(float64(tStatus)/float64(tDecode), "x-decode")
}
