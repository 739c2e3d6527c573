using System.Buffers;
using System.Text;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>A minimal protocol-buffers wire writer, the counterpart of <see cref="ProtoReader"/>.</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public ProtoWriter(int capacity = 256) => _buffer = new ArrayBufferWriter<byte>(capacity);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Copies bytes that are already a whole encoded field.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteVarintField(int field, long value)
    {
        WriteVarint((ulong)((field << 3) | ProtoReader.Varint));
        WriteVarint((ulong)value);
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> bytes)
    {
        WriteLengthDelimitedHeader(field, bytes.Length);
        _buffer.Write(bytes);
    }

    /// <summary>The tag and length of a length-delimited field whose <paramref name="length"/> bytes the caller writes.</summary>
    public void WriteLengthDelimitedHeader(int field, int length)
    {
        WriteVarint((ulong)((field << 3) | ProtoReader.LengthDelimited));
        WriteVarint((ulong)length);
    }

    public void WriteFixed32Field(int field, uint value)
    {
        WriteVarint((ulong)((field << 3) | ProtoReader.Fixed32));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteStringField(int field, string value) => WriteBytesField(field, Encoding.UTF8.GetBytes(value));

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }
}
