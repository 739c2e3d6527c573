using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>
/// CSV and TSV tables: the first row names the columns, and every other row becomes one readable line
/// "column: value; column: value" (empty cells left out), so a chunk of rows still says what each value is.
/// </summary>
public sealed class CsvExtractor : IDocumentExtractor
{
    private const int RowsPerSection = 50;

    /// <inheritdoc/>
    public string Format => "csv";

    /// <inheritdoc/>
    public bool CanExtract(string extension, ReadOnlySpan<byte> header) =>
        extension is ".csv" or ".tsv" && ContentSniffer.Sniff(header) is ContentKind.Empty or ContentKind.Text or ContentKind.Binary;

    /// <inheritdoc/>
    public async Task<ExtractedDocument> ExtractAsync(Stream content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var sections = new List<DocumentSection>();
        if (!ExtractionErrors.IsEmpty(content))
        {
            using var reader = await TextFileReader.OpenAsync(content, path, cancellationToken);
            var firstLine = await reader.ReadLineAsync(cancellationToken) ?? string.Empty;
            var delimiter = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : CsvRecordReader.DetectDelimiter(firstLine);
            var columns = CsvRecordReader.Parse(firstLine, delimiter);
            var rows = new List<string>();
            await foreach (var record in CsvRecordReader.ReadAsync(reader, delimiter, cancellationToken))
            {
                rows.Add(Row(columns, record));
                if (rows.Count == RowsPerSection)
                {
                    sections.Add(new DocumentSection(string.Join("\n\n", rows), null, []));
                    rows.Clear();
                }
            }

            if (rows.Count > 0 || sections.Count == 0)
            {
                // A file with only a header row still says which columns it has.
                sections.Add(new DocumentSection(rows.Count > 0 ? string.Join("\n\n", rows) : string.Join(" | ", columns), null, []));
            }
        }

        return new ExtractedDocument(ExtractionErrors.TitleFromPath(path), Format, sections);
    }

    private static string Row(List<string> columns, List<string> record)
    {
        var cells = record
            .Select((value, i) => (Name: i < columns.Count && columns[i].Length > 0 ? columns[i] : $"column {i + 1}", Value: value))
            .Where(c => c.Value.Length > 0)
            .Select(c => $"{c.Name}: {c.Value}");
        return string.Join("; ", cells);
    }
}
