using System.Text.RegularExpressions;
using RagApp.Core.Ingestion;

namespace RagApp.Core.Chat;

/// <summary>
/// Answers without an LLM: picks the 1-3 sentences of the relevant passages that best match the question (query-term
/// overlap weighted by rarity, the sentence's meaning when similarities are given, plus a bonus for the passage's rank),
/// each followed by its citation <c>[n]</c>.
/// </summary>
public static partial class ExtractiveAnswerer
{
    private const int MaxSentences = 3;
    private const int MaxSentenceChars = 400;
    private const double RankBonus = 0.1;
    private const double KeepRatio = 0.5;

    // With similarities, meaning counts for more than shared words: "How often should I feed..." must find "fed every 12 hours".
    private const double SemanticWeight = 0.7;

    // "How much / when / what temperature" questions are answered by sentences with a number in them; "how often"
    // questions by sentences that state a frequency ("every 12 hours", "once a week"), not by any number.
    private const double NumberBonus = 0.15;

    /// <summary>The candidate sentences of <paramref name="sources"/>, in the order <see cref="Answer"/> expects similarities.</summary>
    public static IReadOnlyList<(int Source, string Text)> Candidates(IReadOnlyList<NumberedSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return [.. sources.SelectMany(s => SplitSentences(s.Chunk.Chunk.Text).Select(text => (s.N, text)))];
    }

    /// <summary>The extractive answer to <paramref name="question"/> from <paramref name="sources"/> (best first).</summary>
    /// <param name="question">The user's question.</param>
    /// <param name="sources">The numbered relevant passages.</param>
    /// <param name="similarities">Cosine similarity of each of <see cref="Candidates"/> to the question, or null to use shared words only.</param>
    public static CitationCheck Answer(string question, IReadOnlyList<NumberedSource> sources, IReadOnlyList<double>? similarities = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(sources);
        var candidates = Candidates(sources)
            .Select(c => (c.Source, c.Text, Terms: QueryTerms.Extract(c.Text).ToHashSet(StringComparer.Ordinal)))
            .ToList();
        if (similarities is not null && similarities.Count != candidates.Count)
        {
            throw new ArgumentException("One similarity per candidate sentence is needed.", nameof(similarities));
        }

        if (candidates.Count == 0)
        {
            return new CitationCheck("", [], []);
        }

        var queryTerms = QueryTerms.Extract(question).Distinct(StringComparer.Ordinal).ToList();
        var weights = queryTerms.ToDictionary(
            t => t,
            t => Math.Log(1 + ((double)candidates.Count / (1 + candidates.Count(c => c.Terms.Contains(t))))),
            StringComparer.Ordinal);
        var total = weights.Values.Sum();
        var wantsNumber = ExpectsNumber().IsMatch(question);
        var wantsFrequency = ExpectsFrequency().IsMatch(question);

        var scored = candidates
            .Select((c, index) =>
            {
                var overlap = total > 0 ? queryTerms.Where(c.Terms.Contains).Sum(t => weights[t]) / total : 0;
                var lengthFactor = c.Terms.Count > 50 ? 0.8 : 1.0;
                var match = similarities is null ? overlap : ((1 - SemanticWeight) * overlap) + (SemanticWeight * Math.Max(0, similarities[index]));
                var numberBonus = wantsFrequency ? (FrequencyExpression().IsMatch(c.Text) ? NumberBonus : 0)
                    : wantsNumber && c.Text.Any(char.IsDigit) ? NumberBonus : 0;
                return (c.Source, c.Text, Overlap: similarities is null ? overlap : match, Score: (match * lengthFactor) + numberBonus + (RankBonus / c.Source), Index: index);
            })
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Index)
            .ToList();

        var best = scored[0];
        var picked = best.Overlap > 0
            ? scored.Where(c => c.Overlap > 0 && c.Score >= KeepRatio * best.Score)
                .DistinctBy(c => c.Text, StringComparer.OrdinalIgnoreCase)
                .Take(MaxSentences)
                .ToList()
            : [scored.MinBy(c => (c.Source, c.Index))];

        var answer = string.Join(" ", picked.Select(c => $"{Shorten(c.Text)} [{c.Source}]"));
        return new CitationCheck(answer, [.. picked.Select(c => c.Source).Distinct()], []);
    }

    /// <summary>
    /// The sentences of a passage. Blank lines and list items start a new segment; other line breaks (lines wrapped by a
    /// PDF's layout) are joined, so a sentence broken across lines stays whole.
    /// </summary>
    public static IReadOnlyList<string> SplitSentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. BlankLine().Split(text.ReplaceLineEndings("\n"))
            .SelectMany(paragraph => ListItemStart().Split(paragraph))
            .Select(segment => WhitespaceRun().Replace(segment, " ").Trim())
            .SelectMany(SplitAtSentenceEnds)
            .Select(s => s.Trim().TrimStart('-', '*', '•').Trim())
            .Where(s => s.Count(char.IsLetterOrDigit) >= 3)];
    }

    /// <summary>
    /// Cuts at a stop followed by white space and a capital, digit, quote or bracket, except where the stop closes a single
    /// letter or an abbreviation as ingestion's sentence splitter knows them ("(p. 148)", "e.g. Ctrl", "J. Smith").
    /// </summary>
    private static IEnumerable<string> SplitAtSentenceEnds(string segment)
    {
        var start = 0;
        foreach (Match end in SentenceEnd().Matches(segment))
        {
            if (segment[end.Index - 1] == '.' && SentenceSplitter.IsAbbreviation(segment, start, end.Index - 1))
            {
                continue;
            }

            yield return segment[start..end.Index];
            start = end.Index + end.Length;
        }

        yield return segment[start..];
    }

    private static string Shorten(string sentence)
    {
        // Bracketed numbers in the document's own text (its references) would read as citations of our sources.
        sentence = WhitespaceRun().Replace(DocumentReference().Replace(sentence, ""), " ").Trim();
        if (sentence.Length <= MaxSentenceChars)
        {
            return sentence;
        }

        var cut = sentence.LastIndexOf(' ', MaxSentenceChars);
        return sentence[..(cut > 0 ? cut : MaxSentenceChars)] + " …";
    }

    [GeneratedRegex(@"\s*\[\s*\d{1,4}(?:\s*[,;\u2013-]\s*\d{1,4})*\s*\]")]
    private static partial Regex DocumentReference();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[\p{Lu}\d""'(\[])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(how (many|much|often|long|far|big|large|old|hot|warm|cold|heavy|tall|soon)|when|what (time|temperature|size|ratio|percentage|year|date|day|proportion))\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExpectsNumber();

    [GeneratedRegex(@"\bhow (often|frequently|many times)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExpectsFrequency();

    [GeneratedRegex(@"\b(every|each|per|once|twice|daily|weekly|monthly|hourly|nightly|times a|a day|a week|a month)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FrequencyExpression();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"\n(?=[ \t]*(?:[-*•]|\d{1,3}[.)])\s)")]
    private static partial Regex ListItemStart();
}
