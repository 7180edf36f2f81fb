package schema

import (
	"github.com/recaptool/recap/internal/middle"
	"sync"

	"github.com/BurntSushi/toml"
)

// splitMin is the size from which decode cuts a file in two. Smaller files
// decode in a few milliseconds, too fast for a second goroutine to pay.
const splitMin = 64 << 10

// decode decodes src, a TOML document whose top-level arrays of tables
// ("[[name]]" lines) start at the offsets tableArrays. A large file is cut
// at the one nearest its middle, and the halves are decoded on two cores
// and joined: decoding was the slowest step of checking long notes. If a
// half fails to decode, or both halves define a key other than by adding
// to the same array of tables, the whole file is decoded instead, so the
// result and every error are exactly those of decoding the whole.
func decode(src []byte, tableArrays []int) (map[string]any, error) {
	if at := middle.Nearest(tableArrays, len(src)); at > 0 && len(src) >= splitMin {
		if raw, ok := decodeHalves(src, at); ok {
			return raw, nil
		}
	}
	var raw map[string]any
	_, err := toml.Decode(string(src), &raw)
	return raw, err
}

// decodeHalves decodes src[:at] and src[at:], src[at:] starting with a
// top-level "[[name]]" line, and joins them if that is unambiguous: every
// key of the second half line that also appears in the first is an array
// of tables in both, which the second half continues. Then every table
// header and key in the second half means what it means in the whole
// document.
func decodeHalves(src []byte, at int) (map[string]any, bool) {
	var first, second map[string]any
	var err1, err2 error
	var wg sync.WaitGroup
	wg.Go(func() { _, err2 = toml.Decode(string(src[at:]), &second) })
	_, err1 = toml.Decode(string(src[:at]), &first)
	wg.Wait()
	if err1 != nil || err2 != nil {
		return nil, false
	}
	for k, v := range second {
		old, both := first[k]
		if !both {
			first[k] = v
			continue
		}
		a, ok1 := old.([]map[string]any) // only [[name]] headers decode so
		b, ok2 := v.([]map[string]any)
		if !ok1 || !ok2 {
			return nil, false
		}
		first[k] = append(a, b...)
	}
	return first, true
}
