namespace RagApp.Core.Ingestion;

/// <summary>
/// Lists the files under the paths given to <c>ingest</c>: files as themselves, folders recursively in a stable order.
/// Hidden entries (a leading dot: <c>.git</c>, the index folder) are passed over, symbolic links to folders are followed
/// once (a link loop is listed as a failure, not followed forever), and unreadable folders are reported, not fatal.
/// </summary>
public static class SourceFileWalker
{
    /// <summary>The files under <paramref name="path"/>; <paramref name="onError"/> gets (path, one-line cause) for what could not be listed.</summary>
    public static IEnumerable<SourceFile> Walk(string path, Action<string, string> onError)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            yield return new SourceFile(full, Path.GetFileName(full));
            yield break;
        }

        if (!Directory.Exists(full))
        {
            onError(path, "no such file or folder");
            yield break;
        }

        var visited = new HashSet<string>(StringComparer.Ordinal) { RealPath(full) };
        var pending = new Stack<string>();
        pending.Push(full);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            var entries = List(dir, onError);
            var subfolders = new List<string>();
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                if (Directory.Exists(entry))
                {
                    if (visited.Add(RealPath(entry)))
                    {
                        subfolders.Add(entry);
                    }
                    else
                    {
                        onError(Relative(full, entry), "symbolic link loop (folder already visited)");
                    }
                }
                else if (File.Exists(entry))
                {
                    yield return new SourceFile(entry, Relative(full, entry));
                }
                else if (new FileInfo(entry).LinkTarget is { } target)
                {
                    onError(Relative(full, entry), $"broken symbolic link to {target}");
                }
            }

            // Push in reverse so that folders are visited in name order.
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i]);
            }
        }
    }

    private static string[] List(string dir, Action<string, string> onError)
    {
        try
        {
            var entries = Directory.GetFileSystemEntries(dir);
            Array.Sort(entries, StringComparer.Ordinal);
            return entries;
        }
        catch (UnauthorizedAccessException)
        {
            onError(dir, "permission denied");
        }
        catch (IOException ex)
        {
            onError(dir, ex.Message);
        }

        return [];
    }

    private static string RealPath(string dir)
    {
        try
        {
            return new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dir;
        }
        catch (IOException)
        {
            return dir;
        }
    }

    private static string Relative(string root, string entry) =>
        Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/');
}
