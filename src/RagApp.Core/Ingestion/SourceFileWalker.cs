namespace RagApp.Core.Ingestion;

/// <summary>
/// Lists the files under the paths given to <c>ingest</c>: files as themselves, folders recursively in a stable order.
/// Hidden entries (a leading dot: <c>.git</c>, the index folder) are passed over; symbolic links to folders are followed,
/// each real folder once (a link back up the tree, or to a folder already listed, is skipped, not followed forever);
/// unreadable folders and broken links are reported, not fatal.
/// </summary>
public static class SourceFileWalker
{
    /// <summary>Links followed to reach a folder's real path before it counts as a loop the system would refuse too.</summary>
    private const int MaxLinkDepth = 40;

    /// <summary>
    /// The files under <paramref name="path"/>. <paramref name="onError"/> gets (path, one-line cause) for what could not
    /// be listed; <paramref name="onSkip"/> (path, reason) for a link to a folder that is already listed.
    /// </summary>
    public static IEnumerable<SourceFile> Walk(string path, Action<string, string> onError, Action<string, string> onSkip)
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

        // Real path of each folder listed -> where it was listed (relative to the root, "." for the root itself).
        var visited = new Dictionary<string, string>(StringComparer.Ordinal) { [RealPath(full)] = "." };
        var pending = new Stack<string>();
        pending.Push(full);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            var entries = List(dir, onError);
            var folders = new List<string>();
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                if (Directory.Exists(entry))
                {
                    folders.Add(entry);
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

            // Real folders claim their paths before links beside them do, so a folder keeps its own name and the link
            // to it is the one skipped.
            var subfolders = new List<string>();
            foreach (var entry in folders.OrderBy(IsLink))
            {
                var relative = Relative(full, entry);
                var real = RealPath(entry);
                if (visited.TryAdd(real, relative))
                {
                    subfolders.Add(entry);
                }
                else
                {
                    var first = visited[real];
                    var where = first == "." ? $"the folder being ingested ({Path.GetFileName(full)})" : first;
                    onSkip(relative, IsLink(entry) ? $"link to a folder already listed: {where}" : $"already listed as {where} (through a symbolic link)");
                }
            }

            subfolders.Sort(StringComparer.Ordinal);

            // Push in reverse so that folders are visited in name order.
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i]);
            }
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

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

    /// <summary>
    /// <paramref name="path"/> with every symbolic link along it resolved (not just the last one: a folder reached through
    /// a linked parent has the parent's real path), without a trailing separator; the path as given where it cannot be
    /// resolved.
    /// </summary>
    internal static string RealPath(string path) => RealPath(path, 0) ?? Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static string? RealPath(string path, int depth)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (part.Length == 0)
            {
                continue;
            }

            current = Path.Combine(current, part);
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }

            if (target is not null)
            {
                // A relative target is relative to the folder holding the link, whose real path is already known.
                if (depth >= MaxLinkDepth || RealPath(Path.GetFullPath(target, Path.GetDirectoryName(current)!), depth + 1) is not { } resolved)
                {
                    return null;
                }

                current = resolved;
            }
        }

        return Path.TrimEndingDirectorySeparator(current);
    }

    private static string Relative(string root, string entry) =>
        Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/');
}
