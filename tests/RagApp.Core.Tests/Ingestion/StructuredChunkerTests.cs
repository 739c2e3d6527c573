using Microsoft.Extensions.Options;
using RagApp.Core.Documents;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using Xunit;

namespace RagApp.Core.Tests.Ingestion;

public sealed class StructuredChunkerTests
{
    private static StructuredChunker CreateChunker(FakeEncoderInfo encoder, int chunkTokens = 0, int overlapTokens = 0) =>
        new(encoder, Microsoft.Extensions.Options.Options.Create(new IngestionOptions { ChunkTokens = chunkTokens, OverlapTokens = overlapTokens }));

    private static string Words(string stem, int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => $"{stem}{i}"));

    private static DocumentSection Body(string text, int? page = null, params string[] path) => new(text, page, path);

    private static DocumentSection Heading(params string[] path) => new(path[^1], null, path, IsHeading: true);

    [Fact]
    public void Chunk_EmptyDocument_ReturnsNoChunks()
    {
        var chunks = CreateChunker(new FakeEncoderInfo(128)).Chunk(new ExtractedDocument("Empty", "text", []));

        Assert.Empty(chunks);
    }

    [Fact]
    public void Chunk_SectionUnderHeadings_EmbeddingTextStartsWithTitleAndHeadingPath()
    {
        var document = new ExtractedDocument("Starter Guide", "markdown",
        [
            Heading("Starter Guide"),
            Heading("Starter Guide", "Feeding"),
            Body("Feed it twice a day.", null, "Starter Guide", "Feeding"),
        ]);

        var chunk = Assert.Single(CreateChunker(new FakeEncoderInfo(128)).Chunk(document));

        Assert.Equal("Feed it twice a day.", chunk.Text);
        Assert.Equal("Starter Guide > Feeding\n\nFeed it twice a day.", chunk.EmbeddingText);
        Assert.Equal("Starter Guide > Feeding", chunk.Section);
        Assert.Null(chunk.Page);
    }

    [Fact]
    public void Chunk_MonsterSentenceAndWord_EveryChunkFitsWindowAndNothingIsLost()
    {
        var encoder = new FakeEncoderInfo(40);
        var monsterWord = new string('x', 1000);
        var text = $"{Words("alpha", 300)} {monsterWord} end. Short sentence here.\n\nSecond paragraph. {Words("beta", 90)}";
        var document = new ExtractedDocument(Words("title", 30), "text", [Body(text)]);

        var chunks = CreateChunker(encoder).Chunk(document);

        Assert.All(chunks, c => Assert.True(encoder.CountTokens(c.EmbeddingText) <= encoder.MaxPassageTokens, c.EmbeddingText));
        Assert.Equal(Squash(text), Squash(string.Concat(chunks.Select(c => c.Text))));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public void Chunk_SmallParagraphsOnTwoPages_OneChunkWithPageRange()
    {
        var document = new ExtractedDocument("Guide", "pdf", [Body("On page one.", 1), Body("On page two.", 2)], 2);

        var chunk = Assert.Single(CreateChunker(new FakeEncoderInfo(128)).Chunk(document));

        Assert.Equal((1, 2), (chunk.Page, chunk.PageEnd));
        Assert.Equal("On page one.\n\nOn page two.", chunk.Text);
    }

    [Fact]
    public void Chunk_TwoHeadings_NeverShareAChunkOrOverlap()
    {
        var document = new ExtractedDocument("Guide", "markdown",
        [
            Heading("A"), Body("Text of A.", null, "A"),
            Heading("B"), Body("Text of B.", null, "B"),
        ]);

        var chunks = CreateChunker(new FakeEncoderInfo(128), overlapTokens: 16).Chunk(document);

        Assert.Equal(["Text of A.", "Text of B."], chunks.Select(c => c.Text));
        Assert.Equal(["A", "B"], chunks.Select(c => c.Section));
    }

    [Fact]
    public void Chunk_LongSection_ConsecutiveChunksOverlap()
    {
        var paragraphs = Enumerable.Range(0, 12).Select(i => Body(Words($"p{i}w", 30)));
        var document = new ExtractedDocument("T", "text", [.. paragraphs]);

        var chunks = CreateChunker(new FakeEncoderInfo(256), chunkTokens: 100, overlapTokens: 8).Chunk(document);

        Assert.True(chunks.Count > 2);
        for (var i = 1; i < chunks.Count; i++)
        {
            var tail = chunks[i - 1].Text.Split(' ')[^1];
            Assert.StartsWith(tail, chunks[i].Text.Split("\n\n")[0].Split(' ')[^1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Chunk_LongTitle_PrefixIsCappedAndChunksFit()
    {
        var encoder = new FakeEncoderInfo(64);
        var document = new ExtractedDocument(Words("title", 200), "text", [Body(Words("body", 100))]);

        var chunks = CreateChunker(encoder).Chunk(document);

        Assert.All(chunks, c => Assert.True(encoder.CountTokens(c.EmbeddingText) <= 64));
        Assert.All(chunks, c => Assert.True(encoder.CountTokens(c.EmbeddingText[..c.EmbeddingText.IndexOf("\n\n", StringComparison.Ordinal)]) <= 16));
    }

    [Fact]
    public void Chunk_HeadingWithoutBody_KeepsItsText()
    {
        var document = new ExtractedDocument("T", "markdown", [Heading("Appendix"), Heading("Next"), Body("Body.", null, "Next")]);

        var chunks = CreateChunker(new FakeEncoderInfo(128)).Chunk(document);

        Assert.Equal(["Appendix", "Body."], chunks.Select(c => c.Text));
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
