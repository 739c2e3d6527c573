using RagApp.Infrastructure.Embeddings.Onnx;

namespace RagApp.Infrastructure.Tests.Embeddings;

/// <summary>Reads the nodes of a model's graph, for tests that check what a rewrite produced.</summary>
internal static class OnnxGraphNodes
{
    public static List<OnnxNode> Read(byte[] model)
    {
        var nodes = new List<OnnxNode>();
        var reader = new ProtoReader(model);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field != 7 || wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            var graph = new ProtoReader(reader.ReadBytes());
            while (graph.TryReadTag(out var graphField, out var graphWire))
            {
                if (graphField == 1 && graphWire == ProtoReader.LengthDelimited)
                {
                    nodes.Add(new OnnxNode(graph.ReadBytes()));
                }
                else
                {
                    graph.Skip(graphWire);
                }
            }
        }

        return nodes;
    }
}
