using System.Text;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// The <c>models/</c> folder of an index, where an encoder's optimised and quantised copies and the hash of its bytes
/// are cached, and its housekeeping: copies made by older versions of the code and weights files no graph names go.
/// </summary>
internal sealed class ModelCacheFolder(string indexPath, string modelName)
{
    /// <summary>How old an unnamed weights file must be before it is deleted (<see cref="DeleteOrphanedWeights"/>).</summary>
    public static readonly TimeSpan OrphanedWeightsAge = TimeSpan.FromMinutes(10);

    public string Folder { get; } = Path.Combine(Path.GetFullPath(indexPath), "models");

    /// <summary>
    /// Where a copy of the model of <paramref name="kind"/> (<c>fp32</c> optimised, <c>int8</c>) made by the code of
    /// <paramref name="version"/> from the model bytes of <paramref name="sha256"/> is cached.
    /// </summary>
    public string CopyPath(string kind, string version, string sha256) => Path.Combine(Folder, $"{CopyPrefix(kind, version)}{sha256[..16]}.onnx");

    /// <summary>Where the hash of the model bytes is remembered, with the key of the bytes it belongs to.</summary>
    private string Sha256Path => Path.Combine(Folder, $"{modelName}.sha256");

    /// <summary>
    /// Whether files can be created in the folder (made when absent). An index on a read-only mount or in another user's
    /// folder cannot cache copies, and its encoder runs from memory: asked first, because ONNX Runtime's failure to save
    /// a model does not surface as an <see cref="IOException"/>.
    /// </summary>
    public bool IsWritable()
    {
        try
        {
            Directory.CreateDirectory(Folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return FolderWriteProbe.WhyNotWritable(Folder) is null;
    }

    /// <summary>The hash remembered for the model bytes of <paramref name="modelKey"/>, or null.</summary>
    public string? ReadRememberedSha256(string modelKey)
    {
        try
        {
            var lines = File.Exists(Sha256Path) ? File.ReadAllLines(Sha256Path) : [];
            return lines.Length == 2 && lines[0] == modelKey && lines[1].Length == 64 ? lines[1] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Remembers the hash of the model bytes of <paramref name="modelKey"/>; a failure only costs the cache.</summary>
    public void RememberSha256(string modelKey, string sha256)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            var temporary = $"{Sha256Path}.{Environment.ProcessId}.tmp";
            File.WriteAllLines(temporary, [modelKey, sha256]);
            File.Move(temporary, Sha256Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Remembering the hash is an optimisation; the next process computes it again.
        }
    }

    /// <summary>
    /// Processes that optimised the model at the same time each wrote a weights file; the graph that won the rename names
    /// one, the others are 90 MB of nothing. Deletes those the graph does not name, once they are old enough that no
    /// process can still be about to load them.
    /// </summary>
    public void DeleteOrphanedWeights(string graphPath)
    {
        try
        {
            var graph = File.ReadAllBytes(graphPath);
            var cutoff = DateTime.UtcNow - OrphanedWeightsAge;
            foreach (var file in Directory.EnumerateFiles(Folder, $"{Path.GetFileNameWithoutExtension(graphPath)}.*.weights"))
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff && graph.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Path.GetFileName(file))) < 0)
                {
                    TryDelete(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is an optimisation of disk space only.
        }
    }

    /// <summary>Deletes copies of this model (fp32 optimised or int8) made by older versions of this code: 60-90 MB each.</summary>
    public void DeleteStaleCopies(string kind, string version)
    {
        foreach (var file in Directory.EnumerateFiles(Folder, $"{modelName}-{kind}-*"))
        {
            if (!Path.GetFileName(file).StartsWith(CopyPrefix(kind, version), StringComparison.Ordinal)
                && !file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                TryDelete(file);
            }
        }
    }

    private string CopyPrefix(string kind, string version) => $"{modelName}-{kind}-{version}-";

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind; it costs disk space only.
        }
    }
}
