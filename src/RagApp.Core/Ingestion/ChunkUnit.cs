namespace RagApp.Core.Ingestion;

/// <summary>A piece of a section that fits a chunk on its own: a paragraph, a sentence or a run of words.</summary>
/// <param name="Text">The piece's text.</param>
/// <param name="Tokens">Its word pieces.</param>
/// <param name="Page">The page it came from, if any.</param>
/// <param name="StartsParagraph">True when a blank line separates it from the piece before.</param>
internal readonly record struct ChunkUnit(string Text, int Tokens, int? Page, bool StartsParagraph);
