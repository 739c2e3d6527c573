namespace RagApp.Core.Evaluation;

/// <summary>A BEIR file could not be read; the message names the file and line.</summary>
public sealed class BeirFormatException(string path, int line, string message, Exception? innerException = null)
    : Exception($"{path}, line {line}: {message}", innerException)
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>The 1-based line.</summary>
    public int Line { get; } = line;
}
