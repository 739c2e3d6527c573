using RagApp.Core.Embeddings;
using Microsoft.Extensions.AI;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Fakes;

/// <summary>
/// Deterministic hash-based encoder: each word (stem as <see cref="KeywordMatch"/> sees it) adds 1 to a dimension
/// chosen by its FNV-1a hash, and the vector is normalised, so texts sharing words are similar. Texts in
/// <see cref="Overrides"/> get the given vector instead, to shape dense rankings in tests.
/// </summary>
public sealed class TestEmbeddingGenerator(int dimensions = 64) : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Vectors for exact texts (normalised on use).</summary>
    public Dictionary<string, float[]> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call: the inputs and the options.</summary>
    public List<(IReadOnlyList<string> Inputs, EmbeddingGenerationOptions? Options)> Calls { get; } = [];

    public int Dimensions => dimensions;

    /// <summary>When set, embedding waits for it to complete: an encoder still loading.</summary>
    public Task? Loading { get; set; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var inputs = values.ToList();
        Calls.Add((inputs, options));
        if (Loading is { } loading)
        {
            await loading.WaitAsync(cancellationToken);
        }

        return new GeneratedEmbeddings<Embedding<float>>(inputs.Select(text => new Embedding<float>(Embed(text))));
    }

    /// <summary>The vector this generator gives <paramref name="text"/>.</summary>
    public float[] Embed(string text)
    {
        var vector = Overrides.TryGetValue(text, out var fixedVector) ? (float[])fixedVector.Clone() : HashWords(text);
        return Normalize(vector);
    }

    public static float[] Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm == 0)
        {
            vector[0] = 1;
            return vector;
        }

        return [.. vector.Select(x => x / norm)];
    }

    /// <summary>What <see cref="GetService"/> gives for <see cref="IEncoderInfo"/>, as the real encoder gives itself.</summary>
    public IEncoderInfo? Encoder { get; init; }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(Encoder) ? Encoder : null;

    public void Dispose()
    {
    }

    private float[] HashWords(string text)
    {
        var vector = new float[dimensions];
        foreach (var word in KeywordMatch.Words(text))
        {
            var hash = 2166136261u;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            vector[hash % (uint)dimensions] += 1;
        }

        return vector;
    }
}
