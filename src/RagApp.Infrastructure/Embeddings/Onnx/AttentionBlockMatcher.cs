namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>The nodes of one attention block, what they read, and what the fused node needs.</summary>
internal sealed record AttentionBlock(
    HashSet<OnnxNode> Nodes, OnnxNode Last, string Input, string Output, string Wq, string Wk, string Wv, string Bq, string Bk, string Bv,
    int Heads, float Scale, string MaskInput, float MaskFilterValue);

/// <summary>
/// Finds BERT self-attention blocks in a graph, for <see cref="AttentionFuser"/>. The block matched, per softmax:
/// <code>
/// X ─ MatMul(Wq) ─ Add(bq) ─ Reshape ─ Transpose(0,2,1,3) ─┐
/// X ─ MatMul(Wk) ─ Add(bk) ─ Reshape ─ Transpose(0,2,3,1) ─ MatMul ─ Div(√d) ─ Add(mask bias) ─ Softmax ─┐
/// X ─ MatMul(Wv) ─ Add(bv) ─ Reshape ─ Transpose(0,2,1,3) ──────────────────────────────────────────── MatMul
///   ─ Transpose(0,2,1,3) ─ Reshape → output
/// </code>
/// The mask bias must come from a graph input through Unsqueeze/Cast/Sub/Mul nodes only, with a constant multiplier
/// (the value masked scores get). Anything else is not a match.
/// </summary>
internal static class AttentionBlockMatcher
{
    /// <summary>The block whose softmax <paramref name="softmax"/> is, or null when it is not one.</summary>
    public static AttentionBlock? Match(OnnxGraph g, OnnxNode softmax, ReadOnlySpan<byte> graph)
    {
        // Softmax over the last axis of the [batch, heads, query, key] scores (an explicit axis: defaults differ by opset).
        if (softmax is not { OpType: "Softmax", Domain: "" } || !softmax.Attributes.TryGetValue("axis", out var axis) || axis.Int is not (-1 or 3))
        {
            return null;
        }

        var nodes = new HashSet<OnnxNode> { softmax };
        if (g.Producer(softmax.Inputs[0]) is not { OpType: "Add", Domain: "", Inputs.Count: 2 } maskAdd)
        {
            return null;
        }

        nodes.Add(maskAdd);
        foreach (var (scoresName, maskName) in new[] { (maskAdd.Inputs[0], maskAdd.Inputs[1]), (maskAdd.Inputs[1], maskAdd.Inputs[0]) })
        {
            if (g.Producer(scoresName) is not { OpType: "Div" or "Mul", Domain: "", Inputs.Count: 2 } scaling
                || g.Scalar(scaling.Inputs[1], graph) is not { } divisor
                || g.Producer(scaling.Inputs[0]) is not { OpType: "MatMul", Domain: "" } scores
                || MaskSource(g, maskName, graph) is not { } mask)
            {
                continue;
            }

            var scale = scaling.OpType == "Div" ? 1f / divisor : divisor;
            var q = Projection(g, scores.Inputs[0], [0, 2, 1, 3], graph);
            var k = Projection(g, scores.Inputs[1], [0, 2, 3, 1], graph);
            if (q is null || k is null || g.OnlyConsumer(softmax.Outputs[0]) is not { OpType: "MatMul", Domain: "" } context
                || context.Inputs[0] != softmax.Outputs[0]
                || Projection(g, context.Inputs[1], [0, 2, 1, 3], graph) is not { } v
                || g.OnlyConsumer(context.Outputs[0]) is not { } merge || !IsTranspose(merge, [0, 2, 1, 3])
                || g.OnlyConsumer(merge.Outputs[0]) is not { OpType: "Reshape", Domain: "" } output
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
            return new AttentionBlock(
                nodes, output, q.Input, output.Outputs[0], q.Weights, k.Weights, v.Weights, q.Bias, k.Bias, v.Bias,
                (int)(q.Columns / headSize), scale, mask.Input, mask.FilterValue);
        }

        return null;
    }

    private sealed record ProjectionMatch(List<OnnxNode> Nodes, string Input, string Weights, string Bias, long Columns);

    /// <summary>
    /// Transpose(perm) ← Reshape ← Add(bias) ← MatMul(input, weights). Whether anything else reads these nodes' outputs is
    /// checked by <see cref="AttentionFuser"/>, which makes no rewrite that would leave a reader without its input.
    /// </summary>
    private static ProjectionMatch? Projection(OnnxGraph g, string name, long[] perm, ReadOnlySpan<byte> graph)
    {
        if (g.Producer(name) is not { } transpose || !IsTranspose(transpose, perm)
            || g.Producer(transpose.Inputs[0]) is not { OpType: "Reshape", Domain: "" } reshape
            || g.Producer(reshape.Inputs[0]) is not { OpType: "Add", Domain: "", Inputs.Count: 2 } add)
        {
            return null;
        }

        foreach (var (productName, biasName) in new[] { (add.Inputs[0], add.Inputs[1]), (add.Inputs[1], add.Inputs[0]) })
        {
            if (g.Producer(productName) is { OpType: "MatMul", Domain: "", Inputs.Count: 2 } matMul
                && g.Matrices.TryGetValue(matMul.Inputs[1], out var shape)
                && g.Vectors.TryGetValue(biasName, out var length) && length == shape.Columns)
            {
                return new ProjectionMatch([transpose, reshape, add, matMul], matMul.Inputs[0], matMul.Inputs[1], biasName, shape.Columns);
            }
        }

        return null;
    }

    private static bool IsTranspose(OnnxNode node, long[] perm) =>
        node is { OpType: "Transpose", Domain: "" }
        && node.Attributes.TryGetValue("perm", out var attribute) && attribute.Ints.SequenceEqual(perm);

    /// <summary>
    /// The graph input a mask bias is computed from, through Unsqueeze, Cast, Sub and Mul nodes, and the multiplier
    /// (the constant input of the Mul): the value a masked position's score gets.
    /// </summary>
    private static (string Input, float FilterValue)? MaskSource(OnnxGraph g, string name, ReadOnlySpan<byte> graph)
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

            if (g.Scalar(current, graph) is not null || g.Producer(current) is { OpType: "Constant" })
            {
                continue;
            }

            if (g.Producer(current) is not { Domain: "", OpType: "Unsqueeze" or "Cast" or "Sub" or "Mul" } node)
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
}
