using RagApp.Infrastructure.VectorStores;
using RagApp.Infrastructure.VectorStores.Sqlite;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores;

public sealed class IndexStoreBenchmarkTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ragapp-bench-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_SmallCorpus_LoadsEveryChunkAndTimesAllMethods()
    {
        var options = new IndexStoreBenchmarkOptions { Chunks = 250, ChunksPerDocument = 20, Queries = 6, Dimensions = 16, VocabularySize = 500 };
        await using var store = new SqliteIndexStore(_folder);
        var lines = new List<string>();

        var result = await new IndexStoreBenchmark(options).RunAsync(store, new SyncProgress(lines), TestContext.Current.CancellationToken);

        Assert.Equal(250, result.Chunks);
        Assert.Equal(13, result.Documents);
        var statistics = await store.GetStatisticsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(250, statistics.Chunks);
        Assert.True(result.LoadSeconds > 0 && result.ChunksPerSecond > 0);
        Assert.True(result.DenseP50Ms > 0 && result.DenseP95Ms >= result.DenseP50Ms);
        Assert.True(result.KeywordP50Ms > 0 && result.KeywordP95Ms >= result.KeywordP50Ms);
        Assert.True(result.BothP50Ms > 0 && result.BothP95Ms >= result.BothP50Ms);
        Assert.Contains(lines, l => l.StartsWith("loaded 250 chunks", StringComparison.Ordinal));
    }

    private sealed class SyncProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
