using Microsoft.Extensions.Options;
using RagApp.Core.Documents;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using Xunit;

namespace RagApp.Core.Tests.Ingestion;

/// <summary>Editing one paragraph must not move every chunk boundary after it, or re-ingestion re-embeds the whole file.</summary>
public sealed class StructuredChunkerLocalityTests
{
    private static readonly StructuredChunker s_chunker =
        new(new FakeEncoderInfo(256), Microsoft.Extensions.Options.Options.Create(new IngestionOptions { ChunkTokens = 120, OverlapTokens = 8 }));

    private static List<DocumentSection> FlatParagraphs(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DocumentSection(Paragraph(i, 12 + (i * 7 % 20)), (i / 10) + 1, []))];

    private static string Paragraph(int index, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(w => $"para{index}word{w}")) + ".";

    [Fact]
    public void Chunk_SameInput_SameChunks()
    {
        var document = new ExtractedDocument("Doc", "pdf", FlatParagraphs(40), 4);

        var first = s_chunker.Chunk(document);
        var second = new StructuredChunker(new FakeEncoderInfo(256), Microsoft.Extensions.Options.Options.Create(new IngestionOptions { ChunkTokens = 120, OverlapTokens = 8 }))
            .Chunk(document);

        Assert.Equal(first, second, (a, b) => a.EmbeddingText == b.EmbeddingText && a.Page == b.Page && a.PageEnd == b.PageEnd);
    }

    [Fact]
    public void Chunk_OneParagraphGrows_OnlyNearbyChunksChange()
    {
        var sections = FlatParagraphs(80);
        var original = s_chunker.Chunk(new ExtractedDocument("Doc", "pdf", sections, 8));
        sections[20] = sections[20] with { Text = sections[20].Text + " " + Paragraph(999, 25) };

        var edited = s_chunker.Chunk(new ExtractedDocument("Doc", "pdf", sections, 8));

        var before = original.Select(c => c.EmbeddingText).ToHashSet();
        var changed = edited.Count(c => !before.Contains(c.EmbeddingText));
        Assert.True(original.Count >= 12, $"only {original.Count} chunks");
        Assert.InRange(changed, 1, 4);
        var untouched = original.TakeWhile(c => !c.Text.Contains("para20word", StringComparison.Ordinal)).Count();
        Assert.Equal(original.Take(untouched).Select(c => c.EmbeddingText), edited.Take(untouched).Select(c => c.EmbeddingText));
    }

    [Fact]
    public void Chunk_ParagraphEditedUnderOneHeading_OtherHeadingsChunksUnchanged()
    {
        List<DocumentSection> Build(string extra) =>
        [
            new("Mixing", null, ["Mixing"], IsHeading: true),
            new(Paragraph(1, 60) + extra, null, ["Mixing"]),
            new(Paragraph(2, 60), null, ["Mixing"]),
            new("Baking", null, ["Baking"], IsHeading: true),
            new(Paragraph(3, 60), null, ["Baking"]),
            new(Paragraph(4, 60), null, ["Baking"]),
        ];

        var original = s_chunker.Chunk(new ExtractedDocument("Doc", "markdown", Build(string.Empty)));
        var edited = s_chunker.Chunk(new ExtractedDocument("Doc", "markdown", Build(" " + Paragraph(9, 50))));

        Assert.Equal(original.Where(c => c.Section == "Baking").Select(c => c.EmbeddingText),
            edited.Where(c => c.Section == "Baking").Select(c => c.EmbeddingText));
        Assert.NotEqual(original.Where(c => c.Section == "Mixing").Select(c => c.EmbeddingText),
            edited.Where(c => c.Section == "Mixing").Select(c => c.EmbeddingText));
    }
}
