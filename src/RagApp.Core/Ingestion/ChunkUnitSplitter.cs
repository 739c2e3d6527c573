using RagApp.Core.Embeddings;

namespace RagApp.Core.Ingestion;

/// <summary>Cuts paragraphs into units of at most a token budget: whole paragraphs, else sentences, else words, else characters.</summary>
internal sealed class ChunkUnitSplitter(IEncoderInfo encoder)
{
    /// <summary>
    /// The longest run without white space kept whole. BERT-style tokenizers read a longer one as a single unknown token, so
    /// its count says nothing of its length: 2 MB of base64 or of one repeated letter would otherwise be one "short" unit.
    /// </summary>
    public const int LongestWord = 100;

    public IEnumerable<ChunkUnit> Split(string paragraph, int? page, int budget)
    {
        var tokens = encoder.CountTokens(paragraph);
        if (tokens <= budget && !HasOverlongWord(paragraph))
        {
            yield return new ChunkUnit(paragraph, tokens, page, StartsParagraph: true);
            yield break;
        }

        var first = true;
        foreach (var sentence in SentenceSplitter.Split(paragraph))
        {
            var sentenceTokens = encoder.CountTokens(sentence);
            var pieces = sentenceTokens <= budget && !HasOverlongWord(sentence) ? [(sentence, sentenceTokens)] : SplitWords(sentence, budget);
            foreach (var (text, count) in pieces)
            {
                yield return new ChunkUnit(text, count, page, first);
                first = false;
            }
        }
    }

    /// <summary>
    /// Greedy runs of words, each within the budget; a word longer than the budget, or than <see cref="LongestWord"/>
    /// characters, is cut into characters.
    /// </summary>
    public List<(string Text, int Tokens)> SplitWords(string text, int budget)
    {
        var pieces = new List<(string, int)>();
        var words = new List<string>();
        var wordTokens = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var count = encoder.CountTokens(word);
            if (count > budget || word.Length > LongestWord)
            {
                Flush();
                pieces.AddRange(SplitCharacters(word, budget));
                continue;
            }

            if (wordTokens + count > budget)
            {
                Flush();
            }

            words.Add(word);
            wordTokens += count;
        }

        Flush();
        return pieces;

        void Flush()
        {
            if (words.Count == 0)
            {
                return;
            }

            var joined = string.Join(' ', words);
            var joinedTokens = encoder.CountTokens(joined);
            if (joinedTokens <= budget || words.Count == 1)
            {
                pieces.Add((joined, joinedTokens));
            }
            else
            {
                // The tokenizer is not additive over words: halve until each run fits.
                var half = words.Count / 2;
                var (left, right) = (string.Join(' ', words.Take(half)), string.Join(' ', words.Skip(half)));
                pieces.AddRange(SplitWords(left, budget));
                pieces.AddRange(SplitWords(right, budget));
            }

            words.Clear();
            wordTokens = 0;
        }
    }

    private IEnumerable<(string Text, int Tokens)> SplitCharacters(string word, int budget)
    {
        var rest = word;
        while (rest.Length > 0)
        {
            // Longest prefix within the budget and LongestWord (at least one character), found by binary search.
            int low = 1, high = Math.Min(rest.Length, LongestWord);
            while (low < high)
            {
                var mid = (low + high + 1) / 2;
                if (encoder.CountTokens(rest[..mid]) <= budget)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }

            if (low < rest.Length && char.IsHighSurrogate(rest[low - 1]) && low > 1)
            {
                low--;
            }

            var piece = rest[..low];
            yield return (piece, encoder.CountTokens(piece));
            rest = rest[low..];
        }
    }

    private static bool HasOverlongWord(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            run = char.IsWhiteSpace(c) ? 0 : run + 1;
            if (run > LongestWord)
            {
                return true;
            }
        }

        return false;
    }
}
