package pdf

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// style is a combination of font faces.
type style uint8

const (
	bold style = 1 << iota
	italic
	mono
	numStyles = 8
)

type faceInfo struct {
	family, fstyle string
	ttf            []byte
}

var faces = func() (f [numStyles]faceInfo) {
	sans := [4][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF}
	monos := [4][]byte{gomono.TTF, gomonobold.TTF, gomonoitalic.TTF, gomonobolditalic.TTF}
	names := [4]string{"", "B", "I", "BI"}
	for s := range style(numStyles) {
		i := int(s &^ mono)
		if s&mono != 0 {
			f[s] = faceInfo{"gomono", names[i], monos[i]}
		} else {
			f[s] = faceInfo{"go", names[i], sans[i]}
		}
	}
	return f
}()

// widths measures text with a private fpdf document that never gets a page,
// so measuring emits nothing into any output. It is shared by all renders
// and fills its tables lazily, 256 runes at a time; reads take no lock.
var widths struct {
	mu     sync.Mutex // guards pdf and loaded, and serializes filling blocks
	pdf    *fpdf.Fpdf
	loaded [numStyles]bool
	blocks [numStyles][256]atomic.Pointer[[256]float32]
}

// runeWidth returns the advance of r in style s, in thousandths of the font
// size, exactly as fpdf computes it.
func runeWidth(s style, r rune) float64 {
	if r > 0xFFFF || r < 0 {
		r = 0xFFFD
	}
	block := widths.blocks[s][r>>8].Load()
	if block == nil {
		block = measureBlock(s, r>>8)
	}
	return float64(block[r&0xFF])
}

func measureBlock(s style, hi rune) *[256]float32 {
	widths.mu.Lock()
	defer widths.mu.Unlock()
	if block := widths.blocks[s][hi].Load(); block != nil {
		return block
	}
	if widths.pdf == nil {
		widths.pdf = fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt"})
	}
	p := widths.pdf
	f := faces[s]
	if !widths.loaded[s] {
		p.AddUTF8FontFromBytes(f.family, f.fstyle, bytes.Clone(f.ttf)) // fpdf writes into it
		widths.loaded[s] = true
	}
	p.SetFont(f.family, f.fstyle, 1000)
	var block [256]float32
	for lo := range rune(256) {
		block[lo] = float32(p.GetStringWidth(string(hi<<8 | lo)))
	}
	widths.blocks[s][hi].Store(&block)
	return &block
}
