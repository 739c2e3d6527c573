using System.Text.Json;

namespace RagApp.Cli.Tests;

/// <summary>Bad input and missing pieces: one clear line each, the contract's exit codes, nothing stored is lost.</summary>
public sealed class FailureTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Search_WithoutIndex_FailsWithOneLine()
    {
        var run = await RagAppRunner.InProcessAsync("search", "anything", "--index", _temp.Combine("missing"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("run `ragapp ingest` first", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_EmptyQuery_IsAUsageError()
    {
        var run = await RagAppRunner.InProcessAsync("search", "   ", "--index", _temp.Combine("missing"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("query is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("status")]
    public async Task IndexPathIsAFile_IsAUsageErrorSayingSo(string command)
    {
        var file = _temp.Combine("not-a-folder");
        File.WriteAllText(file, "x");

        var run = await RagAppRunner.InProcessAsync(command, "--index", file);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"error: the index folder '{file}' is a file; give --index a folder", line);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public async Task NumberOptionGivenAWord_IsAUsageErrorNamingTheValue()
    {
        var run = await RagAppRunner.InProcessAsync("search", "penguins", "--top", "abc", "--index", _temp.Combine("missing"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: 'abc' is not a valid number", run.Stderr.Trim());
    }

    [Fact]
    public async Task Ingest_FileNameWithALineBreak_IsReportedOnOneLine()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("documents")).FullName;
        File.WriteAllText(Path.Combine(docs, "good.md"), "# Notes\n\nKilns reach 1,200 degrees.");
        File.WriteAllBytes(Path.Combine(docs, "bad\nname.pdf"), "%PDF-1.7\nthis is not really a pdf"u8.ToArray());

        var run = await RagAppRunner.InProcessAsync("ingest", docs, "--index", _temp.Combine("index"));

        Assert.Equal(3, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("failed bad\\nname.pdf: not a valid PDF", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("name.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_IndexDamagedBeyondWhatOpeningChecks_FailsWithOneLineNamingTheFolder()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("documents")).FullName;
        var random = new Random(7);
        string[] words = ["kiln", "glaze", "clay", "fire", "cone", "oxide", "slip", "bisque", "wheel", "trim", "pottery", "studio"];
        for (var i = 0; i < 40; i++)
        {
            File.WriteAllText(Path.Combine(docs, $"d{i}.txt"), string.Join(' ', Enumerable.Range(0, 600).Select(_ => words[random.Next(words.Length)])));
        }

        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);

        // Junk at the start of every page after the first two: the schema reads fine, the keyword index does not.
        using (var file = File.Open(Path.Combine(index, "index.db"), FileMode.Open, FileAccess.ReadWrite))
        {
            for (var offset = 2 * 4096L; offset < file.Length; offset += 4096)
            {
                file.Position = offset;
                file.Write(Enumerable.Repeat((byte)0xff, 200).ToArray());
            }
        }

        var run = await RagAppRunner.InProcessAsync("search", "kiln glaze", "--mode", "keyword", "--index", index);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("damaged", line, StringComparison.Ordinal);
        Assert.Contains(index, line, StringComparison.Ordinal);
        Assert.Contains("ragapp ingest", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_EmptyText_IsAUsageError()
    {
        var run = await RagAppRunner.InProcessAsync("embed", "", "--json", "--index", _temp.Combine("missing"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("text is empty", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("search", "penguins", "--tpo", "1")]
    [InlineData("status", "--bogus")]
    [InlineData("ingest", "--dry-run")]
    public async Task UnknownOption_IsAUsageError(params string[] args)
    {
        var run = await RagAppRunner.InProcessAsync([.. args, "--index", _temp.Combine("missing")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown option", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(_temp.Combine("missing")));
    }

    [Fact]
    public async Task Ingest_MissingFolder_IsAUsageError()
    {
        var run = await RagAppRunner.InProcessAsync("ingest", _temp.Combine("nope"), "--index", _temp.Combine("index"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such file or folder", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BadFiles_ReportsEachAndKeepsTheRest()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        File.WriteAllBytes(Path.Combine(docs, "broken.pdf"), "%PDF-1.7\nthis is not really a pdf"u8.ToArray());
        File.WriteAllBytes(Path.Combine(docs, "binary.txt"), [0, 1, 2, 3, 0, 255, 254, 0, 7, 8, 0, 0, 1, 2, 3, 4]);
        File.WriteAllBytes(Path.Combine(docs, "empty.md"), []);
        File.WriteAllText(Path.Combine(docs, "picture.xyz"), "unknown format");
        var index = _temp.Combine("index");

        var run = await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json");

        Assert.Equal(3, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var failed = json.RootElement.GetProperty("failed").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Contains("broken.pdf", failed);
        Assert.Contains("binary.txt", failed);
        Assert.Contains("empty.md", skipped);
        Assert.Contains("picture.xyz", skipped);
        Assert.Equal(3, json.RootElement.GetProperty("documents").GetInt32());
        foreach (var failure in json.RootElement.GetProperty("failed").EnumerateArray())
        {
            Assert.DoesNotContain('\n', failure.GetProperty("error").GetString()!);
        }
    }

    [Fact]
    public async Task Ask_BrokenPromptTemplate_FailsWithItsPathWhileSearchStillWorks()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);
        var template = Path.Combine(_temp.Combine("prompts"), "Rag", "RewriteQuery");
        Directory.CreateDirectory(template);
        File.WriteAllText(Path.Combine(template, "skprompt.txt"), "Rewrite {{$question}}");
        File.WriteAllText(Path.Combine(template, "config.json"), "{ not json");
        var config = _temp.Write("prompts.json", JsonSerializer.Serialize(new { Chat = new { PromptsPath = _temp.Combine("prompts") } }));

        var ask = await RagAppRunner.InProcessAsync("ask", "How often should I feed the starter?", "--index", index, "--config", config);
        var search = await RagAppRunner.InProcessAsync("search", "starter", "--index", index, "--config", config, "--json");

        Assert.Equal(1, ask.ExitCode);
        var line = Assert.Single(ask.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.Combine(template, "config.json"), line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ask.Stdout);
        Assert.Equal(0, search.ExitCode);
        Assert.NotEmpty(JsonDocument.Parse(search.Stdout).RootElement.GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task Open_WithAnotherEncoder_IsRefusedWithHowToReindex()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);
        var config = _temp.Write("arctic.json", """{ "Embeddings": { "Model": "snowflake-arctic-embed-xs" } }""");

        var run = await RagAppRunner.InProcessAsync("search", "starter", "--index", index, "--config", config);
        var status = await RagAppRunner.InProcessAsync("status", "--index", index, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("all-MiniLM-L6-v2", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ingest", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("\"documents\":3", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_IndexBuiltWithInt8_ReadingUsesItAndIngestAsksForTheSetting()
    {
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        var int8 = _temp.Write("int8.json", """{ "Embeddings": { "Quantization": "int8" } }""");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--config", int8)).ExitCode);

        // No configuration: the default is fp32, the index is int8.
        var search = await RagAppRunner.InProcessAsync("search", "how often to feed the starter", "--index", index, "--mode", "dense", "--json");
        var status = await RagAppRunner.InProcessAsync("status", "--index", index, "--json");
        var ingest = await RagAppRunner.InProcessAsync("ingest", docs, "--index", index);

        Assert.Equal(0, search.ExitCode);
        Assert.Contains("sourdough-starter-handbook.pdf", search.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("\"quantization\":\"int8\"", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, ingest.ExitCode);
        var line = Assert.Single(ingest.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Embeddings:Quantization", line, StringComparison.Ordinal);
        Assert.Contains("RAGAPP_Embeddings__Quantization=int8", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_IndexOfAnUnknownQuantization_IsRefusedAsAnotherEncoder()
    {
        // An index written by a later version with a quantisation this one lacks is not adopted.
        var docs = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        Assert.Equal(0, (await RagAppRunner.InProcessAsync("ingest", docs, "--index", index)).ExitCode);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(index, "index.db")};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE meta SET value = replace(value, 'quant:none', 'quant:int4') WHERE key = 'fingerprint';";
            Assert.Equal(1, await update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var run = await RagAppRunner.InProcessAsync("search", "starter", "--index", index);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("holds vectors of", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_CorruptIndex_FailsWithOneLineNamingTheFile()
    {
        var index = _temp.Combine("index");
        Directory.CreateDirectory(index);
        File.WriteAllText(Path.Combine(index, "index.db"), new string('x', 4096));

        var run = await RagAppRunner.InProcessAsync("status", "--index", index);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("index.db", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_EmptyFolder_SucceedsWithNothingAdded()
    {
        Directory.CreateDirectory(_temp.Combine("empty"));

        var run = await RagAppRunner.InProcessAsync("ingest", _temp.Combine("empty"), "--index", _temp.Combine("index"), "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(0, json.RootElement.GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task Ingest_FileAboveTheSizeLimit_IsSkippedWithTheSetting()
    {
        var docs = _temp.Combine("big");
        Directory.CreateDirectory(docs);
        await File.WriteAllTextAsync(Path.Combine(docs, "huge.txt"), new string('a', 3 * 1024 * 1024), TestContext.Current.CancellationToken);
        var config = _temp.Write("small-limit.json", """{ "Ingestion": { "MaxFileBytes": 1048576 } }""");

        var run = await RagAppRunner.InProcessAsync("ingest", docs, "--index", _temp.Combine("index"), "--config", config, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var skipped = Assert.Single(json.RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal("huge.txt", skipped.GetProperty("path").GetString());
        Assert.Contains("Ingestion:MaxFileBytes", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_Json_MatchesTheReferenceVector()
    {
        var run = await RagAppRunner.InProcessAsync("embed", "This is an example sentence", "--json", "--index", _temp.Combine("index"));

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("all-MiniLM-L6-v2", json.RootElement.GetProperty("model").GetString());
        Assert.Equal(384, json.RootElement.GetProperty("dimensions").GetInt32());
        var vector = json.RootElement.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        using var reference = JsonDocument.Parse(File.ReadAllText(RagApp.Tests.Shared.SharedData.DataPath("reference-embeddings", "all-MiniLM-L6-v2.json")));
        var expected = reference.RootElement.GetProperty("sentences")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(vector, expected);
        Assert.True(cosine >= 0.99999f, $"cosine {cosine}");
    }
}
