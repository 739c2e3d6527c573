namespace RagApp.Infrastructure.Embeddings;

/// <summary>A resolved encoder: where its files are and how its vectors are made (options already applied).</summary>
/// <param name="Name">The model name as configured (a packaged name or the folder's name).</param>
/// <param name="Pooling"><c>mean</c> or <c>cls</c>.</param>
/// <param name="Normalize">L2-normalise the pooled vector.</param>
/// <param name="MaxTokens">The window, [CLS] and [SEP] included.</param>
/// <param name="QueryPrefix">Text put before a search query.</param>
/// <param name="PassagePrefix">Text put before a passage.</param>
/// <param name="KnownDimensions">The vector length when known without reading the model.</param>
/// <param name="ModelKey">Identifies the model bytes cheaply (resource name or path, plus length and time), for caching their hash.</param>
/// <param name="OpenModel">Opens the fp32 ONNX model.</param>
/// <param name="OpenVocabulary">Opens <c>vocab.txt</c>.</param>
internal sealed record EncoderModel(
    string Name,
    string Pooling,
    bool Normalize,
    int MaxTokens,
    string QueryPrefix,
    string PassagePrefix,
    int? KnownDimensions,
    string ModelKey,
    Func<Stream> OpenModel,
    Func<Stream> OpenVocabulary)
{
    public const string MeanPooling = "mean";
    public const string ClsPooling = "cls";
}
