using System.Text.Json.Serialization;
using RagApp.Cli.Hosting;
using RagApp.Core.Embeddings;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary><c>ragapp status</c>: what the index holds.</summary>
public sealed class StatusCommand(IndexAccess index, IEncoderInfo encoder, CommandOutput output) : AsyncCommand<JsonSettings>
{
    public sealed record Status(
        [property: JsonPropertyName("documents")] long Documents,
        [property: JsonPropertyName("chunks")] long Chunks,
        [property: JsonPropertyName("store")] string Store,
        [property: JsonPropertyName("embeddingModel")] string EmbeddingModel,
        [property: JsonPropertyName("dimensions")] int Dimensions,
        [property: JsonPropertyName("index")] string Index,
        [property: JsonPropertyName("quantization")] string Quantization);

    public override async Task<int> ExecuteAsync(CommandContext context, JsonSettings settings, CancellationToken cancellationToken)
    {
        var store = await index.OpenAsync(create: false, cancellationToken);
        var statistics = await store.GetStatisticsAsync(cancellationToken);
        var fingerprint = encoder.Fingerprint;
        var status = new Status(statistics.Documents, statistics.Chunks, statistics.Store, fingerprint.ModelName, fingerprint.Dimensions, index.IndexPath, fingerprint.Quantization);
        if (settings.Json)
        {
            output.WriteJson(status);
            return ExitCodes.Success;
        }

        output.WriteLine($"index:      {status.Index}");
        output.WriteLine($"store:      {status.Store}");
        output.WriteLine($"documents:  {status.Documents}");
        output.WriteLine($"chunks:     {status.Chunks}");
        output.WriteLine($"encoder:    {fingerprint.Describe()}");
        return ExitCodes.Success;
    }
}
