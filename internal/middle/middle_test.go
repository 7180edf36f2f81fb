package middle

import "testing"

func TestNearest(t *testing.T) {
	tests := []struct {
		name    string
		offsets []int
		size    int
		want    int
	}{
		{"none", nil, 100, 0},
		{"only the start", []int{0}, 100, 0},
		{"nearest of several", []int{0, 10, 45, 70}, 100, 45},
		{"after the middle", []int{20, 55}, 100, 55},
		{"a tie keeps the first", []int{40, 60}, 100, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Nearest(tt.offsets, tt.size); got != tt.want {
				t.Errorf("Nearest(%v, %d) = %d, want %d", tt.offsets, tt.size, got, tt.want)
			}
		})
	}
}
