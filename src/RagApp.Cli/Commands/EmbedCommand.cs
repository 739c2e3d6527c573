using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using RagApp.Cli.Hosting;
using RagApp.Core.Embeddings;
using Spectre.Console.Cli;

namespace RagApp.Cli.Commands;

/// <summary><c>ragapp embed TEXT</c>: the embedding vector of one text.</summary>
public sealed class EmbedCommand(IEmbeddingGenerator<string, Embedding<float>> generator, IEncoderInfo encoder, CommandOutput output)
    : AsyncCommand<EmbedCommand.Settings>
{
    public sealed class Settings : JsonSettings
    {
        [CommandArgument(0, "<TEXT>")]
        [Description("The text to embed")]
        public string Text { get; init; } = "";

        [CommandOption("--query")]
        [Description("Embed as a search query (adds the model's query prefix, if any)")]
        public bool Query { get; init; }

        public override Spectre.Console.ValidationResult Validate() => string.IsNullOrWhiteSpace(Text)
            ? Spectre.Console.ValidationResult.Error("the text is empty")
            : base.Validate();
    }

    public sealed record Result(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("dimensions")] int Dimensions,
        [property: JsonPropertyName("vector")] float[] Vector);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.Query ? EmbeddingPurpose.ForQuery() : EmbeddingPurpose.ForPassage();
        var embedding = await generator.GenerateAsync(settings.Text, options, cancellationToken);
        var vector = embedding.Vector.ToArray();
        var result = new Result(encoder.Fingerprint.ModelName, vector.Length, vector);
        if (settings.Json)
        {
            output.WriteJson(result);
            return ExitCodes.Success;
        }

        output.WriteLine($"{result.Model} ({result.Dimensions} dimensions)");
        output.WriteLine(string.Join(' ', vector.Select(v => v.ToString("G9", CultureInfo.InvariantCulture))));
        return ExitCodes.Success;
    }
}
