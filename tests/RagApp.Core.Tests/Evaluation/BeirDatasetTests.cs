using RagApp.Core.Evaluation;
using RagApp.Core.Tests.Fakes;
using RagApp.Tests.Shared;
using Xunit;

namespace RagApp.Core.Tests.Evaluation;

public sealed class BeirDatasetTests
{
    [Fact]
    public void Load_Sample_KeepsOnlyJudgedQueriesWithTheirGrades()
    {
        var dataset = BeirDataset.Load(BeirSample.Corpus, BeirSample.Queries, BeirSample.Qrels);

        Assert.Equal(["q1", "q2", "q3", "q4", "q5"], dataset.Queries.Select(q => q.Id));
        var first = dataset.Queries[0];
        Assert.Equal("How do honeybees tell each other where flowers are?", first.Text);
        Assert.Equal(2, first.Relevance["d1"]);
        Assert.Equal(1, first.Relevance["d15"]);
        Assert.Equal(15, dataset.DocumentCount);
    }

    [Fact]
    public void Corpus_Sample_StreamsDocumentsWithTitlesAndTexts()
    {
        var dataset = BeirDataset.Load(BeirSample.Corpus, BeirSample.Queries, BeirSample.Qrels);

        var documents = dataset.Corpus.ToList();

        Assert.Equal("d1", documents[0].Id);
        Assert.Equal("Honeybee navigation\n\nHoneybees communicate the direction and distance of flowers to hive mates with the waggle dance.", documents[0].ToIndexText());
        var untitled = documents.Single(d => d.Id == "d11");
        Assert.Equal(untitled.Text, untitled.ToIndexText());
    }

    [Theory]
    [InlineData(".gz")]
    [InlineData("")] // gzip recognised by its magic bytes alone
    public void Load_GzipFiles_ReadsTheSameSet(string extension)
    {
        using var folder = new TempFolder();
        BeirSample.Compress(BeirSample.Corpus, folder.File("corpus.jsonl" + extension));
        BeirSample.Compress(BeirSample.Queries, folder.File("queries.jsonl" + extension));
        BeirSample.Compress(BeirSample.Qrels, folder.File("test.tsv" + extension));

        var dataset = BeirDataset.Load(folder.File("corpus.jsonl" + extension), folder.File("queries.jsonl" + extension), folder.File("test.tsv" + extension));

        Assert.Equal(5, dataset.Queries.Count);
        Assert.Equal(15, dataset.DocumentCount);
        Assert.Equal("Coffee roasting", dataset.Corpus.ElementAt(1).Title);
    }

    [Fact]
    public void Load_NumericIdsAndFourColumnQrels_AreRead()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("corpus.jsonl"), "{\"_id\": 7, \"text\": \"seven\"}\n");
        File.WriteAllText(folder.File("queries.jsonl"), "{\"_id\": 1, \"text\": \"which number\"}\n");
        File.WriteAllText(folder.File("qrels.txt"), "1 0 7 1\n");

        var dataset = BeirDataset.Load(folder.File("corpus.jsonl"), folder.File("queries.jsonl"), folder.File("qrels.txt"));

        Assert.Equal(1, Assert.Single(dataset.Queries).Relevance["7"]);
        Assert.Equal("7", Assert.Single(dataset.Corpus).Id);
    }

    [Fact]
    public void Load_BadQueryLine_NamesFileAndLine()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"fine\"}\n{not json\n");

        var error = Assert.Throws<BeirFormatException>(() => BeirDataset.Load(BeirSample.Corpus, folder.File("queries.jsonl"), BeirSample.Qrels));

        Assert.Equal(2, error.Line);
        Assert.Contains("queries.jsonl, line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => BeirDataset.Load(BeirSample.Corpus, BeirSample.Queries, BeirSample.Qrels + ".absent"));
    }

    [Fact]
    public void Load_SciFactTestSplit_Has300QueriesOver5183Documents()
    {
        var folder = SharedData.DataPath("beir-scifact");

        var dataset = BeirDataset.Load(Path.Combine(folder, "corpus.jsonl"), Path.Combine(folder, "queries.jsonl"), Path.Combine(folder, "qrels", "test.tsv"));

        Assert.Equal(300, dataset.Queries.Count);
        Assert.Equal(5183, dataset.DocumentCount);
    }
}
