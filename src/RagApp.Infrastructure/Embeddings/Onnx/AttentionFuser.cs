namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// Rewrites each self-attention block of a BERT-style export into ONNX Runtime's fused <c>com.microsoft.Attention</c>:
/// the three projections become one product with the Q, K and V weights side by side, and the head split, scaled
/// scores, padding mask, softmax, weighted sum and head merge run inside one kernel instead of about twenty nodes
/// (bias adds, reshapes, four transposes, a mask add). ONNX Runtime's own attention fusion does not recognise the
/// exports these models ship as. The block matched, per softmax:
/// <code>
/// X ─ MatMul(Wq) ─ Add(bq) ─ Reshape ─ Transpose(0,2,1,3) ─┐
/// X ─ MatMul(Wk) ─ Add(bk) ─ Reshape ─ Transpose(0,2,3,1) ─ MatMul ─ Div(√d) ─ Add(mask bias) ─ Softmax ─┐
/// X ─ MatMul(Wv) ─ Add(bv) ─ Reshape ─ Transpose(0,2,1,3) ──────────────────────────────────────────── MatMul
///   ─ Transpose(0,2,1,3) ─ Reshape → output
/// </code>
/// The mask bias must come from a graph input through Unsqueeze/Cast/Sub/Mul nodes only, with a constant multiplier
/// (the value masked scores get). Anything else is left as it is. Nodes that only computed shapes for the removed
/// reshapes are dropped; if any remaining node would lose an input, the model is returned unchanged.
/// </summary>
internal static class AttentionFuser
{
    private const int Int32Type = 6;

    /// <summary>The rewritten model, or the same bytes when no block matched (<paramref name="fused"/> = 0).</summary>
    public static byte[] Fuse(byte[] model, out int fused)
    {
        ArgumentNullException.ThrowIfNull(model);
        var count = 0;
        var rewritten = OnnxGraphRewriter.Rewrite(model, graph => FuseGraph(graph, out count));
        fused = count;
        return rewritten ?? model;
    }

    private static ProtoWriter? FuseGraph(ReadOnlySpan<byte> graph, out int fused)
    {
        var facts = Graph.Read(graph);
        var blocks = new List<Block>();
        // Softmax over the last axis of the [batch, heads, query, key] scores (an explicit axis: defaults differ by opset).
        foreach (var softmax in facts.Nodes.Where(n => n.Node is { OpType: "Softmax", Domain: "" } node
            && node.Attributes.TryGetValue("axis", out var axis) && axis.Int is -1 or 3))
        {
            if (Match(facts, softmax, graph) is { } block)
            {
                blocks.Add(block);
            }
        }

        fused = blocks.Count;
        if (blocks.Count == 0)
        {
            return null;
        }

        // The rewritten node list: fused blocks out, an Attention in place of each block's last node, one Cast of the
        // mask to int32 (the kernel's mask type) first.
        var removed = blocks.SelectMany(b => b.Nodes).ToHashSet();
        var replacing = blocks.ToDictionary(b => b.Last);
        var maskCasts = blocks.Select(b => b.MaskInput).Distinct(StringComparer.Ordinal)
            .ToDictionary(input => input, input => $"{input}_int32_for_attention", StringComparer.Ordinal);
        var nodes = new List<(OnnxNode Node, byte[] Bytes)>();
        foreach (var (input, cast) in maskCasts)
        {
            nodes.Add(CastNode(input, cast));
        }

        for (var i = 0; i < facts.Nodes.Count; i++)
        {
            var item = facts.Nodes[i];
            if (replacing.TryGetValue(item, out var block))
            {
                nodes.Add(AttentionNode(block, maskCasts[block.MaskInput], blocks.IndexOf(block)));
            }
            else if (!removed.Contains(item))
            {
                nodes.Add((item.Node, item.Bytes));
            }
        }

        // The separate Q, K, V weights and biases go; the concatenated ones come. If anything still needs a value that is
        // gone (a weight shared with another node, a tensor read elsewhere), the model stays as it was.
        var live = LiveNodes(nodes, facts.Outputs);
        var dropped = blocks.SelectMany(b => new[] { b.Wq, b.Wk, b.Wv, b.Bq, b.Bk, b.Bv }).ToHashSet(StringComparer.Ordinal);
        var available = new HashSet<string>(facts.Inputs, StringComparer.Ordinal) { string.Empty };
        available.UnionWith(facts.Initializers.Keys.Except(dropped));
        available.UnionWith(blocks.SelectMany(b => new[] { WeightsName(b), BiasName(b) }));
        available.UnionWith(live.SelectMany(n => n.Node.Outputs));
        if (!live.All(n => n.Node.Inputs.All(available.Contains)) || !facts.Outputs.All(available.Contains))
        {
            fused = 0;
            return null;
        }

        // Initializers only the removed nodes read (the reshapes' shape constants among them) go too: ONNX Runtime would
        // warn about each on every load.
        var read = live.SelectMany(n => n.Node.Inputs).Concat(facts.Outputs).ToHashSet(StringComparer.Ordinal);
        dropped.UnionWith(facts.Initializers.Keys.Where(name => !read.Contains(name)));
        var writer = new ProtoWriter(graph.Length + (1 << 16));
        var reader = new ProtoReader(graph);
        var nodesWritten = false;
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

            var payload = reader.ReadBytes();
            switch (field)
            {
                case 1:
                    if (!nodesWritten)
                    {
                        nodesWritten = true;
                        foreach (var node in live)
                        {
                            writer.WriteBytesField(1, node.Bytes);
                        }
                    }

                    break;
                case 5 when dropped.Contains(new OnnxTensor(payload).Name):
                    break;
                case 11 when dropped.Contains(OnnxGraphRewriter.ValueInfoName(payload)):
                    break;
                default:
                    writer.WriteRaw(reader.Since(start));
                    break;
            }
        }

        foreach (var block in blocks)
        {
            writer.WriteBytesField(5, ConcatenatedWeights(facts, graph, block));
            writer.WriteBytesField(5, ConcatenatedBias(facts, graph, block));
        }

        return writer;
    }

    /// <summary>The nodes of one attention block, what they read, and what the fused node needs.</summary>
    private sealed record Block(
        HashSet<Item> Nodes, Item Last, string Input, string Output, string Wq, string Wk, string Wv, string Bq, string Bk, string Bv,
        int Heads, float Scale, string MaskInput, float MaskFilterValue);

    private static Block? Match(Graph g, Item softmax, ReadOnlySpan<byte> graph)
    {
        var nodes = new HashSet<Item> { softmax };
        if (g.Producer(softmax.Node.Inputs[0]) is not { Node: { OpType: "Add", Domain: "", Inputs.Count: 2 } } maskAdd)
        {
            return null;
        }

        nodes.Add(maskAdd);
        foreach (var (scoresName, maskName) in new[] { (maskAdd.Node.Inputs[0], maskAdd.Node.Inputs[1]), (maskAdd.Node.Inputs[1], maskAdd.Node.Inputs[0]) })
        {
            if (g.Producer(scoresName) is not { Node: { OpType: "Div" or "Mul", Domain: "", Inputs.Count: 2 } } scaling
                || g.Scalar(scaling.Node.Inputs[1], graph) is not { } divisor
                || g.Producer(scaling.Node.Inputs[0]) is not { Node: { OpType: "MatMul", Domain: "" } } scores
                || MaskSource(g, maskName, graph) is not { } mask)
            {
                continue;
            }

            var scale = scaling.Node.OpType == "Div" ? 1f / divisor : divisor;
            var q = Projection(g, scores.Node.Inputs[0], [0, 2, 1, 3], graph);
            var k = Projection(g, scores.Node.Inputs[1], [0, 2, 3, 1], graph);
            if (q is null || k is null || g.OnlyConsumer(softmax.Node.Outputs[0]) is not { Node: { OpType: "MatMul", Domain: "" } } context
                || context.Node.Inputs[0] != softmax.Node.Outputs[0]
                || Projection(g, context.Node.Inputs[1], [0, 2, 1, 3], graph) is not { } v
                || g.OnlyConsumer(context.Node.Outputs[0]) is not { } merge || !IsTranspose(merge, [0, 2, 1, 3])
                || g.OnlyConsumer(merge.Node.Outputs[0]) is not { Node: { OpType: "Reshape", Domain: "" } } output
                || q.Input != k.Input || q.Input != v.Input || q.Columns != k.Columns || q.Columns != v.Columns)
            {
                continue;
            }

            // Heads from the scale: 1/√(head size).
            var headSize = (int)Math.Round(1.0 / (scale * scale));
            if (headSize <= 0 || q.Columns % headSize != 0 || Math.Abs((1.0 / Math.Sqrt(headSize)) - scale) > 1e-4 * scale)
            {
                continue;
            }

            nodes.UnionWith([scaling, scores, context, merge, output, .. q.Nodes, .. k.Nodes, .. v.Nodes]);
            return new Block(
                nodes, output, q.Input, output.Node.Outputs[0], q.Weights, k.Weights, v.Weights, q.Bias, k.Bias, v.Bias,
                (int)(q.Columns / headSize), scale, mask.Input, mask.FilterValue);
        }

        return null;
    }

    private sealed record ProjectionMatch(List<Item> Nodes, string Input, string Weights, string Bias, long Columns);

    /// <summary>Transpose(perm) ← Reshape ← Add(bias) ← MatMul(input, weights), each read by the next alone (or by Shape).</summary>
    private static ProjectionMatch? Projection(Graph g, string name, long[] perm, ReadOnlySpan<byte> graph)
    {
        if (g.Producer(name) is not { } transpose || !IsTranspose(transpose, perm)
            || g.Producer(transpose.Node.Inputs[0]) is not { Node: { OpType: "Reshape", Domain: "" } } reshape
            || g.Producer(reshape.Node.Inputs[0]) is not { Node: { OpType: "Add", Domain: "", Inputs.Count: 2 } } add)
        {
            return null;
        }

        foreach (var (productName, biasName) in new[] { (add.Node.Inputs[0], add.Node.Inputs[1]), (add.Node.Inputs[1], add.Node.Inputs[0]) })
        {
            if (g.Producer(productName) is { Node: { OpType: "MatMul", Domain: "", Inputs.Count: 2 } } matMul
                && g.Matrices.TryGetValue(matMul.Node.Inputs[1], out var shape)
                && g.Vectors.TryGetValue(biasName, out var length) && length == shape.Columns)
            {
                return new ProjectionMatch([transpose, reshape, add, matMul], matMul.Node.Inputs[0], matMul.Node.Inputs[1], biasName, shape.Columns);
            }
        }

        return null;
    }

    private static bool IsTranspose(Item item, long[] perm) =>
        item.Node is { OpType: "Transpose", Domain: "" } node
        && node.Attributes.TryGetValue("perm", out var attribute) && attribute.Ints.SequenceEqual(perm);

    /// <summary>
    /// The graph input a mask bias is computed from, through Unsqueeze, Cast, Sub and Mul nodes, and the multiplier
    /// (the constant input of the Mul): the value a masked position's score gets.
    /// </summary>
    private static (string Input, float FilterValue)? MaskSource(Graph g, string name, ReadOnlySpan<byte> graph)
    {
        float? filter = null;
        string? input = null;
        var pending = new Stack<string>([name]);
        for (var steps = 0; pending.Count > 0 && steps < 16; steps++)
        {
            var current = pending.Pop();
            if (g.Inputs.Contains(current))
            {
                if (input is not null && input != current)
                {
                    return null;
                }

                input = current;
                continue;
            }

            if (g.Scalar(current, graph) is not null || g.Producer(current) is { Node.OpType: "Constant" })
            {
                continue;
            }

            if (g.Producer(current) is not { Node: { Domain: "", OpType: "Unsqueeze" or "Cast" or "Sub" or "Mul" } node })
            {
                return null;
            }

            if (node.OpType == "Mul" && node.Inputs.Count == 2)
            {
                filter ??= g.Scalar(node.Inputs[1], graph) ?? g.Scalar(node.Inputs[0], graph);
            }

            // Unsqueeze's second input is its axes, a constant.
            foreach (var next in node.OpType == "Unsqueeze" ? node.Inputs.Take(1) : node.Inputs)
            {
                pending.Push(next);
            }
        }

        return input is not null && filter is { } value && pending.Count == 0 ? (input, value) : null;
    }

    /// <summary>The nodes that graph outputs depend on, in their original order.</summary>
    private static List<(OnnxNode Node, byte[] Bytes)> LiveNodes(List<(OnnxNode Node, byte[] Bytes)> nodes, HashSet<string> outputs)
    {
        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Node.Outputs)
            {
                producers[output] = i;
            }
        }

        var live = new bool[nodes.Count];
        var pending = new Stack<string>(outputs);
        while (pending.Count > 0)
        {
            if (producers.TryGetValue(pending.Pop(), out var index) && !live[index])
            {
                live[index] = true;
                foreach (var input in nodes[index].Node.Inputs)
                {
                    pending.Push(input);
                }
            }
        }

        return [.. nodes.Where((_, i) => live[i])];
    }

    private static (OnnxNode, byte[]) CastNode(string input, string output)
    {
        var writer = new ProtoWriter();
        writer.WriteStringField(1, input);
        writer.WriteStringField(2, output);
        writer.WriteStringField(3, $"{output}_cast");
        writer.WriteStringField(4, "Cast");
        writer.WriteBytesField(5, OnnxAttribute.IntValue("to", Int32Type));
        var bytes = writer.WrittenSpan.ToArray();
        return (new OnnxNode(bytes), bytes);
    }

    private static (OnnxNode, byte[]) AttentionNode(Block block, string mask, int index)
    {
        var writer = new ProtoWriter();
        writer.WriteStringField(1, block.Input);
        writer.WriteStringField(1, WeightsName(block));
        writer.WriteStringField(1, BiasName(block));
        writer.WriteStringField(1, mask);
        writer.WriteStringField(2, block.Output);
        writer.WriteStringField(3, $"FusedAttention_{index}");
        writer.WriteStringField(4, "Attention");
        writer.WriteBytesField(5, OnnxAttribute.IntValue("num_heads", block.Heads));
        writer.WriteBytesField(5, OnnxAttribute.FloatValue("scale", block.Scale));
        writer.WriteBytesField(5, OnnxAttribute.FloatValue("mask_filter_value", block.MaskFilterValue));
        writer.WriteStringField(7, OnnxGraphRewriter.MicrosoftDomain);
        var bytes = writer.WrittenSpan.ToArray();
        return (new OnnxNode(bytes), bytes);
    }

    private static string WeightsName(Block block) => $"{block.Wq}_qkv";

    private static string BiasName(Block block) => $"{block.Bq}_qkv";

    /// <summary>[in × 3h]: each row is the row of Wq, then of Wk, then of Wv.</summary>
    private static byte[] ConcatenatedWeights(Graph g, ReadOnlySpan<byte> graph, Block block)
    {
        var (rows, columns) = g.Matrices[block.Wq];
        var result = new float[rows * columns * 3];
        var parts = new[] { block.Wq, block.Wk, block.Wv };
        for (var p = 0; p < 3; p++)
        {
            var values = g.Floats(parts[p], graph);
            for (var r = 0; r < rows; r++)
            {
                values.Slice((int)(r * columns), (int)columns).CopyTo(result.AsSpan((int)((r * columns * 3) + (p * columns)), (int)columns));
            }
        }

        return OnnxGraphRewriter.FloatTensor(WeightsName(block), [rows, columns * 3], result);
    }

    private static byte[] ConcatenatedBias(Graph g, ReadOnlySpan<byte> graph, Block block)
    {
        float[] result = [.. g.Floats(block.Bq, graph), .. g.Floats(block.Bk, graph), .. g.Floats(block.Bv, graph)];
        return OnnxGraphRewriter.FloatTensor(BiasName(block), [result.Length], result);
    }

    /// <summary>A node and its encoded bytes; compared by reference.</summary>
    private sealed class Item(OnnxNode node, byte[] bytes)
    {
        public OnnxNode Node { get; } = node;

        public byte[] Bytes { get; } = bytes;
    }

    /// <summary>What matching needs of a graph: nodes, who produces and reads each value, initializers by name.</summary>
    private sealed class Graph
    {
        private readonly Dictionary<string, Item> _producers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Item>> _consumers = new(StringComparer.Ordinal);

        public List<Item> Nodes { get; } = [];

        /// <summary>Initializer name -> where its TensorProto lies in the graph bytes.</summary>
        public Dictionary<string, Range> Initializers { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (long Rows, long Columns)> Matrices { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Vectors { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Inputs { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Outputs { get; } = new(StringComparer.Ordinal);

        public static Graph Read(ReadOnlySpan<byte> graph)
        {
            var g = new Graph();
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
                        var item = new Item(new OnnxNode(payload), payload.ToArray());
                        g.Nodes.Add(item);
                        foreach (var output in item.Node.Outputs)
                        {
                            g._producers[output] = item;
                        }

                        foreach (var input in item.Node.Inputs.Distinct(StringComparer.Ordinal))
                        {
                            (g._consumers.TryGetValue(input, out var list) ? list : g._consumers[input] = []).Add(item);
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

        public Item? Producer(string name) => _producers.GetValueOrDefault(name);

        /// <summary>The one node reading <paramref name="name"/>, besides nodes that read only its shape.</summary>
        public Item? OnlyConsumer(string name)
        {
            if (Outputs.Contains(name) || !_consumers.TryGetValue(name, out var readers))
            {
                return null;
            }

            var real = readers.Where(r => r.Node is not { OpType: "Shape", Domain: "" }).ToList();
            return real.Count == 1 ? real[0] : null;
        }

        public ReadOnlySpan<float> Floats(string name, ReadOnlySpan<byte> graph) => new OnnxTensor(graph[Initializers[name]]).Floats;

        /// <summary>The value of a one-element fp32 constant (an initializer or a Constant node), or null.</summary>
        public float? Scalar(string name, ReadOnlySpan<byte> graph)
        {
            var tensor = Initializers.TryGetValue(name, out var range) ? new OnnxTensor(graph[range])
                : Producer(name) is { Node: { OpType: "Constant", Domain: "" } constant }
                  && constant.Attributes.TryGetValue("value", out var value) && value.Tensor is { } bytes ? new OnnxTensor(bytes)
                : default;
            return tensor.Floats.Length == 1 ? tensor.Floats[0] : null;
        }
    }
}
