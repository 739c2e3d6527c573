using RagApp.Core.Chat;

namespace RagApp.Cli.Rendering;

/// <summary>The numbered source lines printed under an answer.</summary>
public static class AnswerSources
{
    public static IEnumerable<string> Lines(GroundedAnswer answer)
    {
        if (!answer.Grounded || answer.Citations.Count == 0)
        {
            yield break;
        }

        yield return "";
        yield return "Sources:";
        foreach (var citation in answer.Citations)
        {
            var page = citation.Page is { } p ? $", p. {p}" : "";
            var section = string.IsNullOrEmpty(citation.Section) ? "" : $" — {citation.Section}";
            yield return $"  [{citation.N}] {citation.Source}{page}{section}";
        }
    }
}
