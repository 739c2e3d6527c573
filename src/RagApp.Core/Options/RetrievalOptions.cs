using System.ComponentModel.DataAnnotations;

namespace RagApp.Core.Options;

/// <summary>How chunks are ranked for a query.</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    /// <summary><c>hybrid</c> (default), <c>dense</c> or <c>keyword</c>.</summary>
    [RegularExpression("^(hybrid|dense|keyword)$", ErrorMessage = "Retrieval:Mode must be hybrid, dense or keyword.")]
    public string Mode { get; set; } = "hybrid";

    /// <summary><see cref="Mode"/> as a <see cref="Retrieval.RetrievalMode"/>; hybrid when it names none.</summary>
    public Retrieval.RetrievalMode ParsedMode =>
        Enum.TryParse<Retrieval.RetrievalMode>(Mode, ignoreCase: true, out var parsed) ? parsed : Retrieval.RetrievalMode.Hybrid;

    /// <summary>Chunks returned. Default 5.</summary>
    [Range(1, 1000)]
    public int Top { get; set; } = 5;

    /// <summary>Candidates taken from each list before fusion. Default 50.</summary>
    [Range(1, 10000)]
    public int Candidates { get; set; } = 50;

    /// <summary>
    /// How the dense and keyword lists are fused in hybrid mode: <c>score</c> (default), a weighted sum of each list's
    /// scores rescaled to [0, 1] (<see cref="Retrieval.ScoreFusion"/>), or <c>rrf</c>, weighted reciprocal rank fusion
    /// (<see cref="Retrieval.ReciprocalRankFusion"/>), which looks at ranks only.
    /// </summary>
    [RegularExpression("^(score|rrf)$", ErrorMessage = "Retrieval:Fusion must be score or rrf.")]
    public string Fusion { get; set; } = "score";

    /// <summary>The k of reciprocal rank fusion, 1/(k + rank). Default 60.</summary>
    [Range(0, 10000)]
    public double RrfK { get; set; } = 60;

    /// <summary>Weight of the dense list in fusion. Default 3 with score fusion, 1 with rrf.</summary>
    [Range(0, 100)]
    public double? DenseWeight { get; set; }

    /// <summary>Weight of the keyword list in fusion. Default 1.</summary>
    [Range(0, 100)]
    public double? KeywordWeight { get; set; }

    /// <summary>True when <see cref="Fusion"/> is rank fusion.</summary>
    public bool UsesRankFusion => string.Equals(Fusion, "rrf", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The configured weights, or the defaults of the fusion in use. Score fusion gives dense three quarters by default:
    /// rescaled BM25 scores spread wider than rescaled cosine similarities, and on SciFact and both paraphrase sets a dense
    /// share of 0.7-0.8 did best (README, Retrieval quality).
    /// </summary>
    public (double Dense, double Keyword) FusionWeights() =>
        (DenseWeight ?? (UsesRankFusion ? 1.0 : 3.0), KeywordWeight ?? 1.0);

    /// <summary>Adapt the two weights to the query (quoted phrases, codes and rare terms favour keywords; long natural questions favour dense). Default true.</summary>
    public bool AdaptiveWeights { get; set; } = true;

    /// <summary>MMR trade-off between relevance (1) and diversity (0); 1 turns MMR off. Default 1.</summary>
    [Range(0, 1)]
    public double MmrLambda { get; set; } = 1.0;

    /// <summary>Cosine similarity below which a chunk is not used to ground an answer. Default 0.25.</summary>
    [Range(-1, 1)]
    public double MinRelevance { get; set; } = 0.25;
}
