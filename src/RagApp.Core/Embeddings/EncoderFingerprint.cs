namespace RagApp.Core.Embeddings;

/// <summary>
/// Everything that changes the vectors an encoder makes. An index records it; opening the index with an encoder
/// of another fingerprint is refused, so vectors of two encoders are never mixed.
/// </summary>
public sealed record EncoderFingerprint(
    string ModelName,
    string ModelSha256,
    int Dimensions,
    string Pooling,
    bool Normalize,
    int MaxTokens,
    string QueryPrefix,
    string PassagePrefix,
    string Quantization)
{
    /// <summary>A stable one-line form, stored in the index and compared on open.</summary>
    public string Key =>
        $"{ModelName}|sha256:{ModelSha256}|dim:{Dimensions}|pool:{Pooling}|norm:{Normalize}|max:{MaxTokens}|q:{QueryPrefix}|p:{PassagePrefix}|quant:{Quantization}";

    /// <summary>Short form for messages and <c>status</c>.</summary>
    public string Describe() =>
        $"{ModelName} ({Dimensions} dims, {Pooling} pooling, {Quantization}, model sha256 {ModelSha256[..Math.Min(12, ModelSha256.Length)]})";
}
