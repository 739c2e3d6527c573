using System.Text.Json.Serialization;

namespace RagApp.Core.Evaluation;

/// <summary>How often a mode finds the answering passage among its first chunks.</summary>
/// <param name="Mode"><c>hybrid</c>, <c>dense</c> or <c>keyword</c>.</param>
/// <param name="Questions">Questions asked.</param>
/// <param name="Hits">Questions with a hit.</param>
/// <param name="Top">Chunks looked at per question.</param>
/// <param name="Misses">The questions without a hit, to study.</param>
public sealed record HitRateResult(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("questions")] int Questions,
    [property: JsonPropertyName("hits")] int Hits,
    [property: JsonPropertyName("top")] int Top,
    [property: JsonPropertyName("misses")] IReadOnlyList<string> Misses)
{
    /// <summary>Hits over questions (0 when there are none).</summary>
    [JsonPropertyName("hitRate")]
    public double HitRate => Questions == 0 ? 0 : (double)Hits / Questions;
}
