package artifact

import (
	"slices"
	"strings"
	"unicode"
)

// words splits s into lower-case words made only of letters or only of
// digits; everything else separates them. "ISO/IEC 27001:2022" gives iso,
// iec, 27001, 2022 and "SOC2" gives soc, 2, so that titles match however
// AWS punctuates or spaces them.
func words(s string) []string {
	var out []string
	var cur []rune
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range strings.ToLower(s) {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if k != kind {
			flush()
			kind = k
		}
		if k != 0 {
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// phrase is a phrase split into words.
type phrase []string

// in reports whether the phrase's words appear one after the other in text.
func (p phrase) in(text []string) bool {
	if len(p) == 0 {
		return false
	}
	for i := 0; i+len(p) <= len(text); i++ {
		if slices.Equal(text[i:i+len(p)], p) {
			return true
		}
	}
	return false
}

// phrases splits each of ps into words.
func phrases(ps []string) []phrase {
	out := make([]phrase, len(ps))
	for i, p := range ps {
		out[i] = words(p)
	}
	return out
}

// anyIn reports whether one of ps appears in one of texts.
func anyIn(ps []phrase, texts ...[]string) bool {
	for _, p := range ps {
		for _, t := range texts {
			if p.in(t) {
				return true
			}
		}
	}
	return false
}
