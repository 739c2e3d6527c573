using System.Globalization;
using System.Text.Json;

namespace RagApp.Core.Evaluation;

/// <summary>
/// A BEIR-format retrieval set: <c>corpus.jsonl</c> (<c>{"_id","title","text"}</c> a line), <c>queries.jsonl</c>
/// (<c>{"_id","text"}</c> a line) and a qrels TSV (<c>query-id corpus-id score</c> with a header line). Any file may be
/// gzip-compressed. Queries and judgements are read at once; the corpus is streamed each time it is enumerated.
/// </summary>
public sealed class BeirDataset
{
    private readonly string _corpusPath;
    private readonly Lazy<int> _documentCount;

    private BeirDataset(string corpusPath, IReadOnlyList<BeirQuery> queries)
    {
        _corpusPath = corpusPath;
        Queries = queries;
        _documentCount = new Lazy<int>(() => Corpus.Count());
    }

    /// <summary>The queries that have judgements, in the order of the queries file.</summary>
    public IReadOnlyList<BeirQuery> Queries { get; }

    /// <summary>The corpus, read from the file as it is enumerated (so a large corpus never sits in memory).</summary>
    public IEnumerable<BeirDocument> Corpus => ReadCorpus(_corpusPath);

    /// <summary>Documents in the corpus (counted by reading it once, on first use).</summary>
    public int DocumentCount => _documentCount.Value;

    /// <summary>Reads the queries and judgements and checks that the corpus exists.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="BeirFormatException">A line cannot be read.</exception>
    public static BeirDataset Load(string corpusPath, string queriesPath, string qrelsPath)
    {
        foreach (var path in new[] { corpusPath, queriesPath, qrelsPath })
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The BEIR file {path} does not exist.", path);
            }
        }

        var judgements = ReadQrels(qrelsPath);
        var queries = new List<BeirQuery>();
        foreach (var (number, line) in CompressedText.ReadLines(queriesPath))
        {
            var (id, _, text) = ParseLine(queriesPath, number, line, needsText: true);
            if (judgements.TryGetValue(id, out var relevance))
            {
                queries.Add(new BeirQuery(id, text, relevance));
            }
        }

        return new BeirDataset(corpusPath, queries);
    }

    private static IEnumerable<BeirDocument> ReadCorpus(string path)
    {
        foreach (var (number, line) in CompressedText.ReadLines(path))
        {
            var (id, title, text) = ParseLine(path, number, line, needsText: false);
            yield return new BeirDocument(id, title, text);
        }
    }

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadQrels(string path)
    {
        var judgements = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var first = true;
        foreach (var (number, line) in CompressedText.ReadLines(path))
        {
            var fields = line.Split('\t', StringSplitOptions.TrimEntries);
            if (fields.Length < 3)
            {
                fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            }

            var parsed = fields.Length >= 3 && int.TryParse(fields[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            if (first && !parsed)
            {
                first = false;
                continue; // the header line
            }

            first = false;
            if (!parsed)
            {
                throw new BeirFormatException(path, number, "expected 'query-id<TAB>corpus-id<TAB>score' with an integer score.");
            }

            // TREC-style qrels have four columns (query, iteration, document, score); BEIR's have three.
            var (queryId, corpusId) = fields.Length >= 4 ? (fields[0], fields[2]) : (fields[0], fields[1]);
            if (!judgements.TryGetValue(queryId, out var relevance))
            {
                relevance = new Dictionary<string, int>(StringComparer.Ordinal);
                judgements.Add(queryId, relevance);
            }

            relevance[corpusId] = int.Parse(fields[^1], NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        return judgements.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, int>)pair.Value, StringComparer.Ordinal);
    }

    private static (string Id, string Title, string Text) ParseLine(string path, int number, string line, bool needsText)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("_id", out var idElement))
            {
                throw new BeirFormatException(path, number, "expected a JSON object with an \"_id\".");
            }

            var id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : idElement.GetRawText();
            var text = StringProperty(root, "text");
            if (needsText && string.IsNullOrWhiteSpace(text))
            {
                throw new BeirFormatException(path, number, $"query {id} has no \"text\".");
            }

            return (id, StringProperty(root, "title"), text);
        }
        catch (JsonException ex)
        {
            throw new BeirFormatException(path, number, $"not valid JSON ({ex.Message}).", ex);
        }
    }

    private static string StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
