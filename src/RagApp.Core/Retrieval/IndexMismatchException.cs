namespace RagApp.Core.Retrieval;

/// <summary>The index was built with another encoder (or a newer schema); the message says how to re-index.</summary>
public sealed class IndexMismatchException(string message, string? storedFingerprintKey = null) : Exception(message)
{
    /// <summary>The <see cref="Embeddings.EncoderFingerprint.Key"/> the index records, when the encoder is what differs.</summary>
    public string? StoredFingerprintKey { get; } = storedFingerprintKey;
}
