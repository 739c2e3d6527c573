namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// Keeps the few outlier channels of each feed-forward block's hidden activations out of int8. ONNX Runtime's dynamic
/// quantisation gives a whole activation tensor one scale, set by its largest value; in MiniLM one or two of the 1,536
/// GELU outputs of a block reach 14-25 where the others stay under 5, so every other channel is quantised four times
/// more coarsely than it needs (leaving this input in fp32 removes 58 % of the int8 error). Measured on a short built-in calibration
/// text (<see cref="ActivationCalibrator"/>), those channels move to a small copy of the block whose output is added to
/// the int8 one: the same function, its down projection (a few rows of W2) in fp32, the rest quantised with a range four
/// times narrower.
/// </summary>
internal static class OutlierChannelSplitter
{
    /// <summary>At most this many channels of a block are split off.</summary>
    public const int MaxChannelsPerBlock = 16;

    /// <summary>A channel is an outlier when its largest |value| is over this many times the 99th percentile of the block's channels.</summary>
    public const float OutlierRatio = 2f;

    /// <summary>Ends the names of the copy's weights and values.</summary>
    public const string Suffix = "_outlier";

    /// <summary>
    /// The model with each feed-forward block's outlier channels (measured on <paramref name="calibration"/>) split off,
    /// or the same bytes when none is found; <paramref name="fp32Weights"/> names the down-projection weights of the
    /// split-off copies, which must stay fp32.
    /// </summary>
    public static byte[] Separate(byte[] model, IReadOnlyList<int[]> calibration, int threads, out HashSet<string> fp32Weights, out int channels)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = OnnxModelInspector.Graph(model);
        var hidden = FeedForwardBlock.FindAll(OnnxGraph.Read(graph), graph).Select(b => b.Hidden).ToList();

        if (hidden.Count == 0 || calibration.Count == 0)
        {
            fp32Weights = [];
            channels = 0;
            return model;
        }

        // The copy with the hidden values as outputs starts with the model itself, which is what gets split: the caller's
        // bytes, unused from here, can go while ONNX Runtime holds its own copy (first use holds one model fewer).
        var length = model.Length;
        var observed = ActivationCalibrator.WithOutputs(model, hidden);
        model = [];
        var outliers = ActivationCalibrator.MaxAbsPerChannel(observed, hidden, calibration, threads)
            .ToDictionary(m => m.Key, m => PickOutliers(m.Value), StringComparer.Ordinal);
        channels = outliers.Values.Sum(o => o.Length);
        return Split(observed.AsMemory(0, length), outliers, out fp32Weights);
    }

    /// <summary>The channels (ascending) whose maximum is over <see cref="OutlierRatio"/> times the 99th percentile, the largest first when more than <see cref="MaxChannelsPerBlock"/>.</summary>
    public static int[] PickOutliers(ReadOnlySpan<float> maxAbs)
    {
        if (maxAbs.Length < 2)
        {
            return [];
        }

        var sorted = maxAbs.ToArray();
        Array.Sort(sorted);
        var threshold = OutlierRatio * sorted[(int)(0.99 * (sorted.Length - 1))];
        if (!(threshold > 0))
        {
            return [];
        }

        var values = maxAbs.ToArray();
        var picked = Enumerable.Range(0, values.Length).Where(j => values[j] > threshold)
            .OrderByDescending(j => values[j]).Take(Math.Min(MaxChannelsPerBlock, values.Length - 1)).ToArray();
        Array.Sort(picked);
        return picked;
    }

    /// <summary>Splits the channels given per block (keyed by the block's hidden activations) into copies of the blocks.</summary>
    public static byte[] Split(ReadOnlyMemory<byte> model, IReadOnlyDictionary<string, int[]> outliers, out HashSet<string> fp32Weights)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var result = OnnxGraphRewriter.Rewrite(model.Span, graph => SplitGraph(graph, outliers, kept));
        fp32Weights = kept;
        return result ?? model.ToArray();
    }

    private static ProtoWriter? SplitGraph(ReadOnlySpan<byte> graph, IReadOnlyDictionary<string, int[]> outliers, HashSet<string> fp32Weights)
    {
        var g = OnnxGraph.Read(graph);
        var blocks = FeedForwardBlock.FindAll(g, graph)
            .Where(b => outliers.TryGetValue(b.Hidden, out var o) && o.Length > 0 && o.Length < b.Channels).ToList();
        if (blocks.Count == 0)
        {
            return null;
        }

        // Per node replaced: the nodes written in its place. Per weight: its new content (kept part) under the same name.
        var replacements = new Dictionary<OnnxNode, List<byte[]>>();
        var tensors = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var added = new List<byte[]>();
        var renamed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            var outlier = outliers[block.Hidden];
            var kept = Enumerable.Range(0, block.Channels).Except(outlier).ToArray();
            var (rows, _) = g.Matrices[block.W1];
            var (_, columns) = g.Matrices[block.W2];
            var w1 = g.Floats(block.W1, graph);
            var b1 = g.Floats(block.B1, graph);
            var w2 = g.Floats(block.W2, graph);
            tensors[block.W1] = OnnxGraphRewriter.FloatTensor(block.W1, [rows, kept.Length], Columns(w1, block.Channels, kept));
            tensors[block.B1] = OnnxGraphRewriter.FloatTensor(block.B1, [kept.Length], Pick(b1, kept));
            tensors[block.W2] = OnnxGraphRewriter.FloatTensor(block.W2, [kept.Length, columns], Rows(w2, (int)columns, kept));
            added.Add(OnnxGraphRewriter.FloatTensor(block.W1 + Suffix, [rows, outlier.Length], Columns(w1, block.Channels, outlier)));
            added.Add(OnnxGraphRewriter.FloatTensor(block.B1 + Suffix, [outlier.Length], Pick(b1, outlier)));
            added.Add(OnnxGraphRewriter.FloatTensor(block.W2 + Suffix, [outlier.Length, columns], Rows(w2, (int)columns, outlier)));
            // Only the down projection stays fp32: quantising the activations it reads is what the split avoids. The up
            // projection of the copy reads the same input as the block's own and is quantised like it; that also keeps
            // the vectors independent of whether a session prepacks its weights, which changes the rounding of an fp32
            // product with a long inner dimension (384) but not of one with a few (the outlier channels).
            fp32Weights.Add(block.W2 + Suffix);

            // The copy, written before the down projection: the same nodes over the outlier weights, values suffixed.
            var inside = new HashSet<string>([.. block.UpBias.Outputs, .. block.Up.Outputs, .. block.Activation.SelectMany(n => n.Outputs)], StringComparer.Ordinal);
            renamed.UnionWith(inside);
            string Copy(string name) => inside.Contains(name) ? name + Suffix : name;
            var copy = new List<byte[]>
            {
                Node(block.Up, [block.Up.Inputs[0], block.W1 + Suffix], [Copy(block.Up.Outputs[0])]),
                Node(block.UpBias, [.. block.UpBias.Inputs.Select(i => i == block.B1 ? block.B1 + Suffix : Copy(i))], [Copy(block.UpBias.Outputs[0])]),
            };
            copy.AddRange(block.Activation.Select(n => Node(n, [.. n.Inputs.Select(Copy)], [.. n.Outputs.Select(Copy)])));
            var outlierSum = block.Down.Outputs[0] + Suffix;
            copy.Add(Node(block.Down, [Copy(block.Hidden), block.W2 + Suffix], [outlierSum]));

            // The int8 part keeps its bias add (which the quantiser folds into its kernel); the fp32 part is added after it.
            var last = block.DownBias ?? block.Down;
            var output = last.Outputs[0];
            var inliers = output + "_inliers";
            renamed.Add(output);
            var join = OnnxGraphRewriter.Node($"{last.Name}_join_outliers", "Add", [inliers, outlierSum], [output]);
            if (block.DownBias is { } bias)
            {
                replacements[block.Down] = [.. copy, block.Down.Encoded];
                replacements[bias] = [Node(bias, [.. bias.Inputs], [inliers]), join];
            }
            else
            {
                replacements[block.Down] = [.. copy, Node(block.Down, [.. block.Down.Inputs], [inliers]), join];
            }
        }

        var nodeIndex = 0;
        var writer = OnnxGraphRewriter.CopyGraph(graph, graph.Length + (1 << 16), (field, payload, output) =>
        {
            switch (field)
            {
                case 1:
                    // Nodes come in the order OnnxGraph read them.
                    if (!replacements.TryGetValue(g.Nodes[nodeIndex++], out var nodes))
                    {
                        return false;
                    }

                    foreach (var item in nodes)
                    {
                        output.WriteBytesField(1, item);
                    }

                    return true;
                case 5 when tensors.TryGetValue(new OnnxTensor(payload).Name, out var tensor):
                    output.WriteBytesField(5, tensor);
                    return true;
                case 10 when renamed.Contains(OnnxGraphRewriter.ValueInfoName(payload)):
                    // A recorded shape of a value whose channel count changed: ONNX Runtime infers it again.
                    return true;
                default:
                    return false;
            }
        });

        foreach (var tensor in added)
        {
            writer.WriteBytesField(5, tensor);
        }

        return writer;
    }

    /// <summary>A copy of <paramref name="like"/> (attributes and all) reading and writing other values.</summary>
    private static byte[] Node(OnnxNode like, string[] inputs, string[] outputs) =>
        OnnxGraphRewriter.Node(like.Name + Suffix, like.OpType, inputs, outputs, like.Domain, like.Attributes.Values.Select(a => a.Encoded));

    private static float[] Pick(ReadOnlySpan<float> vector, int[] indices)
    {
        var result = new float[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            result[i] = vector[indices[i]];
        }

        return result;
    }

    private static float[] Columns(ReadOnlySpan<float> matrix, int columns, int[] picked)
    {
        var rows = matrix.Length / columns;
        var result = new float[rows * picked.Length];
        for (var r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * columns, columns);
            for (var c = 0; c < picked.Length; c++)
            {
                result[(r * picked.Length) + c] = row[picked[c]];
            }
        }

        return result;
    }

    private static float[] Rows(ReadOnlySpan<float> matrix, int columns, int[] picked)
    {
        var result = new float[picked.Length * columns];
        for (var r = 0; r < picked.Length; r++)
        {
            matrix.Slice(picked[r] * columns, columns).CopyTo(result.AsSpan(r * columns, columns));
        }

        return result;
    }
}
