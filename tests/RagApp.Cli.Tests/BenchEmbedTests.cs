using System.Text.Json;

namespace RagApp.Cli.Tests;

/// <summary><c>bench embed</c> end to end on a few texts: the contract's JSON, the baseline rounds, bad rounds.</summary>
public sealed class BenchEmbedTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task BaselineInTwoRounds_JsonHasEachSpeedUpAndTheirMedian()
    {
        var input = _temp.Combine("texts.jsonl");
        string[] texts = ["A short one.", "A somewhat longer text about feeding a sourdough starter twice a day.", "Mid-length text here.", "One more."];
        await File.WriteAllLinesAsync(input, texts.Select(t => JsonSerializer.Serialize(new { text = t })), TestContext.Current.CancellationToken);

        var run = await RagAppRunner.InProcessAsync("bench", "embed", "--input", input, "--baseline", "--repeat", "2", "--json", "--index", _temp.Combine("index"));

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("passages").GetInt32());
        Assert.True(root.GetProperty("gemmGflops").GetDouble() > 0);
        Assert.True(root.GetProperty("ceilingShare").GetDouble() > 0);
        var speedUps = root.GetProperty("speedUps").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(2, speedUps.Count);
        Assert.All(speedUps, s => Assert.True(s > 0));
        Assert.Contains(root.GetProperty("medianSpeedUp").GetDouble(), speedUps);

        // The four texts differ in length and share one padded baseline batch: it computes more than the useful FLOPs.
        Assert.InRange(root.GetProperty("paddingFactor").GetDouble(), 1.1, 20);
        Assert.InRange(root.GetProperty("peakMemoryMb").GetDouble(), 50, 64 * 1024);
    }

    [Theory]
    [InlineData("--repeat", "0")]
    [InlineData("--n", "0")]
    [InlineData("--n", "-3")]
    [InlineData("--quantization", "int4")]
    public async Task BadOption_IsAUsageErrorNamingIt(string option, string value)
    {
        var input = _temp.Combine("texts.jsonl");
        await File.WriteAllTextAsync(input, "{\"text\":\"x\"}\n", TestContext.Current.CancellationToken);

        var run = await RagAppRunner.InProcessAsync("bench", "embed", "--input", input, option, value, "--index", _temp.Combine("index"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {option}", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"text\":\"fine\"}\nnot json\n", "texts.jsonl:2: not a JSON line")]
    [InlineData("{\"title\":\"no text field\"}\n", "texts.jsonl: no line has a \"text\" field")]
    [InlineData("", "texts.jsonl: no line has a \"text\" field")]
    public async Task BadInputFile_FailsWithOneLineNamingTheFile(string content, string expected)
    {
        var input = _temp.Combine("texts.jsonl");
        await File.WriteAllTextAsync(input, content, TestContext.Current.CancellationToken);

        var run = await RagAppRunner.InProcessAsync("bench", "embed", "--input", input, "--index", _temp.Combine("index"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
