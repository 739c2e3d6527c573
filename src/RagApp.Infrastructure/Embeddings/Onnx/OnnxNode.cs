using System.Text;

namespace RagApp.Infrastructure.Embeddings.Onnx;

/// <summary>The parts of an ONNX <c>NodeProto</c> the graph rewriters read: names, operator, domain, attributes.</summary>
internal sealed class OnnxNode
{
    public OnnxNode(ReadOnlySpan<byte> node)
    {
        Encoded = node.ToArray();
        var reader = new ProtoReader(node);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (wire != ProtoReader.LengthDelimited || field is not (1 or 2 or 3 or 4 or 5 or 7))
            {
                reader.Skip(wire);
                continue;
            }

            if (field == 5)
            {
                var attribute = new OnnxAttribute(reader.ReadBytes());
                Attributes[attribute.Name] = attribute;
                continue;
            }

            var text = Encoding.UTF8.GetString(reader.ReadBytes());
            switch (field)
            {
                case 1: Inputs.Add(text); break;
                case 2: Outputs.Add(text); break;
                case 3: Name = text; break;
                case 4: OpType = text; break;
                case 7: Domain = text; break;
            }
        }
    }

    /// <summary>The node as read, to copy it unchanged; nodes are compared by reference.</summary>
    public byte[] Encoded { get; }

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public string Name { get; } = string.Empty;

    public string OpType { get; } = string.Empty;

    public string Domain { get; } = string.Empty;

    public Dictionary<string, OnnxAttribute> Attributes { get; } = new(StringComparer.Ordinal);
}
