using Microsoft.Data.Sqlite;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Sqlite;

/// <summary>Keyword search: FTS5 BM25 over an OR of the query's quoted terms.</summary>
public sealed partial class SqliteIndexStore
{
    /// <summary>BM25 column weights: chunk text counts fully, the title and heading path (repeated in every chunk of a document) less.</summary>
    private const string Bm25 = "bm25(chunks_fts, 1.0, 0.5, 0.5)";

    /// <summary>
    /// In an index of at least <see cref="CommonTermMinimumChunks"/> chunks, a query term found in more than this share
    /// of them is left out when the query has rarer terms. Scoring each matching row is what costs (the posting lists
    /// themselves are cheap to walk), and such a term matches most rows while its BM25 weight is small. On BEIR SciFact
    /// (all terms kept: nDCG@10 0.6887) a share of 0.2 gives 0.6850 and halves the rows scored.
    /// </summary>
    private const double CommonTermShare = 0.2;

    private readonly Dictionary<string, long> _documentFrequencies = new(StringComparer.Ordinal);
    private long _frequenciesGeneration = -1;
    private long _frequenciesChunks;

    /// <summary>Below this many chunks every term is kept (search is fast anyway, and ranking stays plain BM25).</summary>
    internal int CommonTermMinimumChunks { get; set; } = 20_000;

    /// <inheritdoc/>
    public Task<IReadOnlyList<ScoredChunk>> KeywordSearchAsync(string query, int top, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        return KeywordSearchCoreAsync(query, top, filter is null || filter.IsEmpty ? null : new SearchFilterMatcher(filter), cancellationToken);
    }

    internal Task<IReadOnlyList<ScoredChunk>> KeywordSearchCoreAsync(string query, int top, SearchFilterMatcher? matcher, CancellationToken cancellationToken)
    {
        var terms = KeywordQueryTerms.Extract(query);
        if (terms.Count == 0 || top <= 0)
        {
            return Task.FromResult<IReadOnlyList<ScoredChunk>>([]);
        }

        return RunAsync(async connection =>
        {
            var match = Fts5Query.Build(await DropCommonTermsAsync(connection, terms, cancellationToken));
            if (match is null)
            {
                return [];
            }

            await using var command = connection.CreateCommand();
            var filterSql = "";
            if (matcher is not null)
            {
                // Re-registered per query: the function closes over this query's filter (one query at a time per connection).
                connection.CreateFunction("ragapp_filter", (string source, string fileType) => matcher.Matches(source, fileType), isDeterministic: true);
                filterSql = " AND EXISTS (SELECT 1 FROM chunks f WHERE f.row_id = chunks_fts.rowid AND ragapp_filter(f.source, f.file_type))";
            }

            // Rank row ids first and read only the winners' rows: joining before the sort would carry every match's
            // text and vector through the sorter.
            command.CommandText =
                $"WITH hits AS (SELECT rowid AS row_id, {Bm25} AS rank_score FROM chunks_fts WHERE chunks_fts MATCH $match{filterSql} " +
                $"ORDER BY rank_score LIMIT $top) " +
                $"SELECT {SqliteChunkRows.Columns}, -hits.rank_score FROM hits JOIN chunks c ON c.row_id = hits.row_id ORDER BY hits.rank_score;";
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$top", top);
            var results = new List<ScoredChunk>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                results.Add(new ScoredChunk(SqliteChunkRows.Read(reader), reader.GetDouble(12)));
            }

            return (IReadOnlyList<ScoredChunk>)results;
        }, cancellationToken);
    }

    /// <summary>The terms worth scoring (see <see cref="CommonTermShare"/>); document frequencies are cached per write generation.</summary>
    private async Task<IReadOnlyList<string>> DropCommonTermsAsync(SqliteConnection connection, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        if (terms.Count < 2)
        {
            return terms;
        }

        var generation = Convert.ToInt64(await SqliteSchema.ScalarAsync(
            connection, $"SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{SqliteSchema.GenerationKey}';", cancellationToken));
        if (generation != _frequenciesGeneration || _documentFrequencies.Count > 50_000)
        {
            _documentFrequencies.Clear();
            _frequenciesChunks = Convert.ToInt64(await SqliteSchema.ScalarAsync(connection, "SELECT count(*) FROM chunks;", cancellationToken));
            _frequenciesGeneration = generation;
        }

        if (_frequenciesChunks < CommonTermMinimumChunks)
        {
            return terms;
        }

        var frequencies = new long[terms.Count];
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH $term;";
        var parameter = count.Parameters.Add(new SqliteParameter { ParameterName = "$term" });
        for (var i = 0; i < terms.Count; i++)
        {
            if (!_documentFrequencies.TryGetValue(terms[i], out frequencies[i]))
            {
                parameter.Value = Fts5Query.Build([terms[i]]);
                frequencies[i] = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken));
                _documentFrequencies[terms[i]] = frequencies[i];
            }
        }

        var limit = CommonTermShare * _frequenciesChunks;
        var rare = terms.Where((_, i) => frequencies[i] > 0 && frequencies[i] <= limit).ToList();
        return rare.Count > 0 ? rare : terms.Where((_, i) => frequencies[i] > 0).ToList();
    }
}
