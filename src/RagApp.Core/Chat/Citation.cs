namespace RagApp.Core.Chat;

/// <summary>A source an answer cites.</summary>
/// <param name="N">The number the answer uses for it (<c>[n]</c>), 1-based.</param>
/// <param name="Source">Document path relative to the folder it was ingested from.</param>
/// <param name="Page">1-based page for paged formats, else null.</param>
/// <param name="ChunkId">Id of the chunk the passage came from.</param>
/// <param name="Section">Heading path of the passage, empty when none.</param>
public sealed record Citation(int N, string Source, int? Page, string ChunkId, string Section);
