namespace RagApp.Cli.Rendering;

/// <summary>
/// A plain-text line as it is written: control characters (a file name may hold a line break) shown escaped, so one
/// report stays one line for whoever reads or parses the output.
/// </summary>
public static class OneLine
{
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
