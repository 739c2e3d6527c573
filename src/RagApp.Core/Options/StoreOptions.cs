using System.ComponentModel.DataAnnotations;

namespace RagApp.Core.Options;

/// <summary>Which store holds the chunks and vectors.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary><c>sqlite</c> (default: one file in the index folder) or <c>postgres</c> (PostgreSQL with pgvector).</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Store:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Connection string for <c>postgres</c>. A secret: set it through RAGAPP_Store__ConnectionString or user secrets.</summary>
    public string? ConnectionString { get; set; }
}
