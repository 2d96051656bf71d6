package flows

import (
	"crypto/rand"
	"math/big"
)

// Alphabets for NameOptions.
const (
	// Alphanumeric is letters and digits: what most sign-up forms accept in a username.
	Alphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789"
	// LowerHex is the hexadecimal digits.
	LowerHex = "0123456789abcdef"
)

// NameOptions shape a unique name.
type NameOptions struct {
	// Prefix starts the name ("u_"); it counts apart from Length.
	Prefix string
	// Alphabet is the characters the random part is drawn from; "" means Alphanumeric.
	Alphabet string
	// Length is the random part's length; 0 means 10 (36^10: no two attempts of any realistic
	// run collide).
	Length int
}

// UniqueName returns Prefix followed by Length characters drawn at random from Alphabet: a
// username, an email's local part, a product title that no other attempt of any run uses.
func UniqueName(o NameOptions) string {
	alphabet := []rune(o.Alphabet)
	if len(alphabet) == 0 {
		alphabet = []rune(Alphanumeric)
	}
	n := o.Length
	if n <= 0 {
		n = 10
	}
	out := []rune(o.Prefix)
	limit := big.NewInt(int64(len(alphabet)))
	for range n {
		i, err := rand.Int(rand.Reader, limit)
		if err != nil {
			panic("crypto/rand failed: " + err.Error()) // never, per its documentation
		}
		out = append(out, alphabet[i.Int64()])
	}
	return string(out)
}

// NewSecret returns a unique random value (UniqueName of o) registered as a secret of the run,
// so that no artifact or report shows it: a fresh account's password.
func (f *F) NewSecret(o NameOptions) string {
	s := UniqueName(o)
	f.Secret(s)
	return s
}
