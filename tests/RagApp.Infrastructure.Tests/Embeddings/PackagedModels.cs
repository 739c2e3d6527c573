using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>The ONNX bytes of an encoder packaged with the application.</summary>
internal static class PackagedModels
{
    public static byte[] Read(string name = "all-MiniLM-L6-v2")
    {
        var model = EncoderModelCatalog.Resolve(new EmbeddingOptions { Model = name });
        using var stream = model.OpenModel();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
