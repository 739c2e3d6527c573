using Microsoft.Extensions.AI;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Infrastructure.Embeddings;
using RagApp.Tests.Shared;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>The optimised model and its hash are cached beside the index, and a new process loading them gets the same vectors.</summary>
public sealed class ModelCacheTests : IDisposable
{
    private readonly string _index = Path.Combine(Path.GetTempPath(), "ragapp-modelcache-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        ReadOnlyFolder.Undo(_index);
        if (Directory.Exists(_index))
        {
            Directory.Delete(_index, recursive: true);
        }
    }

    [Fact]
    public async Task SecondGenerator_LoadsTheCachedModel_SameVectorsAndFingerprint()
    {
        const string text = "Each sentence is converted";
        var models = Path.Combine(_index, "models");
        Directory.CreateDirectory(models);
        var stale = Path.Combine(models, "all-MiniLM-L6-v2-fp32-o1-4a64cee3d4134bbd.onnx"); // written by an older version
        await File.WriteAllTextAsync(stale, "old", TestContext.Current.CancellationToken);
        float[] first;
        string firstFingerprint;
        using (var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions(), _index, logger: null))
        {
            first = (await generator.GenerateAsync(text, EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken)).Vector.ToArray();
            firstFingerprint = generator.Fingerprint.Key;
        }

        var cached = Assert.Single(Directory.GetFiles(models, "all-MiniLM-L6-v2-fp32-*.onnx"));
        Assert.False(File.Exists(stale), "a copy left by an older version is deleted");
        var weights = Assert.Single(Directory.GetFiles(models, "*.weights"));
        Assert.True(new FileInfo(weights).Length > 80_000_000, "the weights live beside the graph");
        Assert.True(new FileInfo(cached).Length < 1_000_000, "the graph file holds no weights");
        Assert.True(File.Exists(Path.Combine(models, "all-MiniLM-L6-v2.sha256")));
        Assert.Empty(Directory.GetFiles(models, "*.tmp"));
        var cachedWritten = File.GetLastWriteTimeUtc(cached);

        using var second = new OnnxEmbeddingGenerator(new EmbeddingOptions(), _index, logger: null);
        var again = (await second.GenerateAsync(text, EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken)).Vector.ToArray();

        Assert.Equal(firstFingerprint, second.Fingerprint.Key);
        Assert.Equal(cachedWritten, File.GetLastWriteTimeUtc(cached));
        Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(first, again) >= 0.99999f);
        Assert.Contains("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", second.Fingerprint.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CachedModelLoads_OldWeightsFilesTheGraphDoesNotName_Deleted()
    {
        // Two processes that optimised the model at once leave a weights file that no graph names.
        using (var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions(), _index, logger: null))
        {
            await generator.GenerateAsync("first use", EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken);
        }

        var models = Path.Combine(_index, "models");
        var graph = Assert.Single(Directory.GetFiles(models, "all-MiniLM-L6-v2-fp32-*.onnx"));
        var named = Assert.Single(Directory.GetFiles(models, "*.weights"));
        var prefix = Path.Combine(models, Path.GetFileNameWithoutExtension(graph));
        var oldOrphan = $"{prefix}.0123456789abcdef0123456789abcdef.weights";
        var freshOrphan = $"{prefix}.fedcba9876543210fedcba9876543210.weights";
        await File.WriteAllTextAsync(oldOrphan, "orphan", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(freshOrphan, "maybe still being loaded", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(oldOrphan, DateTime.UtcNow - ModelCacheFolder.OrphanedWeightsAge - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(named, DateTime.UtcNow - TimeSpan.FromDays(1));

        using var second = new OnnxEmbeddingGenerator(new EmbeddingOptions(), _index, logger: null);
        await second.GenerateAsync("second use", EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken);

        Assert.False(File.Exists(oldOrphan), "an old weights file that the graph does not name is deleted");
        Assert.True(File.Exists(freshOrphan), "a recent one may belong to a process still loading it");
        Assert.True(File.Exists(named), "the graph's own weights stay, however old");
    }

    [Fact]
    public async Task IndexFolderReadOnly_RunsFromMemory_WritesNothing()
    {
        if (!ReadOnlyFolder.PermissionsApply)
        {
            Assert.Skip(ReadOnlyFolder.SkipReason);
        }

        // ONNX Runtime's failure to save the optimised model into a folder it may not write is no IOException: the cache
        // must not be tried at all.
        var models = Path.Combine(_index, "models");
        Directory.CreateDirectory(models);
        ReadOnlyFolder.Apply(_index);
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions(), _index, logger: null);

        var vector = (await generator.GenerateAsync("Each sentence is converted", EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken)).Vector;

        Assert.Equal(384, vector.Length);
        Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(vector.Span), 0.999f, 1.001f);
        Assert.Empty(Directory.GetFileSystemEntries(models));
    }

    [Fact]
    public void IsWritable_FolderThatCanBeMade_TrueAndLeavesOnlyTheFolder()
    {
        var cache = new ModelCacheFolder(_index, "all-MiniLM-L6-v2");

        Assert.True(cache.IsWritable());
        Assert.Empty(Directory.GetFileSystemEntries(cache.Folder));
    }

    [Fact]
    public async Task IsWritable_FileWhereTheFolderGoes_False()
    {
        Directory.CreateDirectory(_index);
        await File.WriteAllTextAsync(Path.Combine(_index, "models"), "not a folder", TestContext.Current.CancellationToken);

        Assert.False(new ModelCacheFolder(_index, "all-MiniLM-L6-v2").IsWritable());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("int8")]
    public async Task ModelsFolderCannotBeCreated_RunsFromMemory_SameVectors(string quantization)
    {
        // A file where the models folder would go: the cache cannot be written (as a read-only folder would behave, which
        // a test running as root cannot make), so the fused (and, for int8, quantised) model runs from memory.
        const string text = "Each sentence is converted";
        var other = _index + "-reference";
        Directory.CreateDirectory(_index);
        await File.WriteAllTextAsync(Path.Combine(_index, "models"), "not a folder", TestContext.Current.CancellationToken);
        try
        {
            using var blocked = new OnnxEmbeddingGenerator(new EmbeddingOptions { Quantization = quantization }, _index, logger: null);
            using var reference = new OnnxEmbeddingGenerator(new EmbeddingOptions { Quantization = quantization }, other, logger: null);

            var fromMemory = (await blocked.GenerateAsync(text, EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken)).Vector.ToArray();
            var fromCache = (await reference.GenerateAsync(text, EmbeddingPurpose.ForPassage(), TestContext.Current.CancellationToken)).Vector.ToArray();

            Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(fromMemory, fromCache) >= 0.99999f);
            Assert.True(File.Exists(Path.Combine(_index, "models")), "the file in the way is left alone");
        }
        finally
        {
            if (Directory.Exists(other))
            {
                Directory.Delete(other, recursive: true);
            }
        }
    }
}
