"""The trigger matcher (LANGUAGE.md 4.1-4.2), one module per stage a pattern goes through:

1. `pattern_globs`: a table pattern's items expanded into globs (literal text with stars);
2. `trigger_entry`: what the index keeps for each glob (its rank and the `Target` it leads to);
3. `word_trie` (word-aligned globs, a trie of whole words: the fast path) and `pattern_trie`
   (the other globs, a radix trie of characters), each walked once per text;
4. `matcher`: `TriggerIndex.build(patterns)` once at load, `index.route(text)` per text.
"""
