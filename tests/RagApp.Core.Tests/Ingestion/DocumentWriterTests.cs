using RagApp.Core.Ingestion;
using RagApp.Core.Retrieval;
using RagApp.Core.Tests.Fakes;

namespace RagApp.Core.Tests.Ingestion;

public sealed class DocumentWriterTests
{
    [Fact]
    public async Task WriteAsync_SmallFileThenLargeOne_EachEmbeddingCallIsLabelledWithTheFileMostOfItsChunksComeFrom()
    {
        // A group holds whatever the reader had ready: here one chunk of a small file, then 300 of a large one. The
        // progress line said "embedding small.txt" for the whole group.
        var progress = new RecordingProgress();
        var writer = new DocumentWriter(new InMemoryIndexStore(), new TestEmbeddingGenerator());

        var counts = await writer.WriteAsync([Prepared("small.txt", 1), Prepared("large.txt", 300)], progress, TestContext.Current.CancellationToken);

        Assert.Equal([(1, 0), (300, 0)], counts);
        Assert.Equal(["large.txt", "large.txt"], progress.Starts);
        Assert.Equal([(256, "large.txt"), (45, "large.txt")], progress.Embeddings);
    }

    private static PreparedDocument Prepared(string source, int chunks)
    {
        var file = new SourceFile($"/docs/{source}", source);
        var manifest = new DocumentManifest(source, file.FullPath, 10, DateTimeOffset.UnixEpoch, new string('0', 64), chunks, "text", source, DateTimeOffset.UnixEpoch);
        var list = Enumerable.Range(0, chunks).Select(i => new DocumentChunk(i, $"{source} chunk {i}", $"{source} chunk {i}", null, null, [])).ToList();
        return new PreparedDocument(file, manifest, list, "txt", IsUpdate: false);
    }

    private sealed class RecordingProgress : IEmbeddingProgress
    {
        public List<string> Starts { get; } = [];

        public List<(int, string)> Embeddings { get; } = [];

        public void Starting(string source) => Starts.Add(source);

        public void Embedded(int count, string source) => Embeddings.Add((count, source));
    }
}
