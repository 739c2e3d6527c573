using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace RagApp.Infrastructure.Embeddings.Tokenization;

/// <summary>
/// Hugging Face's uncased <c>BertTokenizer</c>: the basic tokenizer (clean text, split CJK, lower-case, strip accents,
/// split on whitespace and punctuation) is ours, because Microsoft.ML.Tokenizers' pre-tokenizer keeps <c>_</c> inside
/// words and drops <c>$ + &lt; = &gt; ^ ` | ~</c>; the WordPiece step is Microsoft.ML.Tokenizers' <see cref="WordPieceTokenizer"/>,
/// given one word at a time. Thread-safe.
/// </summary>
public sealed class BertWordPieceTokenizer
{
    /// <summary>Words longer than this (in code points) become [UNK], as in HF.</summary>
    public const int MaxCharsPerWord = 100;

    private const int MaxCachedWords = 200_000;

    private readonly WordPieceTokenizer _wordPiece;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;

    private BertWordPieceTokenizer(WordPieceTokenizer wordPiece, Dictionary<string, int> specialTokens)
    {
        _wordPiece = wordPiece;
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        ClsId = Require(specialTokens, "[CLS]");
        SepId = Require(specialTokens, "[SEP]");
        PadId = Require(specialTokens, "[PAD]");
        UnknownId = Require(specialTokens, "[UNK]");
    }

    public int ClsId { get; }

    public int SepId { get; }

    public int PadId { get; }

    public int UnknownId { get; }

    /// <summary>Reads a BERT <c>vocab.txt</c> (one token a line, LF or CRLF line ends; the line number is the id).</summary>
    public static BertWordPieceTokenizer FromVocabulary(Stream vocab)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        // One pass: the file with LF line ends for WordPieceTokenizer, and the ids of the special tokens.
        var specialTokens = new Dictionary<string, int>(StringComparer.Ordinal) { ["[CLS]"] = -1, ["[SEP]"] = -1, ["[PAD]"] = -1, ["[UNK]"] = -1 };
        var normalized = new StringBuilder();
        using (var reader = new StreamReader(vocab, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
        {
            var id = 0;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine(), id++)
            {
                if (line.StartsWith('[') && specialTokens.ContainsKey(line))
                {
                    specialTokens[line] = id;
                }

                normalized.Append(line).Append('\n');
            }
        }

        // WordPieceTokenizer gets LF-only lines, and only ever one already-split word: no pre-tokenizer, no normaliser.
        var options = new WordPieceOptions { MaxInputCharsPerWord = 2 * MaxCharsPerWord, UnknownToken = "[UNK]", ContinuingSubwordPrefix = "##" };
        using var lf = new MemoryStream(Encoding.UTF8.GetBytes(normalized.ToString()));
        return new BertWordPieceTokenizer(WordPieceTokenizer.Create(lf, options), specialTokens);
    }

    /// <summary>[CLS] + the first <paramref name="maxTokens"/> - 2 word pieces of <paramref name="text"/> + [SEP].</summary>
    public int[] EncodeForModel(string text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var pieces = new List<int>(Math.Min(maxTokens, (text.Length / 3) + 8)) { ClsId };
        AppendPieces(text, pieces, maxTokens - 2);
        pieces.Add(SepId);
        return [.. pieces];
    }

    /// <summary>The number of word pieces of <paramref name="text"/>, special tokens excluded.</summary>
    public int CountPieces(string text) => AppendPieces(text, null, int.MaxValue);

    /// <summary>Appends at most <paramref name="maxPieces"/> word pieces of <paramref name="text"/>; returns how many it produced.</summary>
    public int AppendPieces(ReadOnlySpan<char> text, List<int>? ids, int maxPieces)
    {
        var state = new WordState(ArrayPool<char>.Shared.Rent(Math.Min(Math.Max(text.Length * 2, 16), 4096)));
        try
        {
            for (var i = 0; i < text.Length && state.Count < maxPieces; i++)
            {
                int codePoint = text[i];
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                    i++;
                }

                Process(codePoint, text[(i + 1)..], ref state, ids, maxPieces);
            }

            Flush(ref state, ids, maxPieces);
            return state.Count;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(state.Buffer);
        }
    }

    private void Process(int codePoint, ReadOnlySpan<char> rest, ref WordState state, List<int>? ids, int maxPieces)
    {
        if (codePoint < 0x80)
        {
            // ASCII fast path: the same rules, without table look-ups.
            if (codePoint is ' ' or '\t' or '\n' or '\r')
            {
                Flush(ref state, ids, maxPieces);
            }
            else if (codePoint is < 32 or 127)
            {
                // Control characters are dropped (NUL included).
            }
            else if (BertCharacterMap.IsPunctuation(codePoint))
            {
                EmitAlone(new Rune(codePoint), ref state, ids, maxPieces);
            }
            else
            {
                state.Append((char)(codePoint is >= 'A' and <= 'Z' ? codePoint + 32 : codePoint));
            }

            return;
        }

        if (codePoint == 0xFFFD)
        {
            return;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(codePoint))
        {
            case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned:
                return;
            case UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                Flush(ref state, ids, maxPieces);
                return;
        }

        var cjk = BertCharacterMap.IsCjk(codePoint);
        if (cjk)
        {
            Flush(ref state, ids, maxPieces);
        }

        if (codePoint == 0x3A3)
        {
            // Python's lower() turns a word-final capital sigma into a final sigma.
            var final = state.LastIsLetter && !StartsWithLetter(rest);
            state.Append(final ? '\u03C2' : '\u03C3');
        }
        else if (BertCharacterMap.Map(codePoint, out var lower) is { } mapped)
        {
            foreach (var rune in mapped.EnumerateRunes())
            {
                AppendMapped(rune, ref state, ids, maxPieces);
            }
        }
        else
        {
            AppendMapped(lower, ref state, ids, maxPieces);
        }

        if (cjk)
        {
            Flush(ref state, ids, maxPieces);
        }
    }

    private void AppendMapped(Rune rune, ref WordState state, List<int>? ids, int maxPieces)
    {
        if (BertCharacterMap.IsPunctuation(rune.Value))
        {
            EmitAlone(rune, ref state, ids, maxPieces);
        }
        else
        {
            state.Append(rune);
        }
    }

    private void EmitAlone(Rune rune, ref WordState state, List<int>? ids, int maxPieces)
    {
        Flush(ref state, ids, maxPieces);
        state.Append(rune);
        Flush(ref state, ids, maxPieces);
    }

    private void Flush(ref WordState state, List<int>? ids, int maxPieces)
    {
        if (state.Length == 0)
        {
            return;
        }

        var word = state.Buffer.AsSpan(0, state.Length);
        var pieces = state.CodePoints > MaxCharsPerWord ? [UnknownId] : PiecesOf(word);
        var take = Math.Min(pieces.Length, maxPieces - state.Count);
        ids?.AddRange(pieces.AsSpan(0, take));
        state.Count += take;
        state.Reset();
    }

    private int[] PiecesOf(ReadOnlySpan<char> word)
    {
        if (_cacheLookup.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var ids = _wordPiece.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false);
        var pieces = ids.Count == 0 ? [UnknownId] : ids.ToArray();
        if (_cache.Count < MaxCachedWords)
        {
            _cacheLookup.TryAdd(word, pieces);
        }

        return pieces;
    }

    private static bool StartsWithLetter(ReadOnlySpan<char> rest) =>
        !rest.IsEmpty && Rune.DecodeFromUtf16(rest, out var next, out _) == OperationStatus.Done && Rune.IsLetter(next);

    private static int Require(Dictionary<string, int> specialTokens, string token) =>
        specialTokens[token] is >= 0 and var id ? id : throw new InvalidDataException($"The vocabulary has no {token} token.");
}
