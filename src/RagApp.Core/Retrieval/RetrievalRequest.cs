namespace RagApp.Core.Retrieval;

/// <summary>A search for chunks.</summary>
/// <param name="Query">The user's text, any characters.</param>
/// <param name="Top">Chunks wanted.</param>
/// <param name="Mode"><see cref="RetrievalMode"/>; null takes the configured mode.</param>
/// <param name="Filter">Restricts the documents searched; null for all.</param>
public sealed record RetrievalRequest(string Query, int Top, RetrievalMode? Mode = null, SearchFilter? Filter = null);
