namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// Rewrites each self-attention block of a BERT-style export (as <see cref="AttentionBlockMatcher"/> finds them) into
/// ONNX Runtime's fused <c>com.microsoft.Attention</c>: the three projections become one product with the Q, K and V
/// weights side by side, and the head split, scaled scores, padding mask, softmax, weighted sum and head merge run inside
/// one kernel instead of about twenty nodes (bias adds, reshapes, four transposes, a mask add). ONNX Runtime's own
/// attention fusion does not recognise the exports these models ship as. Nodes that only computed shapes for the removed
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
        var facts = OnnxGraph.Read(graph);
        var blocks = new List<AttentionBlock>();
        foreach (var node in facts.Nodes)
        {
            if (AttentionBlockMatcher.Match(facts, node, graph) is { } block)
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
        var nodes = new List<OnnxNode>();
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
                nodes.Add(item);
            }
        }

        // The separate Q, K, V weights and biases go; the concatenated ones come. If anything still needs a value that is
        // gone (a weight shared with another node, a tensor read elsewhere), the model stays as it was.
        var live = LiveNodes(nodes, facts.Outputs);
        var dropped = blocks.SelectMany(b => new[] { b.Wq, b.Wk, b.Wv, b.Bq, b.Bk, b.Bv }).ToHashSet(StringComparer.Ordinal);
        var available = new HashSet<string>(facts.Inputs, StringComparer.Ordinal) { string.Empty };
        available.UnionWith(facts.Initializers.Keys.Except(dropped));
        available.UnionWith(blocks.SelectMany(b => new[] { WeightsName(b), BiasName(b) }));
        available.UnionWith(live.SelectMany(n => n.Outputs));
        if (!live.All(n => n.Inputs.All(available.Contains)) || !facts.Outputs.All(available.Contains))
        {
            fused = 0;
            return null;
        }

        // Initializers only the removed nodes read (the reshapes' shape constants among them) go too: ONNX Runtime would
        // warn about each on every load.
        var read = live.SelectMany(n => n.Inputs).Concat(facts.Outputs).ToHashSet(StringComparer.Ordinal);
        dropped.UnionWith(facts.Initializers.Keys.Where(name => !read.Contains(name)));
        var nodesWritten = false;
        var writer = OnnxGraphRewriter.CopyGraph(graph, graph.Length + (1 << 16), (field, payload, output) =>
        {
            switch (field)
            {
                case 1:
                    // All nodes go where the first one was.
                    if (!nodesWritten)
                    {
                        nodesWritten = true;
                        foreach (var node in live)
                        {
                            output.WriteBytesField(1, node.Encoded);
                        }
                    }

                    return true;
                case 5 when dropped.Contains(new OnnxTensor(payload).Name):
                    return true;
                case 11 when dropped.Contains(OnnxGraphRewriter.ValueInfoName(payload)):
                    return true;
                default:
                    return false;
            }
        });

        foreach (var block in blocks)
        {
            writer.WriteBytesField(5, ConcatenatedWeights(facts, graph, block));
            writer.WriteBytesField(5, ConcatenatedBias(facts, graph, block));
        }

        return writer;
    }

    /// <summary>The nodes that graph outputs depend on, in their original order.</summary>
    private static List<OnnxNode> LiveNodes(List<OnnxNode> nodes, HashSet<string> outputs)
    {
        var producers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Outputs)
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
                foreach (var input in nodes[index].Inputs)
                {
                    pending.Push(input);
                }
            }
        }

        return [.. nodes.Where((_, i) => live[i])];
    }

    private static OnnxNode CastNode(string input, string output) =>
        new(OnnxGraphRewriter.Node($"{output}_cast", "Cast", [input], [output], attributes: [OnnxAttribute.IntValue("to", Int32Type).ToArray()]));

    private static OnnxNode AttentionNode(AttentionBlock block, string mask, int index) =>
        new(OnnxGraphRewriter.Node(
            $"FusedAttention_{index}",
            "Attention",
            [block.Input, WeightsName(block), BiasName(block), mask],
            [block.Output],
            OnnxGraphRewriter.MicrosoftDomain,
            [
                OnnxAttribute.IntValue("num_heads", block.Heads).ToArray(),
                OnnxAttribute.FloatValue("scale", block.Scale).ToArray(),
                OnnxAttribute.FloatValue("mask_filter_value", block.MaskFilterValue).ToArray(),
            ]));

    private static string WeightsName(AttentionBlock block) => $"{block.Wq}_qkv";

    private static string BiasName(AttentionBlock block) => $"{block.Bq}_qkv";

    /// <summary>[in × 3h]: each row is the row of Wq, then of Wk, then of Wv.</summary>
    private static byte[] ConcatenatedWeights(OnnxGraph g, ReadOnlySpan<byte> graph, AttentionBlock block)
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

    private static byte[] ConcatenatedBias(OnnxGraph g, ReadOnlySpan<byte> graph, AttentionBlock block)
    {
        float[] result = [.. g.Floats(block.Bq, graph), .. g.Floats(block.Bk, graph), .. g.Floats(block.Bv, graph)];
        return OnnxGraphRewriter.FloatTensor(BiasName(block), [result.Length], result);
    }
}
