using RagApp.Cli.Rendering;
using RagApp.Core.Chat;
using Spectre.Console;

namespace RagApp.Cli.Chat;

/// <summary>Writes the parts of a chat around the streamed text: sources, passages, help. Model and document text is always escaped.</summary>
internal static class ChatTranscriptRenderer
{
    private const int MaxPassageChars = 700;

    public static void Help(IAnsiConsole console)
    {
        console.MarkupLine("Ask a question about the indexed documents. Follow-up questions use the conversation so far.");
        console.MarkupLine("  [bold]/sources[/]  the passages behind the last answer");
        console.MarkupLine("  [bold]/reset[/]    forget the conversation");
        console.MarkupLine("  [bold]/help[/]     this help");
        console.MarkupLine("  [bold]/exit[/]     leave (also /quit)");
        console.MarkupLine("[dim]Ctrl+C stops the answer being written.[/]");
    }

    /// <summary>The numbered sources an answer cites: file, page, section.</summary>
    public static void Citations(IAnsiConsole console, GroundedAnswer answer)
    {
        if (answer.Citations.Count == 0)
        {
            if (answer.Grounded && answer.Sources.Count > 0)
            {
                console.MarkupLine($"[dim]The answer cites none of the {answer.Sources.Count} passages it was given (/sources shows them).[/]");
            }

            return;
        }

        console.MarkupLine("[bold]Sources:[/]");
        foreach (var citation in answer.Citations)
        {
            console.MarkupLine($"  [[{citation.N}]] {Markup.Escape(AnswerSources.Describe(citation.Source, citation.Page, citation.Section))}");
        }
    }

    /// <summary>Every passage given to the model for the last answer, with its text.</summary>
    public static void Passages(IAnsiConsole console, GroundedAnswer? answer)
    {
        if (answer is null || answer.Sources.Count == 0)
        {
            console.MarkupLine("[dim]No passages yet: the last answer used none.[/]");
            return;
        }

        foreach (var source in answer.Sources)
        {
            var chunk = source.Chunk.Chunk;
            var cited = answer.Citations.Any(c => c.N == source.N) ? " (cited)" : "";
            console.MarkupLine($"[bold][[{source.N}]] {Markup.Escape(AnswerSources.Describe(chunk.Source, chunk.Page, chunk.Section))}[/]{cited}");
            var text = chunk.Text.Trim();
            console.WriteLine(text.Length <= MaxPassageChars ? text : text[..MaxPassageChars] + " …");
            console.WriteLine();
        }
    }
}
