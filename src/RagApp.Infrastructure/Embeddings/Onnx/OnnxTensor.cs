using System.Runtime.InteropServices;
using System.Text;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>The parts of an ONNX <c>TensorProto</c> the quantiser reads: name, dims, element type and float data.</summary>
internal readonly ref struct OnnxTensor
{
    public const int FloatType = 1;
    public const int Int8Type = 3;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<byte> _floatData;

    public OnnxTensor(ReadOnlySpan<byte> tensor)
    {
        var dims = new List<long>(2);
        var name = string.Empty;
        var reader = new ProtoReader(tensor);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, ProtoReader.Varint or ProtoReader.LengthDelimited):
                    reader.ReadRepeatedVarint(wire, dims);
                    break;
                case (2, ProtoReader.Varint):
                    DataType = (int)reader.ReadVarint();
                    break;
                case (4, ProtoReader.LengthDelimited):
                    _floatData = reader.ReadBytes();
                    break;
                case (8, ProtoReader.LengthDelimited):
                    name = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case (9, ProtoReader.LengthDelimited):
                    _raw = reader.ReadBytes();
                    break;
                case (14, _):
                    // data_location = EXTERNAL: the weights live in another file, which this reader does not follow.
                    HasExternalData = true;
                    reader.Skip(wire);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        Dims = dims;
        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<long> Dims { get; }

    public int DataType { get; }

    public bool HasExternalData { get; }

    /// <summary>The float values (little-endian raw data or packed float_data), or empty.</summary>
    public ReadOnlySpan<float> Floats =>
        DataType != FloatType ? default : MemoryMarshal.Cast<byte, float>(_raw.IsEmpty ? _floatData : _raw);
}
