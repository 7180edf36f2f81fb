package pdf

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/recaptool/recap/internal/shape"
)

// FontSet is where a document finds a font for what neither the Go fonts
// nor the Noto fonts recap embeds cover (Chinese, Japanese and Korean,
// most often): font folders, searched in order. Their files are looked at
// once, when a character first needs them, and only their directories,
// names and character maps are read then; the font chosen is read whole.
// A FontSet is safe for concurrent use, and meant to last the process.
type FontSet struct {
	list func() []FontDir
	dirs []FontDir

	scan    sync.Once
	faces   []*setFace
	skipped []string        // font files that could not be read, with why
	broken  map[string]bool // font files whose font crashed the shaper
	mu      sync.Mutex
	loaded  map[string][]byte // font files read whole, by name
}

// FontDir is one folder of fonts, such as os.DirFS("/usr/share/fonts").
type FontDir struct {
	Name string // for messages and the PDF's metadata: "/usr/share/fonts"
	FS   fs.FS
}

// NewFontSet returns the fonts of the folders, searched in order.
func NewFontSet(dirs ...FontDir) *FontSet {
	return LazyFontSet(func() []FontDir { return dirs })
}

// LazyFontSet is NewFontSet for folders that are costly to list (a
// system's: its configuration must be read): list is called once, when a
// character first needs a font of the set.
func LazyFontSet(list func() []FontDir) *FontSet {
	return &FontSet{list: list, loaded: map[string][]byte{}}
}

// setFace is one face of a font file of the set.
type setFace struct {
	dir   int
	file  string // in its folder
	index int    // in the file, for collections
	info  *shape.Font
	once  sync.Once
	face  *face
}

// maxFontFile bounds what a font folder may make recap read.
const maxFontFile = 64 << 20

// fontExt are the names of font files.
var fontExt = []string{".ttf", ".otf", ".ttc", ".otc"}

func (s *FontSet) scanAll() {
	s.scan.Do(func() {
		s.dirs = s.list()
		for i, d := range s.dirs {
			_ = fs.WalkDir(d.FS, ".", func(p string, e fs.DirEntry, err error) error {
				if err != nil {
					return nil // an unreadable folder is skipped, as fontconfig skips it
				}
				if e.IsDir() || !slices.Contains(fontExt, strings.ToLower(path.Ext(p))) {
					return nil
				}
				faces, err := scanFile(d.FS, i, p)
				if err != nil {
					s.mu.Lock()
					s.skipped = append(s.skipped, path.Join(d.Name, p)+": "+err.Error())
					s.mu.Unlock()
				}
				s.faces = append(s.faces, faces...)
				return nil
			})
		}
	})
}

// scanFile reads the faces a font file holds, without reading it whole
// where the file can be read at an offset.
// scanFile reads the directory of a font file, and the error of one that
// cannot be read (an unreadable file is passed over: fontconfig does so
// too).
func scanFile(fsys fs.FS, dir int, name string) ([]*setFace, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return nil, nil
	case info.Size() > maxFontFile:
		return nil, fmt.Errorf("larger than %d MiB", maxFontFile>>20)
	}
	src, ok := f.(shape.Source)
	if !ok {
		data, err := io.ReadAll(io.LimitReader(f, maxFontFile))
		if err != nil {
			return nil, nil
		}
		src = bytes.NewReader(data)
	}
	fonts, err := shape.Parse(src)
	if err != nil {
		return nil, err
	}
	var out []*setFace
	for i, sf := range fonts {
		if sf.Outlines != "" { // a bitmap font cannot be drawn in a PDF here
			out = append(out, &setFace{dir: dir, file: name, index: i, info: sf})
		}
	}
	return out, nil
}

// Skipped lists the font files of the set that could not be read, each
// with why: "/usr/share/fonts/x.ttf: …". It is empty until a character
// first needs the set's fonts.
func (s *FontSet) Skipped() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.skipped)
}

// broke records that the font of file crashed the shaper: the set skips
// its file from then on, and Skipped says why. The embedded fonts are no
// set's: for them (s nil, or not the set's file) it does nothing.
func (s *FontSet) broke(file string, err error) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken[file] {
		return
	}
	if s.broken == nil {
		s.broken = map[string]bool{}
	}
	s.broken[file] = true
	s.skipped = append(s.skipped, file+": "+err.Error())
}

func (s *FontSet) isBroken(f *setFace) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.broken[path.Join(s.dirs[f.dir].Name, f.file)]
}

// covered reports whether a face of the set has r.
func (s *FontSet) covered(r rune) bool {
	s.scanAll()
	for _, f := range s.faces {
		if _, ok := f.info.Glyph(r); ok {
			return true
		}
	}
	return false
}

// find returns the face of the set that best draws text in style st and
// language lang: it must cover the whole text; of those, one whose weight
// and slant are the style's and whose family is meant for the language
// (Noto Sans CJK JP for Japanese, say) is better; the first of equals wins.
func (s *FontSet) find(text []rune, st style, lang string) *face {
	s.scanAll()
	var best *setFace
	bestScore := -1
	for _, f := range s.faces {
		if !f.info.Covers(text) || s.isBroken(f) {
			continue
		}
		if score := f.score(st, lang); score > bestScore {
			best, bestScore = f, score
		}
	}
	if best == nil {
		return nil
	}
	return s.load(best)
}

func (f *setFace) score(st style, lang string) int {
	score := 0
	if f.info.Bold == (st&bold != 0) {
		score += 4
	}
	if f.info.Italic == (st&italic != 0) {
		score += 2
	}
	if strings.Contains(f.info.Family, "Mono") == (st&mono != 0) {
		score++
	}
	if region := cjkRegion(lang); region != "" && strings.HasSuffix(strings.ToUpper(f.info.Family), " "+region) {
		score += 8
	}
	return score
}

// cjkRegion gives the region suffix of CJK font families for a language:
// Japanese, Korean, simplified or traditional Chinese glyph forms.
func cjkRegion(lang string) string {
	l := strings.ToLower(lang)
	switch {
	case l == "ja" || strings.HasPrefix(l, "ja-"):
		return "JP"
	case l == "ko" || strings.HasPrefix(l, "ko-"):
		return "KR"
	case strings.HasPrefix(l, "zh-hk") || strings.HasPrefix(l, "zh-hant-hk") || strings.HasPrefix(l, "zh-mo"):
		return "HK"
	case strings.HasPrefix(l, "zh-hant") || strings.HasPrefix(l, "zh-tw"):
		return "TC"
	case l == "zh" || strings.HasPrefix(l, "zh-"):
		return "SC"
	}
	return ""
}

// load reads the face's file whole, once, and makes the face.
func (s *FontSet) load(f *setFace) *face {
	f.once.Do(func() {
		d := s.dirs[f.dir]
		key := d.Name + "\x00" + f.file
		s.mu.Lock()
		data, ok := s.loaded[key]
		s.mu.Unlock()
		if !ok {
			var err error
			if data, err = fs.ReadFile(d.FS, f.file); err != nil || len(data) > maxFontFile {
				return
			}
			s.mu.Lock()
			s.loaded[key] = data
			s.mu.Unlock()
		}
		face, err := newFace(data, f.index, path.Join(d.Name, f.file))
		if err == nil && face.sf.Open() == nil {
			f.face = face
		}
	})
	return f.face
}
