namespace RagApp.Core.Retrieval;

/// <summary>Restricts a search to some documents.</summary>
/// <param name="SourceGlob">Glob over <see cref="ChunkRecord.Source"/> (<c>*</c>, <c>**</c>, <c>?</c>), or null for all.</param>
/// <param name="FileTypes">File types without the dot (<c>pdf</c>, <c>md</c>), or null for all.</param>
public sealed record SearchFilter(string? SourceGlob = null, IReadOnlyCollection<string>? FileTypes = null)
{
    /// <summary>True when the filter lets everything through.</summary>
    public bool IsEmpty => string.IsNullOrEmpty(SourceGlob) && (FileTypes is null || FileTypes.Count == 0);
}
