namespace RagApp.Core.Retrieval;

/// <summary>The fusion weights chosen for one query and why.</summary>
/// <param name="Dense">Weight of the dense list.</param>
/// <param name="Keyword">Weight of the keyword list.</param>
/// <param name="Reasons">Short notes on what moved the weights (empty when the base weights were kept).</param>
public sealed record QueryWeights(double Dense, double Keyword, IReadOnlyList<string> Reasons);
