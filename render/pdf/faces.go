package pdf

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/recaptool/recap/internal/shape"
)

// A face is a font a document can draw with: a Go font, one of the Noto
// fonts recap embeds, or one found in a FontSet.
type face struct {
	name string   // PostScript name, as the PDF names it
	tt   *ttFont  // a Go font's, for its character map
	emb  embedded // what a subset is made of: a TrueType font, or the outlines of another

	sf     *shape.Font // for coverage, shaping and outlines
	goFace bool        // one of the Go fonts: text it covers simply is drawn rune by rune
	bold   bool
	italic bool
	hash   string // hex SHA-256 of the font file, for the metadata; "" for the Go fonts
	file   string // where it came from, for the metadata
}

// covers reports whether the face has a glyph for every rune.
func (f *face) covers(text []rune) bool {
	if f.goFace && f.tt != nil {
		for _, r := range text {
			if f.tt.glyph(r) == 0 && !shape.Invisible(r) {
				return false
			}
		}
		return true
	}
	return f.sf.Covers(text)
}

// goFaces are the Go fonts as faces, by style: parsed by package shape
// only when text they cover needs shaping (combining marks, say).
var goFaces = func() (out [numStyles]func() *face) {
	for s := range out {
		out[s] = sync.OnceValue(func() *face {
			fs, err := shape.Parse(bytes.NewReader(faces[s].ttf))
			if err != nil {
				panic("pdf: the embedded font " + faces[s].name + ": " + err.Error())
			}
			return &face{name: faces[s].name, tt: fonts[s](), emb: fonts[s](), sf: fs[0], goFace: true, bold: style(s)&bold != 0, italic: style(s)&italic != 0}
		})
	}
	return out
}()

// The fonts recap embeds besides the Go fonts: the Noto fonts, for the
// scripts and symbols the Go fonts do not cover: Vietnamese and other
// Latin, currency signs, Arabic, Hebrew, Devanagari, Thai, and check marks
// and other symbols (fonts/OFL.txt); and Liberation Sans, for e-signature
// tags (esign.go). They are stored gzipped (gzip -9n), 1.5 MB instead of
// 3.2, and inflated when a document first needs one.
//
//go:embed fonts/*.ttf.gz
var fontFiles embed.FS

// notoFonts lists them as fallback tries them, each with the scripts it
// is tried for first ("" for characters of no script: punctuation,
// symbols), so that a run of Chinese inflates none of them and a check
// mark only Noto Sans and Noto Sans Symbols 2. A run of no script that
// those lack tries the others after. TestNotoScripts checks the lists
// against the fonts. For bold text, each bold face comes before its
// regular one.
var notoFonts = []struct {
	file    string
	scripts []string
}{
	{"NotoSans-Regular.ttf", []string{"Latn", "Grek", "Cyrl", "Bopo", ""}},
	{"NotoSans-Bold.ttf", []string{"Latn", "Grek", "Cyrl", "Bopo", ""}},
	{"NotoSansArabic-Regular.ttf", []string{"Arab"}},
	{"NotoSansArabic-Bold.ttf", []string{"Arab"}},
	{"NotoSansHebrew-Regular.ttf", []string{"Hebr"}},
	{"NotoSansHebrew-Bold.ttf", []string{"Hebr"}},
	{"NotoSansDevanagari-Regular.ttf", []string{"Deva"}},
	{"NotoSansDevanagari-Bold.ttf", []string{"Deva"}},
	{"NotoSansThai-Regular.ttf", []string{"Thai"}},
	{"NotoSansThai-Bold.ttf", []string{"Thai"}},
	{"NotoSansSymbols2-Regular.ttf", []string{"", "Brai", "Arab"}},
}

// notoFaces are the embedded Noto fonts, each inflated and parsed once,
// when text of its scripts first needs it.
var notoFaces = func() (out []func() *face) {
	for _, n := range notoFonts {
		out = append(out, sync.OnceValue(func() *face { return loadEmbedded(n.file, false) }))
	}
	return out
}()

// loadEmbedded inflates and reads one of the fonts recap embeds; with
// cmap, with its character map, to draw it rune by rune.
func loadEmbedded(name string, cmap bool) *face {
	data, err := gunzip(fontFiles, "fonts/"+name+".gz")
	if err != nil {
		panic("pdf: the embedded font " + name + ": " + err.Error())
	}
	f, err := newFace(data, 0, "embedded:"+name)
	if err == nil && cmap {
		f.tt, err = parseTTF(data)
		f.emb = f.tt
	}
	if err != nil {
		panic("pdf: the embedded font " + name + ": " + err.Error())
	}
	return f
}

// candidate is a face of a chain, loaded when text of one of its scripts
// is tried on it; scripts nil means any.
type candidate struct {
	scripts []string
	get     func() *face
}

// firstCovering returns the first face of the chain that covers text:
// of those tried for its script, and for text of no script, then of the
// others.
func firstCovering(chain []candidate, text []rune) *face {
	script := runScript(text)
	for pass := range 2 {
		for _, c := range chain {
			if listed := c.scripts == nil || slices.Contains(c.scripts, script); listed != (pass == 0) {
				continue
			}
			if f := c.get(); f.covers(text) {
				return f
			}
		}
		if script != "" {
			break
		}
	}
	return nil
}

// runScript is the script of a run: of its first letter of a script, or
// "" for none.
func runScript(text []rune) string {
	for _, r := range text {
		if s := shape.Script(r); s != "" {
			return s
		}
	}
	return ""
}

// gunzip reads a gzipped file whole.
func gunzip(fsys embed.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// newFace makes a face of font index i of a font file.
func newFace(data []byte, i int, file string) (*face, error) {
	fs, err := shape.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if i >= len(fs) {
		return nil, errFont
	}
	sf := fs[i]
	sum := sha256.Sum256(data)
	f := &face{name: sf.Name, sf: sf, bold: sf.Bold, italic: sf.Italic, hash: hex.EncodeToString(sum[:]), file: file}
	f.emb = &outlineFont{sf: sf}
	if sf.Outlines == "glyf" {
		if tt, err := ttFromTables(sf.Table); err == nil {
			f.emb = tt
		}
	}
	return f, nil
}

// chain returns the faces text in style st may be drawn in, in the order
// fallback tries them: the Go font of the style, then the embedded Noto
// fonts (bold ones first for bold text). A font set's come after (see
// textEnv.fromSet).
func (e *textEnv) chain(st style) []candidate {
	if c := e.chains[st]; c != nil {
		return c
	}
	c := []candidate{{get: goFaces[st]}}
	for i := 0; i < len(notoFonts); i++ {
		n := candidate{notoFonts[i].scripts, notoFaces[i]}
		if st&bold != 0 && i+1 < len(notoFonts) && strings.HasSuffix(notoFonts[i+1].file, "-Bold.ttf") && !strings.HasSuffix(notoFonts[i].file, "-Bold.ttf") {
			c = append(c, candidate{notoFonts[i+1].scripts, notoFaces[i+1]}, n)
			i++
			continue
		}
		c = append(c, n)
	}
	e.chains[st] = c
	return c
}
