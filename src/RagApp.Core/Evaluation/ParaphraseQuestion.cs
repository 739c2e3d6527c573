using System.Text.Json;

namespace RagApp.Core.Evaluation;

/// <summary>
/// A question worded unlike the document that answers it, for hit-rate checks. Stored one JSON object a line:
/// <c>{"question":"…","source":"guide.pdf","page":3}</c> (<c>page</c> may be null or absent; <c>pages</c> lists every page
/// that states the answer when there are several).
/// </summary>
/// <param name="Question">The question.</param>
/// <param name="Source">The answering document's source, relative to the ingested folder.</param>
/// <param name="Page">The 1-based page holding the answer, or null when any page of the document counts.</param>
/// <param name="Pages">Other pages that state the answer too, or null.</param>
public sealed record ParaphraseQuestion(string Question, string Source, int? Page, IReadOnlyList<int>? Pages = null)
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads a JSONL file of questions (gzip allowed).</summary>
    /// <exception cref="BeirFormatException">A line lacks a question or a source, or is not JSON.</exception>
    public static IReadOnlyList<ParaphraseQuestion> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var questions = new List<ParaphraseQuestion>();
        foreach (var (number, line) in CompressedText.ReadLines(path))
        {
            ParaphraseQuestion? question;
            try
            {
                question = JsonSerializer.Deserialize<ParaphraseQuestion>(line, s_json);
            }
            catch (JsonException ex)
            {
                throw new BeirFormatException(path, number, $"not valid JSON ({ex.Message}).", ex);
            }

            if (question is null || string.IsNullOrWhiteSpace(question.Question) || string.IsNullOrWhiteSpace(question.Source))
            {
                throw new BeirFormatException(path, number, "expected {\"question\",\"source\",\"page\"} with a question and a source.");
            }

            questions.Add(question);
        }

        return questions;
    }

    /// <summary>True when a chunk from <paramref name="source"/> spanning pages <paramref name="page"/> to <paramref name="pageEnd"/> answers this question.</summary>
    public bool IsAnsweredBy(string source, int? page, int? pageEnd)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!string.Equals(Normalize(source), Normalize(Source), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Page is not { } wanted)
        {
            return true;
        }

        return page is { } first && (Pages ?? []).Append(wanted).Any(p => p >= first && p <= (pageEnd ?? first));
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}
