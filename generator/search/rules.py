"""The search plan's rules and constants, declared once.

`portal search` (generator/search/rank.py, generator/tools/query.py) reads them from here; the browser
reads the same values from the manifest's "rules" (generator/search/export.py writes `rules()`), so
theme/assets/javascripts/portal-search-core.js holds no copy of them. The shared test vectors
(tests/test_search_vectors.py, tests/js/search-core.test.js) check that both executors plan,
rank, highlight and fall back alike with them.

This module imports nothing heavy: the command line reads RESULTS for its --limit default.
"""

from __future__ import annotations

# Query words shorter than this are ignored; the analyzer never indexes them either.
MIN_WORD_LENGTH = 2
# A word the lexicon does not know, of at least this many letters, maps to the words one edit
# away in its lexicon shard (one typo).
TYPO_MIN_LENGTH = 5
# The last word, while the user is still typing it, also maps to up to this many words that
# start with it, most frequent first.
COMPLETIONS = 5
# Scores equal to this many decimals are a tie, which the earlier document wins.
TIE_DIGITS = 6
# Results shown: the browser's list and the terminal's default --limit.
RESULTS = 10
# A result's snippet: this many characters, with the first matched word 1/SNIPPET_LEAD of the
# way in (when the text is long enough to need a window).
SNIPPET_WIDTH = 160
SNIPPET_LEAD = 3
# A stem of at least this many letters also highlights words that start with all but its last
# letter and are at most one letter longer than it ('policy' and 'polici').
HIGHLIGHT_SLACK = 5
# Nothing found: teams whose keywords come closest to the query's words of at least
# FALLBACK_MIN_LENGTH letters (one edit away, or the same first FALLBACK_PREFIX letters), the
# FALLBACK_TEAMS closest.
FALLBACK_MIN_LENGTH = 3
FALLBACK_PREFIX = 4
FALLBACK_TEAMS = 3
# A team's contact card shows its first this many channels.
CARD_CHANNELS = 4
# At most this many keyword cards above the results.
CARDS = 2


def rules() -> dict[str, int]:
    """What the manifest's "rules" holds, under the names portal-search-core.js reads."""
    return {
        "minWordLength": MIN_WORD_LENGTH,
        "typoMinLength": TYPO_MIN_LENGTH,
        "completions": COMPLETIONS,
        "tieDigits": TIE_DIGITS,
        "results": RESULTS,
        "snippetWidth": SNIPPET_WIDTH,
        "snippetLead": SNIPPET_LEAD,
        "highlightSlack": HIGHLIGHT_SLACK,
        "fallbackMinLength": FALLBACK_MIN_LENGTH,
        "fallbackPrefix": FALLBACK_PREFIX,
        "fallbackTeams": FALLBACK_TEAMS,
        "cardChannels": CARD_CHANNELS,
        "cards": CARDS,
    }
