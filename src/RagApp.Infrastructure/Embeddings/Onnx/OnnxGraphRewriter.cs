using System.Runtime.InteropServices;
using System.Text;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// What the graph rewriters (<see cref="DynamicQuantizer"/>, <see cref="AttentionFuser"/>) share: copying a model with its
/// graph replaced, declaring the <c>com.microsoft</c> operator set they add nodes from, and encoding names and tensors.
/// </summary>
internal static class OnnxGraphRewriter
{
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>Rewrites a graph into a writer; null leaves the model unchanged.</summary>
    public delegate ProtoWriter? GraphRewrite(ReadOnlySpan<byte> graph);

    /// <summary>
    /// The model with its graph (<c>ModelProto.graph</c>) replaced by what <paramref name="rewrite"/> wrote, other fields
    /// copied byte for byte and the <c>com.microsoft</c> operator set imported; null when the rewrite returned null.
    /// The result is allocated once at its exact size: models are tens of MB, and every extra copy adds to the peak memory
    /// of the first run that needs the rewrite.
    /// </summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> model, GraphRewrite rewrite)
    {
        var kept = new List<Range>();
        ProtoWriter? graph = null;
        var graphAt = -1;
        var hasMicrosoftDomain = false;
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
                graph = rewrite(reader.ReadBytes());
                if (graph is null)
                {
                    return null;
                }

                graphAt = kept.Count;
                continue;
            }

            if (field == 8 && wire == ProtoReader.LengthDelimited)
            {
                hasMicrosoftDomain |= StringField(reader.ReadBytes(), 1) == MicrosoftDomain;
            }
            else
            {
                reader.Skip(wire);
            }

            kept.Add(new Range(start, reader.Position));
        }

        if (graph is null)
        {
            return null;
        }

        var header = new ProtoWriter(16);
        header.WriteLengthDelimitedHeader(7, graph.WrittenSpan.Length);
        var extra = new ProtoWriter();
        if (!hasMicrosoftDomain)
        {
            // ModelProto.opset_import: OperatorSetIdProto { domain = 1, version = 2 }.
            var opset = new ProtoWriter();
            opset.WriteStringField(1, MicrosoftDomain);
            opset.WriteVarintField(2, 1);
            extra.WriteBytesField(8, opset.WrittenSpan);
        }

        var modelLength = model.Length;
        var size = kept.Sum(r => r.GetOffsetAndLength(modelLength).Length) + header.WrittenSpan.Length + graph.WrittenSpan.Length + extra.WrittenSpan.Length;
        var result = new byte[size];
        var position = 0;
        for (var i = 0; i <= kept.Count; i++)
        {
            if (i == graphAt)
            {
                position = Append(result, position, header.WrittenSpan);
                position = Append(result, position, graph.WrittenSpan);
            }

            if (i < kept.Count)
            {
                position = Append(result, position, model[kept[i]]);
            }
        }

        Append(result, position, extra.WrittenSpan);
        return result;
    }

    private static int Append(byte[] result, int position, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(result.AsSpan(position));
        return position + bytes.Length;
    }

    /// <summary>
    /// Handles one length-delimited field of a graph: true when it wrote the field's replacement to
    /// <paramref name="writer"/> (or nothing, to drop it), false to have the field copied unchanged.
    /// </summary>
    public delegate bool FieldRewrite(int field, ReadOnlySpan<byte> payload, ProtoWriter writer);

    /// <summary>Copies a graph field by field, in order, through <paramref name="rewrite"/>.</summary>
    public static ProtoWriter CopyGraph(ReadOnlySpan<byte> graph, int capacity, FieldRewrite rewrite)
    {
        var writer = new ProtoWriter(capacity);
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
                writer.WriteRaw(reader.Since(start));
                continue;
            }

            if (!rewrite(field, reader.ReadBytes(), writer))
            {
                writer.WriteRaw(reader.Since(start));
            }
        }

        return writer;
    }

    /// <summary>The name of a <c>ValueInfoProto</c> (a graph input or output).</summary>
    public static string ValueInfoName(ReadOnlySpan<byte> valueInfo) => StringField(valueInfo, 1);

    /// <summary>Encodes a <c>TensorProto</c> with raw little-endian data.</summary>
    public static byte[] Tensor(string name, long[] dims, int dataType, ReadOnlySpan<byte> raw)
    {
        var writer = new ProtoWriter(raw.Length + 64);
        foreach (var dim in dims)
        {
            writer.WriteVarintField(1, dim);
        }

        writer.WriteVarintField(2, dataType);
        writer.WriteStringField(8, name);
        writer.WriteBytesField(9, raw);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Encodes a <c>NodeProto</c>: inputs (an empty name skips an optional input), outputs, name (none when empty),
    /// operator, attributes (encoded <c>AttributeProto</c>s), domain (none when empty), in the fields' own order.
    /// </summary>
    public static byte[] Node(string name, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, string domain = "", IEnumerable<byte[]>? attributes = null)
    {
        var writer = new ProtoWriter();
        foreach (var input in inputs)
        {
            writer.WriteStringField(1, input);
        }

        foreach (var output in outputs)
        {
            writer.WriteStringField(2, output);
        }

        if (name.Length > 0)
        {
            writer.WriteStringField(3, name);
        }

        writer.WriteStringField(4, opType);
        foreach (var attribute in attributes ?? [])
        {
            writer.WriteBytesField(5, attribute);
        }

        if (domain.Length > 0)
        {
            writer.WriteStringField(7, domain);
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Encodes a <c>ValueInfoProto</c> for an fp32 tensor (a graph input or output), of the given shape, or of any shape
    /// when no dimension is given: <c>{ name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_value = 1 } } } } }</c>.
    /// </summary>
    public static byte[] FloatValueInfo(string name, params long[] dims)
    {
        var tensor = new ProtoWriter();
        tensor.WriteVarintField(1, OnnxTensor.FloatType);
        if (dims.Length > 0)
        {
            var shape = new ProtoWriter();
            foreach (var size in dims)
            {
                var dim = new ProtoWriter();
                dim.WriteVarintField(1, size);
                shape.WriteBytesField(1, dim.WrittenSpan);
            }

            tensor.WriteBytesField(2, shape.WrittenSpan);
        }

        var type = new ProtoWriter();
        type.WriteBytesField(1, tensor.WrittenSpan);
        var info = new ProtoWriter();
        info.WriteStringField(1, name);
        info.WriteBytesField(2, type.WrittenSpan);
        return info.WrittenSpan.ToArray();
    }

    public static byte[] FloatTensor(string name, long[] dims, ReadOnlySpan<float> values) =>
        Tensor(name, dims, OnnxTensor.FloatType, MemoryMarshal.AsBytes(values));

    private static string StringField(ReadOnlySpan<byte> message, int wanted)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == wanted && wire == ProtoReader.LengthDelimited)
            {
                return Encoding.UTF8.GetString(reader.ReadBytes());
            }

            reader.Skip(wire);
        }

        return string.Empty;
    }
}
