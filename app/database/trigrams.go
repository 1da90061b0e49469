package database

import (
	"encoding/hex"
	"strings"
)

// Trigrams writes every window of three characters of s as one hex token, separated by spaces:
// "vol volume" → "766f6c 6f6c20 ...". SQLite's search index (an FTS4 table, whose tokenizer
// splits words, not windows) indexes these tokens; a phrase of the trigrams of a text then
// matches exactly the documents containing that text. SQLite registers it as catalog_trigrams.
func Trigrams(s string) string {
	r := []rune(s)
	if len(r) < 3 {
		return ""
	}
	var b strings.Builder
	b.Grow((len(r) - 2) * 7)
	for i := 0; i+3 <= len(r); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(hex.EncodeToString([]byte(string(r[i : i+3]))))
	}
	return b.String()
}
