using RagApp.Cli.Hosting;
using RagApp.Core.Retrieval;

namespace RagApp.Cli.Commands;

/// <summary>Turns command-line search options into a checked <see cref="RetrievalRequest"/>.</summary>
public static class SearchRequests
{
    public static RetrievalRequest Create(string query, int top, string? mode, string? sourceGlob, IReadOnlyCollection<string>? types)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new UsageException("the query is empty");
        }

        if (top is < 1 or > 1000)
        {
            throw new UsageException("--top must be between 1 and 1000");
        }

        RetrievalMode? parsed = mode is null ? null : RetrievalModes.Parse(mode, allowAll: false)[0];
        var fileTypes = types?.Select(t => t.TrimStart('.').ToLowerInvariant()).Where(t => t.Length > 0).ToArray();
        var filter = new SearchFilter(sourceGlob, fileTypes is { Length: > 0 } ? fileTypes : null);
        return new RetrievalRequest(query, top, parsed, filter.IsEmpty ? null : filter);
    }
}
