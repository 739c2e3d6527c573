namespace RagApp.Core.Documents;

/// <summary>A file could not be read; <see cref="Exception.Message"/> is one line naming the cause.</summary>
public sealed class DocumentExtractionException : Exception
{
    public DocumentExtractionException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }
}
