using RagApp.Core.Evaluation;
using RagApp.Core.Retrieval;
using Xunit;

namespace RagApp.Core.Tests.Evaluation;

public sealed class DocumentRankingTests
{
    private static RetrievedChunk Chunk(string source, int rank) =>
        new(new ChunkRecord { Id = $"{source}-{rank}", Source = source }, rank, 1.0 / rank, null, true);

    [Fact]
    public void FromChunks_SeveralChunksOfADocument_KeepsItsBestRank()
    {
        var ranking = DocumentRanking.FromChunks([Chunk("d1", 1), Chunk("d2", 2), Chunk("d1", 3), Chunk("d3", 4)], 10);

        Assert.Equal(["d1", "d2", "d3"], ranking);
    }

    [Fact]
    public void FromChunks_MoreDocumentsThanTop_StopsAtTop()
    {
        var ranking = DocumentRanking.FromChunks([Chunk("d1", 1), Chunk("d1", 2), Chunk("d2", 3), Chunk("d3", 4)], 2);

        Assert.Equal(["d1", "d2"], ranking);
    }
}
