using RagApp.Core.Chat;

namespace RagApp.Cli.Rendering;

/// <summary>The numbered source lines printed under an answer.</summary>
public static class AnswerSources
{
    public static IEnumerable<string> Lines(GroundedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!answer.Grounded)
        {
            yield break;
        }

        if (answer.Citations.Count > 0)
        {
            yield return "";
            yield return "Sources:";
            foreach (var citation in answer.Citations)
            {
                yield return $"  [{citation.N}] {Describe(citation.Source, citation.Page, citation.Section)}";
            }
        }
        else if (answer.Sources.Count > 0)
        {
            // A model may answer without citing: the answer then rests on nothing the user can check, so say so and list
            // what it was given.
            yield return "";
            yield return "The answer cites none of the passages it was given:";
            foreach (var source in answer.Sources)
            {
                var chunk = source.Chunk.Chunk;
                yield return $"  [{source.N}] {Describe(chunk.Source, chunk.Page, chunk.Section)}";
            }
        }
    }

    /// <summary>"file, p. 2 — Section": a source as answers name it.</summary>
    public static string Describe(string source, int? page, string? section) =>
        source + (page is { } p ? $", p. {p.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "") + (string.IsNullOrWhiteSpace(section) ? "" : $" — {section}");
}
