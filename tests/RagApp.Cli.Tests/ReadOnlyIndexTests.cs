using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;
using RagApp.Infrastructure.VectorStores.Sqlite;
using RagApp.Tests.Shared;

namespace RagApp.Cli.Tests;

/// <summary>
/// An index the user may not write (a team's index on a read-only mount, another user's folder): status, search and ask
/// work; ingest, remove and eval fail with one line naming the folder, exit 1, and change nothing. Root may write any
/// folder, so most tests have the store open read-only as it does by itself when it cannot write; the last one makes
/// the operating system refuse, where it can.
/// </summary>
public sealed class ReadOnlyIndexTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        ReadOnlyFolder.Undo(_temp.Path);
        _temp.Dispose();
    }

    [Fact]
    public async Task ReadCommands_ReadOnlyIndex_Work()
    {
        var index = await IngestAsync();
        ReadOnlyFolder.Apply(index);
        var before = Snapshot(index);

        var status = await RagAppRunner.InProcessAsync(ReadOnlyStore, "status", "--index", index, "--json");
        var search = await RagAppRunner.InProcessAsync(ReadOnlyStore, "search", "bread flour protein", "--index", index, "--json");
        var ask = await RagAppRunner.InProcessAsync(ReadOnlyStore, "ask", "How much protein does bread flour have?", "--index", index, "--json");

        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Equal(3, JsonDocument.Parse(status.Stdout).RootElement.GetProperty("documents").GetInt32());
        Assert.True(search.ExitCode == 0, search.Stderr);
        Assert.Equal("flour-notes.txt", JsonDocument.Parse(search.Stdout).RootElement.GetProperty("results")[0].GetProperty("source").GetString());
        Assert.True(ask.ExitCode == 0, ask.Stderr);
        Assert.True(JsonDocument.Parse(ask.Stdout).RootElement.GetProperty("grounded").GetBoolean());
        Assert.Equal(before, Snapshot(index));
    }

    [Fact]
    public async Task WriteCommands_ReadOnlyIndex_FailWithOneLineAndChangeNothing()
    {
        var documents = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = await IngestAsync(documents);
        await File.AppendAllTextAsync(Path.Combine(documents, "flour-notes.txt"), "\nRye flour ferments fast.\n", TestContext.Current.CancellationToken);
        ReadOnlyFolder.Apply(index);
        var before = Snapshot(index);
        var beir = Path.Combine(AppContext.BaseDirectory, "TestData", "beir-sample");

        string[][] commands =
        [
            ["ingest", documents, "--index", index],
            ["remove", "flour-notes.txt", "--index", index],
            ["eval", "--corpus", Path.Combine(beir, "corpus.jsonl"), "--queries", Path.Combine(beir, "queries.jsonl"),
                "--qrels", Path.Combine(beir, "qrels", "test.tsv"), "--index", index],
        ];
        foreach (var command in commands)
        {
            var run = await RagAppRunner.InProcessAsync(ReadOnlyStore, command);

            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: the index at {index} is read-only (", line, StringComparison.Ordinal);
            Assert.Equal("", run.Stdout);
        }

        Assert.Equal(before, Snapshot(index));
    }

    [Fact]
    public async Task Commands_IndexThisUserMayNotWrite_ReadsWorkAndWritesFailCleanly()
    {
        if (!ReadOnlyFolder.PermissionsApply)
        {
            Assert.Skip(ReadOnlyFolder.SkipReason);
        }

        var documents = SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = await IngestAsync(documents);
        File.Delete(Path.Combine(index, SqliteIndexStore.VectorCacheFileName)); // so that search would write it again
        ReadOnlyFolder.Apply(index);
        var before = Snapshot(index, includeLock: true);

        var status = await RagAppRunner.InProcessAsync("status", "--index", index, "--json");
        var search = await RagAppRunner.InProcessAsync("search", "bread flour protein", "--index", index, "--json");
        var ingest = await RagAppRunner.InProcessAsync("ingest", documents, "--index", index);
        var remove = await RagAppRunner.InProcessAsync("remove", "flour-notes.txt", "--index", index);

        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.True(search.ExitCode == 0, search.Stderr);
        Assert.Equal("flour-notes.txt", JsonDocument.Parse(search.Stdout).RootElement.GetProperty("results")[0].GetProperty("source").GetString());
        Assert.Equal(1, ingest.ExitCode);
        var refusal = Assert.Single(ingest.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: the index at {index} is read-only (permission denied", refusal, StringComparison.Ordinal);
        Assert.Equal(1, remove.ExitCode);
        Assert.StartsWith($"error: the index at {index} is read-only (", Assert.Single(remove.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(index, includeLock: true));
    }

    /// <summary>The store opened read-only, as it opens itself when the index cannot be written.</summary>
    private static void ReadOnlyStore(IServiceCollection services) =>
        services.AddSingleton<IIndexStore>(provider => new SqliteIndexStore(provider.GetRequiredService<IOptions<IndexOptions>>()) { OpenReadOnly = true });

    private async Task<string> IngestAsync(string? documents = null)
    {
        documents ??= SampleDocuments.CopyTo(_temp.Combine("documents"));
        var index = _temp.Combine("index");
        var run = await RagAppRunner.InProcessAsync("ingest", documents, "--index", index);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return index;
    }

    /// <summary>
    /// Every file under the index with the sha256 of its bytes. The writers' lock file is left out unless asked for: the
    /// in-process writers that the forced read-only store lets take it write their process id into it, and it is no part
    /// of the index.
    /// </summary>
    private static List<string> Snapshot(string index, bool includeLock = false) =>
        Directory.GetFiles(index, "*", SearchOption.AllDirectories)
            .Where(f => includeLock || Path.GetFileName(f) != "ingest.lock")
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(index, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
            .ToList();
}
