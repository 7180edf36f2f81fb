package pdf

import (
	"sync"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
)

// style is a combination of font faces.
type style uint8

const (
	bold style = 1 << iota
	italic
	mono
	numStyles = 8
)

// faces are the embedded Go fonts, by style, with their PostScript names.
var faces = [numStyles]struct {
	name string
	ttf  []byte
}{
	{"LiberationSerif", liberationserifregular.TTF},
	{"LiberationSerif-Bold", liberationserifbold.TTF},
	{"LiberationSerif-Italic", liberationserifitalic.TTF},
	{"LiberationSerif-BoldItalic", liberationserifbolditalic.TTF},
	{"GoMono", gomono.TTF},
	{"GoMono-Bold", gomonobold.TTF},
	{"GoMono-Italic", gomonoitalic.TTF},
	{"GoMono-BoldItalic", gomonobolditalic.TTF},
}

// fonts are the faces parsed, each once, when first used; shared by all
// renders and read-only after parsing.
var fonts = func() (f [numStyles]func() *ttFont) {
	for s := range f {
		f[s] = sync.OnceValue(func() *ttFont {
			t, err := parseTTF(faces[s].ttf)
			if err != nil {
				panic("pdf: parsing the embedded font " + faces[s].name + ": " + err.Error())
			}
			return t
		})
	}
	return f
}()

// runeWidth returns the advance of r in style s, in thousandths of the font
// size, as the PDF's width table gives it.
func runeWidth(s style, r rune) float64 {
	return float64(fonts[s]().width(r))
}
