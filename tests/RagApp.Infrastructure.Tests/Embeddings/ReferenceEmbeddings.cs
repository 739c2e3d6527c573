using System.Text.Json;
using RagApp.Tests.Shared;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>The all-MiniLM-L6-v2 reference vectors and token ids in shared/data/reference-embeddings.</summary>
internal static class ReferenceEmbeddings
{
    private static readonly Lazy<IReadOnlyList<ReferenceSentence>> s_sentences = new(Load);

    public static IReadOnlyList<ReferenceSentence> Sentences => s_sentences.Value;

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private static IReadOnlyList<ReferenceSentence> Load()
    {
        using var stream = File.OpenRead(SharedData.DataPath("reference-embeddings", "all-MiniLM-L6-v2.json"));
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("sentences").EnumerateArray().Select(s => new ReferenceSentence(
            s.GetProperty("text").GetString()!,
            [.. s.GetProperty("token_ids").EnumerateArray().Select(e => e.GetInt32())],
            [.. s.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())]))];
    }
}
