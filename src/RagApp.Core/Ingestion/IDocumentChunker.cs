using RagApp.Core.Documents;

namespace RagApp.Core.Ingestion;

/// <summary>Cuts an extracted document into chunks that each fit the encoder's window.</summary>
public interface IDocumentChunker
{
    /// <summary>The chunks of <paramref name="document"/> in order; none for a document without text.</summary>
    IReadOnlyList<DocumentChunk> Chunk(ExtractedDocument document);
}
