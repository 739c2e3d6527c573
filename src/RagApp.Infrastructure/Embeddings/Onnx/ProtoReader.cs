namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>A minimal protocol-buffers wire reader (varints, fixed 32/64, length-delimited), enough for ONNX models.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly bool End => Position >= _data.Length;

    /// <summary>Reads the next field's tag; false at the end.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        if (End)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    /// <summary>The raw bytes from <paramref name="start"/> to the current position (a whole field, to copy it unchanged).</summary>
    public readonly ReadOnlySpan<byte> Since(int start) => _data[start..Position];

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[Position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed varint in the ONNX model.");
    }

    /// <summary>One entry of a repeated integer field: a single varint, or (packed) a length-delimited run of them.</summary>
    public void ReadRepeatedVarint(int wireType, List<long> values)
    {
        if (wireType != LengthDelimited)
        {
            values.Add((long)ReadVarint());
            return;
        }

        var packed = new ProtoReader(ReadBytes());
        while (!packed.End)
        {
            values.Add((long)packed.ReadVarint());
        }
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = checked((int)ReadVarint());
        var bytes = _data.Slice(Position, length);
        Position += length;
        return bytes;
    }

    public uint ReadFixed32()
    {
        var value = BitConverter.ToUInt32(_data.Slice(Position, 4));
        Position += 4;
        return value;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Position += 8;
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Position += 4;
                break;
            default:
                throw new InvalidDataException($"Unsupported protobuf wire type {wireType} in the ONNX model.");
        }
    }
}
