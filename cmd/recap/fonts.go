package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/recaptool/recap/render/pdf"
)

// fontFlags say where the PDF finds fonts for what recap's own fonts lack:
// folders given with --font-path, then those of RECAP_FONT_PATH, then the
// system's (fontconfig's folders, and the usual ones), unless
// --no-system-fonts.
type fontFlags struct {
	paths    []string
	noSystem bool
}

func (f *fontFlags) register(fs *flag.FlagSet) {
	fs.Func("font-path", "also find fonts in `DIR`, before the system's (repeatable; RECAP_FONT_PATH lists more, separated by "+string(os.PathListSeparator)+")", func(s string) error {
		f.paths = append(f.paths, s)
		return nil
	})
	fs.BoolVar(&f.noSystem, "no-system-fonts", false, "use none of the system's fonts: only recap's own and those of --font-path and RECAP_FONT_PATH")
}

// set returns the fonts to use. The folders are only listed, and looked
// into, when a character needs them: most notes never do.
func (f *fontFlags) set() *pdf.FontSet {
	return pdf.LazyFontSet(func() []pdf.FontDir {
		dirs := append([]string(nil), f.paths...)
		for _, d := range filepath.SplitList(os.Getenv("RECAP_FONT_PATH")) {
			if strings.TrimSpace(d) != "" {
				dirs = append(dirs, d)
			}
		}
		if !f.noSystem {
			dirs = append(dirs, systemFontDirs()...)
		}
		var out []pdf.FontDir
		for _, d := range dedupDirs(dirs) {
			if info, err := os.Stat(d); err == nil && info.IsDir() {
				out = append(out, pdf.FontDir{Name: d, FS: os.DirFS(d)})
			}
		}
		return out
	})
}

// systemFontDirs are where a Unix system keeps fonts: the folders
// fontconfig's configuration names (<dir>, in fonts.conf and conf.d), and
// the usual ones.
func systemFontDirs() []string {
	home, _ := os.UserHomeDir()
	data := os.Getenv("XDG_DATA_HOME")
	if data == "" && home != "" {
		data = filepath.Join(home, ".local", "share")
	}
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if data != "" {
		dirs = append(dirs, filepath.Join(data, "fonts"))
	}
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".fonts"))
	}
	confs := []string{"/etc/fonts/fonts.conf"}
	more, _ := filepath.Glob("/etc/fonts/conf.d/*.conf")
	for _, conf := range append(confs, more...) {
		b, err := os.ReadFile(conf)
		if err != nil {
			continue
		}
		for _, m := range fcDir.FindAllSubmatch(b, -1) {
			d := strings.TrimSpace(string(m[2]))
			switch {
			case strings.Contains(string(m[1]), `prefix="xdg"`) && data != "":
				d = filepath.Join(data, d)
			case strings.HasPrefix(d, "~/") && home != "":
				d = filepath.Join(home, d[2:])
			}
			if filepath.IsAbs(d) {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}

var fcDir = regexp.MustCompile(`<dir([^>]*)>([^<]+)</dir>`)

// dedupDirs drops folders given twice, and those inside one given before:
// their fonts would be read twice.
func dedupDirs(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		inside := false
		for _, o := range out {
			if rel, err := filepath.Rel(o, abs); err == nil && !strings.HasPrefix(rel, "..") {
				inside = true
			}
		}
		if !inside {
			out = append(out, abs)
		}
	}
	return out
}
