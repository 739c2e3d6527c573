using Microsoft.ML.OnnxRuntime;
using RagApp.Infrastructure.Embeddings.Onnx;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>The packaged encoders' graphs after attention fusion: read back node by node, and run against the originals.</summary>
public sealed class AttentionFuserTests
{
    [Fact]
    public void Fuse_MiniLm_EachLayersAttentionBecomesOneNode()
    {
        var original = PackagedModels.Read();

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
        AttentionFuser.Fuse(PackagedModels.Read("snowflake-arctic-embed-xs"), out var fused);

        Assert.Equal(6, fused);
    }

    [Fact]
    public void Fuse_QuantisedModel_ProjectionsDoNotMatch_SameBytesBack()
    {
        // The int8 graph's projections are DynamicQuantizeMatMul nodes, not the MatMul + Add the pattern needs.
        var quantized = DynamicQuantizer.Quantize(PackagedModels.Read());

        var result = AttentionFuser.Fuse(quantized, out var fused);

        Assert.Equal(0, fused);
        Assert.Same(quantized, result);
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2")]
    [InlineData("snowflake-arctic-embed-xs")]
    public void Fuse_PaddedBatch_SameTokenStatesAsTheOriginalModel(string name)
    {
        var original = PackagedModels.Read(name);
        var fusedModel = AttentionFuser.Fuse(original, out _);

        // Three texts of 7, 20 and 33 pieces in one batch padded to 33: the fused kernel must mask the padding as the
        // original graph does. Only the real tokens' states matter (pooling reads nothing else).
        int[] lengths = [7, 20, 33];
        var expected = TokenStates(original, lengths);
        var actual = TokenStates(fusedModel, lengths);

        for (var row = 0; row < lengths.Length; row++)
        {
            for (var token = 0; token < lengths[row]; token++)
            {
                var cosine = ReferenceEmbeddings.Cosine(actual[row][token], expected[row][token]);
                Assert.True(cosine >= 0.99999, $"row {row}, token {token}: cosine {cosine}");
            }
        }
    }

    /// <summary>The last hidden state of each real token, per row, from a session over <paramref name="model"/>.</summary>
    private static float[][][] TokenStates(byte[] model, int[] lengths)
    {
        using var session = new InferenceSession(model);
        var width = lengths.Max();
        var ids = new long[lengths.Length * width];
        var mask = new long[ids.Length];
        var random = new Random(5);
        for (var row = 0; row < lengths.Length; row++)
        {
            for (var token = 0; token < lengths[row]; token++)
            {
                ids[(row * width) + token] = token == 0 ? 101 : token == lengths[row] - 1 ? 102 : random.Next(1000, 20000);
                mask[(row * width) + token] = 1;
            }
        }

        long[] shape = [lengths.Length, width];
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = OrtValue.CreateTensorValueFromMemory(ids, shape),
            ["attention_mask"] = OrtValue.CreateTensorValueFromMemory(mask, shape),
        };
        if (session.InputMetadata.ContainsKey("token_type_ids"))
        {
            inputs["token_type_ids"] = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        }

        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputs, [session.OutputNames[0]]);
            var states = outputs[0].GetTensorDataAsSpan<float>();
            var hidden = states.Length / ids.Length;
            var result = new float[lengths.Length][][];
            for (var row = 0; row < lengths.Length; row++)
            {
                result[row] = new float[lengths[row]][];
                for (var token = 0; token < lengths[row]; token++)
                {
                    result[row][token] = states.Slice(((row * width) + token) * hidden, hidden).ToArray();
                }
            }

            return result;
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }
}
