using System.Security.Cryptography;
using System.Text;

namespace RagApp.Core.Ingestion;

/// <summary>SHA-256 hashes (lower-case hex) of files and texts: document identity and embedding-cache keys.</summary>
public static class ContentHash
{
    /// <summary>Hash of a stream's remaining bytes.</summary>
    public static async Task<string> OfStreamAsync(Stream stream, CancellationToken cancellationToken = default) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));

    /// <summary>Hash of a text's UTF-8 bytes.</summary>
    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
