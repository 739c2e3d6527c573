namespace RagApp.Core.Ingestion;

/// <summary>
/// The files one <c>ingest</c> run reads, each once: the paths given are walked (<see cref="SourceFileWalker"/>), a path
/// given twice or inside another folder given is walked from the outer folder only, and a file reached under two names
/// (through a symbolic link) keeps the name it has without links. Skips and failures go to the summary.
/// </summary>
internal static class SourceFileList
{
    /// <summary>The files to read, and the sources skipped as another name of one of them.</summary>
    public static (List<SourceFile> Files, List<(SourceFile File, string Owner)> Duplicates) Build(IReadOnlyList<string> paths, IngestionSummary summary)
    {
        var listed = OutermostPaths(paths, summary).SelectMany(path => SourceFileWalker.Walk(
            path, (p, error) => summary.Failed.Add(new IngestionFailure(p, error)), (p, reason) => summary.Skipped.Add(new IngestionSkip(p, reason)))).ToList();

        // One file reached under two names (a symbolic link to it, or to a folder holding it) is stored once, under the
        // name it has without links when it has one.
        var owners = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
        foreach (var file in listed.OrderBy(f => f.RealPath == f.FullPath ? 0 : 1))
        {
            owners.TryAdd(file.RealPath, file);
        }

        var files = new List<SourceFile>();
        var duplicates = new List<(SourceFile File, string Owner)>();
        var bySource = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in listed)
        {
            if (owners[file.RealPath] is var owner && !ReferenceEquals(owner, file))
            {
                summary.Skipped.Add(new IngestionSkip(file.Source, $"the same file as {owner.Source}"));
                duplicates.Add((file, owner.Source));
            }
            else if (bySource.TryGetValue(file.Source, out var other))
            {
                summary.Failed.Add(new IngestionFailure(file.FullPath, $"its name '{file.Source}' clashes with {other}; ingest one of them from its own folder"));
            }
            else
            {
                bySource[file.Source] = file.FullPath;
                files.Add(file);
            }
        }

        return (files, duplicates);
    }

    /// <summary>
    /// The paths to walk: one given twice, or inside a folder also given, is walked once, from the outer folder, so that
    /// <c>ingest docs docs/sub</c> does not store the files of <c>docs/sub</c> under two names.
    /// </summary>
    private static IEnumerable<string> OutermostPaths(IReadOnlyList<string> paths, IngestionSummary summary)
    {
        var real = paths.Select(SourceFileWalker.RealPath).ToArray();
        for (var i = 0; i < paths.Count; i++)
        {
            var outer = Enumerable.Range(0, paths.Count).FirstOrDefault(
                j => (j < i && real[i] == real[j])
                    || (j != i && Directory.Exists(paths[j]) && real[i].StartsWith(real[j] + Path.DirectorySeparatorChar, StringComparison.Ordinal)),
                -1);
            if (outer < 0)
            {
                yield return paths[i];
            }
            else
            {
                summary.Skipped.Add(new IngestionSkip(paths[i], real[i] == real[outer] ? "given more than once" : $"inside {paths[outer]}, which is ingested too"));
            }
        }
    }
}
