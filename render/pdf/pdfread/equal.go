package pdfread

// same reports whether two values read from a file mean the same: numbers
// compare as numbers (a signing tool that writes 437.00 back as 437
// changes nothing), everything else as read, generations of references
// included.
func same(a, b any) bool {
	if x, ok := number(a); ok {
		y, ok := number(b)
		return ok && x == y
	}
	switch a := a.(type) {
	case array:
		b, ok := b.(array)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !same(a[i], b[i]) {
				return false
			}
		}
		return true
	case dict:
		b, ok := b.(dict)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			w, ok := b[k]
			if !ok || !same(v, w) {
				return false
			}
		}
		return true
	case []byte:
		b, ok := b.([]byte)
		return ok && string(a) == string(b)
	case stream:
		b, ok := b.(stream)
		return ok && same(a.dict, b.dict) && string(a.data) == string(b.data)
	case nil:
		return b == nil
	}
	return a == b // names, references, booleans
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}
