using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// Dynamic int8 quantisation as ONNX Runtime defines it for MatMul: every <c>MatMul</c> whose B input is a constant fp32
/// matrix becomes a <c>com.microsoft.DynamicQuantizeMatMul</c> with int8 weights (symmetric, one scale per output column);
/// the activations are quantised to uint8 at run time by the kernel. A bias <c>Add</c> that is the MatMul's only consumer
/// (a constant vector, one value per output column) becomes the kernel's bias input, which saves a pass over the
/// activations per layer. Weights named in <c>keepFp32</c> (the fp32 copies of outlier channels that
/// <see cref="OutlierChannelSplitter"/> makes) are left as they are. Other fields of the model are copied byte for byte.
/// </summary>
internal static class DynamicQuantizer
{
    public static byte[] Quantize(byte[] model, IReadOnlySet<string>? keepFp32 = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var quantized = 0;
        var result = OnnxGraphRewriter.Rewrite(model, graph => QuantizeGraph(graph, keepFp32, out quantized));
        if (result is null || quantized == 0)
        {
            throw new InvalidOperationException("The model has no MatMul with constant fp32 weights to quantise.");
        }

        return result;
    }

    private static ProtoWriter QuantizeGraph(ReadOnlySpan<byte> graph, IReadOnlySet<string>? keepFp32, out int quantized)
    {
        var facts = OnnxGraph.Read(graph);
        var weights = FindQuantizableWeights(facts);
        if (keepFp32 is not null)
        {
            weights.ExceptWith(keepFp32);
        }

        quantized = weights.Count;
        var biases = FindFoldableBiases(facts, weights);
        var foldedAdds = biases.Values.Select(b => b.AddOutput).ToHashSet(StringComparer.Ordinal);

        // A weight MatMul or fused attention becomes its quantised form; a bias Add folded into a MatMul goes.
        bool RewriteNode(OnnxNode node, ProtoWriter writer)
        {
            if (IsFusedAttention(node) && weights.Contains(node.Inputs[1]))
            {
                WriteQuantizedAttention(writer, node);
                return true;
            }

            if (IsWeightMatMul(node) && weights.Contains(node.Inputs[1]))
            {
                writer.WriteBytesField(1, QuantizedNode(node, biases.TryGetValue(node.Outputs[0], out var bias) ? bias : null));
                return true;
            }

            return node is { OpType: "Add", Domain: "" } && node.Outputs.Count == 1 && foldedAdds.Contains(node.Outputs[0]);
        }

        return OnnxGraphRewriter.CopyGraph(graph, graph.Length / 3, (field, payload, writer) =>
        {
            switch (field)
            {
                case 1:
                    return RewriteNode(new OnnxNode(payload), writer);
                case 5 when new OnnxTensor(payload) is var tensor && weights.Contains(tensor.Name):
                    WriteQuantizedWeights(writer, tensor);
                    return true;
                case 11 when weights.Contains(OnnxGraphRewriter.ValueInfoName(payload)):
                    // Old exports list initializers among the graph inputs; the fp32 weight is gone, so is its input.
                    return true;
                default:
                    return false;
            }
        });
    }

    private static bool IsWeightMatMul(OnnxNode node) => node is { OpType: "MatMul", Domain: "" } && node.Inputs.Count == 2;

    /// <summary>
    /// A fused <c>com.microsoft.Attention</c> (see <see cref="AttentionFuser"/>) that <c>QAttention</c> computes the same
    /// way: input, packed QKV weights, bias and a mask, nothing more.
    /// </summary>
    private static bool IsFusedAttention(OnnxNode node) =>
        node is { OpType: "Attention", Domain: OnnxGraphRewriter.MicrosoftDomain, Inputs.Count: 4, Outputs.Count: 1 }
        && node.Attributes.ContainsKey("num_heads");

    /// <summary>fp32 rank-2 initializers used only as the B input of MatMul nodes.</summary>
    private static HashSet<string> FindQuantizableWeights(OnnxGraph graph)
    {
        var matMulWeights = new HashSet<string>(StringComparer.Ordinal);
        var otherUses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            var isMatMul = IsWeightMatMul(node) || IsFusedAttention(node);
            for (var i = 0; i < node.Inputs.Count; i++)
            {
                (isMatMul && i == 1 ? matMulWeights : otherUses).Add(node.Inputs[i]);
            }
        }

        matMulWeights.IntersectWith(graph.Matrices.Keys);
        matMulWeights.ExceptWith(otherUses);
        return matMulWeights;
    }

    /// <summary>
    /// For quantisable MatMuls whose output feeds exactly one node, an <c>Add</c> with a constant fp32 vector as the other
    /// input, and nothing else (not a graph output): MatMul output name -> (the vector's name, the Add's output name).
    /// </summary>
    private static Dictionary<string, (string Bias, string AddOutput)> FindFoldableBiases(OnnxGraph graph, HashSet<string> weights)
    {
        var biases = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var matMul in graph.Nodes.Where(n => IsWeightMatMul(n) && n.Outputs.Count == 1 && weights.Contains(n.Inputs[1])))
        {
            var output = matMul.Outputs[0];
            if (graph.Outputs.Contains(output) || graph.Consumers(output) is not { Count: 1 } users
                || users[0] is not { OpType: "Add", Domain: "" } add || add.Inputs.Count != 2 || add.Outputs.Count != 1)
            {
                continue;
            }

            var bias = add.Inputs[0] == output ? add.Inputs[1] : add.Inputs[0];
            if (bias != output && graph.Vectors.TryGetValue(bias, out var length) && length == graph.Matrices[matMul.Inputs[1]].Columns)
            {
                biases[output] = (bias, add.Outputs[0]);
            }
        }

        return biases;
    }

    private static byte[] QuantizedNode(OnnxNode node, (string Bias, string AddOutput)? bias)
    {
        // DynamicQuantizeMatMul(A, B, b_scale, b_zero_point, bias): no zero point (symmetric weights).
        List<string> inputs = [node.Inputs[0], node.Inputs[1] + "_quantized", node.Inputs[1] + "_scale"];
        if (bias is { } folded)
        {
            inputs.AddRange([string.Empty, folded.Bias]);
        }

        return OnnxGraphRewriter.Node(
            node.Name + "_quant", "DynamicQuantizeMatMul", inputs, bias is { } b ? [b.AddOutput] : node.Outputs, OnnxGraphRewriter.MicrosoftDomain);
    }

    /// <summary>
    /// Attention becomes <c>DynamicQuantizeLinear</c> of its input (uint8, scale, zero point, computed per batch) and a
    /// <c>QAttention</c> over it with the int8 QKV weights (per-column scales), the fp32 bias and the same mask.
    /// </summary>
    private static void WriteQuantizedAttention(ProtoWriter writer, OnnxNode node)
    {
        var input = node.Inputs[0];
        writer.WriteBytesField(1, OnnxGraphRewriter.Node(
            node.Name + "_input_quant", "DynamicQuantizeLinear", [input], [input + "_uint8", input + "_uint8_scale", input + "_uint8_zero_point"]));

        // QAttention(input, weight, bias, input_scale, weight_scale, mask_index, input_zero_point).
        writer.WriteBytesField(1, OnnxGraphRewriter.Node(
            node.Name + "_quant",
            "QAttention",
            [input + "_uint8", node.Inputs[1] + "_quantized", node.Inputs[2], input + "_uint8_scale", node.Inputs[1] + "_scale", node.Inputs[3], input + "_uint8_zero_point"],
            [node.Outputs[0]],
            OnnxGraphRewriter.MicrosoftDomain,
            node.Attributes.Values.Select(a => a.Encoded)));
    }

    private static void WriteQuantizedWeights(ProtoWriter writer, OnnxTensor tensor)
    {
        var rows = (int)tensor.Dims[0];
        var columns = (int)tensor.Dims[1];
        var values = tensor.Floats;

        // Symmetric per-column scales: the largest |w| of each output column maps to 127.
        var maxAbs = new float[columns];
        var row = new float[columns];
        for (var k = 0; k < rows; k++)
        {
            TensorPrimitives.Abs(values.Slice(k * columns, columns), row);
            TensorPrimitives.Max(maxAbs, row, maxAbs);
        }

        var scales = new float[columns];
        var inverse = new float[columns];
        for (var n = 0; n < columns; n++)
        {
            scales[n] = maxAbs[n] > 0 ? maxAbs[n] / 127f : 1f;
            inverse[n] = 1f / scales[n];
        }

        var weights = new sbyte[rows * columns];
        for (var k = 0; k < rows; k++)
        {
            var source = values.Slice(k * columns, columns);
            for (var n = 0; n < columns; n++)
            {
                weights[(k * columns) + n] = (sbyte)Math.Clamp(MathF.Round(source[n] * inverse[n]), -127f, 127f);
            }
        }

        writer.WriteBytesField(5, OnnxGraphRewriter.Tensor(tensor.Name + "_quantized", [rows, columns], OnnxTensor.Int8Type, MemoryMarshal.AsBytes(weights.AsSpan())));
        writer.WriteBytesField(5, OnnxGraphRewriter.FloatTensor(tensor.Name + "_scale", [columns], scales));
    }
}
