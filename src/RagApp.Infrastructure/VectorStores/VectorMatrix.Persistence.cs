using System.Runtime.InteropServices;
using System.Text;

namespace RagApp.Infrastructure.VectorStores;

/// <summary>
/// A snapshot of the matrix in a side file, so a new process (a one-shot <c>ragapp search</c>) maps the vectors in one
/// go instead of reading them row by row from the database. The file names the index (a random id made with the
/// index) and the write generation it reflects; any other index or generation means it is stale and is ignored. The
/// vectors start at a multiple of 64 bytes, so that the mapped floats are aligned like an array's.
/// </summary>
internal sealed partial class VectorMatrix
{
    private const string Magic = "RAGVEC02";
    private const int DataAlignment = 64;

    /// <summary>Writes the matrix (through a temp file and a rename, so readers never see half a file).</summary>
    public void Save(string path, string indexId)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(indexId);
                writer.Write(Generation);
                writer.Write(Dimensions);
                writer.Write(Count);
                WriteStrings(writer, _sources);
                WriteStrings(writer, _fileTypes);
                writer.Flush();
                stream.Write(MemoryMarshal.AsBytes(_rowIds.AsSpan(0, Count)));
                stream.Write(MemoryMarshal.AsBytes(_rowSources.AsSpan(0, Count)));
                stream.Write(MemoryMarshal.AsBytes(_rowFileTypes.AsSpan(0, Count)));
                stream.Write(new byte[Padding(stream.Position)]);
                stream.Write(MemoryMarshal.AsBytes(Data[..(Count * Dimensions)]));
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// The saved matrix when the file holds this index at this generation and dimensions; else null. The vectors stay in
    /// the file, mapped, where <see cref="MappedFloats.Supported"/>; otherwise they are read into an array.
    /// </summary>
    public static VectorMatrix? TryLoad(string path, string indexId, long generation, int dimensions)
    {
        if (!BitConverter.IsLittleEndian || !File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic || reader.ReadString() != indexId || reader.ReadInt64() != generation || reader.ReadInt32() != dimensions)
        {
            return null;
        }

        var count = reader.ReadInt32();
        var matrix = new VectorMatrix(dimensions, count, allocateVectors: !MappedFloats.Supported) { Generation = generation };
        ReadStrings(reader, matrix._sources, matrix._sourceIds);
        ReadStrings(reader, matrix._fileTypes, matrix._fileTypeIds);
        stream.ReadExactly(MemoryMarshal.AsBytes(matrix._rowIds.AsSpan(0, count)));
        stream.ReadExactly(MemoryMarshal.AsBytes(matrix._rowSources.AsSpan(0, count)));
        stream.ReadExactly(MemoryMarshal.AsBytes(matrix._rowFileTypes.AsSpan(0, count)));
        var dataStart = stream.Position + Padding(stream.Position);
        if (dataStart + ((long)count * dimensions * sizeof(float)) != stream.Length
            || matrix._rowSources.AsSpan(0, count).ContainsAnyExceptInRange(0, matrix._sources.Count - 1)
            || matrix._rowFileTypes.AsSpan(0, count).ContainsAnyExceptInRange(0, matrix._fileTypes.Count - 1))
        {
            throw new InvalidDataException($"The vector cache {path} is inconsistent.");
        }

        if (MappedFloats.Supported)
        {
            matrix._mapped = MappedFloats.Map(path, dataStart, count * dimensions);
        }
        else
        {
            stream.Position = dataStart;
            stream.ReadExactly(MemoryMarshal.AsBytes(matrix._data.AsSpan(0, count * dimensions)));
        }

        matrix.Count = count;
        return matrix;
    }

    private static int Padding(long position) => (int)((DataAlignment - (position % DataAlignment)) % DataAlignment);

    private static void WriteStrings(BinaryWriter writer, List<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static void ReadStrings(BinaryReader reader, List<string> values, Dictionary<string, int> ids)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var value = reader.ReadString();
            ids[value] = values.Count;
            values.Add(value);
        }
    }
}
