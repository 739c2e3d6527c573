namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>Reads facts from an ONNX model's protobuf without loading it into ONNX Runtime.</summary>
internal static class OnnxModelInspector
{
    /// <summary>
    /// The hidden size: the last dimension of the first rank-3 graph output when it is a number, else the width of the
    /// word-embedding initializer (exporters often leave the output's hidden dimension symbolic); null when neither tells.
    /// </summary>
    public static int? ReadHiddenSize(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 7 && wire == ProtoReader.LengthDelimited)
            {
                return FromGraph(reader.ReadBytes());
            }

            reader.Skip(wire);
        }

        return null;
    }

    private static int? FromGraph(ReadOnlySpan<byte> graph)
    {
        int? fromOutput = null;
        int? fromEmbedding = null;
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 12 && wire == ProtoReader.LengthDelimited && fromOutput is null)
            {
                // GraphProto.output (ValueInfoProto).
                var dims = ShapeOf(reader.ReadBytes());
                if (dims.Count == 3 && dims[2] > 0)
                {
                    fromOutput = (int)dims[2];
                }
            }
            else if (field == 5 && wire == ProtoReader.LengthDelimited && fromEmbedding is null)
            {
                // GraphProto.initializer (TensorProto): dims = 1, name = 8.
                var tensor = new OnnxTensor(reader.ReadBytes());
                if (tensor.Name.EndsWith("word_embeddings.weight", StringComparison.Ordinal) && tensor.Dims.Count == 2)
                {
                    fromEmbedding = (int)tensor.Dims[1];
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return fromOutput ?? fromEmbedding;
    }

    // ValueInfoProto.type(2) -> TypeProto.tensor_type(1) -> shape(2) -> dim(1) -> dim_value(1); -1 for symbolic dims.
    private static List<long> ShapeOf(ReadOnlySpan<byte> valueInfo)
    {
        var dims = new List<long>();
        var type = Child(valueInfo, 2);
        var tensor = Child(type, 1);
        var shape = Child(tensor, 2);
        var reader = new ProtoReader(shape);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                var dim = new ProtoReader(reader.ReadBytes());
                long value = -1;
                while (dim.TryReadTag(out var dimField, out var dimWire))
                {
                    if (dimField == 1 && dimWire == ProtoReader.Varint)
                    {
                        value = (long)dim.ReadVarint();
                    }
                    else
                    {
                        dim.Skip(dimWire);
                    }
                }

                dims.Add(value);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return dims;
    }

    private static ReadOnlySpan<byte> Child(ReadOnlySpan<byte> message, int wanted)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == wanted && wire == ProtoReader.LengthDelimited)
            {
                return reader.ReadBytes();
            }

            reader.Skip(wire);
        }

        return default;
    }
}
