namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>
/// Builds an FTS5 MATCH expression from any user text: every term is quoted as an FTS5 string (inner quotes
/// doubled), so operators, column filters, prefixes and parentheses in the text are plain words; terms are joined
/// with OR so BM25 ranks documents by the terms they share with the query.
/// </summary>
internal static class Fts5Query
{
    /// <summary>The MATCH expression, or null when the text has no searchable term.</summary>
    public static string? Build(string query) => Build(KeywordQueryTerms.Extract(query));

    /// <summary>The MATCH expression for these terms (any of them), or null when there are none.</summary>
    public static string? Build(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0)
        {
            return null;
        }

        return string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }
}
