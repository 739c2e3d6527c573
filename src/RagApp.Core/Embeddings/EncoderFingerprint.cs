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

    /// <summary>
    /// The quantisation recorded in <paramref name="storedKey"/> when that key is this encoder's but for its quantisation
    /// (an index built from the same model with <c>Embeddings:Quantization</c> set otherwise); else null.
    /// </summary>
    public string? QuantizationIn(string storedKey)
    {
        ArgumentNullException.ThrowIfNull(storedKey);
        const string Marker = "|quant:";
        var at = storedKey.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var quantization = storedKey[(at + Marker.Length)..];
        return quantization != Quantization && (this with { Quantization = quantization }).Key == storedKey ? quantization : null;
    }

    /// <summary>Short form for messages and <c>status</c>.</summary>
    public string Describe() =>
        $"{ModelName} ({Dimensions} dims, {Pooling} pooling, {Quantization}, model sha256 {ModelSha256[..Math.Min(12, ModelSha256.Length)]})";
}
