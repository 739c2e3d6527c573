using System.ComponentModel.DataAnnotations;

namespace RagApp.Core.Options;

/// <summary>How chunks are ranked for a query.</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    /// <summary><c>hybrid</c> (default), <c>dense</c> or <c>keyword</c>.</summary>
    [RegularExpression("^(hybrid|dense|keyword)$", ErrorMessage = "Retrieval:Mode must be hybrid, dense or keyword.")]
    public string Mode { get; set; } = "hybrid";

    /// <summary>Chunks returned. Default 5.</summary>
    [Range(1, 1000)]
    public int Top { get; set; } = 5;

    /// <summary>Candidates taken from each list before fusion. Default 50.</summary>
    [Range(1, 10000)]
    public int Candidates { get; set; } = 50;

    /// <summary>The k of reciprocal rank fusion, 1/(k + rank). Default 60.</summary>
    [Range(0, 10000)]
    public double RrfK { get; set; } = 60;

    /// <summary>Weight of the dense list in fusion. Default 1.</summary>
    [Range(0, 100)]
    public double DenseWeight { get; set; } = 1.0;

    /// <summary>Weight of the keyword list in fusion. Default 1.</summary>
    [Range(0, 100)]
    public double KeywordWeight { get; set; } = 1.0;

    /// <summary>Adapt the two weights to the query (quoted phrases, codes and rare terms favour keywords; long natural questions favour dense). Default true.</summary>
    public bool AdaptiveWeights { get; set; } = true;

    /// <summary>MMR trade-off between relevance (1) and diversity (0); 1 turns MMR off. Default 1.</summary>
    [Range(0, 1)]
    public double MmrLambda { get; set; } = 1.0;

    /// <summary>Cosine similarity below which a chunk is not used to ground an answer. Default 0.25.</summary>
    [Range(-1, 1)]
    public double MinRelevance { get; set; } = 0.25;
}
