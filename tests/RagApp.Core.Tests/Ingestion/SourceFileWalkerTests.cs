using RagApp.Core.Ingestion;
using RagApp.Core.Tests.Fakes;

namespace RagApp.Core.Tests.Ingestion;

public sealed class SourceFileWalkerTests
{
    [Fact]
    public void Walk_SymbolicLinkLoop_SkipsItOnceAndListsEveryFile()
    {
        using var temp = new TempFolder();
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        Directory.CreateDirectory(Path.Combine(docs, "a"));
        File.WriteAllText(Path.Combine(docs, "a", "note.txt"), "text");
        Directory.CreateSymbolicLink(Path.Combine(docs, "a", "loop"), docs);
        var walk = new Recorder();

        var files = walk.Files(docs);

        Assert.Equal(["a/note.txt"], files);
        Assert.Empty(walk.Errors);
        var skip = Assert.Single(walk.Skips);
        Assert.Equal("a/loop", skip.Path);
        Assert.Equal("link to a folder already listed: the folder being ingested (docs)", skip.Reason);
    }

    [Fact]
    public void Walk_RelativeLinkUpTheTree_IsFollowedNoDeeper()
    {
        // A relative target with a trailing separator ("../"), seen again through the link itself ("a/up/a/up"): each is
        // the same real folder, so the tree is listed once, not 40 levels deep until the system refuses.
        using var temp = new TempFolder();
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        Directory.CreateDirectory(Path.Combine(docs, "a"));
        File.WriteAllText(Path.Combine(docs, "top.txt"), "text");
        File.WriteAllText(Path.Combine(docs, "a", "note.txt"), "text");
        Directory.CreateSymbolicLink(Path.Combine(docs, "a", "up"), "../");
        var walk = new Recorder();

        var files = walk.Files(docs);

        Assert.Equal(["top.txt", "a/note.txt"], files);
        Assert.Empty(walk.Errors);
        Assert.Equal(["a/up"], walk.Skips.Select(s => s.Path));
    }

    [Fact]
    public void Walk_LinkToASiblingFolder_ListsItsFilesOnceUnderTheFolderName()
    {
        using var temp = new TempFolder();
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        Directory.CreateDirectory(Path.Combine(docs, "reports"));
        File.WriteAllText(Path.Combine(docs, "reports", "q1.txt"), "text");
        Directory.CreateSymbolicLink(Path.Combine(docs, "latest"), "reports");
        var walk = new Recorder();

        var files = walk.Files(docs);

        // "latest" sorts first, but the real folder keeps its own name and the link is the repeat.
        Assert.Equal(["reports/q1.txt"], files);
        var skip = Assert.Single(walk.Skips);
        Assert.Equal(("latest", "link to a folder already listed: reports"), skip);
    }

    [Fact]
    public void Walk_LinkToAFolderOutsideTheRoot_IsFollowed()
    {
        using var temp = new TempFolder();
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        var shared = Directory.CreateDirectory(temp.File("shared")).FullName;
        File.WriteAllText(Path.Combine(shared, "team.md"), "# team");
        Directory.CreateSymbolicLink(Path.Combine(docs, "team"), shared);
        var walk = new Recorder();

        Assert.Equal(["team/team.md"], walk.Files(docs));
        Assert.Empty(walk.Skips);
        Assert.Empty(walk.Errors);
    }

    [Fact]
    public void Walk_LinksToAFileAndNowhere_ListTheFileWithItsRealPath_AndReportTheBrokenOne()
    {
        using var temp = new TempFolder();
        var docs = Directory.CreateDirectory(temp.File("docs")).FullName;
        File.WriteAllText(Path.Combine(docs, "real.md"), "# real");
        File.CreateSymbolicLink(Path.Combine(docs, "alias.md"), "real.md");
        File.CreateSymbolicLink(Path.Combine(docs, "gone.md"), "missing.md");
        var errors = new List<(string Path, string Error)>();

        var files = SourceFileWalker.Walk(docs, (p, e) => errors.Add((p, e)), (_, _) => Assert.Fail("no skips expected")).ToList();

        Assert.Equal(["alias.md", "real.md"], files.Select(f => f.Source));
        Assert.Equal(files[1].RealPath, files[0].RealPath);
        Assert.Equal(("gone.md", "broken symbolic link to missing.md"), Assert.Single(errors));
    }

    [Fact]
    public void RealPath_FolderReachedThroughALinkedParent_IsTheRealFolder()
    {
        using var temp = new TempFolder();
        var real = Directory.CreateDirectory(Path.Combine(temp.File("real"), "inner")).FullName;
        Directory.CreateSymbolicLink(temp.File("alias"), "real/");

        Assert.Equal(SourceFileWalker.RealPath(real), SourceFileWalker.RealPath(Path.Combine(temp.File("alias"), "inner")));
        Assert.Equal(SourceFileWalker.RealPath(real), SourceFileWalker.RealPath(real + Path.DirectorySeparatorChar));
        Assert.EndsWith(Path.Combine("real", "inner"), SourceFileWalker.RealPath(Path.Combine(temp.File("alias"), "inner")), StringComparison.Ordinal);
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

        var first = SourceFileWalker.Walk(root, (_, _) => Assert.Fail("no errors expected"), (_, _) => Assert.Fail("no skips expected")).Select(f => f.Source).ToList();
        var second = new Recorder().Files(root);

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
        var walk = new Recorder();

        var files = walk.Files(docs);
        var missing = walk.Files(temp.File("nope"));

        Assert.Equal(["café notes.md"], files);
        Assert.Empty(missing);
        Assert.Equal(["no such file or folder"], walk.Errors.Select(e => e.Error));
    }

    /// <summary>Walks and keeps the sources listed, the errors and the skips.</summary>
    private sealed class Recorder
    {
        public List<(string Path, string Error)> Errors { get; } = [];

        public List<(string Path, string Reason)> Skips { get; } = [];

        public List<string> Files(string path) =>
            [.. SourceFileWalker.Walk(path, (p, e) => Errors.Add((p, e)), (p, r) => Skips.Add((p, r))).Select(f => f.Source)];
    }
}
