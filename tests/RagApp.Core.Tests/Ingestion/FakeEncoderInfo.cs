using RagApp.Core.Embeddings;

namespace RagApp.Core.Tests.Ingestion;

/// <summary>Counts one token per started five characters of each white-space separated word, like a word-piece tokenizer would roughly.</summary>
internal sealed class FakeEncoderInfo(int maxPassageTokens) : IEncoderInfo
{
    public EncoderFingerprint Fingerprint { get; } = new("fake", "0000", 4, "mean", true, maxPassageTokens, "", "", "none");

    public int MaxPassageTokens { get; } = maxPassageTokens;

    /// <summary>How often <see cref="StartLoading"/> was called.</summary>
    public int LoadingStarts { get; private set; }

    public int CountTokens(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Sum(w => (w.Length + 4) / 5);

    public void StartLoading() => LoadingStarts++;

    public bool IsLoaded { get; set; } = true;
}
