using System.Text.Json;
using RagApp.Tests.Shared;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>Texts of shared/data/python-doc-passages/passages.jsonl.</summary>
internal static class PythonDocPassages
{
    public static IReadOnlyList<string> Load(int count) =>
        [.. File.ReadLines(SharedData.DataPath("python-doc-passages", "passages.jsonl"))
            .Take(count)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)];
}
