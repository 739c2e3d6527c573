namespace RagApp.Cli.Rendering;

/// <summary>Shortens text to one line for listings.</summary>
public static class Snippet
{
    public static string Of(string text, int maxChars)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= maxChars ? oneLine : oneLine[..maxChars].TrimEnd() + "…";
    }
}
