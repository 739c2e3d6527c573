using Microsoft.Extensions.VectorData;
using RagApp.Core.Embeddings;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Sqlite;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Sqlite;

public sealed partial class SqliteChunkCollectionTests : IAsyncLifetime
{
    private static readonly string[] s_words = ["apple", "banana", "cherry", "durian", "elder", "fig", "grape", "honeydew"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ragapp-collection-" + Guid.NewGuid().ToString("N"));
    private readonly WordAxisEmbeddingGenerator _generator = new(s_words);
    private SqliteIndexStore _store = null!;
    private SqliteChunkCollection _collection = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteIndexStore(_folder);
        await _store.OpenAsync(new EncoderFingerprint("word-axis", "00", s_words.Length, "none", true, 64, "", "", "none"), Ct);
        _collection = new SqliteChunkCollection(_store, _generator);
        await _collection.UpsertAsync(
            [
                Record("fruit/apple.md", 0, "apple apple pie recipe", "md"),
                Record("fruit/banana.pdf", 0, "banana bread with a little apple", "pdf"),
                Record("fruit/cherry.md", 0, "cherry jam", "md"),
                Record("fruit/cherry.md", 1, "cherry and durian smoothie", "md"),
            ],
            Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _collection.Dispose();
        await _store.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task UpsertAsync_ThenGetAsync_RoundTripsAndReplacesById()
    {
        var updated = Record("fruit/cherry.md", 0, "cherry compote", "md");

        await _collection.UpsertAsync(updated, Ct);

        var withVector = await _collection.GetAsync(updated.Id, new RecordRetrievalOptions { IncludeVectors = true }, Ct);
        var withoutVector = await _collection.GetAsync(updated.Id, cancellationToken: Ct);
        Assert.Equal("cherry compote", withVector!.Text);
        Assert.Equal(_generator.Embed("cherry compote"), withVector.Vector.ToArray());
        Assert.True(withoutVector!.Vector.IsEmpty);
        Assert.Equal(4, (await _store.GetStatisticsAsync(Ct)).Chunks);
        Assert.Equal(["cherry compote"], (await _collection.SearchAsync(_generator.Embed("cherry"), 1, cancellationToken: Ct).ToListAsync(Ct)).Select(r => r.Record.Text));
    }

    [Fact]
    public async Task DeleteAsync_Key_RemovesRecord()
    {
        await _collection.DeleteAsync(Id("fruit/cherry.md", 0), Ct);

        Assert.Null(await _collection.GetAsync(Id("fruit/cherry.md", 0), cancellationToken: Ct));
        Assert.NotNull(await _collection.GetAsync(Id("fruit/cherry.md", 1), cancellationToken: Ct));
        Assert.DoesNotContain(
            await _collection.SearchAsync("cherry", 10, cancellationToken: Ct).ToListAsync(Ct),
            r => r.Record.Id == Id("fruit/cherry.md", 0));
    }

    [Fact]
    public async Task SearchAsync_StringVectorAndArrayInput_SameRanking()
    {
        var byText = await _collection.SearchAsync("banana", 2, cancellationToken: Ct).ToListAsync(Ct);
        var byMemory = await _collection.SearchAsync(new ReadOnlyMemory<float>(_generator.Embed("banana")), 2, cancellationToken: Ct).ToListAsync(Ct);
        var byArray = await _collection.SearchAsync(_generator.Embed("banana"), 2, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("fruit/banana.pdf", byText[0].Record.Source);
        Assert.True(_generator.LastCallWasQuery);
        Assert.Equal(byText.Select(r => r.Record.Id), byMemory.Select(r => r.Record.Id));
        Assert.Equal(byText.Select(r => r.Record.Id), byArray.Select(r => r.Record.Id));
        Assert.True(byText[0].Score > byText[1].Score);
    }

    [Fact]
    public async Task SearchAsync_SourceAndFileTypeFilters_Applied()
    {
        var source = "fruit/cherry.md";

        var bySource = await _collection.SearchAsync("apple", 10, new() { Filter = r => r.Source == source }, Ct).ToListAsync(Ct);
        var byType = await _collection.SearchAsync("apple", 10, new() { Filter = r => "pdf" == r.FileType }, Ct).ToListAsync(Ct);
        var both = await _collection.SearchAsync("apple", 10, new() { Filter = r => r.FileType == "md" && r.Source == "fruit/apple.md" }, Ct).ToListAsync(Ct);
        var contradiction = await _collection.SearchAsync("apple", 10, new() { Filter = r => r.Source == "a" && r.Source == "b" }, Ct).ToListAsync(Ct);

        Assert.Equal([source, source], bySource.Select(r => r.Record.Source));
        Assert.Equal(["fruit/banana.pdf"], byType.Select(r => r.Record.Source));
        Assert.Equal(["fruit/apple.md"], both.Select(r => r.Record.Source));
        Assert.Empty(contradiction);
    }

    [Fact]
    public async Task SearchAsync_UnsupportedFilter_ThrowsNotSupportedWithExplanation()
    {
        var ex = await Assert.ThrowsAsync<NotSupportedException>(
            () => _collection.SearchAsync("apple", 10, new() { Filter = r => r.Ordinal > 0 }, Ct).ToListAsync(Ct).AsTask());

        Assert.Contains("r.Source == value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_Filter_ReturnsMatchingRecordsInOrder()
    {
        var records = await _collection.GetAsync(r => r.Source == "fruit/cherry.md", 10, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(["cherry jam", "cherry and durian smoothie"], records.Select(r => r.Text));
    }

    private static string Id(string source, int ordinal) => $"{source}#{ordinal}";

    private ChunkRecord Record(string source, int ordinal, string text, string fileType) => new()
    {
        Id = Id(source, ordinal),
        Source = source,
        Ordinal = ordinal,
        Text = text,
        Title = Path.GetFileNameWithoutExtension(source),
        FileType = fileType,
        EmbeddingHash = "h-" + text,
        Vector = _generator.Embed(text),
    };
}
