namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// A transformer feed-forward block as exported:
/// <code>
/// X ─ Up: MatMul(W1) ─ UpBias: Add(b1) ─ Activation (GELU as Div/Erf/Add/Mul/Mul, or any chain of element-wise nodes
///   with scalar constants) → Hidden ─ Down: MatMul(W2) ─ [DownBias: Add(b2)]
/// </code>
/// Each hidden channel j is computed from column j of W1 and b1 alone and used by row j of W2 alone, so the channels can
/// be split between two copies of the block whose outputs are added (see <see cref="OutlierChannelSplitter"/>).
/// </summary>
internal sealed record FeedForwardBlock(
    OnnxNode Up, OnnxNode UpBias, IReadOnlyList<OnnxNode> Activation, OnnxNode Down, OnnxNode? DownBias, string W1, string B1, string W2, int Channels)
{
    private static readonly HashSet<string> s_elementWise = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Erf", "Tanh", "Sigmoid", "Relu", "Gelu", "FastGelu", "Sqrt", "Neg", "Abs",
    };

    /// <summary>The hidden activations: the input of <see cref="Down"/>.</summary>
    public string Hidden => Down.Inputs[0];

    /// <summary>Every feed-forward block of the graph, in graph order.</summary>
    public static List<FeedForwardBlock> FindAll(OnnxGraph g, ReadOnlySpan<byte> graph)
    {
        var blocks = new List<FeedForwardBlock>();
        foreach (var node in g.Nodes)
        {
            if (Match(g, node, graph) is { } block)
            {
                blocks.Add(block);
            }
        }

        return blocks;
    }

    /// <summary>The block whose down projection <paramref name="down"/> is, or null.</summary>
    private static FeedForwardBlock? Match(OnnxGraph g, OnnxNode down, ReadOnlySpan<byte> graph)
    {
        if (down is not { OpType: "MatMul", Domain: "", Inputs.Count: 2, Outputs.Count: 1 } || !g.Matrices.TryGetValue(down.Inputs[1], out var w2)
            || g.Outputs.Contains(down.Inputs[0]))
        {
            return null;
        }

        // Walk back from the hidden activations through element-wise nodes to the bias add after a weight MatMul.
        var activation = new List<OnnxNode>();
        var pending = new Stack<string>([down.Inputs[0]]);
        OnnxNode? upBias = null;
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (g.Producer(name) is not { } node)
            {
                return null; // a graph input or a constant that is not a scalar: not element-wise per channel
            }

            if (activation.Contains(node) || node == upBias)
            {
                continue;
            }

            if (IsBiasAfterMatMul(g, node))
            {
                if (upBias is not null)
                {
                    return null;
                }

                upBias = node;
                continue;
            }

            if (!s_elementWise.Contains(node.OpType) || node.Domain is not ("" or OnnxGraphRewriter.MicrosoftDomain) || node.Outputs.Count != 1)
            {
                return null;
            }

            activation.Add(node);
            foreach (var input in node.Inputs)
            {
                if (g.Scalar(input, graph) is not null)
                {
                    continue;
                }

                pending.Push(input);
            }
        }

        if (upBias is null)
        {
            return null;
        }

        var b1 = upBias.Inputs.First(g.Vectors.ContainsKey);
        var up = g.Producer(upBias.Inputs.First(i => i != b1))!;
        var w1 = up.Inputs[1];
        var channels = g.Matrices[w1].Columns;
        if (channels != w2.Rows || g.Vectors[b1] != channels || w1 == down.Inputs[1]
            || !OnlyReadBy(g, [w1, b1, down.Inputs[1]], [up, upBias, down])
            || !OnlyReadWithin(g, [up, upBias, .. activation], [upBias, .. activation, down]))
        {
            return null;
        }

        var downBias = g.Consumers(down.Outputs[0]) is [{ OpType: "Add", Domain: "", Inputs.Count: 2, Outputs.Count: 1 } add]
            && !g.Outputs.Contains(down.Outputs[0]) && add.Inputs.FirstOrDefault(g.Vectors.ContainsKey) is { } b2
            && g.Vectors[b2] == w2.Columns && OnlyReadBy(g, [b2], [add]) ? add : null;
        activation.Sort((a, b) => g.Nodes.IndexOf(a).CompareTo(g.Nodes.IndexOf(b)));
        return new FeedForwardBlock(up, upBias, activation, down, downBias, w1, b1, down.Inputs[1], (int)channels);
    }

    private static bool IsBiasAfterMatMul(OnnxGraph g, OnnxNode node) =>
        node is { OpType: "Add", Domain: "", Inputs.Count: 2, Outputs.Count: 1 }
        && node.Inputs.Count(g.Vectors.ContainsKey) == 1
        && g.Producer(node.Inputs.First(i => !g.Vectors.ContainsKey(i))) is { OpType: "MatMul", Domain: "", Inputs.Count: 2, Outputs.Count: 1 } up
        && g.Matrices.ContainsKey(up.Inputs[1]);

    /// <summary>Each of <paramref name="values"/> is read by nodes of <paramref name="readers"/> only.</summary>
    private static bool OnlyReadBy(OnnxGraph g, string[] values, OnnxNode[] readers) =>
        values.All(v => !g.Outputs.Contains(v) && g.Consumers(v).All(readers.Contains));

    /// <summary>What the block's nodes produce is read inside the block only (by <paramref name="readers"/>).</summary>
    private static bool OnlyReadWithin(OnnxGraph g, OnnxNode[] producers, OnnxNode[] readers) =>
        producers.All(p => OnlyReadBy(g, [.. p.Outputs], readers));
}
