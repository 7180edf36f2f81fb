package pdftest

import (
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"
)

// FontFaults checks what PDF/A-3 asks of every font a document uses that
// can be checked here, and returns what fails, one line each: each
// font's program embedded; the widths the PDF gives (/W, /DW) those of the
// program, glyph for glyph, to a thousandth of an em; a CIDSet, where
// there is one, listing every CID the program holds; and a ToUnicode
// entry for every CID the widths name (PDF/A-3 rules 6.2.11.4, 6.2.11.5,
// 6.2.11.7).
func FontFaults(t testing.TB, pdf []byte) []string {
	t.Helper()
	o := Read(t, pdf)
	var faults []string
	seen := map[string]bool{}
	for _, page := range o.Pages() {
		res := o.Dict(o.Dict(page)["/Resources"])
		for name, ref := range o.Dict(res["/Font"]) {
			key, _ := ref.(string)
			if seen[key] {
				continue
			}
			seen[key] = true
			for _, f := range fontFaults(o, ref) {
				faults = append(faults, fmt.Sprintf("font %s (%v): %s", name, ref, f))
			}
		}
	}
	return faults
}

func fontFaults(o *Objects, ref any) []string {
	font := o.Dict(ref)
	if font["/Subtype"] != "/Type0" {
		return []string{fmt.Sprintf("a %v font: recap writes Type0 only", font["/Subtype"])}
	}
	desc := Array(font["/DescendantFonts"])
	if len(desc) != 1 {
		return []string{"no descendant font"}
	}
	cid := o.Dict(desc[0])
	fd := o.Dict(cid["/FontDescriptor"])
	program := o.Data(fd["/FontFile2"])
	if program == nil {
		return []string{"its program is not embedded (/FontFile2)"}
	}
	tt, err := parseProgram(program)
	if err != nil {
		return []string{"its program cannot be read: " + err.Error()}
	}
	gid := func(c int) int { return c } // /CIDToGIDMap /Identity
	if m := o.Data(cid["/CIDToGIDMap"]); m != nil {
		gid = func(c int) int {
			if 2*c+2 > len(m) {
				return 0
			}
			return int(binary.BigEndian.Uint16(m[2*c:]))
		}
	}
	var faults []string
	widths := cidWidths(cid["/W"])
	for c, w := range widths {
		g := gid(c)
		if g >= tt.numGlyphs {
			faults = append(faults, fmt.Sprintf("CID %d draws glyph %d, which the program lacks", c, g))
			continue
		}
		if want := tt.width(g); math.Abs(w-want) > 1 {
			faults = append(faults, fmt.Sprintf("CID %d (glyph %d) is %v wide in /W, %v in the program", c, g, w, want))
		}
	}
	if set := o.Data(fd["/CIDSet"]); fd["/CIDSet"] != nil {
		for c := range maxCID(widths, tt.numGlyphs, cid["/CIDToGIDMap"] == "/Identity") + 1 {
			if g := gid(c); g < tt.numGlyphs && (c/8 >= len(set) || set[c/8]&(0x80>>(c%8)) == 0) {
				faults = append(faults, fmt.Sprintf("the CIDSet leaves out CID %d, which the program holds", c))
			}
		}
	}
	mapped := toUnicodeCIDs(string(o.Data(font["/ToUnicode"])))
	for c := range widths {
		if c != 0 && !mapped[c] {
			faults = append(faults, fmt.Sprintf("CID %d has no ToUnicode entry", c))
		}
	}
	return faults
}

// maxCID is the highest CID the program holds: with the identity map,
// each of its glyphs; otherwise those the widths name.
func maxCID(widths map[int]float64, glyphs int, identity bool) int {
	if identity {
		return glyphs - 1
	}
	top := 0
	for c := range widths {
		top = max(top, c)
	}
	return top
}

// cidWidths reads /W: "c [w1 w2 …]" and "c1 c2 w" entries.
func cidWidths(v any) map[int]float64 {
	out := map[int]float64{}
	a := Array(v)
	num := func(v any) float64 { f, _ := v.(float64); return f }
	for i := 0; i < len(a); {
		first := int(num(a[i]))
		if i+1 < len(a) {
			if ws, ok := a[i+1].([]any); ok {
				for k, w := range ws {
					out[first+k] = num(w)
				}
				i += 2
				continue
			}
		}
		if i+2 < len(a) {
			for c := first; c <= int(num(a[i+1])); c++ {
				out[c] = num(a[i+2])
			}
		}
		i += 3
	}
	return out
}

var bfchar = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<[0-9A-Fa-f]*>`)

// toUnicodeCIDs lists the CIDs a ToUnicode CMap's bfchar entries name.
func toUnicodeCIDs(cmap string) map[int]bool {
	out := map[int]bool{}
	for _, m := range bfchar.FindAllStringSubmatch(cmap, -1) {
		c, _ := strconv.ParseUint(m[1], 16, 16)
		out[int(c)] = true
	}
	return out // recap writes no bfrange: a CID only a range names is reported
}

// program is what the checks read of a TrueType program.
type program struct {
	upem, numGlyphs int
	advances        []int // by glyph, the last repeated past numberOfHMetrics
}

func (p program) width(g int) float64 {
	a := p.advances[min(g, len(p.advances)-1)]
	return math.Round(float64(a) * 1000 / float64(p.upem))
}

func parseProgram(b []byte) (program, error) {
	if len(b) < 12 {
		return program{}, fmt.Errorf("%d bytes", len(b))
	}
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return program{}, fmt.Errorf("truncated directory")
		}
		at, length := int(binary.BigEndian.Uint32(b[rec+8:])), int(binary.BigEndian.Uint32(b[rec+12:]))
		if at+length > len(b) {
			return program{}, fmt.Errorf("table %q outside the program", b[rec:rec+4])
		}
		tables[string(b[rec:rec+4])] = b[at : at+length]
	}
	head, hhea, maxp, hmtx := tables["head"], tables["hhea"], tables["maxp"], tables["hmtx"]
	if len(head) < 20 || len(hhea) < 36 || len(maxp) < 6 {
		return program{}, fmt.Errorf("no head, hhea or maxp")
	}
	p := program{upem: int(binary.BigEndian.Uint16(head[18:])), numGlyphs: int(binary.BigEndian.Uint16(maxp[4:]))}
	metrics := int(binary.BigEndian.Uint16(hhea[34:]))
	if metrics == 0 || 4*metrics > len(hmtx) {
		return program{}, fmt.Errorf("hmtx holds fewer than %d metrics", metrics)
	}
	for i := range metrics {
		p.advances = append(p.advances, int(binary.BigEndian.Uint16(hmtx[4*i:])))
	}
	return p, nil
}
