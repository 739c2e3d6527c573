using RagApp.Core.Ingestion;
using RagApp.Core.Tests.Fakes;

namespace RagApp.Core.Tests.Ingestion;

public sealed class SourceFileWalkerTests
{
    [Fact]
    public void Walk_SymbolicLinkLoop_ReportsItOnceAndListsEveryFile()
    {
        using var temp = new TempFolder();
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        Directory.CreateDirectory(Path.Combine(docs, "a"));
        File.WriteAllText(Path.Combine(docs, "a", "note.txt"), "text");
        Directory.CreateSymbolicLink(Path.Combine(docs, "a", "loop"), docs);
        var errors = new List<(string Path, string Error)>();

        var files = SourceFileWalker.Walk(docs, (p, e) => errors.Add((p, e))).ToList();

        Assert.Equal(["a/note.txt"], files.Select(f => f.Source));
        var error = Assert.Single(errors);
        Assert.Equal("a/loop", error.Path);
        Assert.Contains("symbolic link loop", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Walk_TenThousandFilesInNestedFolders_ListsAllInStableOrder()
    {
        using var temp = new TempFolder();
        var root = Directory.CreateDirectory(temp.File("many")).FullName;
        for (var i = 0; i < 10_000; i++)
        {
            var folder = Path.Combine(root, $"d{i % 10}", $"e{i % 100 / 10}");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"f{i:D5}.txt"), "x");
        }

        var first = SourceFileWalker.Walk(root, (_, _) => Assert.Fail("no errors expected")).Select(f => f.Source).ToList();
        var second = SourceFileWalker.Walk(root, (_, _) => { }).Select(f => f.Source).ToList();

        Assert.Equal(10_000, first.Count);
        Assert.Equal(10_000, first.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(first, second);
    }

    [Fact]
    public void Walk_HiddenEntriesAndMissingPath_AreSkippedOrReported()
    {
        using var temp = new TempFolder();
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        Directory.CreateDirectory(Path.Combine(docs, ".ragapp"));
        File.WriteAllText(Path.Combine(docs, ".ragapp", "index.db"), "db");
        File.WriteAllText(Path.Combine(docs, "café notes.md"), "# x");
        var errors = new List<string>();

        var files = SourceFileWalker.Walk(docs, (_, e) => errors.Add(e)).ToList();
        var missing = SourceFileWalker.Walk(temp.File("nope"), (_, e) => errors.Add(e)).ToList();

        Assert.Equal(["café notes.md"], files.Select(f => f.Source));
        Assert.Empty(missing);
        Assert.Equal(["no such file or folder"], errors);
    }
}
