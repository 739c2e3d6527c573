using System.IO.Compression;

namespace RagApp.Core.Tests.Evaluation;

/// <summary>The tiny BEIR set under TestData/beir-sample.</summary>
internal static class BeirSample
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "beir-sample");

    public static string Corpus => Path.Combine(Folder, "corpus.jsonl");

    public static string Queries => Path.Combine(Folder, "queries.jsonl");

    public static string Qrels => Path.Combine(Folder, "qrels", "test.tsv");

    /// <summary>Writes a gzip copy of <paramref name="source"/> to <paramref name="target"/>.</summary>
    public static void Compress(string source, string target)
    {
        using var input = File.OpenRead(source);
        using var output = File.Create(target);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        input.CopyTo(gzip);
    }
}
