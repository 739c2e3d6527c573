using Microsoft.ML.OnnxRuntime;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;
using RagApp.Infrastructure.Embeddings.Onnx;
using RagApp.Infrastructure.Embeddings.Tokenization;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>Outlier feed-forward channels of MiniLM: how they are found, split off in fp32, and left out of int8.</summary>
public sealed class OutlierChannelSplitterTests
{
    private static readonly int[] s_someChannels = [3, 856, 1535];

    [Fact]
    public void PickOutliers_TakesChannelsOverTwiceThe99thPercentile_LargestSixteenAtMost()
    {
        var maxima = Enumerable.Range(0, 5000).Select(j => 1f + (j % 7 * 0.1f)).ToArray(); // 1.0-1.6, 99th percentile 1.6
        maxima[10] = 3.3f;
        maxima[500] = 3.1f; // under 2 x 1.6
        maxima[900] = 25f;

        Assert.Equal([10, 900], OutlierChannelSplitter.PickOutliers(maxima));

        for (var j = 0; j < 20; j++)
        {
            maxima[j * 40] = 10 + j;
        }

        var picked = OutlierChannelSplitter.PickOutliers(maxima);
        Assert.Equal(OutlierChannelSplitter.MaxChannelsPerBlock, picked.Length);
        Assert.Contains(900, picked); // the largest are kept
        Assert.DoesNotContain(0, picked); // 10, the smallest of the twenty, is not
        Assert.Equal(picked.Order(), picked);
        Assert.Empty(OutlierChannelSplitter.PickOutliers(new float[384]));
    }

    [Fact]
    public void Split_MiniLm_SameHiddenStatesWithTheChannelsInAnFp32Copy()
    {
        var fused = AttentionFuser.Fuse(PackagedModels.Read(), out _);
        var hidden = FeedForwardHidden(fused);
        Assert.Equal(6, hidden.Count);

        var split = OutlierChannelSplitter.Split(fused, hidden.ToDictionary(h => h, _ => s_someChannels), out var fp32Weights);

        Assert.Equal(6, fp32Weights.Count); // W2 of each block's copy
        var nodes = OnnxGraphNodes.Read(split);
        Assert.Equal(6, nodes.Count(n => n.OpType == "MatMul" && fp32Weights.Contains(n.Inputs[1])));
        Assert.Equal(12, nodes.Count(n => n.OpType == "MatMul" && n.Inputs[1].EndsWith(OutlierChannelSplitter.Suffix, StringComparison.Ordinal)));
        Assert.Equal(6, nodes.Count(n => n.Name.EndsWith("_join_outliers", StringComparison.Ordinal)));

        // A padded batch: every real token's state must match the unsplit model's.
        var texts = Tokenize(["A short one.", "The tenant shall give the landlord at least thirty (30) days' written notice."]);
        var before = Run(fused, texts);
        var after = Run(split, texts);
        Assert.Equal(before.Length, after.Length);
        var worst = before.Select((v, i) => Math.Abs(v - after[i])).Max();
        Assert.True(worst < 1e-4, $"largest difference {worst}");
    }

    [Fact]
    public void Quantize_SplitModel_LeavesTheCopiesDownProjectionsInFp32()
    {
        var fused = AttentionFuser.Fuse(PackagedModels.Read(), out _);
        var split = OutlierChannelSplitter.Split(fused, FeedForwardHidden(fused).ToDictionary(h => h, _ => s_someChannels), out var fp32Weights);

        var nodes = OnnxGraphNodes.Read(DynamicQuantizer.Quantize(split, fp32Weights));

        // Attention output, both feed-forward products, and the copies' up projections.
        Assert.Equal(24, nodes.Count(n => n.OpType == "DynamicQuantizeMatMul"));
        Assert.Equal(6, nodes.Count(n => n.OpType == "DynamicQuantizeMatMul" && n.Inputs[1].Contains(OutlierChannelSplitter.Suffix, StringComparison.Ordinal)));
        Assert.Equal(6, nodes.Count(n => n.OpType == "MatMul" && fp32Weights.Contains(n.Inputs[1])));
        Assert.Equal(6, nodes.Count(n => n.OpType == "QAttention"));
    }

    [Fact]
    public void Separate_MiniLmOnTheCalibrationPassages_FindsTheKnownOutlierChannels()
    {
        var fused = AttentionFuser.Fuse(PackagedModels.Read(), out _);
        var model = EncoderModelCatalog.Resolve(new EmbeddingOptions { Model = "all-MiniLM-L6-v2" });
        using var vocabulary = model.OpenVocabulary();
        var calibration = CalibrationPassages.Tokenize(BertWordPieceTokenizer.FromVocabulary(vocabulary), model.MaxTokens, model.PassagePrefix);
        Assert.True(calibration.Count >= 20);

        var hidden = FeedForwardHidden(fused);
        var maxima = ActivationCalibrator.MaxAbsPerChannel(ActivationCalibrator.WithOutputs(fused, hidden), hidden, calibration, threads: 2);
        var picked = hidden.Select(h => OutlierChannelSplitter.PickOutliers(maxima[h])).ToList();
        var outputs = GraphOutputs(fused);
        var separated = OutlierChannelSplitter.Separate(fused, calibration, threads: 2, out var fp32Weights, out var channels);

        // Measured on 400 Python documentation passages: channel 856 of the first block reaches 24.4, 607 of the second
        // 20.4, 1004 and 218 of the third 17.5 and 14.7, 358 of the fourth 13.6; the 99th percentile of a block is about 5.
        Assert.Equal([856], picked[0]);
        Assert.Equal([607], picked[1]);
        Assert.Equal([218, 1004], picked[2]);
        Assert.Equal([358], picked[3]);
        Assert.InRange(maxima[hidden[0]][856], 20f, 30f);
        Assert.Equal(picked.Sum(p => p.Length), channels);
        Assert.Equal(picked.Count(p => p.Length > 0), fp32Weights.Count);
        Assert.Equal(outputs, GraphOutputs(separated)); // the values calibration read are outputs no more
    }

    private static HashSet<string> GraphOutputs(byte[] model) => OnnxGraph.Read(OnnxModelInspector.Graph(model)).Outputs;

    private static List<string> FeedForwardHidden(byte[] model)
    {
        var graph = OnnxModelInspector.Graph(model);
        return [.. FeedForwardBlock.FindAll(OnnxGraph.Read(graph), graph).Select(b => b.Hidden)];
    }

    private static int[][] Tokenize(string[] texts)
    {
        var model = EncoderModelCatalog.Resolve(new EmbeddingOptions { Model = "all-MiniLM-L6-v2" });
        using var vocabulary = model.OpenVocabulary();
        var tokenizer = BertWordPieceTokenizer.FromVocabulary(vocabulary);
        return [.. texts.Select(t => tokenizer.EncodeForModel(t, 256))];
    }

    /// <summary>The last hidden state of every real (unpadded) token of a padded batch.</summary>
    private static float[] Run(byte[] model, int[][] batch)
    {
        using var session = new InferenceSession(model);
        var length = batch.Max(b => b.Length);
        var ids = new long[batch.Length * length];
        var mask = new long[batch.Length * length];
        for (var r = 0; r < batch.Length; r++)
        {
            for (var t = 0; t < batch[r].Length; t++)
            {
                ids[(r * length) + t] = batch[r][t];
                mask[(r * length) + t] = 1;
            }
        }

        long[] shape = [batch.Length, length];
        using var idValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idValue, maskValue, typeValue], [session.OutputNames[0]]);
        var states = outputs[0].GetTensorDataAsSpan<float>();
        var width = states.Length / ids.Length;
        var real = new List<float>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 1)
            {
                real.AddRange(states.Slice(i * width, width).ToArray());
            }
        }

        return [.. real];
    }
}
