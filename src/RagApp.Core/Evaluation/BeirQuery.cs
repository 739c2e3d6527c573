namespace RagApp.Core.Evaluation;

/// <summary>One query of a BEIR set with its relevance judgements.</summary>
/// <param name="Id">The <c>_id</c>.</param>
/// <param name="Text">The query text.</param>
/// <param name="Relevance">Graded relevance by corpus id, from the qrels (scores of 0 or less mean not relevant).</param>
public sealed record BeirQuery(string Id, string Text, IReadOnlyDictionary<string, int> Relevance);
