namespace RagApp.Core.Prompts;

/// <summary>A prompt template could not be read or parsed; the message names the file and the cause.</summary>
public sealed class PromptTemplateException : Exception
{
    public PromptTemplateException(string path, string message, Exception? innerException = null)
        : base($"{path}: {message}", innerException)
    {
        Path = path;
    }

    /// <summary>The template file (or folder) at fault.</summary>
    public string Path { get; }
}
