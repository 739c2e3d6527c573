using RagApp.Cli.Rendering;
using RagApp.Core.Ingestion;

namespace RagApp.Cli.Tests;

/// <summary>The live bar's text on a terminal: Spectre shows only "…" for a description wider than its column.</summary>
public sealed class IngestionBarDescriptionTests
{
    private static readonly IngestionProgress Progress = new(2, 9, 512, "x")
    {
        Reading = "manuals/the gnuplot reference manual with a long name.pdf",
        Embedding = "notes/kiln.md",
    };

    [Fact]
    public void BarDescription_WideTerminal_NamesTheFileBeingEmbeddedWithoutItsFolder()
    {
        Assert.Equal("2/9 files, 512 chunks, 40.0 chunks/s, embedding kiln.md", IngestionReporter.BarDescription(Progress, 40, 160));
    }

    [Fact]
    public void BarDescription_LongNameOnANarrowerTerminal_IsCutToFit()
    {
        var reading = Progress with { Embedding = null };

        var wide = IngestionReporter.BarDescription(reading, 40, 200);
        var cut = IngestionReporter.BarDescription(reading, 40, 100);

        Assert.EndsWith("reading the gnuplot reference manual with a long name.pdf", wide, StringComparison.Ordinal);
        Assert.StartsWith("2/9 files, 512 chunks, 40.0 chunks/s, reading the gnuplot", cut, StringComparison.Ordinal);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.True(cut.Length < wide.Length);
        Assert.True(cut.Length <= 100 - 40, $"{cut.Length} characters leave too little room for the bar");
    }

    [Fact]
    public void BarDescription_EncoderStillLoading_SaysSoBeforeTheFile()
    {
        Assert.Equal(
            "2/9 files, 512 chunks, 40.0 chunks/s, loading the encoder for kiln.md",
            IngestionReporter.BarDescription(Progress with { LoadingEncoder = true }, 40, 160));
    }

    [Fact]
    public void BarDescription_EightyColumns_KeepsTheCountsOnly()
    {
        Assert.Equal("2/9 files, 512 chunks, 40.0 chunks/s", IngestionReporter.BarDescription(Progress, 40, 80));
    }
}
