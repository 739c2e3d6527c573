namespace RagApp.Core.Ingestion;

/// <summary>One chunk cut from a document.</summary>
/// <param name="Ordinal">Position in the document, from 0.</param>
/// <param name="Text">The chunk's own text, shown to users and the LLM.</param>
/// <param name="EmbeddingText">What is embedded: title and heading path, then the text, so a chunk reading "it defaults to 5" is still findable.</param>
/// <param name="Page">1-based first page, or null for formats without pages.</param>
/// <param name="PageEnd">1-based last page, or null.</param>
/// <param name="HeadingPath">Headings above the chunk, outermost first.</param>
public sealed record DocumentChunk(int Ordinal, string Text, string EmbeddingText, int? Page, int? PageEnd, IReadOnlyList<string> HeadingPath)
{
    /// <summary>The heading path joined for display.</summary>
    public string Section => string.Join(" > ", HeadingPath);
}
