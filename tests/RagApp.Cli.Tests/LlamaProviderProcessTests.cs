using System.Text.Json;
using RagApp.Tests.Shared;

namespace RagApp.Cli.Tests;

/// <summary>
/// <c>ask</c> with an in-process GGUF model (a real 1.7 MB llama with random weights, so the answer is nonsense) as a
/// separate process: llama.cpp writes its model-loading report straight to the process's standard error unless routed,
/// which only a child process shows.
/// </summary>
public sealed class LlamaProviderProcessTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ask_WithAGgufModel_KeepsLlamaCppsReportOffStandardError()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);
        var config = _temp.Write("llama.json", JsonSerializer.Serialize(new
        {
            Chat = new
            {
                Provider = "llama",
                ModelPath = SharedData.DataPath("tiny-gguf", "llama-2-tiny-random.gguf"),
                MaxOutputTokens = 8,
                ContextSize = 4096,
            },
        }));

        var run = await RagAppRunner.ProcessAsync(_temp.Path, "ask", "How often should I feed the starter?", "--index", index, "--config", config);

        Assert.Equal(0, run.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(run.Stdout));
        Assert.DoesNotContain("llama_model_loader", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("llama_context", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WithAFileThatIsNotAModel_FailsWithOneLineFirst()
    {
        // llama.cpp reports the failed load itself, before the load returns: the contract wants the error line first.
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);
        var model = _temp.Write("broken.gguf", "GGUF but not really a model");
        var config = _temp.Write("llama.json", JsonSerializer.Serialize(new { Chat = new { Provider = "llama", ModelPath = model } }));

        var run = await RagAppRunner.ProcessAsync(_temp.Path, "ask", "How often should I feed the starter?", "--index", index, "--config", config);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: Chat:ModelPath {model} is not a GGUF model llama.cpp can load", line, StringComparison.Ordinal);
    }
}
