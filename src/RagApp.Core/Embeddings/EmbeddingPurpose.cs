using Microsoft.Extensions.AI;

namespace RagApp.Core.Embeddings;

/// <summary>
/// Tells an encoder whether it embeds a search query or a passage, since some models (snowflake-arctic-embed)
/// put a prefix before queries only. Carried in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>.
/// </summary>
public static class EmbeddingPurpose
{
    /// <summary>The key in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>.</summary>
    public const string PropertyName = "ragapp.purpose";

    public const string Query = "query";
    public const string Passage = "passage";

    /// <summary>Options that mark the inputs as search queries.</summary>
    public static EmbeddingGenerationOptions ForQuery() => Create(Query);

    /// <summary>Options that mark the inputs as passages (the default when no purpose is given).</summary>
    public static EmbeddingGenerationOptions ForPassage() => Create(Passage);

    /// <summary>True when <paramref name="options"/> mark the inputs as queries.</summary>
    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties
        && properties.TryGetValue(PropertyName, out var value)
        && string.Equals(value as string, Query, StringComparison.Ordinal);

    private static EmbeddingGenerationOptions Create(string purpose) =>
        new() { AdditionalProperties = new AdditionalPropertiesDictionary { [PropertyName] = purpose } };
}
