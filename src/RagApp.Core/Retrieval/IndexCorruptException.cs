namespace RagApp.Core.Retrieval;

/// <summary>The index file is damaged or is not an index at all; the message names the file and how to rebuild it.</summary>
public sealed class IndexCorruptException : Exception
{
    public IndexCorruptException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The file that could not be read as an index.</summary>
    public string Path { get; }
}
