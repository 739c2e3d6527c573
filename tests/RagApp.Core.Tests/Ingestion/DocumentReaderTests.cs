using RagApp.Core.Documents;
using RagApp.Core.Ingestion;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Core.Tests.Fakes;

namespace RagApp.Core.Tests.Ingestion;

public sealed class DocumentReaderTests
{
    private static DocumentReader CreateReader() =>
        new(new ExtractorSelector([]), new StructuredChunker(new FakeEncoderInfo(254), Microsoft.Extensions.Options.Options.Create(new IngestionOptions())), new IngestionOptions());

    [Fact]
    public async Task ReadAsync_FileDeletedAfterListing_FailsWithOneLine()
    {
        using var temp = new TempFolder();
        var path = temp.File("gone.md");
        var summary = new IngestionSummary();

        var (work, outcome) = await CreateReader().ReadAsync(new SourceFile(path, "gone.md"), null, summary, TestContext.Current.CancellationToken);

        Assert.Null(work);
        var failure = Assert.Single(summary.Failed);
        Assert.Equal("gone.md", failure.Path);
        Assert.Equal("file disappeared before it could be read", failure.Error);
        Assert.StartsWith("failed", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SameBytesNewTime_OnlyTouchesTheManifest()
    {
        using var temp = new TempFolder();
        var path = temp.File("note.md");
        await File.WriteAllTextAsync(path, "# Note\n\nSome text.", TestContext.Current.CancellationToken);
        await using (var stream = File.OpenRead(path))
        {
            var hash = await ContentHash.OfStreamAsync(stream, TestContext.Current.CancellationToken);
            var known = new DocumentManifest("note.md", path, 1, DateTimeOffset.UnixEpoch, hash, 1, "markdown", "Note", DateTimeOffset.UnixEpoch);
            var summary = new IngestionSummary();

            var (work, outcome) = await CreateReader().ReadAsync(new SourceFile(path, "note.md"), known, summary, TestContext.Current.CancellationToken);

            Assert.IsType<TouchedDocument>(work);
            Assert.Equal("unchanged", outcome);
            Assert.Empty(summary.Failed);
        }
    }

    [Fact]
    public async Task ReadAsync_UnsupportedType_IsSkippedNotFailed()
    {
        using var temp = new TempFolder();
        var path = temp.File("photo.xyz");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4], TestContext.Current.CancellationToken);
        var summary = new IngestionSummary();

        var (work, _) = await CreateReader().ReadAsync(new SourceFile(path, "photo.xyz"), null, summary, TestContext.Current.CancellationToken);

        Assert.Null(work);
        Assert.Empty(summary.Failed);
        Assert.Equal("unsupported file type .xyz", Assert.Single(summary.Skipped).Reason);
    }
}
