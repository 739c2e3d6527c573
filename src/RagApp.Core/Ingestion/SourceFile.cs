namespace RagApp.Core.Ingestion;

/// <summary>A file found for ingestion.</summary>
/// <param name="FullPath">Absolute path.</param>
/// <param name="Source">Path relative to the folder given (with '/' separators), or the file name for a single file.</param>
public sealed record SourceFile(string FullPath, string Source)
{
    /// <summary><see cref="FullPath"/> with every symbolic link along it resolved: two names of one file share it.</summary>
    public string RealPath { get; init; } = FullPath;
}
