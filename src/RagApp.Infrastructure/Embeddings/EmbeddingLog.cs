using Microsoft.Extensions.Logging;

namespace RagApp.Infrastructure.Embeddings;

/// <summary>Log messages of the local encoder.</summary>
internal static partial class EmbeddingLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Loading encoder {ModelName} from {Source}")]
    public static partial void SessionLoading(ILogger logger, string modelName, string source);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Quantised encoder {ModelName} to int8 at {Path} in {Seconds:F1} s ({OutlierChannels} outlier feed-forward channels kept in fp32)")]
    public static partial void ModelQuantized(ILogger logger, string modelName, string path, double seconds, int outlierChannels);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Encoder {ModelName}: {Count} attention blocks fused")]
    public static partial void AttentionFused(ILogger logger, string modelName, int count);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Waiting for ONNX Runtime to finish loading or running the encoder before exiting (it cannot stop midway)")]
    public static partial void WaitingForNativeWork(ILogger logger);
}
