using System.Text;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>
/// An ONNX <c>AttributeProto</c>, read: its name, float (<c>f</c>), integer (<c>i</c>), integer list (<c>ints</c>) and
/// tensor (<c>t</c>) values. The tensor is kept as its encoded bytes.
/// </summary>
internal sealed class OnnxAttribute
{
    public OnnxAttribute(ReadOnlySpan<byte> attribute)
    {
        Encoded = attribute.ToArray();
        var reader = new ProtoReader(attribute);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, ProtoReader.LengthDelimited):
                    Name = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case (2, ProtoReader.Fixed32):
                    Float = BitConverter.UInt32BitsToSingle(reader.ReadFixed32());
                    break;
                case (3, ProtoReader.Varint):
                    Int = (long)reader.ReadVarint();
                    break;
                case (5, ProtoReader.LengthDelimited):
                    Tensor = reader.ReadBytes().ToArray();
                    break;
                case (8, ProtoReader.Varint or ProtoReader.LengthDelimited):
                    reader.ReadRepeatedVarint(wire, Ints);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
    }

    public string Name { get; } = string.Empty;

    /// <summary>The attribute as read, to copy it to another node.</summary>
    public byte[] Encoded { get; }

    public float? Float { get; }

    public long? Int { get; }

    public List<long> Ints { get; } = [];

    public byte[]? Tensor { get; }

    /// <summary>Encodes a float attribute (<c>type</c> FLOAT).</summary>
    public static ReadOnlySpan<byte> FloatValue(string name, float value)
    {
        var writer = new ProtoWriter();
        writer.WriteStringField(1, name);
        writer.WriteFixed32Field(2, BitConverter.SingleToUInt32Bits(value));
        writer.WriteVarintField(20, 1);
        return writer.WrittenSpan;
    }

    /// <summary>Encodes an integer attribute (<c>type</c> INT).</summary>
    public static ReadOnlySpan<byte> IntValue(string name, long value)
    {
        var writer = new ProtoWriter();
        writer.WriteStringField(1, name);
        writer.WriteVarintField(3, value);
        writer.WriteVarintField(20, 2);
        return writer.WrittenSpan;
    }
}
