using System.ComponentModel;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using RagApp.Core.Chat;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>The retrieval as a kernel function, so a kernel (or an agent on it) can search the indexed documents itself.</summary>
public sealed class DocumentSearchPlugin
{
    private readonly IRetriever _retriever;
    private readonly RetrievalOptions _options;

    public DocumentSearchPlugin(IRetriever retriever, IOptions<RetrievalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(options);
        _retriever = retriever;
        _options = options.Value;
    }

    /// <summary>Numbered source blocks of the relevant passages for <paramref name="query"/>, or the not-found sentence.</summary>
    [KernelFunction("SearchDocuments")]
    [Description("Searches the indexed documents and returns the relevant passages as numbered <source> blocks to cite as [n].")]
    public async Task<string> SearchDocumentsAsync(
        [Description("What to search for, as a standalone query.")] string query,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var retrieved = await _retriever.RetrieveAsync(new RetrievalRequest(query, _options.Top), cancellationToken);
        var sources = ContextBuilder.Number(retrieved.Where(r => r.IsRelevant));
        return sources.Count == 0 ? GroundedAnswerService.NotFoundAnswer : ContextBuilder.Build(sources);
    }
}
