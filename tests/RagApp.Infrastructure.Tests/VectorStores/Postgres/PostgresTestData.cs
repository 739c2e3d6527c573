using System.Security.Cryptography;
using System.Text;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Postgres;

/// <summary>Small, deterministic chunks, manifests and vectors for the PostgreSQL store tests.</summary>
internal static class PostgresTestData
{
    public const int Dimensions = 8;

    public static EncoderFingerprint Fingerprint(string model = "test-encoder", int dimensions = Dimensions) =>
        new(model, "ab12cd34ef56ab12cd34ef56", dimensions, "mean", true, 256, "", "", "none");

    /// <summary>A unit vector close to axis <paramref name="axis"/>, turned slightly towards axis+1 by <paramref name="tilt"/>.</summary>
    public static float[] Vector(int axis, float tilt = 0f, int dimensions = Dimensions)
    {
        var vector = new float[dimensions];
        vector[axis % dimensions] = 1f;
        vector[(axis + 1) % dimensions] += tilt;
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }

    public static ChunkRecord Chunk(string source, int ordinal, string text, float[]? vector = null, int? page = null) => new()
    {
        Id = Hash($"{source}\n{ordinal}\n{text}")[..32],
        Source = source,
        Text = text,
        Title = Path.GetFileNameWithoutExtension(source),
        Section = ordinal == 0 ? "" : "Intro > Part " + ordinal,
        Page = page,
        PageEnd = page,
        Ordinal = ordinal,
        FileType = Path.GetExtension(source).TrimStart('.').ToLowerInvariant(),
        EmbeddingHash = Hash(text),
        Vector = vector ?? Vector(ordinal),
    };

    /// <summary>A document's manifest and chunks, one chunk per text (vector = axis of the ordinal, or given).</summary>
    public static (DocumentManifest Manifest, ChunkRecord[] Chunks) Document(string source, params string[] texts)
    {
        var chunks = texts.Select((text, i) => Chunk(source, i, text)).ToArray();
        return (Manifest(source, chunks.Length, Hash(string.Join("\n", texts))), chunks);
    }

    public static DocumentManifest Manifest(string source, int chunkCount, string? sha = null) => new(
        Source: source,
        FullPath: "/data/" + source,
        SizeBytes: 1234 + chunkCount,
        ModifiedUtc: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567),
        ContentSha256: sha ?? Hash(source),
        ChunkCount: chunkCount,
        Format: Path.GetExtension(source).TrimStart('.'),
        Title: Path.GetFileNameWithoutExtension(source),
        IngestedUtc: new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.FromHours(2)).AddTicks(7654321));

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
