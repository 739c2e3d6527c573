namespace RagApp.Core.Chat;

/// <summary>
/// Applies <see cref="CitationValidator"/> to a streamed answer: text is passed on as it comes, except a possible marker
/// that is still open (<c>[1,</c>) which is held back until it closes, so a citation to no source is never printed.
/// </summary>
public sealed class CitationStreamFilter
{
    private const int MaxMarkerLength = 40;
    private readonly int _sourceCount;
    private readonly List<int> _cited = [];
    private readonly List<int> _invalid = [];
    private readonly System.Text.StringBuilder _emitted = new();
    private string _pending = "";

    /// <summary>A filter for an answer written over sources numbered 1..<paramref name="sourceCount"/>.</summary>
    public CitationStreamFilter(int sourceCount) => _sourceCount = sourceCount;

    /// <summary>Adds a piece of the answer; returns the text that can be shown now (maybe empty).</summary>
    public string Push(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        _pending += piece;
        var holdFrom = OpenMarkerStart(_pending);
        var ready = _pending[..holdFrom];
        _pending = _pending[holdFrom..];
        return Emit(ready);
    }

    /// <summary>Ends the answer; returns the text still held back.</summary>
    public string Flush()
    {
        var rest = _pending;
        _pending = "";
        return Emit(rest);
    }

    /// <summary>The check of everything shown so far (call after <see cref="Flush"/>).</summary>
    public CitationCheck Result => new(_emitted.ToString(), _cited, _invalid);

    private string Emit(string text)
    {
        if (text.Length == 0)
        {
            return "";
        }

        var rewritten = CitationValidator.RewriteMarkers(text, _sourceCount, _cited, _invalid);
        _emitted.Append(rewritten);
        return rewritten;
    }

    // Where a marker that has not closed yet (or a space that may precede one) starts; text.Length when none.
    private static int OpenMarkerStart(string text)
    {
        var open = text.LastIndexOf('[');
        if (open >= 0 && text.Length - open <= MaxMarkerLength && IsMarkerPrefix(text.AsSpan(open + 1)))
        {
            return open > 0 && char.IsWhiteSpace(text[open - 1]) ? open - 1 : open;
        }

        return text.Length > 0 && char.IsWhiteSpace(text[^1]) ? text.Length - 1 : text.Length;
    }

    private static bool IsMarkerPrefix(ReadOnlySpan<char> rest)
    {
        foreach (var c in rest)
        {
            if (!char.IsAsciiDigit(c) && c is not (',' or ';' or ' '))
            {
                return false;
            }
        }

        return true;
    }
}
