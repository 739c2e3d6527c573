using System.Text;
using Npgsql;
using NpgsqlTypes;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>Translates a <see cref="SearchFilter"/> into a SQL condition on the chunks table (alias <c>c</c>) with parameters.</summary>
internal static class PostgresFilterSql
{
    /// <summary>The condition, starting with <c> AND </c>, or empty; adds its parameters to <paramref name="command"/>.</summary>
    public static string Apply(SearchFilter? filter, NpgsqlCommand command)
    {
        if (filter is null || filter.IsEmpty)
        {
            return "";
        }

        var sql = new StringBuilder();
        if (!string.IsNullOrEmpty(filter.SourceGlob))
        {
            // Case is ignored (~*), as in the SQLite store; sources are stored with '/'.
            sql.Append(" AND c.source ~* @source_regex");
            command.Parameters.Add(new NpgsqlParameter("source_regex", NpgsqlDbType.Text) { Value = GlobToRegex(filter.SourceGlob) });
        }

        if (filter.FileTypes is { Count: > 0 } types)
        {
            var normalized = types.Select(t => t.Trim().TrimStart('.').ToLowerInvariant()).Distinct().ToArray();
            sql.Append(" AND c.file_type = ANY(@file_types)");
            command.Parameters.Add(new NpgsqlParameter("file_types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = normalized });
        }

        return sql.ToString();
    }

    /// <summary>
    /// A PostgreSQL regular expression (ARE) equal to the glob: <c>**</c> crosses folders (<c>**/</c> also matches no
    /// folder), <c>*</c> and <c>?</c> stay within one path segment, <c>\</c> counts as <c>/</c>; every other character
    /// is literal. A glob without <c>/</c> matches the file name in any folder, so <c>*.pdf</c> finds every PDF.
    /// </summary>
    public static string GlobToRegex(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        glob = glob.Replace('\\', '/');
        var regex = new StringBuilder(glob.Contains('/', StringComparison.Ordinal) ? "^" : "^(.*/)?");
        for (var i = 0; i < glob.Length; i++)
        {
            var ch = glob[i];
            if (ch == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slashFollows ? "(.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (ch == '*')
            {
                regex.Append("[^/]*");
            }
            else if (ch == '?')
            {
                regex.Append("[^/]");
            }
            else if (char.IsAsciiLetterOrDigit(ch) || ch > 127)
            {
                // Non-ASCII characters are literal in an ARE; a backslash before a letter or digit would start an escape.
                regex.Append(ch);
            }
            else
            {
                regex.Append('\\').Append(ch);
            }
        }

        return regex.Append('$').ToString();
    }
}
