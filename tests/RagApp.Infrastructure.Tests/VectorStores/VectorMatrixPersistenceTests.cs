using RagApp.Infrastructure.VectorStores;
using Xunit;

namespace RagApp.Infrastructure.Tests.VectorStores;

/// <summary>The vector side file: saved, loaded mapped (where supported), and copied out of the file on the first change.</summary>
public sealed class VectorMatrixPersistenceTests : IDisposable
{
    private const int Dimensions = 5;
    private readonly string _folder = Directory.CreateTempSubdirectory("ragapp-matrix-").FullName;

    private string CacheFile => Path.Combine(_folder, "vectors.cache");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TryLoad_SavedMatrix_SameRowsAndScores()
    {
        var saved = Matrix(("a.md", 0), ("a.md", 1), ("b.pdf", 2));
        saved.Save(CacheFile, "index-1");

        using var loaded = VectorMatrix.TryLoad(CacheFile, "index-1", generation: 7, Dimensions)!;

        Assert.Equal(MappedFloats.Supported, loaded.IsMapped);
        Assert.Equal(3, loaded.Count);
        for (var axis = 0; axis < 3; axis++)
        {
            Assert.Equal(saved.Search(Axis(axis), 3, null), loaded.Search(Axis(axis), 3, null));
            Assert.Equal(saved.GetVector(axis), loaded.GetVector(axis));
        }
    }

    [Fact]
    public void TryLoad_OtherIndexGenerationOrDimensions_IsNull()
    {
        Matrix(("a.md", 0)).Save(CacheFile, "index-1");

        Assert.Null(VectorMatrix.TryLoad(CacheFile, "index-2", generation: 7, Dimensions));
        Assert.Null(VectorMatrix.TryLoad(CacheFile, "index-1", generation: 8, Dimensions));
        Assert.Null(VectorMatrix.TryLoad(CacheFile, "index-1", generation: 7, Dimensions + 1));
    }

    [Fact]
    public void TryLoad_TruncatedVectors_IsRefusedAsInconsistent()
    {
        Matrix(("a.md", 0), ("a.md", 1)).Save(CacheFile, "index-1");
        var bytes = File.ReadAllBytes(CacheFile);
        File.WriteAllBytes(CacheFile, bytes[..^4]);

        Assert.Throws<InvalidDataException>(() => VectorMatrix.TryLoad(CacheFile, "index-1", generation: 7, Dimensions));
    }

    [Fact]
    public void Changes_AfterLoading_CopyTheVectorsOutOfTheFileAndKeepEveryRow()
    {
        Matrix(("a.md", 0), ("b.pdf", 1), ("b.pdf", 2)).Save(CacheFile, "index-1");
        using var loaded = VectorMatrix.TryLoad(CacheFile, "index-1", generation: 7, Dimensions)!;

        loaded.Add(40, "c.md", "md", Axis(3));
        loaded.RemoveSource("b.pdf");

        Assert.False(loaded.IsMapped);
        Assert.Equal([(10L, 1f)], loaded.Search(Axis(0), 1, null));
        Assert.Equal([(40L, 1f)], loaded.Search(Axis(3), 1, null));
        Assert.Equal(2, loaded.Count);

        // The file can be replaced by a newer snapshot, and the new one loads.
        loaded.Save(CacheFile, "index-1");
        using var reloaded = VectorMatrix.TryLoad(CacheFile, "index-1", generation: 7, Dimensions)!;
        Assert.Equal(loaded.Search(Axis(3), 2, null), reloaded.Search(Axis(3), 2, null));
    }

    [Fact]
    public void Removals_ThatMatchNothing_LeaveTheVectorsWhereTheyAre()
    {
        Matrix(("a.md", 0), ("b.pdf", 1)).Save(CacheFile, "index-1");
        using var loaded = VectorMatrix.TryLoad(CacheFile, "index-1", generation: 7, Dimensions)!;

        loaded.RemoveRows(new HashSet<long> { 999 });
        loaded.RemoveSource("c.md");

        Assert.Equal(MappedFloats.Supported, loaded.IsMapped);
        Assert.Equal(2, loaded.Count);
    }

    [Fact]
    public void Save_WhileItsOwnSnapshotIsMapped_ReplacesTheFile()
    {
        Matrix(("a.md", 0)).Save(CacheFile, "index-1");
        using var mapped = VectorMatrix.TryLoad(CacheFile, "index-1", generation: 7, Dimensions)!;

        var newer = Matrix(("a.md", 0), ("z.md", 4));
        newer.Generation = 8;
        newer.Save(CacheFile, "index-1");

        Assert.Equal([(10L, 1f)], mapped.Search(Axis(0), 1, null));
        using var reloaded = VectorMatrix.TryLoad(CacheFile, "index-1", generation: 8, Dimensions)!;
        Assert.Equal(2, reloaded.Count);
    }

    /// <summary>Rows with ids 10, 20, ... whose vectors are unit axes.</summary>
    private static VectorMatrix Matrix(params (string Source, int Axis)[] rows)
    {
        var matrix = new VectorMatrix(Dimensions) { Generation = 7 };
        for (var i = 0; i < rows.Length; i++)
        {
            matrix.Add((i + 1) * 10, rows[i].Source, Path.GetExtension(rows[i].Source).TrimStart('.'), Axis(rows[i].Axis));
        }

        return matrix;
    }

    private static float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1;
        return vector;
    }
}
