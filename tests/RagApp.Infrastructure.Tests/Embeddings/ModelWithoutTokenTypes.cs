using System.Text;
using RagApp.Infrastructure.Embeddings.Onnx;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>
/// Rewrites a BERT ONNX model so that it has no <c>token_type_ids</c> input: the tensor is computed inside the graph as
/// <c>input_ids - input_ids</c> (all zeros, the same shape), so the model's vectors do not change.
/// </summary>
internal static class ModelWithoutTokenTypes
{
    public static byte[] Create(byte[] model)
    {
        var writer = new ProtoWriter(model.Length);
        var reader = new ProtoReader(model);
        while (true)
        {
            var start = reader.Position;
            if (!reader.TryReadTag(out var field, out var wire))
            {
                break;
            }

            if (field == 7 && wire == ProtoReader.LengthDelimited)
            {
                writer.WriteBytesField(7, RewriteGraph(reader.ReadBytes()));
                continue;
            }

            reader.Skip(wire);
            writer.WriteRaw(reader.Since(start));
        }

        return writer.WrittenSpan.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph)
    {
        var zeros = new ProtoWriter();
        zeros.WriteStringField(1, "input_ids");
        zeros.WriteStringField(1, "input_ids");
        zeros.WriteStringField(2, "token_type_ids");
        zeros.WriteStringField(3, "zero_token_types");
        zeros.WriteStringField(4, "Sub");

        var writer = new ProtoWriter(graph.Length);
        writer.WriteBytesField(1, zeros.WrittenSpan);
        var reader = new ProtoReader(graph);
        while (true)
        {
            var start = reader.Position;
            if (!reader.TryReadTag(out var field, out var wire))
            {
                break;
            }

            if (wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(wire);
            }
            else if (reader.ReadBytes() is var payload && field == 11 && NameOf(payload) == "token_type_ids")
            {
                continue;
            }

            writer.WriteRaw(reader.Since(start));
        }

        return writer.WrittenSpan.ToArray();
    }

    private static string NameOf(ReadOnlySpan<byte> valueInfo)
    {
        var reader = new ProtoReader(valueInfo);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                return Encoding.UTF8.GetString(reader.ReadBytes());
            }

            reader.Skip(wire);
        }

        return string.Empty;
    }
}
