using RagApp.Cli.Hosting;
using RagApp.Core.Retrieval;

namespace RagApp.Cli.Commands;

/// <summary>Parses <c>--mode</c>: <c>hybrid</c>, <c>dense</c> or <c>keyword</c>, and for evaluations also <c>all</c>.</summary>
public static class RetrievalModes
{
    /// <summary>The modes <paramref name="mode"/> names, in the order evaluations report them.</summary>
    public static RetrievalMode[] Parse(string mode, bool allowAll) => mode.ToLowerInvariant() switch
    {
        "hybrid" => [RetrievalMode.Hybrid],
        "dense" => [RetrievalMode.Dense],
        "keyword" => [RetrievalMode.Keyword],
        "all" when allowAll => [RetrievalMode.Keyword, RetrievalMode.Dense, RetrievalMode.Hybrid],
        _ => throw new UsageException($"--mode must be {(allowAll ? "hybrid, dense, keyword or all" : "hybrid, dense or keyword")}, not '{mode}'"),
    };
}
