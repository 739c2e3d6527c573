using Microsoft.Extensions.DependencyInjection;
using RagApp.Core.Documents;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using RagApp.Infrastructure.Extraction;
using Xunit;

namespace RagApp.Infrastructure.Tests.Extraction;

/// <summary>Extraction and chunking together, counted with the real word-piece tokenizer: no chunk may exceed the window.</summary>
public sealed class ChunkingWithRealTokenizerTests
{
    private static StructuredChunker Chunker(MiniLmTokenCounter encoder, int chunkTokens = 0, int overlap = 32) =>
        new(encoder, Microsoft.Extensions.Options.Options.Create(new IngestionOptions { ChunkTokens = chunkTokens, OverlapTokens = overlap }));

    [Theory]
    [InlineData("sourdough-starter-handbook.pdf")]
    [InlineData("weekend-bread-schedule.md")]
    [InlineData("flour-notes.txt")]
    public async Task Chunk_SampleDocuments_FitTheWindowAndKeepPages(string name)
    {
        var encoder = new MiniLmTokenCounter(254);
        var selector = new ServiceCollection().AddDocumentExtractors().BuildServiceProvider().GetRequiredService<ExtractorSelector>();
        var document = await selector.ExtractAsync(SampleDocuments.PathOf(name), TestContext.Current.CancellationToken);

        var chunks = Chunker(encoder).Chunk(document!);

        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.InRange(encoder.CountTokens(c.EmbeddingText), 1, 254));
        Assert.All(chunks, c => Assert.StartsWith(document!.Title, c.EmbeddingText, StringComparison.Ordinal));
        if (document!.Format == "pdf")
        {
            var feeding = Assert.Single(chunks, c => c.Text.Contains("1:5:5 ratio", StringComparison.Ordinal));
            Assert.Equal(2, feeding.Page);
            Assert.Equal("Sourdough Starter Handbook > 2. Feeding Schedule", feeding.Section);
        }
    }

    [Fact]
    public void Chunk_HostileText_NeverExceedsTheWindowAndLosesNothing()
    {
        var encoder = new MiniLmTokenCounter(40);
        var hostile = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"Antidisestablishmentarianism{i}"))
            + " " + new string('x', 3000) + " " + string.Concat(Enumerable.Repeat("数据库", 300))
            + " " + string.Concat(Enumerable.Repeat("!?.,", 200)) + " 3.14159 e.g. Dr. Who.";
        var document = new ExtractedDocument("A rather long document title about sourdough starters and flour", "text",
            [new DocumentSection(hostile, null, ["Heading one", "Heading two with more words in it"])]);

        var chunks = Chunker(encoder, overlap: 0).Chunk(document);

        Assert.All(chunks, c => Assert.True(encoder.CountTokens(c.EmbeddingText) <= 40, $"{encoder.CountTokens(c.EmbeddingText)}: {c.EmbeddingText}"));
        Assert.Equal(Squash(hostile), Squash(string.Concat(chunks.Select(c => c.Text))));

        // The tokenizer reads a run of over 100 characters as one unknown token: counted so, 3,000 x's were one short unit.
        Assert.All(chunks, c => Assert.True(LongestRun(c.Text) <= 100, $"a run of {LongestRun(c.Text)} characters"));
        Assert.All(chunks, c => Assert.True(c.Text.Length <= 40 * 12, $"{c.Text.Length} characters"));
    }

    private static int LongestRun(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Length).DefaultIfEmpty(0).Max();

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
