using Microsoft.Extensions.AI;
using RagApp.Core.Embeddings;

namespace RagApp.Infrastructure.Tests.VectorStores;

/// <summary>
/// A deterministic test encoder: each listed word owns one axis, the vector counts the words and is normalised.
/// Remembers whether the last call was marked as a query.
/// </summary>
public sealed class WordAxisEmbeddingGenerator(params string[] words) : IEmbeddingGenerator<string, Embedding<float>>
{
    public bool? LastCallWasQuery { get; private set; }

    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        LastCallWasQuery = EmbeddingPurpose.IsQuery(options);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));
    }

    public float[] Embed(string text)
    {
        var vector = new float[words.Length];
        foreach (var token in text.ToLowerInvariant().Split([' ', ',', '.', '?'], StringSplitOptions.RemoveEmptyEntries))
        {
            var axis = Array.IndexOf(words, token);
            if (axis >= 0)
            {
                vector[axis] += 1f;
            }
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return norm == 0 ? vector : vector.Select(x => x / norm).ToArray();
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, "word-axis", words.Length) : null;

    public void Dispose()
    {
    }
}
