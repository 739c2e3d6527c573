using RagApp.Core.Retrieval;

namespace RagApp.Cli.Rendering;

/// <summary>"[n] file, p. 2 — Section" labels for sources.</summary>
public static class SourceLabel
{
    public static string Format(int number, ChunkRecord chunk)
    {
        var page = chunk.Page is { } first
            ? chunk.PageEnd is { } last && last != first ? $", pp. {first}-{last}" : $", p. {first}"
            : "";
        var section = string.IsNullOrEmpty(chunk.Section) ? "" : $" — {chunk.Section}";
        return $"[{number}] {chunk.Source}{page}{section}";
    }
}
