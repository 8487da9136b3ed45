#!/usr/bin/env bash
# Measures what the bounce word model adds on text the rules had not seen
# (diagnose/bounce/testdata/README.md, "The session-8 round"): each earlier
# held-out part is read by the rules as they stood at the commit that first
# measured it, and by a word model counted from today's corpus without that
# part or any later one. Prints one line a part and the total, for each
# threshold of the model's probability in BOUNCE_HISTORY_MIN (a comma list;
# the package's guessMin when unset).
#
#   bench/wordmodel-history.sh
#   BOUNCE_HISTORY_MIN=0.6,0.7,0.8,0.9 bench/wordmodel-history.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'for d in "$work"/tree-*; do git -C "$root" worktree remove --force "$d" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# The commits that measured each part once: session 4 to 7 before the
# word model existed, the later ones with it (their rules-only reason is
# the one Classify gives when it did not guess).
parts="fresh4:9d62106 fresh5:533aa65 fresh6:72c6544 fresh7:e18612b fresh8:94c4395 fresh9:94c4395
fresh10:b52e5b3 fresh11:c46d2cd fresh12:7b16722 fresh13:960a260 fresh14:960a260 fresh15:941f7e9 fresh16:941f7e9
fresh17:c782c34 fresh18:c782c34 fresh19:785c447 fresh20:785c447 fresh21:d15b05b fresh22:d15b05b fresh23:770b0ce fresh24:770b0ce fresh25:d9e1630 fresh26:ae5c5c7"
for p in $parts; do
  name=${p%%:*} commit=${p##*:}
  git worktree add -q --detach "$work/tree-$name" "$commit"
  rulesOnly='Classify(f[3]).Reason'
  if grep -q 'Guessed bool' "$work/tree-$name/diagnose/bounce/classify.go"; then
    rulesOnly='rulesReason(f[3])'
  fi
  # A test that writes id, reason and whether a named unknown decided, for every row
  # of today's corpus, with that commit's rules.
  cat > "$work/tree-$name/diagnose/bounce/zz_history_test.go" <<'GO'
package bounce

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZHistoryDump(t *testing.T) {
	data, err := os.ReadFile(os.Getenv("HISTORY_CORPUS"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(os.Getenv("HISTORY_OUT"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		// named: the phrase that decided is a known cause that fits no
		// reason, which the word model leaves alone.
		sc := vocabulary.scan(normalize(nil, f[3]))
		named := sc.best >= 0 && vocabulary.rules[sc.best].reason == Unknown && vocabulary.rules[sc.best].prio > weakPrio
		fmt.Fprintf(out, "%s\t%s\t%v\n", f[0], RULES_ONLY, named)
	}
}
GO
  if [ "$rulesOnly" != 'Classify(f[3]).Reason' ]; then
    cat >> "$work/tree-$name/diagnose/bounce/zz_history_test.go" <<'GO'

// rulesReason is the reason of the rules alone: Unknown where the word
// model guessed.
func rulesReason(text string) Reason {
	if c := Classify(text); !c.Guessed {
		return c.Reason
	}
	return Unknown
}
GO
  fi
  sed -i "s/RULES_ONLY/$rulesOnly/" "$work/tree-$name/diagnose/bounce/zz_history_test.go"
  (cd "$work/tree-$name" && HISTORY_CORPUS="$root/diagnose/bounce/testdata/corpus.tsv" HISTORY_OUT="$work/$name.tsv" \
    go test ./diagnose/bounce -run '^TestZZHistoryDump$' -count=1 >/dev/null)
done
BOUNCE_HISTORY="$work" go test ./diagnose/bounce -run '^TestWordModelHistory$' -count=1 -v | grep -E '^\s+words_model_test' | sed 's/^\s*words_model_test.go:[0-9]*: //'
