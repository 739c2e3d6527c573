using RagApp.Infrastructure.Embeddings.Onnx;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>
/// Rewrites a BERT ONNX model so that it has no <c>token_type_ids</c> input: the tensor is computed inside the graph as
/// <c>input_ids - input_ids</c> (all zeros, the same shape), so the model's vectors do not change.
/// </summary>
internal static class ModelWithoutTokenTypes
{
    public static byte[] Create(byte[] model) => OnnxGraphRewriter.Rewrite(model, RewriteGraph)!;

    private static ProtoWriter RewriteGraph(ReadOnlySpan<byte> graph)
    {
        var zeros = new ProtoWriter();
        zeros.WriteStringField(1, "input_ids");
        zeros.WriteStringField(1, "input_ids");
        zeros.WriteStringField(2, "token_type_ids");
        zeros.WriteStringField(3, "zero_token_types");
        zeros.WriteStringField(4, "Sub");

        var first = true;
        return OnnxGraphRewriter.CopyGraph(graph, graph.Length + 64, (field, payload, writer) =>
        {
            if (first)
            {
                first = false;
                writer.WriteBytesField(1, zeros.WrittenSpan);
            }

            // The input goes; the Sub node produces the tensor under the same name.
            return field == 11 && OnnxGraphRewriter.ValueInfoName(payload) == "token_type_ids";
        });
    }
}
