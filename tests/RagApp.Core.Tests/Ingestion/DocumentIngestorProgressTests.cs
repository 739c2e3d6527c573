using Microsoft.Extensions.Logging.Abstractions;
using RagApp.Core.Documents;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using RagApp.Core.Tests.Fakes;

namespace RagApp.Core.Tests.Ingestion;

public sealed class DocumentIngestorProgressTests
{
    [Fact]
    public async Task IngestAsync_TwoFiles_ReportsWhichFileIsReadAndWhichIsEmbeddedBeforeEachIsDone()
    {
        using var temp = new TempFolder();
        var docs = await TwoTextFilesAsync(temp);
        var ingestor = CreateIngestor(new FakeEncoderInfo(254));
        var reports = new List<IngestionProgress>();

        var summary = await ingestor.IngestAsync([docs], new Recorder(reports), TestContext.Current.CancellationToken);

        Assert.Equal(2, summary.Added);
        List<IngestionProgress> seen;
        lock (reports)
        {
            seen = [.. reports];
        }

        // Each file is named as being read before any report counts it done, and the embedding of the group is named
        // (by its first file) before the chunks are counted.
        foreach (var source in new[] { "a.txt", "b.txt" })
        {
            var read = seen.FindIndex(p => p.Reading == source);
            var done = seen.FindIndex(p => p.CurrentFile == source && p.FilesDone > 0 && p.Reading != source && p.Embedding is null);
            Assert.InRange(read, 0, int.MaxValue);
            Assert.True(done > read, $"{source}: read at {read}, done at {done}");
        }

        var embedding = seen.FindIndex(p => p.Embedding is not null);
        var embedded = seen.FindIndex(p => p.ChunksEmbedded > 0);
        Assert.InRange(embedding, 0, embedded - 1);
        Assert.All(seen.Where(p => p.Embedding is not null), p => Assert.Equal(0, p.FilesDone));

        // At the end nothing is being read or embedded any more.
        var last = seen[^1];
        Assert.Null(last.Reading);
        Assert.Null(last.Embedding);
        Assert.Equal(2, seen.Max(p => p.FilesDone));
    }

    [Fact]
    public async Task IngestAsync_StartsLoadingTheEncoderForFilesItExtracts_NotForUnchangedOnes()
    {
        using var temp = new TempFolder();
        var docs = await TwoTextFilesAsync(temp);
        var encoder = new FakeEncoderInfo(254);
        var ingestor = CreateIngestor(encoder);

        await ingestor.IngestAsync([docs], cancellationToken: TestContext.Current.CancellationToken);
        var afterFirstRun = encoder.LoadingStarts;
        var second = await ingestor.IngestAsync([docs], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, afterFirstRun);
        Assert.Equal(2, second.Unchanged);
        Assert.Equal(2, encoder.LoadingStarts);
    }

    private static async Task<string> TwoTextFilesAsync(TempFolder temp)
    {
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "a.txt"), "Alpha text about kilns.", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(docs, "b.txt"), "Beta text about glazes.", TestContext.Current.CancellationToken);
        return docs;
    }

    /// <summary>An ingestor over an in-memory store whose encoder reports itself (as the real one does) as <paramref name="encoder"/>.</summary>
    private static DocumentIngestor CreateIngestor(FakeEncoderInfo encoder)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new IngestionOptions());
        return new DocumentIngestor(
            new InMemoryIndexStore(),
            new ExtractorSelector([new WholeFileExtractor()]),
            new StructuredChunker(encoder, options),
            new TestEmbeddingGenerator { Encoder = encoder },
            options,
            NullLogger<DocumentIngestor>.Instance);
    }

    /// <summary>Reads a .txt file as one section.</summary>
    private sealed class WholeFileExtractor : IDocumentExtractor
    {
        public string Format => "text";

        public bool CanExtract(string extension, ReadOnlySpan<byte> header) => extension == ".txt";

        public async Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
        {
            using var reader = new StreamReader(content);
            var text = await reader.ReadToEndAsync(cancellationToken);
            return new ExtractedDocument(Path.GetFileName(path), Format, [new DocumentSection(text, null, [])]);
        }
    }

    private sealed class Recorder(List<IngestionProgress> reports) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
