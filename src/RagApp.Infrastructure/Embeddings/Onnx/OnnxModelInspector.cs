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
        var graph = Graph(model);
        return graph.IsEmpty ? null : FromGraph(graph);
    }

    /// <summary>The bytes of the model's graph (<c>ModelProto.graph</c>), or empty when it has none.</summary>
    public static ReadOnlySpan<byte> Graph(ReadOnlySpan<byte> model)
    {
        var reader = new ProtoReader(model);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 7 && wire == ProtoReader.LengthDelimited)
            {
                return reader.ReadBytes();
            }

            reader.Skip(wire);
        }

        return default;
    }

    /// <summary>
    /// The multiply-add FLOPs per token of the MatMuls with constant weights (2·K·N each) and how many there are;
    /// for a BERT layer that is 2·(4·h² + 2·h·ffn) over 6 MatMuls.
    /// </summary>
    public static (double FlopsPerToken, int Count) ReadWeightMatMulCost(ReadOnlySpan<byte> model)
    {
        var graph = Graph(model);
        var weightInputs = new HashSet<string>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, (long K, long N)>(StringComparer.Ordinal);
        var graphReader = new ProtoReader(graph);
        while (graphReader.TryReadTag(out var field, out var wire))
        {
            if (wire != ProtoReader.LengthDelimited)
            {
                graphReader.Skip(wire);
                continue;
            }

            var payload = graphReader.ReadBytes();
            if (field == 1 && new OnnxNode(payload) is { OpType: "MatMul" or "DynamicQuantizeMatMul" } node && node.Inputs.Count >= 2)
            {
                weightInputs.Add(node.Inputs[1]);
            }
            else if (field == 5 && new OnnxTensor(payload) is { Dims.Count: 2 } tensor)
            {
                shapes[tensor.Name] = (tensor.Dims[0], tensor.Dims[1]);
            }
        }

        double flops = 0;
        var count = 0;
        foreach (var name in weightInputs)
        {
            if (shapes.TryGetValue(name, out var shape))
            {
                flops += 2.0 * shape.K * shape.N;
                count++;
            }
        }

        return (flops, count);
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
