using System.IO.Enumeration;

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
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(full))
        {
            yield return new SourceFile(full, Path.GetFileName(full)) { RealPath = RealPath(full) };
            yield break;
        }

        if (!Directory.Exists(full))
        {
            onError(path, "no such file or folder");
            yield break;
        }

        // Real path of each folder listed -> where it was listed (relative to the root, "." for the root itself).
        var rootReal = RealPath(full);
        var visited = new Dictionary<string, string>(StringComparer.Ordinal) { [rootReal] = "." };
        var pending = new Stack<(string Dir, string RealDir)>();
        pending.Push((full, rootReal));
        while (pending.Count > 0)
        {
            var (dir, realDir) = pending.Pop();
            var folders = new List<Entry>();
            foreach (var entry in List(dir, onError))
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                if (entry.IsDirectory)
                {
                    folders.Add(entry);
                }
                else if (!entry.IsLink)
                {
                    yield return new SourceFile(entry.Path, Relative(full, entry.Path)) { RealPath = Path.Combine(realDir, entry.Name) };
                }
                else if (LinkedFileExists(entry.Path))
                {
                    yield return new SourceFile(entry.Path, Relative(full, entry.Path)) { RealPath = RealPath(entry.Path) };
                }
                else
                {
                    onError(Relative(full, entry.Path), $"broken symbolic link to {new FileInfo(entry.Path).LinkTarget}");
                }
            }

            // Real folders claim their paths before links beside them do, so a folder keeps its own name and the link
            // to it is the one skipped.
            var subfolders = new List<(string Dir, string RealDir)>();
            foreach (var (entry, name, _, isLink) in folders.OrderBy(f => f.IsLink))
            {
                var relative = Relative(full, entry);
                var real = isLink ? RealPath(entry) : Path.Combine(realDir, name);
                if (visited.TryAdd(real, relative))
                {
                    subfolders.Add((entry, real));
                }
                else
                {
                    var first = visited[real];
                    var where = first == "." ? $"the folder being ingested ({Path.GetFileName(full)})" : first;
                    onSkip(relative, isLink ? $"link to a folder already listed: {where}" : $"already listed as {where} (through a symbolic link)");
                }
            }

            subfolders.Sort((a, b) => StringComparer.Ordinal.Compare(a.Dir, b.Dir));

            // Push in reverse so that folders are visited in name order.
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i]);
            }
        }
    }

    /// <summary>Whether the link at <paramref name="path"/> leads to a file (File.Exists is true for a dangling link too).</summary>
    private static bool LinkedFileExists(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
        }
        catch (IOException)
        {
            return false; // a loop of links
        }
    }

    /// <summary>
    /// The entries of <paramref name="dir"/> in name order, with what the listing itself tells (whether an entry is a
    /// link; whether it is, or links to, a folder), so that a plain file costs no call of its own.
    /// </summary>
    private static List<Entry> List(string dir, Action<string, string> onError)
    {
        try
        {
            var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
            var entries = new FileSystemEnumerable<Entry>(
                dir,
                (ref FileSystemEntry e) => new Entry(e.ToFullPath(), e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0),
                options).ToList();
            entries.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
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
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
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

    /// <summary>One entry of a folder listing.</summary>
    private readonly record struct Entry(string Path, string Name, bool IsDirectory, bool IsLink);

    private static string Relative(string root, string entry) =>
        Path.GetRelativePath(root, entry).Replace(Path.DirectorySeparatorChar, '/');
}
