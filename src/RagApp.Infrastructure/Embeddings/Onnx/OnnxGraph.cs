namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// An ONNX <c>GraphProto</c>, read once for the rewriters: its nodes, who produces and who reads each value, the
/// initializers (where each lies in the graph bytes, and the shapes of the fp32 matrices and vectors held inline), and
/// the graph's runtime inputs and outputs.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, OnnxNode> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OnnxNode>> _consumers = new(StringComparer.Ordinal);

    public List<OnnxNode> Nodes { get; } = [];

    /// <summary>Initializer name -> where its TensorProto lies in the graph bytes.</summary>
    public Dictionary<string, Range> Initializers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (long Rows, long Columns)> Matrices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Vectors { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Inputs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Outputs { get; } = new(StringComparer.Ordinal);

    public static OnnxGraph Read(ReadOnlySpan<byte> graph)
    {
        var g = new OnnxGraph();
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            var payload = reader.ReadBytes();
            switch (field)
            {
                case 1:
                    var node = new OnnxNode(payload);
                    g.Nodes.Add(node);
                    foreach (var output in node.Outputs)
                    {
                        g._producers[output] = node;
                    }

                    foreach (var input in node.Inputs.Distinct(StringComparer.Ordinal))
                    {
                        (g._consumers.TryGetValue(input, out var list) ? list : g._consumers[input] = []).Add(node);
                    }

                    break;
                case 5:
                    var tensor = new OnnxTensor(payload);
                    g.Initializers[tensor.Name] = new Range(reader.Position - payload.Length, reader.Position);
                    var count = tensor.Floats.Length;
                    if (tensor.Dims.Count == 2 && count == tensor.Dims[0] * tensor.Dims[1] && count > 0)
                    {
                        g.Matrices[tensor.Name] = (tensor.Dims[0], tensor.Dims[1]);
                    }
                    else if (tensor.Dims.Count == 1 && count == tensor.Dims[0] && count > 0)
                    {
                        g.Vectors[tensor.Name] = tensor.Dims[0];
                    }

                    break;
                case 11:
                    g.Inputs.Add(OnnxGraphRewriter.ValueInfoName(payload));
                    break;
                case 12:
                    g.Outputs.Add(OnnxGraphRewriter.ValueInfoName(payload));
                    break;
            }
        }

        // Old exports list initializers among the inputs too; those are not runtime inputs.
        g.Inputs.ExceptWith(g.Initializers.Keys);
        return g;
    }

    public OnnxNode? Producer(string name) => _producers.GetValueOrDefault(name);

    /// <summary>The nodes reading <paramref name="name"/>.</summary>
    public IReadOnlyList<OnnxNode> Consumers(string name) => _consumers.TryGetValue(name, out var readers) ? readers : [];

    /// <summary>The one node reading <paramref name="name"/>, besides nodes that read only its shape.</summary>
    public OnnxNode? OnlyConsumer(string name)
    {
        if (Outputs.Contains(name) || !_consumers.TryGetValue(name, out var readers))
        {
            return null;
        }

        var real = readers.Where(r => r is not { OpType: "Shape", Domain: "" }).ToList();
        return real.Count == 1 ? real[0] : null;
    }

    public ReadOnlySpan<float> Floats(string name, ReadOnlySpan<byte> graph) => new OnnxTensor(graph[Initializers[name]]).Floats;

    /// <summary>The value of a one-element fp32 constant (an initializer or a Constant node), or null.</summary>
    public float? Scalar(string name, ReadOnlySpan<byte> graph)
    {
        var tensor = Initializers.TryGetValue(name, out var range) ? new OnnxTensor(graph[range])
            : Producer(name) is { OpType: "Constant", Domain: "" } constant
              && constant.Attributes.TryGetValue("value", out var value) && value.Tensor is { } bytes ? new OnnxTensor(bytes)
            : default;
        return tensor.Floats.Length == 1 ? tensor.Floats[0] : null;
    }
}
