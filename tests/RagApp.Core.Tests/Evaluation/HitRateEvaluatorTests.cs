using RagApp.Core.Evaluation;
using RagApp.Core.Retrieval;
using RagApp.Core.Tests.Fakes;
using Xunit;

namespace RagApp.Core.Tests.Evaluation;

public sealed class HitRateEvaluatorTests
{
    [Fact]
    public async Task EvaluateAsync_CountsHitsBySourceAndPageWithinTheTopChunks()
    {
        var retriever = new ScriptedRetriever();
        retriever.Answer("right page", ("guide.pdf", 2), ("docs/manual.pdf", 3));
        retriever.Answer("wrong page", ("docs/manual.pdf", 4));
        retriever.Answer("any page", ("notes.md", null));
        retriever.Answer("too deep", ("a.md", null), ("b.md", null), ("c.md", null), ("d.md", null), ("e.md", null), ("notes.md", null));
        ParaphraseQuestion[] questions =
        [
            new("right page", "docs\\manual.pdf", 3),
            new("wrong page", "docs/manual.pdf", 3),
            new("any page", "NOTES.md", null),
            new("too deep", "notes.md", null),
        ];

        var result = await new HitRateEvaluator(retriever).EvaluateAsync(questions, RetrievalMode.Hybrid, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(4, result.Questions);
        Assert.Equal(2, result.Hits);
        Assert.Equal(0.5, result.HitRate);
        Assert.Equal(["wrong page", "too deep"], result.Misses);
        Assert.All(retriever.Requests, r => Assert.Equal((5, RetrievalMode.Hybrid), (r.Top, r.Mode!.Value)));
    }

    [Fact]
    public void IsAnsweredBy_ChunkSpanningPages_CoversThePagesBetween()
    {
        var question = new ParaphraseQuestion("q", "report.pdf", 5);

        Assert.True(question.IsAnsweredBy("report.pdf", 4, 6));
        Assert.False(question.IsAnsweredBy("report.pdf", 6, 7));
        Assert.False(question.IsAnsweredBy("report.pdf", null, null));
    }

    [Fact]
    public void Load_JsonLines_ReadsPagesNullOrAbsent()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("questions.jsonl"),
        [
            "{\"question\":\"How long is the warranty?\",\"source\":\"terms.pdf\",\"page\":2}",
            "{\"question\":\"Who signs off a release?\",\"source\":\"process.md\",\"page\":null}",
            "",
            "{\"question\":\"What is the fee?\",\"source\":\"prices.html\"}",
        ]);

        var questions = ParaphraseQuestion.Load(folder.File("questions.jsonl"));

        Assert.Equal([2, null, null], questions.Select(q => q.Page));
        Assert.Equal("process.md", questions[1].Source);
    }

    [Fact]
    public void Load_LineWithoutSource_Throws()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("questions.jsonl"), "{\"question\":\"orphan\"}\n");

        var error = Assert.Throws<BeirFormatException>(() => ParaphraseQuestion.Load(folder.File("questions.jsonl")));

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Load_ParaphraseSet_CoversTheSampleDocumentsWithPagesOnlyForThePdf()
    {
        var questions = ParaphraseQuestion.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "paraphrase", "questions.jsonl"));

        Assert.InRange(questions.Count, 30, 40);
        Assert.Equal(
            ["flour-notes.txt", "sourdough-starter-handbook.pdf", "weekend-bread-schedule.md"],
            questions.Select(q => q.Source).Distinct().Order(StringComparer.Ordinal));
        Assert.All(questions.Where(q => q.Source.EndsWith(".pdf", StringComparison.Ordinal)), q => Assert.InRange(q.Page!.Value, 1, 4));
        Assert.All(questions.Where(q => !q.Source.EndsWith(".pdf", StringComparison.Ordinal)), q => Assert.Null(q.Page));
        Assert.Equal(questions.Count, questions.Select(q => q.Question).Distinct().Count());
    }
}
