using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores;

/// <summary>
/// Loads a store with synthetic chunks (random unit vectors; text drawn from a Zipf-distributed vocabulary whose most
/// frequent words are English stop words) and times dense, keyword and combined searches. The store must be empty
/// and not yet opened; the benchmark opens it with a synthetic fingerprint of the chosen dimensions.
/// </summary>
public sealed class IndexStoreBenchmark(IndexStoreBenchmarkOptions options)
{
    private static readonly string[] s_stopWords =
        ["the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "by", "this", "are", "or", "not"];

    private static readonly string[] s_syllables =
        ["ka", "lo", "mi", "ren", "tor", "sa", "vel", "ni", "dra", "pe", "qu", "zu", "bri", "fen", "gal", "ho", "jat", "lim", "nor", "pra", "sek", "tul", "vor", "wex"];

    /// <summary>Runs the benchmark; <paramref name="progress"/> receives one line per phase.</summary>
    public async Task<IndexStoreBenchmarkResult> RunAsync(IIndexStore store, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var random = new Random(options.Seed);
        var vocabulary = CreateVocabulary(random);
        var cumulative = ZipfCumulative(vocabulary.Length);
        var fingerprint = new EncoderFingerprint("benchmark-random", "0000", options.Dimensions, "none", true, 512, "", "", "none");
        await store.OpenAsync(fingerprint, cancellationToken);

        var documents = (options.Chunks + options.ChunksPerDocument - 1) / options.ChunksPerDocument;
        var load = Stopwatch.StartNew();
        for (var d = 0; d < documents; d++)
        {
            var source = $"docs/{d % 50}/doc{d}.{(d % 3 == 0 ? "pdf" : "md")}";
            var count = Math.Min(options.ChunksPerDocument, options.Chunks - (d * options.ChunksPerDocument));
            var chunks = new List<ChunkRecord>(count);
            for (var i = 0; i < count; i++)
            {
                var text = Sentence(random, vocabulary, cumulative, options.WordsPerChunk);
                chunks.Add(new ChunkRecord
                {
                    Id = $"{source}#{i}",
                    Source = source,
                    Ordinal = i,
                    Text = text,
                    Title = $"Document {d}",
                    Section = "",
                    FileType = source[(source.LastIndexOf('.') + 1)..],
                    EmbeddingHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
                    Vector = RandomUnitVector(random),
                });
            }

            await store.ReplaceDocumentAsync(
                new DocumentManifest(source, "/bench/" + source, 1, DateTimeOffset.UtcNow, "sha", count, "synthetic", $"Document {d}", DateTimeOffset.UtcNow),
                chunks,
                cancellationToken);
            if ((d + 1) % 500 == 0)
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"loaded {(d + 1) * options.ChunksPerDocument} chunks in {load.Elapsed.TotalSeconds:F1} s"));
            }
        }

        var loadSeconds = load.Elapsed.TotalSeconds;
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"loaded {options.Chunks} chunks in {loadSeconds:F1} s"));

        var queries = Enumerable.Range(0, options.Queries)
            .Select(_ => (Vector: RandomUnitVector(random), Text: Sentence(random, vocabulary, cumulative, random.Next(Math.Max(1, options.WordsPerQuery / 2), options.WordsPerQuery + 1))))
            .ToList();
        var first = Stopwatch.StartNew();
        await store.DenseSearchAsync(queries[0].Vector, options.Top, null, cancellationToken);
        var firstDenseMs = first.Elapsed.TotalMilliseconds;

        var dense = await TimeAsync(queries, q => store.DenseSearchAsync(q.Vector, options.Top, null, cancellationToken));
        var keyword = await TimeAsync(queries, q => store.KeywordSearchAsync(q.Text, options.Top, null, cancellationToken));
        var both = await TimeAsync(queries, q => Task.WhenAll(
            store.DenseSearchAsync(q.Vector, options.Top, null, cancellationToken),
            store.KeywordSearchAsync(q.Text, options.Top, null, cancellationToken)));
        progress?.Report("searches timed");

        return new IndexStoreBenchmarkResult(
            options.Chunks, documents, loadSeconds, firstDenseMs,
            Percentile(dense, 0.5), Percentile(dense, 0.95),
            Percentile(keyword, 0.5), Percentile(keyword, 0.95),
            Percentile(both, 0.5), Percentile(both, 0.95));
    }

    private static async Task<double[]> TimeAsync<T>(IReadOnlyList<T> queries, Func<T, Task> search)
    {
        var times = new double[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            var watch = Stopwatch.StartNew();
            await search(queries[i]);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        return times;
    }

    private static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private float[] RandomUnitVector(Random random)
    {
        var vector = new float[options.Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private string[] CreateVocabulary(Random random)
    {
        var words = new List<string>(s_stopWords);
        var seen = new HashSet<string>(words, StringComparer.Ordinal);
        while (words.Count < Math.Max(options.VocabularySize, s_stopWords.Length + 1))
        {
            var word = string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => s_syllables[random.Next(s_syllables.Length)]));
            if (seen.Add(word))
            {
                words.Add(word);
            }
        }

        return [.. words];
    }

    private static double[] ZipfCumulative(int count)
    {
        var cumulative = new double[count];
        var sum = 0.0;
        for (var rank = 0; rank < count; rank++)
        {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }

        return cumulative.Select(c => c / sum).ToArray();
    }

    private static string Sentence(Random random, string[] vocabulary, double[] cumulative, int words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble());
            text.Append(i == 0 ? "" : " ").Append(vocabulary[Math.Min(index < 0 ? ~index : index, vocabulary.Length - 1)]);
        }

        return text.ToString();
    }
}
