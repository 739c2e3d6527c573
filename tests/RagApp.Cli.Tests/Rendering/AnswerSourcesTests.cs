using RagApp.Cli.Rendering;
using RagApp.Core.Chat;
using RagApp.Core.Retrieval;
using Xunit;

namespace RagApp.Cli.Tests.Rendering;

public sealed class AnswerSourcesTests
{
    private static readonly NumberedSource[] s_sources =
    [
        new(1, new RetrievedChunk(new ChunkRecord { Id = "m#1", Source = "manual.pdf", Page = 4, Section = "Power", Text = "The battery lasts twelve hours." }, 1, 1, 0.7, true)),
        new(2, new RetrievedChunk(new ChunkRecord { Id = "f#2", Source = "faq.md", Text = "Charging takes two hours." }, 2, 0.5, 0.6, true)),
    ];

    [Fact]
    public void Lines_CitedAnswer_ListsWhatItCites()
    {
        var answer = new GroundedAnswer("Twelve hours [1].", true, "openai", [new Citation(1, "manual.pdf", 4, "m#1", "Power")], s_sources, "battery");

        Assert.Equal(["", "Sources:", "  [1] manual.pdf, p. 4 — Power"], AnswerSources.Lines(answer));
    }

    [Fact]
    public void Lines_AnswerCitingNothing_SaysSoAndListsThePassagesItWasGiven()
    {
        // A model that answers without [n] markers: its answer rests on nothing the user could check.
        var answer = new GroundedAnswer("About twelve hours.", true, "openai", [], s_sources, "battery");

        Assert.Equal(
            ["", "The answer cites none of the passages it was given:", "  [1] manual.pdf, p. 4 — Power", "  [2] faq.md"],
            AnswerSources.Lines(answer));
    }

    [Fact]
    public void Lines_NotGrounded_NoSources()
    {
        var answer = new GroundedAnswer("I could not find anything about that.", false, "extractive", [], [], "weather");

        Assert.Empty(AnswerSources.Lines(answer));
    }
}
