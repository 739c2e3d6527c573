namespace RagApp.Infrastructure.Embeddings;

/// <summary>Input tensors of one batch, reused across the batches of a call (token types stay zero).</summary>
internal sealed class BatchBuffers(int cells)
{
    public long[] InputIds { get; } = new long[cells];

    public long[] AttentionMask { get; } = new long[cells];

    public long[] TokenTypes { get; } = new long[cells];
}
