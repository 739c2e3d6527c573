using RagApp.Infrastructure.Embeddings.Tokenization;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// Two dozen short passages of everyday, technical, scientific, legal and code text (written for RagApp, one per line,
/// embedded in this assembly) that the int8 quantiser runs through the fp32 encoder to find which activation channels
/// reach outlier values. Such channels are a property of the model, not of the text: on MiniLM these passages find the
/// same channels, at the same magnitudes, as 400 passages of the Python documentation.
/// </summary>
internal static class CalibrationPassages
{
    private const string ResourceName = "RagApp.Infrastructure.Embeddings.CalibrationPassages.txt";

    /// <summary>Each passage, then all of them as one text cut to the window, as the model's token ids.</summary>
    public static List<int[]> Tokenize(BertWordPieceTokenizer tokenizer, int maxTokens, string passagePrefix)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var passages = Read();
        var sequences = passages.Select(p => tokenizer.EncodeForModel(passagePrefix + p, maxTokens)).ToList();
        sequences.Add(tokenizer.EncodeForModel(passagePrefix + string.Join(' ', passages), maxTokens));
        return sequences;
    }

    public static List<string> Read()
    {
        using var stream = typeof(CalibrationPassages).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        var passages = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                passages.Add(line.Trim());
            }
        }

        return passages;
    }
}
