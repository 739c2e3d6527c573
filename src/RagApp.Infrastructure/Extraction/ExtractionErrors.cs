namespace RagApp.Infrastructure.Extraction;

/// <summary>Turns library exception messages into the one-line causes that <see cref="Core.Documents.DocumentExtractionException"/> carries.</summary>
internal static class ExtractionErrors
{
    public static string FirstLine(Exception exception)
    {
        var message = exception.Message.Trim();
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    public static bool IsEmpty(Stream content) => content.CanSeek && content.Length == 0;

    public static string TitleFromPath(string path) => Path.GetFileNameWithoutExtension(path);
}
