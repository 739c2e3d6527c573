#pragma warning disable SKEXP0001 // VectorStoreTextSearch is experimental; the test shows SK's text search works over our collection.
#pragma warning disable CS0618 // VectorStoreTextSearch's methods take the obsolete non-generic TextSearchOptions; the generic interface is used instead.
using Microsoft.Extensions.VectorData;
using Microsoft.SemanticKernel.Data;
using RagApp.Core.Retrieval;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores.Sqlite;

public sealed partial class SqliteChunkCollectionTests
{
    [Fact]
    public async Task HybridSearchAsync_DenseAndKeywordAgree_FusedFirst()
    {
        // Dense ranks apple.md first and banana.pdf second; keyword "bread apple" finds just these two, so each gets 1/61 + 1/62.
        var results = await _collection.HybridSearchAsync("apple", ["bread", "apple"], 3, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(3, results.Count);
        Assert.Equal(["fruit/apple.md", "fruit/banana.pdf"], results.Take(2).Select(r => r.Record.Source).Order());
        Assert.True(results[0].Score >= results[1].Score && results[1].Score > results[2].Score);
        Assert.Equal((1.0 / 61) + (1.0 / 62), results[0].Score!.Value, 6);
    }

    [Fact]
    public async Task HybridSearchAsync_KeywordOnlyMatch_StillFound()
    {
        var results = await _collection.HybridSearchAsync(_generator.Embed("apple"), ["jam"], 10, new HybridSearchOptions<ChunkRecord> { Filter = r => r.Source == "fruit/cherry.md" }, Ct).ToListAsync(Ct);

        Assert.Equal("cherry jam", results[0].Record.Text);
        Assert.All(results, r => Assert.Equal("fruit/cherry.md", r.Record.Source));
    }

    [Fact]
    public async Task VectorStoreTextSearch_OverCollection_ReturnsRightChunk()
    {
        var search = new VectorStoreTextSearch<ChunkRecord>(
            _collection,
            result => ((ChunkRecord)result).Text,
            result => new TextSearchResult(((ChunkRecord)result).Text) { Name = ((ChunkRecord)result).Source, Link = ((ChunkRecord)result).Id });
        ITextSearch<ChunkRecord> generic = search;

        var strings = await generic.SearchAsync("durian", new TextSearchOptions<ChunkRecord> { Top = 1 }, Ct);
        var results = await generic.GetTextSearchResultsAsync("banana", new TextSearchOptions<ChunkRecord> { Top = 1, Filter = r => r.FileType == "pdf" }, Ct);

        Assert.Equal(["cherry and durian smoothie"], await strings.Results.ToListAsync(Ct));
        var result = Assert.Single(await results.Results.ToListAsync(Ct));
        Assert.Equal("fruit/banana.pdf", result.Name);
        Assert.Equal("fruit/banana.pdf#0", result.Link);
    }

    [Fact]
    public async Task VectorStoreTextSearch_WithGenerator_PassesVectorAndFindsChunk()
    {
        var search = new VectorStoreTextSearch<ChunkRecord>(_collection, _generator, result => ((ChunkRecord)result).Text, result => new TextSearchResult(((ChunkRecord)result).Text));

        var strings = await ((ITextSearch<ChunkRecord>)search).SearchAsync("cherry jam", new TextSearchOptions<ChunkRecord> { Top = 1 }, Ct);

        Assert.Equal(["cherry jam"], await strings.Results.ToListAsync(Ct));
    }
}
