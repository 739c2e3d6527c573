using Microsoft.Extensions.Logging.Abstractions;
using RagApp.Core.Documents;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using RagApp.Core.Tests.Fakes;

namespace RagApp.Core.Tests.Ingestion;

public sealed class DocumentIngestorTests
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
        // The file being embedded is not counted done yet (whether the two files share a batch depends on timing: a.txt
        // may be embedded and done before b.txt is read).
        Assert.All(seen.Where(p => p.Embedding is not null), p => Assert.True(p.FilesDone < p.FilesTotal, p.ToString()));

        // At the end nothing is being read or embedded any more.
        var last = seen[^1];
        Assert.Null(last.Reading);
        Assert.Null(last.Embedding);
        Assert.Equal(2, seen.Max(p => p.FilesDone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IngestAsync_EncoderNotLoaded_ReportsTheEmbeddingAsWaitingForIt(bool loaded)
    {
        using var temp = new TempFolder();
        var docs = await TwoTextFilesAsync(temp);
        var reports = new List<IngestionProgress>();

        await CreateIngestor(new FakeEncoderInfo(254) { IsLoaded = loaded }).IngestAsync([docs], new Recorder(reports), TestContext.Current.CancellationToken);

        List<IngestionProgress> embedding;
        lock (reports)
        {
            embedding = [.. reports.Where(p => p.Embedding is not null)];
        }

        Assert.NotEmpty(embedding);
        Assert.All(embedding, p => Assert.Equal(!loaded, p.LoadingEncoder));
        Assert.All(reports.Where(p => p.Embedding is null), p => Assert.False(p.LoadingEncoder));
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

    [Fact]
    public async Task IngestAsync_FolderAndItsSubfolder_StoresEachFileOnceUnderTheOuterName()
    {
        using var temp = new TempFolder();
        var docs = await TwoTextFilesAsync(temp);
        var sub = Directory.CreateDirectory(Path.Combine(docs, "sub")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sub, "c.txt"), "Gamma text about cones.", TestContext.Current.CancellationToken);
        var store = new InMemoryIndexStore();

        var summary = await CreateIngestor(new FakeEncoderInfo(254), store).IngestAsync([sub, docs, docs], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["a.txt", "b.txt", "sub/c.txt"], await SourcesAsync(store));
        Assert.Equal([(sub, $"inside {docs}, which is ingested too"), (docs, "given more than once")], summary.Skipped.Select(s => (s.Path, s.Reason)));
        Assert.Empty(summary.Failed);
    }

    [Fact]
    public async Task IngestAsync_LinkToAFileOfTheTree_StoresTheFileOnceUnderItsOwnName_AndForgetsTheLinkNameStoredBefore()
    {
        using var temp = new TempFolder();
        var docs = await TwoTextFilesAsync(temp);
        var link = Path.Combine(docs, "0-latest.txt"); // listed before b.txt
        File.CreateSymbolicLink(link, "b.txt");
        var store = new InMemoryIndexStore();
        var ingestor = CreateIngestor(new FakeEncoderInfo(254), store);
        await ingestor.IngestAsync([link], cancellationToken: TestContext.Current.CancellationToken);

        var summary = await ingestor.IngestAsync([docs], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["a.txt", "b.txt"], await SourcesAsync(store));
        var skip = Assert.Single(summary.Skipped);
        Assert.Equal(("0-latest.txt", "the same file as b.txt"), (skip.Path, skip.Reason));
        Assert.Equal(1, summary.Removed);
    }

    [Fact]
    public async Task IngestAsync_LinksOfOneNameInTwoFoldersToTheSameFile_SkipsBoth()
    {
        // Two skipped names can be the same source ("l.txt" from a and from b): one may not shadow the other.
        using var temp = new TempFolder();
        var a = Directory.CreateDirectory(temp.File("a")).FullName;
        var b = Directory.CreateDirectory(temp.File("b")).FullName;
        await File.WriteAllTextAsync(Path.Combine(a, "real.txt"), "Delta text about saggars.", TestContext.Current.CancellationToken);
        File.CreateSymbolicLink(Path.Combine(a, "l.txt"), "real.txt");
        File.CreateSymbolicLink(Path.Combine(b, "l.txt"), Path.Combine(a, "real.txt"));
        var store = new InMemoryIndexStore();

        var summary = await CreateIngestor(new FakeEncoderInfo(254), store).IngestAsync([a, b], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["real.txt"], await SourcesAsync(store));
        Assert.Equal([("l.txt", "the same file as real.txt"), ("l.txt", "the same file as real.txt")], summary.Skipped.Select(s => (s.Path, s.Reason)));
    }

    [Fact]
    public async Task IngestAsync_FileStoredFromItsOwnFolderBefore_IsKeptOnceUnderTheNewName_UnlessItFailsToRead()
    {
        using var temp = new TempFolder();
        var docs = await TwoTextFilesAsync(temp);
        var sub = Directory.CreateDirectory(Path.Combine(docs, "sub")).FullName;
        var file = Path.Combine(sub, "c.txt");
        await File.WriteAllTextAsync(file, "Gamma text about cones.", TestContext.Current.CancellationToken);
        var store = new InMemoryIndexStore();
        var ingestor = CreateIngestor(new FakeEncoderInfo(254), store);
        await ingestor.IngestAsync([sub], cancellationToken: TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;

        // Now unreadable: sub/c.txt fails, so c.txt, the only copy stored, stays.
        await File.WriteAllTextAsync(file, WholeFileExtractor.Unreadable, ct);
        var failing = await ingestor.IngestAsync([docs], cancellationToken: ct);
        Assert.Equal(["a.txt", "b.txt", "c.txt"], await SourcesAsync(store));
        Assert.Equal(0, failing.Removed);

        await File.WriteAllTextAsync(file, "Gamma text about cones, revised.", ct);
        var renamed = await ingestor.IngestAsync([docs], cancellationToken: ct);
        Assert.Equal(["a.txt", "b.txt", "sub/c.txt"], await SourcesAsync(store));
        Assert.Equal(1, renamed.Removed);
    }

    [Fact]
    public async Task IngestAsync_SameNameFromAnotherFolderInALaterRun_FailsAndKeepsTheStoredFile_UnlessThatFileIsGone()
    {
        using var temp = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var y = Directory.CreateDirectory(temp.File("y")).FullName;
        var x = Directory.CreateDirectory(temp.File("x")).FullName;
        await File.WriteAllTextAsync(Path.Combine(y, "notes.txt"), "Notes about kilns.", ct);
        await File.WriteAllTextAsync(Path.Combine(x, "notes.txt"), "Notes about glazes.", ct);
        var store = new InMemoryIndexStore();
        var ingestor = CreateIngestor(new FakeEncoderInfo(254), store);
        await ingestor.IngestAsync([Path.Combine(y, "notes.txt")], cancellationToken: ct);

        var clash = await ingestor.IngestAsync([Path.Combine(x, "notes.txt")], cancellationToken: ct);

        var failure = Assert.Single(clash.Failed);
        Assert.Equal(Path.Combine(x, "notes.txt"), failure.Path);
        Assert.Contains($"taken in the index by {Path.Combine(y, "notes.txt")}", failure.Error, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(y, "notes.txt"), (await store.GetDocumentAsync("notes.txt", ct))!.FullPath);

        // Moved rather than copied: the stored file is gone, so the new one replaces it.
        File.Delete(Path.Combine(y, "notes.txt"));
        var moved = await ingestor.IngestAsync([Path.Combine(x, "notes.txt")], cancellationToken: ct);
        Assert.Empty(moved.Failed);
        Assert.Equal(Path.Combine(x, "notes.txt"), (await store.GetDocumentAsync("notes.txt", ct))!.FullPath);
    }

    [Fact]
    public async Task IngestAsync_FileEmptiedSinceStored_IsRemoved()
    {
        using var temp = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var docs = await TwoTextFilesAsync(temp);
        var store = new InMemoryIndexStore();
        var ingestor = CreateIngestor(new FakeEncoderInfo(254), store);
        await ingestor.IngestAsync([docs], cancellationToken: ct);

        await File.WriteAllBytesAsync(Path.Combine(docs, "a.txt"), [], ct);
        var summary = await ingestor.IngestAsync([docs], cancellationToken: ct);

        Assert.Equal(["b.txt"], await SourcesAsync(store));
        Assert.Equal(1, summary.Removed);
        Assert.Empty(summary.Skipped);
    }

    private static async Task<List<string>> SourcesAsync(InMemoryIndexStore store)
    {
        var sources = new List<string>();
        await foreach (var manifest in store.ListDocumentsAsync(TestContext.Current.CancellationToken))
        {
            sources.Add(manifest.Source);
        }

        return [.. sources.Order(StringComparer.Ordinal)];
    }

    private static async Task<string> TwoTextFilesAsync(TempFolder temp)
    {
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "a.txt"), "Alpha text about kilns.", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(docs, "b.txt"), "Beta text about glazes.", TestContext.Current.CancellationToken);
        return docs;
    }

    /// <summary>An ingestor over an in-memory store whose encoder reports itself (as the real one does) as <paramref name="encoder"/>.</summary>
    private static DocumentIngestor CreateIngestor(FakeEncoderInfo encoder, InMemoryIndexStore? store = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new IngestionOptions());
        return new DocumentIngestor(
            store ?? new InMemoryIndexStore(),
            new ExtractorSelector([new WholeFileExtractor()]),
            new StructuredChunker(encoder, options),
            new TestEmbeddingGenerator { Encoder = encoder },
            options,
            NullLogger<DocumentIngestor>.Instance);
    }

    /// <summary>Reads a .txt file as one section; fails on one whose text is <see cref="Unreadable"/>.</summary>
    private sealed class WholeFileExtractor : IDocumentExtractor
    {
        public const string Unreadable = "(unreadable)";

        public string Format => "text";

        public bool CanExtract(string extension, ReadOnlySpan<byte> header) => extension == ".txt";

        public async Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
        {
            using var reader = new StreamReader(content);
            var text = await reader.ReadToEndAsync(cancellationToken);
            if (text == Unreadable)
            {
                throw new DocumentExtractionException(path, "not a valid text file");
            }

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
