using RagApp.Core.Retrieval;

namespace RagApp.Core.Tests.Fakes;

/// <summary>Builds chunk records for tests, embedded with a <see cref="TestEmbeddingGenerator"/>.</summary>
public static class TestChunks
{
    public static ChunkRecord Create(string id, string text, TestEmbeddingGenerator generator, string? source = null, int? page = null, float[]? vector = null) =>
        new()
        {
            Id = id,
            Source = source ?? id,
            Text = text,
            Title = source ?? id,
            Page = page,
            FileType = "md",
            EmbeddingHash = "hash-" + id,
            Vector = vector is null ? generator.Embed(text) : TestEmbeddingGenerator.Normalize(vector),
        };
}
