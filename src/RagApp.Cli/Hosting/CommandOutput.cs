using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RagApp.Cli.Hosting;

/// <summary>
/// Standard output for results: JSON documents and plain text written as is (no wrapping or markup), so that piped
/// output stays machine-readable. Progress and logs go to standard error.
/// </summary>
public sealed class CommandOutput(TextWriter writer, bool isTerminal)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

        // Documents are full of <, > and & and non-ASCII text; keep them readable (the output is not embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>True when standard output is a terminal (rich rendering is allowed).</summary>
    public bool IsTerminal { get; } = isTerminal;

    /// <summary>Writes exactly one JSON document and a newline.</summary>
    public void WriteJson<T>(T value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, s_json));
        writer.Flush();
    }

    /// <summary>Writes a line of plain text.</summary>
    public void WriteLine(string text = "")
    {
        writer.WriteLine(text);
    }

    /// <summary>Writes text without a newline (streamed answers).</summary>
    public void Write(string text)
    {
        writer.Write(text);
        writer.Flush();
    }
}
