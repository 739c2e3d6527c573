using System.Buffers;
using System.Text;

namespace RagApp.Infrastructure.Embeddings.Tokenization;

/// <summary>The word being built by <see cref="BertWordPieceTokenizer"/>, in a pooled buffer, and the pieces produced so far.</summary>
internal struct WordState(char[] buffer)
{
    public char[] Buffer { get; private set; } = buffer;

    /// <summary>Chars of the current word.</summary>
    public int Length { get; private set; }

    /// <summary>Code points of the current word (HF's 100-char limit counts these).</summary>
    public int CodePoints { get; private set; }

    /// <summary>Whether the last code point appended is a letter.</summary>
    public bool LastIsLetter { get; private set; }

    /// <summary>Word pieces produced so far.</summary>
    public int Count { get; set; }

    public void Append(char c)
    {
        EnsureRoom(1);
        Buffer[Length++] = c;
        CodePoints++;
        LastIsLetter = char.IsLetter(c);
    }

    public void Append(Rune rune)
    {
        EnsureRoom(2);
        Length += rune.EncodeToUtf16(Buffer.AsSpan(Length));
        CodePoints++;
        LastIsLetter = Rune.IsLetter(rune);
    }

    public void Reset()
    {
        Length = 0;
        CodePoints = 0;
        LastIsLetter = false;
    }

    private void EnsureRoom(int chars)
    {
        if (Length + chars <= Buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<char>.Shared.Rent(Buffer.Length * 2);
        Buffer.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<char>.Shared.Return(Buffer);
        Buffer = larger;
    }
}
