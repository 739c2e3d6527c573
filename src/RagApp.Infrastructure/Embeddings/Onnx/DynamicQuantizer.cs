namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>int8 dynamic quantisation of an ONNX model's MatMul weights.</summary>
internal static class DynamicQuantizer
{
    public static byte[] Quantize(byte[] model) =>
        throw new NotSupportedException("Embeddings:Quantization=int8 is not available in this build.");
}
