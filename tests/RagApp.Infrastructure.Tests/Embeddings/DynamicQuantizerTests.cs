using RagApp.Infrastructure.Embeddings.Onnx;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>The quantised graph of the packaged MiniLM, read back node by node.</summary>
public sealed class DynamicQuantizerTests
{
    [Fact]
    public void Quantize_MiniLm_EveryWeightMatMulBecomesInt8WithItsBiasFoldedIn()
    {
        var original = PackagedModels.Read();

        var before = OnnxGraphNodes.Read(original);
        var after = OnnxGraphNodes.Read(DynamicQuantizer.Quantize(original));

        var quantized = after.Where(n => n.OpType == "DynamicQuantizeMatMul").ToList();
        Assert.Equal(36, quantized.Count); // 6 layers x (Q, K, V, attention output, two feed-forward)
        Assert.All(quantized, n => Assert.Equal(5, n.Inputs.Count)); // A, B, scale, no zero point, bias
        Assert.All(quantized, n => Assert.Equal("", n.Inputs[3]));
        Assert.Equal(before.Count(n => n.OpType == "Add") - 36, after.Count(n => n.OpType == "Add"));
        Assert.Equal(before.Count(n => n.OpType == "MatMul") - 36, after.Count(n => n.OpType == "MatMul")); // attention's own products stay

        // Every tensor a node reads is still produced by some node, an initializer or a graph input.
        var produced = after.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var consumedFromBefore = before.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        Assert.All(after.SelectMany(n => n.Inputs).Where(i => i.Length > 0 && consumedFromBefore.Contains(i)), input => Assert.Contains(input, produced));
    }

    [Fact]
    public void Quantize_FusedAttention_BecomesQAttentionOverTheQuantisedInput()
    {
        var fusedModel = AttentionFuser.Fuse(PackagedModels.Read(), out _);

        var after = OnnxGraphNodes.Read(DynamicQuantizer.Quantize(fusedModel));

        var attention = after.Where(n => n.OpType == "QAttention").ToList();
        Assert.Equal(6, attention.Count);
        Assert.DoesNotContain(after, n => n.OpType == "Attention");
        Assert.Equal(18, after.Count(n => n.OpType == "DynamicQuantizeMatMul")); // attention output, two feed-forward
        var quantizedInputs = after.Where(n => n.OpType == "DynamicQuantizeLinear").ToDictionary(n => n.Outputs[0]);
        Assert.All(attention, n =>
        {
            // input, weights, bias, input scale, weight scale, mask, input zero point
            Assert.Equal(7, n.Inputs.Count);
            Assert.True(quantizedInputs.ContainsKey(n.Inputs[0]));
            Assert.EndsWith("_quantized", n.Inputs[1], StringComparison.Ordinal);
            Assert.Equal(12, n.Attributes["num_heads"].Int);
        });
    }
}
