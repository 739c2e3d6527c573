using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace RagApp.Infrastructure.VectorStores;

/// <summary>
/// All of an index's vectors in one contiguous, row-major run of floats, normalised, for exact cosine search by
/// brute force (SIMD dot products, split over the cores). Each row keeps the store's row id, its source and file type
/// (interned) for filtering. Loaded from its side file, the floats stay in the mapped file until the first change
/// copies them into an array. Not thread-safe: the owning store serialises access.
/// </summary>
internal sealed partial class VectorMatrix : IDisposable
{
    private const int MinRowsPerPartition = 8192;

    private readonly List<string> _sources = [];
    private readonly Dictionary<string, int> _sourceIds = new(StringComparer.Ordinal);
    private readonly List<string> _fileTypes = [];
    private readonly Dictionary<string, int> _fileTypeIds = new(StringComparer.Ordinal);
    private float[] _data;
    private MappedFloats? _mapped;
    private long[] _rowIds;
    private int[] _rowSources;
    private int[] _rowFileTypes;

    public VectorMatrix(int dimensions, int capacity = 1024)
        : this(dimensions, capacity, allocateVectors: true)
    {
    }

    /// <summary>Without <paramref name="allocateVectors"/>, the caller maps the vectors' floats (<see cref="TryLoad"/>).</summary>
    private VectorMatrix(int dimensions, int capacity, bool allocateVectors)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        Dimensions = dimensions;
        capacity = Math.Max(capacity, 16);
        _data = allocateVectors ? new float[(long)capacity * dimensions] : [];
        _rowIds = new long[capacity];
        _rowSources = new int[capacity];
        _rowFileTypes = new int[capacity];
    }

    public int Dimensions { get; }

    public int Count { get; private set; }

    /// <summary>The store's change counter this matrix reflects.</summary>
    public long Generation { get; set; }

    /// <summary>Whether the vectors are still read from the mapped side file (no change made since loading).</summary>
    public bool IsMapped => _mapped is not null;

    /// <summary>The rows' floats, row-major: the mapped file's until the first change, then the array's.</summary>
    private ReadOnlySpan<float> Data => _mapped is { } mapped ? mapped.Span : _data;

    /// <summary>Appends a row; the vector is normalised (a zero vector stays zero).</summary>
    public void Add(long rowId, string source, string fileType, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; the index holds {Dimensions}.", nameof(vector));
        }

        Own();
        if (Count == _rowIds.Length)
        {
            Grow();
        }

        var row = _data.AsSpan(Count * Dimensions, Dimensions);
        vector.CopyTo(row);
        var norm = TensorPrimitives.Norm(row);
        if (norm > 0 && Math.Abs(norm - 1f) > 1e-4f)
        {
            TensorPrimitives.Divide(row, norm, row);
        }

        _rowIds[Count] = rowId;
        _rowSources[Count] = Intern(source, _sources, _sourceIds);
        _rowFileTypes[Count] = Intern(fileType, _fileTypes, _fileTypeIds);
        Count++;
    }

    /// <summary>Removes every row of <paramref name="source"/>.</summary>
    public void RemoveSource(string source)
    {
        if (_sourceIds.TryGetValue(source, out var sourceId))
        {
            RemoveWhere(i => _rowSources[i] == sourceId);
        }
    }

    /// <summary>Removes the rows with these store row ids.</summary>
    public void RemoveRows(IReadOnlySet<long> rowIds)
    {
        if (rowIds.Count > 0)
        {
            RemoveWhere(i => rowIds.Contains(_rowIds[i]));
        }
    }

    /// <summary>One pass from the end, moving the last row into each hole.</summary>
    private void RemoveWhere(Func<int, bool> predicate)
    {
        for (var i = Count - 1; i >= 0; i--)
        {
            if (!predicate(i))
            {
                continue;
            }

            Own();

            var last = Count - 1;
            if (i != last)
            {
                _data.AsSpan(last * Dimensions, Dimensions).CopyTo(_data.AsSpan(i * Dimensions, Dimensions));
                _rowIds[i] = _rowIds[last];
                _rowSources[i] = _rowSources[last];
                _rowFileTypes[i] = _rowFileTypes[last];
            }

            Count--;
        }
    }

    /// <summary>The <paramref name="top"/> rows most similar to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<(long RowId, float Score)> Search(ReadOnlySpan<float> query, int top, SearchFilterMatcher? filter)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query vector has {query.Length} dimensions; the index holds {Dimensions}.", nameof(query));
        }

        if (top <= 0 || Count == 0)
        {
            return [];
        }

        var normalized = query.ToArray();
        var norm = TensorPrimitives.Norm(normalized);
        if (norm > 0)
        {
            TensorPrimitives.Divide(normalized, norm, normalized);
        }

        var allowedSources = filter is null ? null : _sources.Select(filter.MatchesSource).ToArray();
        var allowedTypes = filter is null ? null : _fileTypes.Select(filter.MatchesFileType).ToArray();
        var partitions = Math.Clamp(Count / MinRowsPerPartition, 1, Environment.ProcessorCount);
        var heaps = new TopKHeap[partitions];
        var rowsPerPartition = (Count + partitions - 1) / partitions;
        Parallel.For(0, partitions, p =>
        {
            var heap = new TopKHeap(top);
            Scan(p * rowsPerPartition, Math.Min(Count, (p + 1) * rowsPerPartition), normalized, allowedSources, allowedTypes, heap);
            heaps[p] = heap;
        });

        return heaps.SelectMany(h => h.Items)
            .OrderByDescending(x => x.Score).ThenBy(x => _rowIds[x.Row])
            .Take(top)
            .Select(x => (_rowIds[x.Row], x.Score))
            .ToList();
    }

    /// <summary>
    /// Offers rows [<paramref name="start"/>, <paramref name="end"/>) that pass the filter to <paramref name="heap"/>, scored
    /// by their dot product with the normalised query. Compiled fully optimised from the first call: a one-query process
    /// would otherwise run the whole scan as unoptimised first-tier code (several times slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Scan(int start, int end, float[] query, bool[]? allowedSources, bool[]? allowedTypes, TopKHeap heap)
    {
        var data = Data;
        var dimensions = Dimensions;
        for (var i = start; i < end; i++)
        {
            if (allowedSources is not null && (!allowedSources[_rowSources[i]] || !allowedTypes![_rowFileTypes[i]]))
            {
                continue;
            }

            heap.Offer(i, Dot(data.Slice(i * dimensions, dimensions), query));
        }

        // The span may point into the mapped file, which stays mapped while this matrix is reachable.
        GC.KeepAlive(this);
    }

    /// <summary>The dot product of two vectors of equal length, vectorised (the scan's inner loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var result = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            result += a[i] * b[i];
        }

        return result;
    }

    /// <summary>A copy of a row's (normalised) vector.</summary>
    public float[] GetVector(int row) => Data.Slice(row * Dimensions, Dimensions).ToArray();

    /// <summary>Unmaps the side file, if the floats are still there.</summary>
    public void Dispose()
    {
        _mapped?.Dispose();
        _mapped = null;
    }

    private static int Intern(string value, List<string> values, Dictionary<string, int> ids)
    {
        if (!ids.TryGetValue(value, out var id))
        {
            id = values.Count;
            values.Add(value);
            ids.Add(value, id);
        }

        return id;
    }

    /// <summary>Before the first change: the mapped floats move into an array of the row capacity, and the file is unmapped.</summary>
    private void Own()
    {
        if (_mapped is not { } mapped)
        {
            return;
        }

        _data = new float[(long)_rowIds.Length * Dimensions];
        mapped.Span.CopyTo(_data);
        _mapped = null;
        mapped.Dispose();
    }

    private void Grow()
    {
        var capacity = _rowIds.Length * 2;
        Array.Resize(ref _data, capacity * Dimensions);
        Array.Resize(ref _rowIds, capacity);
        Array.Resize(ref _rowSources, capacity);
        Array.Resize(ref _rowFileTypes, capacity);
    }
}
