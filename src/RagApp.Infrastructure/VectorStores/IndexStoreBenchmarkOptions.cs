namespace RagApp.Infrastructure.VectorStores;

/// <summary>Size and shape of an <see cref="IndexStoreBenchmark"/> run.</summary>
public sealed class IndexStoreBenchmarkOptions
{
    /// <summary>Chunks to load. Default 100,000.</summary>
    public int Chunks { get; set; } = 100_000;

    /// <summary>Queries timed per method (dense, keyword, both). Default 200.</summary>
    public int Queries { get; set; } = 200;

    /// <summary>Vector dimensions. Default 384 (all-MiniLM-L6-v2).</summary>
    public int Dimensions { get; set; } = 384;

    /// <summary>Chunks per generated document (one transaction each). Default 20.</summary>
    public int ChunksPerDocument { get; set; } = 20;

    /// <summary>Words per chunk's text. Default 150 (about a 200-token chunk).</summary>
    public int WordsPerChunk { get; set; } = 150;

    /// <summary>Distinct words, drawn with a Zipf distribution; the most frequent are English stop words. Default 30,000.</summary>
    public int VocabularySize { get; set; } = 30_000;

    /// <summary>Words per keyword query (each query draws between half this and this). Default 8.</summary>
    public int WordsPerQuery { get; set; } = 8;

    /// <summary>Results asked for per search. Default 10 (hybrid asks more of each side, so use e.g. 50 to mimic it).</summary>
    public int Top { get; set; } = 10;

    /// <summary>Random seed, so runs are comparable.</summary>
    public int Seed { get; set; } = 42;
}
