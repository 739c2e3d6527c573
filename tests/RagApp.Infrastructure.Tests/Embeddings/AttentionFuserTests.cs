using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;
using RagApp.Infrastructure.Embeddings.Onnx;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>The packaged MiniLM's graph after attention fusion, read back node by node.</summary>
public sealed class AttentionFuserTests
{
    [Fact]
    public void Fuse_MiniLm_EachLayersAttentionBecomesOneNode()
    {
        var original = PackagedModel();

        var fusedModel = AttentionFuser.Fuse(original, out var fused);

        Assert.Equal(6, fused);
        var before = OnnxGraphNodes.Read(original);
        var after = OnnxGraphNodes.Read(fusedModel);
        var attention = after.Where(n => n is { OpType: "Attention", Domain: "com.microsoft" }).ToList();
        Assert.Equal(6, attention.Count);
        Assert.All(attention, n => Assert.Equal(12, n.Attributes["num_heads"].Int));
        Assert.All(attention, n => Assert.Equal(1 / MathF.Sqrt(32), n.Attributes["scale"].Float!.Value, 6));
        Assert.DoesNotContain(after, n => n.OpType is "Softmax" or "Transpose");
        Assert.Equal(before.Count(n => n.OpType == "MatMul") - (6 * 5), after.Count(n => n.OpType == "MatMul")); // Q, K, V, QK, PV

        var produced = after.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        Assert.All(attention, n => Assert.Contains(n.Inputs[0], produced));
    }

    [Fact]
    public void Fuse_Arctic_FusesItsSixLayersToo()
    {
        AttentionFuser.Fuse(PackagedModel("snowflake-arctic-embed-xs"), out var fused);

        Assert.Equal(6, fused);
    }

    [Fact]
    public void Fuse_QuantisedModel_ProjectionsDoNotMatch_SameBytesBack()
    {
        // The int8 graph's projections are DynamicQuantizeMatMul nodes, not the MatMul + Add the pattern needs.
        var quantized = DynamicQuantizer.Quantize(PackagedModel());

        var result = AttentionFuser.Fuse(quantized, out var fused);

        Assert.Equal(0, fused);
        Assert.Same(quantized, result);
    }

    private static byte[] PackagedModel(string name = "all-MiniLM-L6-v2")
    {
        var model = EncoderModelCatalog.Resolve(new EmbeddingOptions { Model = name });
        using var stream = model.OpenModel();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
