using Npgsql;
using NpgsqlTypes;
using Pgvector;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.VectorStores.Postgres;

/// <summary>Dense (HNSW, cosine) and keyword (full-text) search over the chunks table.</summary>
internal sealed class PostgresSearch(PostgresSql sql, int dimensions, Func<CancellationToken, Task<NpgsqlConnection>> openAsync)
{
    /// <summary>pgvector's default candidate list; raised to <c>top</c> when more results are asked for.</summary>
    private const int MinEfSearch = 40;

    /// <summary>
    /// Nearest chunks by cosine distance on the HNSW index; score = 1 - distance (the cosine similarity).
    /// The search settings are set with <c>set_config(..., true)</c> in the same batch, which PostgreSQL runs as one
    /// implicit transaction, so they apply to this query only and cost no extra round trip.
    /// </summary>
    public async Task<IReadOnlyList<ScoredChunk>> DenseAsync(
        ReadOnlyMemory<float> queryVector, int top, SearchFilter? filter, CancellationToken cancellationToken)
    {
        CheckDimensions(queryVector, nameof(queryVector));
        if (top <= 0)
        {
            return [];
        }

        await using var connection = await openAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var settings = new NpgsqlBatchCommand(
            "SELECT set_config('hnsw.ef_search', @ef, true), set_config('hnsw.iterative_scan', @scan, true)");
        settings.Parameters.AddWithValue("ef", Math.Clamp(top, MinEfSearch, 1000).ToString());

        // With a filter, HNSW alone may find fewer than top matching rows among its candidates; pgvector 0.8's
        // iterative scan keeps searching until top rows pass the filter (in exact distance order).
        settings.Parameters.AddWithValue("scan", filter is null || filter.IsEmpty ? "off" : "strict_order");
        batch.BatchCommands.Add(settings);

        var search = new NpgsqlBatchCommand();
        using (var scratch = new NpgsqlCommand())
        {
            var filterSql = PostgresFilterSql.Apply(filter, scratch);
            search.CommandText = sql.DenseSearch(filterSql);
            foreach (var parameter in scratch.Parameters.ToArray())
            {
                scratch.Parameters.Remove(parameter);
                search.Parameters.Add(parameter);
            }
        }

        search.Parameters.AddWithValue("query", new Vector(queryVector));
        search.Parameters.AddWithValue("top", top);
        batch.BatchCommands.Add(search);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await ReadScoredAsync(reader, cancellationToken);
    }

    /// <summary>Chunks holding any of the query's words, best first by an IDF-weighted rank; empty for a query without words.</summary>
    public async Task<IReadOnlyList<ScoredChunk>> KeywordAsync(string query, int top, SearchFilter? filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tsQuery = PostgresKeywordQuery.Build(query);
        if (tsQuery is null || top <= 0)
        {
            return [];
        }

        await using var connection = await openAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = sql.KeywordSearch(PostgresFilterSql.Apply(filter, command));
        command.Parameters.Add(new NpgsqlParameter("terms", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = tsQuery.Split(" | ") });
        command.Parameters.AddWithValue("top", top);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadScoredAsync(reader, cancellationToken);
    }

    /// <summary>Throws when a vector's length is not the index's dimensions.</summary>
    public void CheckDimensions(ReadOnlyMemory<float> vector, string parameterName)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; the index holds {dimensions}.", parameterName);
        }
    }

    private static async Task<IReadOnlyList<ScoredChunk>> ReadScoredAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var results = new List<ScoredChunk>();
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new ScoredChunk(PostgresRows.ReadChunk(reader, withVector: true), reader.GetDouble(11)));
        }

        return results;
    }
}
