using System.Numerics.Tensors;

namespace RagApp.Core.Retrieval;

/// <summary>Cosine similarity that answers null instead of throwing when a vector is missing or of another length.</summary>
internal static class VectorSimilarity
{
    public static double? Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b)
    {
        if (a.IsEmpty || a.Length != b.Length)
        {
            return null;
        }

        var value = TensorPrimitives.CosineSimilarity(a.Span, b.Span);
        return float.IsNaN(value) ? null : value;
    }
}
