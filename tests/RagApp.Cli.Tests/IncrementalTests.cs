using System.Text;
using System.Text.Json;

namespace RagApp.Cli.Tests;

/// <summary>Edits, renames and deletions cost only what changed.</summary>
public sealed class IncrementalTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ingest_OneParagraphEdited_ReembedsOnlyNearbyChunks()
    {
        var docs = _temp.Combine("docs");
        var path = _temp.Write("docs/manual.md", Manual(editedSection: -1));
        var index = _temp.Combine("index");
        var first = Summary(await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json"));

        File.WriteAllText(path, Manual(editedSection: 7));
        var second = Summary(await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json"));

        var chunks = first.GetProperty("chunks").GetInt32();
        Assert.True(chunks >= 12, $"the manual should make many chunks, made {chunks}");
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
        Assert.InRange(second.GetProperty("embeddedChunks").GetInt32(), 1, 4);
        Assert.True(second.GetProperty("reusedChunks").GetInt32() >= chunks - 4);
    }

    [Fact]
    public async Task Ingest_FileRenamedAndAnotherDeleted_ReusesVectorsAndForgetsTheDeleted()
    {
        var docs = _temp.Combine("docs");
        var original = _temp.Write("docs/manual.md", Manual(editedSection: -1));
        var doomed = _temp.Write("docs/old.md", "# Old\n\nThis note about obsolete kettles will be deleted.\n");
        var index = _temp.Combine("index");
        Summary(await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json"));

        File.Move(original, Path.Combine(docs, "renamed-manual.md"));
        File.Delete(doomed);
        var second = Summary(await RagAppRunner.InProcessAsync("ingest", docs, "--index", index, "--json"));
        var search = await RagAppRunner.InProcessAsync("search", "obsolete kettles", "--index", index, "--json", "--mode", "keyword");

        Assert.Equal(1, second.GetProperty("added").GetInt32());
        Assert.Equal(2, second.GetProperty("removed").GetInt32());
        Assert.Equal(1, second.GetProperty("documents").GetInt32());
        Assert.Equal(0, second.GetProperty("embeddedChunks").GetInt32());
        Assert.DoesNotContain("old.md", search.Stdout, StringComparison.Ordinal);
    }

    private static JsonElement Summary(RagAppRunner.Run run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    /// <summary>A manual of 20 sections of two paragraphs; <paramref name="editedSection"/> gets one changed sentence.</summary>
    private static string Manual(int editedSection)
    {
        var text = new StringBuilder("# Pump manual\n\n");
        for (var s = 0; s < 20; s++)
        {
            text.Append($"## Section {s}: part {s * 3}\n\n");
            for (var p = 0; p < 2; p++)
            {
                text.Append($"The pump part {s * 3 + p} is checked every {s + p + 2} weeks. Remove cover {s}, clean filter {p} with warm water, ")
                    .Append($"inspect seal {s}-{p} for cracks and replace it when it is older than {s + 5} months. Record the pressure reading ")
                    .Append($"in the log together with the date and the technician's initials, then close the cover and run the pump for {p + 3} minutes.");
                if (s == editedSection && p == 1)
                {
                    text.Append(" Since the 2026 revision, also lubricate the shaft with food-grade grease.");
                }

                text.Append("\n\n");
            }
        }

        return text.ToString();
    }
}
