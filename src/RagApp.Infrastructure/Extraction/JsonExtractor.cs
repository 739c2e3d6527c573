using System.Text;
using System.Text.Json;
using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// JSON and JSON Lines as readable "path: value" lines. Each element of a top-level array, each top-level property,
/// and each line of a .jsonl file is its own section.
/// </summary>
public sealed class JsonExtractor : IDocumentExtractor
{
    private static readonly JsonDocumentOptions s_options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <inheritdoc/>
    public string Format => "json";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header) =>
        extension is ".json" or ".jsonl" or ".ndjson" && ContentSniffer.Sniff(header) is ContentKind.Empty or ContentKind.Text or ContentKind.Binary;

    /// <inheritdoc/>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var sections = new List<DocumentSection>();
        var title = ExtractionErrors.TitleFromPath(path);
        if (ExtractionErrors.IsEmpty(content))
        {
            return new ExtractedDocument(title, Format, sections);
        }

        using var reader = await TextFileReader.OpenAsync(content, path, cancellationToken);
        var lineNumber = 0;
        try
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var document = await ParseWholeAsync(content, reader, cancellationToken);
                AddTopLevel(document.RootElement, sections);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } s)
                {
                    title = s;
                }
            }
            else
            {
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    lineNumber++;
                    if (line.Trim().Length > 0)
                    {
                        using var document = JsonDocument.Parse(line, s_options);
                        AddSection(sections, Flatten(document.RootElement, string.Empty));
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            var where = lineNumber > 0 ? $" (line {lineNumber})" : string.Empty;
            throw new DocumentExtractionException(path, $"not valid JSON{where}: {ExtractionErrors.FirstLine(ex)}", ex);
        }

        return new ExtractedDocument(title, Format, sections);
    }

    /// <summary>UTF-8 JSON is parsed from the bytes, so a large file is not also held as a string; other encodings are decoded first.</summary>
    private static async Task<JsonDocument> ParseWholeAsync(Stream content, StreamReader reader, CancellationToken cancellationToken)
    {
        if (reader.CurrentEncoding is UTF8Encoding)
        {
            content.Seek(0, SeekOrigin.Begin);
            return await JsonDocument.ParseAsync(content, s_options, cancellationToken);
        }

        return JsonDocument.Parse(await reader.ReadToEndAsync(cancellationToken), s_options);
    }

    private static void AddTopLevel(JsonElement root, List<DocumentSection> sections)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in root.EnumerateArray())
                {
                    AddSection(sections, Flatten(item, string.Empty));
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in root.EnumerateObject())
                {
                    AddSection(sections, Flatten(property.Value, property.Name));
                }

                break;
            default:
                AddSection(sections, Flatten(root, string.Empty));
                break;
        }
    }

    private static void AddSection(List<DocumentSection> sections, IEnumerable<string> lines)
    {
        var text = string.Join("\n", lines);
        if (text.Length > 0)
        {
            sections.Add(new DocumentSection(text, null, []));
        }
    }

    private static IEnumerable<string> Flatten(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Flatten(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((item, i) => Flatten(item, $"{path}[{i}]")),
        JsonValueKind.String => [path.Length == 0 ? element.GetString()! : $"{path}: {element.GetString()}"],
        JsonValueKind.Null => [],
        _ => [path.Length == 0 ? element.GetRawText() : $"{path}: {element.GetRawText()}"],
    };
}
